from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.models import (
    Absence,
    Commune,
    Departement,
    Epci,
    Event,
    Need,
    Organisation,
    OutboxEmail,
    Referent,
    Segment,
    Team,
)
from crm.outbox import outbox_retry


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "nature", "departement"]
    list_filter = ["departement", "nature"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee", "epci", "departement", "population"]
    list_filter = ["departement", "epci"]
    search_fields = ["name", "name_search", "insee"]
    list_select_related = ["epci", "departement"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "starts_on", "ends_on", "organiser"]
    search_fields = ["name", "place", "organiser"]
    date_hierarchy = "starts_on"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "epci"]
    list_filter = ["kind"]
    search_fields = ["name"]


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Referent)
class ReferentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "capacity", "is_active"]
    list_filter = ["is_active", "organisation__kind", "teams"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "organisation"]
    inlines = [AbsenceInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    filter_horizontal = ["members"]
    list_select_related = ["organisation"]


# Contact's admin is registered by onboarding.admin: saving a contact goes
# through onboarding's service, which records the edit in the history.


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """What the application owes and sent: read-only, with one action for
    rows the mail server refused too often."""

    list_display = ["created_at", "kind", "cause", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["cause", "message_id"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The args may hold an address typed on a public page: not shown.
    exclude = ["args"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer les e-mails en échec sélectionnés"), permissions=["view"])
    def send_again(self, request, queryset):
        count = outbox_retry(pks=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, ngettext("%d e-mail renvoyé.", "%d e-mails renvoyés.", count) % count)
