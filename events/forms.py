"""The events app's forms: the list's filters, an event, a send, a person's answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.access import networks_of
from crm.models import Departement, Epci, Event, Network
from crm.validators import commune_from_code_or_name
from events.audiences import audiences_for
from events.services import ENDS_BEFORE_START, HOUSEHOLD_MAX

CHOICE_GONE = _("Ce choix n'est pas dans la liste : choisissez-en un proposé.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class EventFilters(forms.Form):
    """The staff list's filters (GET: they work without JavaScript)."""

    q = forms.CharField(label=_("Rechercher (nom, lieu)"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Nature"), required=False, choices=[("", _("Toutes"))] + list(Event.Kind.choices))
    start = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Au"), required=False, widget=DateInput())

    def values(self):
        """The filters as the selector takes them; an invalid one is ignored (never a 500)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": (data.get("q") or "").strip(), "kind": data.get("kind") or "",
                "start": data.get("start"), "end": data.get("end")}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Au"), required=False, widget=DateInput())


class EventForm(forms.ModelForm):
    """An event of a coordinator's networks. The area: the communes named,
    else the EPCI, else the département, else the network's whole territory."""

    communes = forms.CharField(
        label=_("Communes concernées (facultatif)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Codes INSEE ou noms, séparés par des points-virgules. Vide : l'intercommunalité, le "
                    "département ou tout le territoire du réseau, selon les champs ci-dessus."))

    class Meta:
        model = Event
        fields = ["network", "kind", "name", "place", "starts_on", "ends_on", "starts_at", "ends_at", "capacity",
                  "area_departement", "area_epci", "description", "organiser"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "starts_at": TimeInput(),
                   "ends_at": TimeInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = networks_of(user)
        self.fields["network"].queryset = Network.objects.filter(pk__in=mine)
        self.fields["network"].required = True
        if len(mine) == 1 and not self.instance.pk:
            self.fields["network"].initial = mine[0]
        self.fields["area_departement"].queryset = Departement.objects.filter(networks__in=mine).distinct()
        self.fields["area_epci"].queryset = Epci.objects.filter(departement__networks__in=mine).distinct().order_by(
            "name")
        for name in ("network", "area_departement", "area_epci"):
            self.fields[name].error_messages["invalid_choice"] = CHOICE_GONE
        if self.instance.pk and not self.is_bound:
            self.fields["communes"].initial = "; ".join(c.insee for c in self.instance.area_communes.all())

    def clean(self):
        data = super().clean()
        # Said here, on the field, before the model's constraint says it in its own words.
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", ENDS_BEFORE_START)
        return data

    def clean_communes(self):
        found = []
        for part in (self.cleaned_data.get("communes") or "").split(";"):
            if part.strip():
                found.append(commune_from_code_or_name(part))
        return found


class SendForm(forms.Form):
    """Which audience to invite; its integer parameters are added as fields."""

    audience = forms.ChoiceField(label=_("Public à inviter"), widget=forms.RadioSelect)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences = {found.code: found for found in audiences_for(event)}
        self.fields["audience"].choices = [(code, found.label) for code, found in self.audiences.items()]
        self.fields["audience"].error_messages["invalid_choice"] = CHOICE_GONE
        for found in self.audiences.values():
            for param in found.params:
                self.fields[f"{found.code}__{param.name}"] = forms.IntegerField(
                    label=param.label, initial=param.default, min_value=param.minimum, max_value=param.maximum,
                    required=False)

    def params(self):
        code = self.cleaned_data["audience"]
        return {param.name: value for param in self.audiences[code].params
                if (value := self.cleaned_data.get(f"{code}__{param.name}")) is not None}


class RegisterForm(forms.Form):
    household_size = forms.IntegerField(
        label=_("Combien serez-vous ?"), min_value=1, max_value=HOUSEHOLD_MAX,
        help_text=_("Vous compris, de 1 à %(max)s personnes.") % {"max": HOUSEHOLD_MAX},
        error_messages={"required": _("Indiquez combien vous serez."),
                        "invalid": _("Indiquez un nombre, par exemple 2."),
                        "min_value": _("Indiquez au moins 1 personne."),
                        "max_value": _("Indiquez au plus %(limit_value)s personnes.")})
    household_size.widget.attrs.update({"inputmode": "numeric"})

    def clean_household_size(self):
        value = self.cleaned_data["household_size"]
        if value is None:
            raise ValidationError(_("Indiquez combien vous serez."))
        return value
