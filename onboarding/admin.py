"""The admin: coordinators read everything and correct details; whatever a
service governs (the state, the referent and team, a transition's reasons
and dates, the deadlines) is read-only here and changes through that
service, so that it leaves the same trace as anywhere else: a log row, a
routing decision, an e-mail. Saving a project or a contact goes through
onboarding.services.projects, which records the edit in the project's
history. Projects and contacts are never deleted here: a person's data is
erased (the privacy requests' action), the figures stay."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import FSMField

from crm.admin import NetworkScopedAdmin
from crm.models import Contact, Referent
from crm.scope import scoped
from onboarding.exceptions import JourneyError
from onboarding.models import (
    DetailChange,
    Interaction,
    Project,
    ProjectTransition,
    RoutingDecision,
    RoutingRule,
    Task,
)
from onboarding.services.projects import (
    CONTACT_DETAIL_FIELDS,
    PROJECT_DETAIL_FIELDS,
    contact_update_details,
    project_update_details,
)
from onboarding.services.routing import project_reassign


class TransitionInline(NetworkScopedAdmin, admin.TabularInline):
    model = ProjectTransition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "transition", "from_state", "to_state", "by", "channel", "note", "fields"]

    def has_add_permission(self, request, obj=None):
        return False


class ReassignForm(forms.Form):
    referent = forms.ModelChoiceField(label=_("Nouveau référent"), queryset=Referent.objects.none())
    reason = forms.CharField(
        label=_("Motif de la réaffectation"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il figure dans l'historique du projet et dans l'e-mail au nouveau référent."),
    )
    override_availability = forms.BooleanField(
        label=_("Confier quand même"), required=False,
        help_text=_("Même à une personne absente aujourd'hui ou qui a atteint sa capacité (l'historique le dira)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The staff of the user's networks; project_reassign refuses, project
        # by project, a referent who is not of that project's network.
        self.fields["referent"].queryset = scoped(
            Referent.objects.filter(is_active=True, user__is_active=True).select_related("user"), user
        )


@admin.register(Project)
class ProjectAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Read and correct details here; the rest moves through its service."""

    list_display = ["__str__", "state", "segment", "referent", "source", "created_at"]
    list_filter = ["state", "segment", "source", "target_epci"]
    search_fields = ["contact__first_name", "contact__last_name", "contact__email"]
    list_select_related = ["contact", "segment", "referent__user"]
    raw_id_fields = ["target_commune"]
    filter_horizontal = ["needs"]
    inlines = [TransitionInline]
    formfield_overrides = {FSMField: {"disabled": True}}
    actions = ["reassign"]
    editable = [*PROJECT_DETAIL_FIELDS, "needs"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Project._meta.fields if f.name not in self.editable and f.name != "id"]

    def has_add_permission(self, request):
        return False  # a project comes in through the form, a partner or a fair, and is routed

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        project_update_details(
            project=obj, user=request.user,
            project_fields={name: data[name] for name in PROJECT_DETAIL_FIELDS if name in data},
            needs=data.get("needs"), channel=DetailChange.Channel.ADMIN,
        )

    def save_related(self, request, form, formsets, change):
        # The needs went through the service with the rest; the inline is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Réaffecter à un autre référent"), permissions=["change"])
    def reassign(self, request, queryset):
        """An intermediate page asks to whom and why, then the routing service
        does each reassignment: decision logged, new referent e-mailed."""
        form = ReassignForm(request.POST if "apply" in request.POST else None, user=request.user)
        if "apply" in request.POST and form.is_valid():
            done, refused = 0, []
            for project in queryset.select_related("referent__user", "contact"):
                try:
                    project_reassign(project=project, referent=form.cleaned_data["referent"], user=request.user,
                                     reason=form.cleaned_data["reason"],
                                     override_availability=form.cleaned_data["override_availability"])
                except JourneyError as exc:
                    refused.append(_("projet n°%(id)s : %(why)s") % {"id": project.pk, "why": exc.message})
                else:
                    done += 1
            if done:
                self.message_user(request, ngettext("%(n)d projet réaffecté.", "%(n)d projets réaffectés.", done)
                                  % {"n": done}, messages.SUCCESS)
            for why in refused:
                self.message_user(request, _("Non réaffecté, %(why)s") % {"why": why}, messages.ERROR)
            return None
        return TemplateResponse(request, "admin/onboarding/project/reassign.html", {
            **self.admin_site.each_context(request),
            "title": _("Réaffecter des projets"),
            "opts": self.model._meta,
            "projects": queryset.select_related("contact", "referent__user"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(Contact)
class ContactAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Personal data: searchable by coordinators (the admin is for staff with
    rights). An edit goes through contact_update_details and shows in the
    history of each of the person's projects."""

    list_display = ["__str__", "email", "created_at"]
    search_fields = ["first_name", "last_name", "email"]
    fields = list(CONTACT_DETAIL_FIELDS)

    def get_fields(self, request, obj=None):
        # People are per network: a contact added here is one network's.
        return self.fields if obj is not None else [*self.fields, "network"]

    def has_delete_permission(self, request, obj=None):
        return False  # erase instead (the privacy requests' action): the figures stay

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        contact_update_details(
            contact=obj, user=request.user,
            fields={name: form.cleaned_data[name] for name in CONTACT_DETAIL_FIELDS if name in form.cleaned_data},
            channel=DetailChange.Channel.ADMIN,
        )


@admin.register(RoutingRule)
class RoutingRuleAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "network", "priority", "is_active", "target_referent", "target_team", "any_departement"]
    list_editable = ["priority", "is_active"]
    filter_horizontal = ["needs", "segments", "epcis", "departements"]


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """The log of routing: written by the routing service only."""

    list_display = ["at", "project", "kind", "referent", "reason"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in RoutingDecision._meta.fields] + ["candidates"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Interaction)
class InteractionAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["happened_at", "project", "kind", "by"]
    list_filter = ["kind"]
    raw_id_fields = ["project"]


@admin.register(Task)
class TaskAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "project", "assignee", "due_on", "done_at"]
    raw_id_fields = ["project"]
