"""The survey (public) and the figures' filters (coordinators)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import Epci, Need, Segment
from crm.validators import commune_resolve
from crm.widgets import TranslatedNameMultipleChoiceField
from followup.models import Ambassador, LeftReason, School, Work

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]


class SurveyForm(forms.Form):
    still_here = forms.ChoiceField(label=_("Vivez-vous toujours sur le territoire ?"), choices=YES_NO,
                                   widget=forms.RadioSelect)
    commune = forms.CharField(label=_("Dans quelle commune ?"), required=False, max_length=120,
                              help_text=_("Par exemple : Figeac, ou Cambes (46)."))
    left_on = forms.DateField(label=_("Depuis quand êtes-vous parti(e) ?"), required=False,
                              help_text=_("Au format JJ/MM/AAAA."),
                              input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    left_reason = forms.ChoiceField(label=_("Pour quelle raison principale ?"), required=False,
                                    choices=LeftReason.choices, widget=forms.RadioSelect)
    work = forms.ChoiceField(label=_("Avez-vous trouvé un travail ?"),
                             choices=[c for c in Work.choices if c[0] != Work.NOT_APPLICABLE],
                             widget=forms.RadioSelect)
    partner_work = forms.ChoiceField(label=_("Votre conjoint(e) a-t-il (elle) trouvé un travail ?"),
                                     choices=Work.choices, widget=forms.RadioSelect)
    school = forms.ChoiceField(label=_("Vos enfants sont-ils scolarisés ou gardés ?"), choices=School.choices,
                               widget=forms.RadioSelect)
    missing_needs = TranslatedNameMultipleChoiceField(
        label=_("Que vous manque-t-il encore ?"), required=False, queryset=Need.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text=_("Cochez tout ce qui s'applique, ou rien."))
    missing_other = forms.CharField(label=_("Autre chose qui vous manque (facultatif)"), required=False,
                                    max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    ambassador = forms.ChoiceField(
        label=_("Accepteriez-vous de devenir ambassadeur ou ambassadrice du territoire ?"),
        choices=Ambassador.choices, widget=forms.RadioSelect,
        help_text=_("Témoigner, accueillir à votre tour de nouveaux arrivants."))
    modification_note = forms.CharField(label=_("Pourquoi modifiez-vous votre réponse ?"), required=False,
                                        max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, modifying=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.modifying = modifying
        self.fields["missing_needs"].queryset = Need.objects.filter(is_active=True).order_by("position", "name")
        if modifying:
            self.fields["modification_note"].required = True
        else:
            del self.fields["modification_note"]

    def clean_commune(self):
        text = self.cleaned_data["commune"]
        if "\x00" in text:
            raise ValidationError(_("Ce texte contient un caractère invalide."))
        return commune_resolve(text) if text.strip() else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("still_here") == "yes":
            if not cleaned.get("commune") and "commune" not in self.errors:
                self.add_error("commune", _("Indiquez la commune où vous vivez."))
        elif cleaned.get("still_here") == "no":
            if not cleaned.get("left_reason"):
                self.add_error("left_reason", _("Indiquez la raison principale de votre départ."))
            left_on = cleaned.get("left_on")
            if left_on is not None and left_on > timezone.localdate():
                self.add_error("left_on", _("La date de départ ne peut pas être dans le futur."))
        return cleaned

    def answer(self):
        """(the CheckInAnswer's fields, the needs) of a valid form."""
        data = self.cleaned_data
        here = data["still_here"] == "yes"
        return {
            "still_here": here, "commune": data["commune"] if here else None,
            "left_on": None if here else data.get("left_on"), "left_reason": "" if here else data["left_reason"],
            "work": data["work"], "partner_work": data["partner_work"], "school": data["school"],
            "missing_other": data["missing_other"], "ambassador": data["ambassador"],
        }, list(data["missing_needs"])


def _default_period(today):
    return datetime.date(today.year - 3, 1, 1), today


class FiguresFilterForm(forms.Form):
    """The report's filter shape (reports.filters, above this layer): a
    period of the check-ins' due dates, a segment, an EPCI."""

    start = forms.DateField(label=_("Questionnaires prévus du"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    segment = forms.ModelChoiceField(label=_("Segment"), required=False, queryset=Segment.objects.all(),
                                     empty_label=_("Tous"))
    epci = forms.ModelChoiceField(label=_("Intercommunalité"), required=False, queryset=Epci.objects.all(),
                                  empty_label=_("Toutes"))

    def __init__(self, data=None, *, today=None, **kwargs):
        today = today or timezone.localdate()
        start, end = _default_period(today)
        data = data.copy() if data is not None else {}
        for key, default in (("start", start), ("end", end)):
            if not data.get(key):
                data[key] = default.isoformat()
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("La fin de la période doit suivre son début."))
        return cleaned
