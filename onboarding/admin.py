from django.contrib import admin
from django_fsm import FSMField

from onboarding.models import (
    Interaction,
    Project,
    ProjectTransition,
    RoutingDecision,
    RoutingRule,
    Task,
)


class TransitionInline(admin.TabularInline):
    model = ProjectTransition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "transition", "from_state", "to_state", "by", "channel", "note", "fields"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Read and correct details here; the state only moves through the journey."""

    list_display = ["__str__", "state", "segment", "referent", "source", "created_at"]
    list_filter = ["state", "segment", "source", "target_epci"]
    search_fields = ["contact__first_name", "contact__last_name", "contact__email"]
    list_select_related = ["contact", "segment", "referent__user"]
    readonly_fields = ["state", "paused_from", "public_id", "created_at", "updated_at"]
    raw_id_fields = ["contact", "duplicate_of", "target_commune", "installed_commune"]
    filter_horizontal = ["needs"]
    inlines = [TransitionInline]
    formfield_overrides = {FSMField: {"disabled": True}}


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "priority", "is_active", "target_referent", "target_team"]
    list_editable = ["priority", "is_active"]
    filter_horizontal = ["needs", "segments", "epcis", "departements"]


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(admin.ModelAdmin):
    list_display = ["at", "project", "kind", "referent", "reason"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in RoutingDecision._meta.fields] + ["candidates"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["happened_at", "project", "kind", "by"]
    list_filter = ["kind"]
    raw_id_fields = ["project"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "assignee", "due_on", "done_at"]
    raw_id_fields = ["project"]
