import functools

from django import forms
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crm.models import Commune, Contact, Need, Segment
from crm.selectors import segments_offered
from crm.widgets import CommuneChoiceField, EmailTextInput
from onboarding.access import project_filter_narrow
from onboarding.data_version import choices_version_with
from onboarding.filters import ProjectFilter
from onboarding.models import Interaction, Project, Task
from onboarding.services.activity import task_assignees
from onboarding.services.routing import may_reroute
from onboarding.transitions import SPECS, Choice, Date, Lookup, Needs, ProjectRef
from workspace.form_rendering import filter_fields, select_options


class StaffProjectFilter(ProjectFilter):
    """The staff list's form: the one filter set (onboarding.filters), less the
    API's change feed (`updated_since`) and the API's help texts, its people
    and events those of the user's networks."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        project_filter_narrow(self, user)
        del self.filters["updated_since"]
        for name in self.filters:
            self.filters[name].extra.pop("help_text", None)


# How long the list's filter options (and its blank form) are kept: the
# choices version (onboarding.data_version, bumped by every save of a
# referent, segment, need, event, EPCI, département or network, and by a
# network's members changing) makes them fresh at once, except a referent's
# name, read again within this delay.
FILTER_OPTIONS_SECONDS = 60


def filter_options(form, user):
    """Each select of the staff list's filter form: its options, read once per
    account (its people and events are its networks') and choices version,
    kept in the shared cache: six queries a page without it. Per account
    rather than per network set: naming the set would cost a query on every page."""
    names = [name for name, field in form.fields.items() if isinstance(field.widget, forms.Select)]
    # Kept with the version they were read at, read with the current version in one go.
    key = f"workspace:list-filter-options:{get_language()}:{user.pk}"
    version, kept = choices_version_with(key)
    if version is None:  # no cache: read them
        return {name: select_options(form.fields[name]) for name in names}
    if kept is not None and kept[0] == version and set(kept[1]) == set(names):
        return kept[1]
    options = {name: select_options(form.fields[name]) for name in names}
    cache.set(key, (version, options), FILTER_OPTIONS_SECONDS)
    return options


def filter_form_fields(filters, user):
    """The list's filter form's fields, rendered. `filters`: the filter set
    of what was chosen, None for nothing chosen. The blank form, the one most
    pages of the list show, is kept as HTML per account and choices version:
    building the filter set and its form and rendering nine fields was about
    a quarter of the list's time."""
    if filters is not None:
        return filter_fields(filters.form, filter_options(filters.form, user))
    key = f"workspace:list-filter-blank:{get_language()}:{user.pk}"
    version, kept = choices_version_with(key)
    if version is not None and kept is not None and kept[0] == version:
        return mark_safe(kept[1])
    form = StaffProjectFilter(None, queryset=Project.objects.none(), user=user).form
    html = filter_fields(form, filter_options(form, user))
    if version is not None:
        cache.set(key, (version, str(html)), FILTER_OPTIONS_SECONDS)
    return html


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "happened_at", "summary"]
        widgets = {
            "happened_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class TaskForm(forms.ModelForm):
    """A task on `project`: only people who may see the project are offered
    (and accepted) as its assignee."""

    class Meta:
        model = Task
        fields = ["title", "due_on", "assignee"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {"assignee": {"invalid_choice": _(
            "Choisissez une personne qui suit ce projet (son référent, son équipe ou la coordination).")}}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            task_assignees(project).select_related("user").order_by("user__last_name", "user__first_name")
        )


class ProjectDetailsForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["segment", "needs", "summary", "message", "target_epci", "target_commune", "horizon", "move_date"]
        widgets = {
            "needs": forms.CheckboxSelectMultiple,
            "move_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"target_commune": CommuneChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The segments the project's programme offers (its current one stays choosable).
        offered = segments_offered(self.instance.network_id)
        if self.instance.segment_id:
            offered = offered | Segment.objects.filter(pk=self.instance.segment_id)
        self.fields["segment"].queryset = offered.distinct()

    # Not a project field: a new EPCI routes the project again unless ticked
    # (onboarding.services.routing.project_reroute_on_move).
    keep_referent = forms.BooleanField(
        label=_("Garder le projet"), required=False,
        help_text=_("Si l'intercommunalité change, le projet reste à son référent actuel au lieu d'être "
                    "orienté à nouveau selon les règles du nouveau territoire."),
    )


class ContactDetailsForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "email", "phone", "current_city", "occupation",
                  "has_partner", "partner_occupation", "partner_seeks_job"]
        widgets = {"email": EmailTextInput(attrs={"autocomplete": "off"})}

    def clean_email(self):
        email = self.cleaned_data["email"]
        # People are per network: an address known to another programme is
        # none of this one's business (and must not be revealed by a refusal).
        others = Contact.objects.filter(email__iexact=email, network_id=self.instance.network_id)
        if email and others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un autre contact utilise déjà cette adresse e-mail."))
        return email


# --- the transition forms, made from the contract (onboarding.transitions) -----------

class TransitionForm(forms.Form):
    """The note every transition may carry, and the fields its spec names.

    The cleaned values are model instances; `transition_fields()` hands them
    to project_transition as they are (no code for the service to look up again).
    """

    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (facultative)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    spec = None

    def __init__(self, *args, visible_projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.spec.fields:
            if isinstance(field.kind, ProjectRef):
                # Looked up among the projects the user may see only: never
                # confirm the existence of another.
                self.fields[field.name].queryset = (
                    visible_projects if visible_projects is not None else Project.objects.none()
                )

    def transition_fields(self):
        """The `fields` argument of project_transition: what was given."""
        # Every field, blanks included: the form shows what the project holds,
        # so a blank is what the person left or made blank, and the journey
        # applies it or refuses it by name (onboarding.transitions).
        return {field.name: self.cleaned_data.get(field.name) for field in self.spec.fields}


EMPTY_CHOICE = _("— Choisir —")


def _form_field(field):
    """The form field for one TransitionField, by its kind."""
    kind, common = field.kind, {"label": field.label, "required": field.required}
    if isinstance(kind, Needs):
        return forms.ModelMultipleChoiceField(queryset=Need.objects.filter(is_active=True),
                                              widget=forms.CheckboxSelectMultiple, **common)
    if isinstance(kind, Lookup):
        queryset = kind.model.objects.all()
        if kind.only_active:
            queryset = queryset.filter(is_active=True)
        if kind.model is Commune:  # named with their département, typed or picked (crm.widgets)
            return CommuneChoiceField(queryset=queryset, empty_label=EMPTY_CHOICE, **common)
        return forms.ModelChoiceField(queryset=queryset, empty_label=EMPTY_CHOICE, **common)
    if isinstance(kind, Date):
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if isinstance(kind, Choice) and not field.required:
        # An optional choice (make_contact's channel): a few radios, none ticked until someone says.
        return forms.ChoiceField(choices=kind.choices.choices, widget=forms.RadioSelect, **common)
    if isinstance(kind, Choice):
        # An empty first choice: without it the browser submits the first
        # reason ("Emploi") when nobody chose, and a required reason could
        # never be missing.
        return forms.ChoiceField(
            choices=[("", EMPTY_CHOICE), *kind.choices.choices],
            error_messages={"required": _("« %(label)s » : choisissez un motif dans la liste.") % {
                "label": field.label}},
            **common,
        )
    if isinstance(kind, ProjectRef):
        return forms.ModelChoiceField(
            queryset=Project.objects.none(), widget=forms.NumberInput(attrs={"min": 1}),
            error_messages={"invalid_choice": _("Aucun projet n°%(value)s parmi ceux que vous pouvez voir.")},
            **common,
        )
    return forms.CharField(max_length=kind.max_length, **common)


@functools.cache
def transition_form_class(name):
    spec = SPECS[name]
    attrs = {field.name: _form_field(field) for field in spec.fields}
    if may_reroute(spec):  # a new EPCI routes again unless kept (project_reroute_on_move)
        attrs["keep_referent"] = forms.BooleanField(
            label=_("Garder le projet"), required=False,
            help_text=_("Si l'intercommunalité change, le projet reste à son référent actuel au lieu d'être "
                        "orienté à nouveau selon les règles du nouveau territoire."),
        )
    return type(f"{name.title().replace('_', '')}Form", (TransitionForm,), {"spec": spec, **attrs})


def transition_initial(project, name):
    """The form's first values: what the project already says."""
    initial = {"expected_state": project.state}
    for field in SPECS[name].fields:
        initial[field.name] = field.initial(project)
    if name == "mark_installed" and not project.installed_commune_id:
        initial["installed_commune"] = project.target_commune_id  # most people settle where they aimed
    return initial
