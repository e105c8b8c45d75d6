from django.contrib import admin

from crm.models import (
    Absence,
    Commune,
    Departement,
    Epci,
    Event,
    Need,
    Organisation,
    Referent,
    Segment,
    Team,
)


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
