from django import forms
from django.utils.translation import gettext_lazy as _

from crm.models import Commune, Contact, Epci, Need, Referent, Segment
from onboarding.models import Interaction, Project, Task
from onboarding.states import AbandonReason, RejectReason


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "happened_at", "summary"]
        widgets = {
            "happened_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_on", "assignee"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = Referent.objects.filter(is_active=True).select_related("user")


class ProjectDetailsForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["segment", "needs", "summary", "message", "target_epci", "target_commune", "horizon", "move_date"]
        widgets = {
            "needs": forms.CheckboxSelectMultiple,
            "move_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 4}),
        }


class ContactDetailsForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "email", "phone", "current_city", "occupation",
                  "has_partner", "partner_occupation", "partner_seeks_job"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email and Contact.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un autre contact utilise déjà cette adresse e-mail."))
        return email


# --- one small form per transition that needs fields -------------------------

class TransitionForm(forms.Form):
    """The note every transition may carry; subclasses add their fields."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (facultative)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def transition_fields(self):
        """The `fields` argument of project_transition, as natural keys."""
        return {}


def _commune_field(label):
    return forms.ModelChoiceField(label=label, queryset=Commune.objects.order_by("name"), required=False)


class QualifyForm(TransitionForm):
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=Segment.objects.filter(is_active=True), required=False)
    needs = forms.ModelMultipleChoiceField(label=_("Besoins"), queryset=Need.objects.filter(is_active=True),
                                           required=False, widget=forms.CheckboxSelectMultiple)
    target_epci = forms.ModelChoiceField(label=_("Intercommunalité visée"), queryset=Epci.objects.all(), required=False)
    target_commune = _commune_field(_("Commune visée"))

    def transition_fields(self):
        data = self.cleaned_data
        fields = {}
        if data.get("segment"):
            fields["segment"] = data["segment"].code
        if data.get("needs"):
            fields["needs"] = [n.code for n in data["needs"]]
        if data.get("target_epci"):
            fields["target_epci"] = data["target_epci"].siren
        if data.get("target_commune"):
            fields["target_commune"] = data["target_commune"].insee
        return fields


class ConfirmMoveForm(TransitionForm):
    target_commune = _commune_field(_("Commune d'installation visée"))
    move_date = forms.DateField(label=_("Date d'emménagement prévue"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))

    def transition_fields(self):
        data = self.cleaned_data
        fields = {}
        if data.get("target_commune"):
            fields["target_commune"] = data["target_commune"].insee
        if data.get("move_date"):
            fields["move_date"] = data["move_date"]
        return fields


class MarkInstalledForm(TransitionForm):
    installed_commune = _commune_field(_("Commune d'installation"))
    installed_on = forms.DateField(label=_("Date d'installation"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def transition_fields(self):
        data = self.cleaned_data
        fields = {}
        if data.get("installed_commune"):
            fields["installed_commune"] = data["installed_commune"].insee
        if data.get("installed_on"):
            fields["installed_on"] = data["installed_on"]
        return fields


class PauseForm(TransitionForm):
    reason = forms.CharField(label=_("Motif de la pause"), max_length=300)
    resume_on = forms.DateField(label=_("Reprise prévue le (facultatif)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))

    def transition_fields(self):
        fields = {"reason": self.cleaned_data["reason"]}
        if self.cleaned_data.get("resume_on"):
            fields["resume_on"] = self.cleaned_data["resume_on"]
        return fields


class AbandonForm(TransitionForm):
    reason = forms.ChoiceField(label=_("Motif d'abandon"), choices=AbandonReason.choices)

    def transition_fields(self):
        return {"reason": self.cleaned_data["reason"]}


class RejectForm(TransitionForm):
    reason = forms.ChoiceField(label=_("Motif"), choices=RejectReason.choices)
    duplicate_of = forms.IntegerField(label=_("Doublon du projet n°"), required=False, min_value=1)

    def __init__(self, *args, visible_projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_projects = visible_projects

    def clean_duplicate_of(self):
        value = self.cleaned_data.get("duplicate_of")
        # Never confirm the existence of a project the user may not see.
        if value and self.visible_projects is not None and not self.visible_projects.filter(pk=value).exists():
            raise forms.ValidationError(_("Aucun projet n°%(id)s parmi ceux que vous pouvez voir.") % {"id": value})
        return value

    def transition_fields(self):
        fields = {"reason": self.cleaned_data["reason"]}
        if self.cleaned_data.get("duplicate_of"):
            fields["duplicate_of"] = self.cleaned_data["duplicate_of"]
        return fields


TRANSITION_FORMS = {
    "qualify": QualifyForm,
    "confirm_move": ConfirmMoveForm,
    "mark_installed": MarkInstalledForm,
    "pause": PauseForm,
    "abandon": AbandonForm,
    "reject": RejectForm,
}


def transition_form_class(name):
    return TRANSITION_FORMS.get(name, TransitionForm)
