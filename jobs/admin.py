from django.contrib import admin

from crm.admin import NetworkScopedAdmin, personal_data_actions
from crm.personal_data import PersonKind
from jobs.models import Employer, EmployerNeed, TakeoverBusiness


@admin.register(Employer)
class EmployerAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["organisation", "sector", "commune", "contact_name", "network"]
    list_filter = ["sector", "network"]
    search_fields = ["organisation", "contact_name", "contact_email"]
    # Recruiters are written through the staff pages (jobs.employers: territory, SIRET, consent);
    # here they are read, and their contact person's rights exercised.
    readonly_fields = ["network", "organisation", "siret", "sector", "commune", "contact_name", "contact_email",
                       "contact_phone", "contact_consent_at", "created_at", "created_by"]

    def has_add_permission(self, request):
        return False

    # The contact person's rights: a copy of what is held, the erasure of their name and details.
    actions = personal_data_actions(PersonKind.EMPLOYER, erase=True)


@admin.register(EmployerNeed)
class EmployerNeedAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["occupation", "rome_code", "employer", "contract", "commune", "status"]
    list_filter = ["status", "contract"]
    search_fields = ["occupation", "rome_code", "employer__organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the staff pages write needs (jobs.employers: ROME code, territory)


@admin.register(TakeoverBusiness)
class TakeoverBusinessAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["activity", "sector", "commune", "status", "contact_organisation", "network"]
    list_select_related = ["commune", "network"]
    list_filter = ["status", "sector", "network"]
    search_fields = ["activity", "reference", "contact_organisation", "contact_name", "contact_email"]
    # Written through the staff pages and the API (jobs.takeovers: territory, prices, consent); read here, and
    # the adviser's rights exercised (found by their address, as a partner's contact).
    readonly_fields = ["network", "reference", "activity", "sector", "commune", "price_min", "price_max", "premises",
                       "housing_included", "available_on", "description", "contact_organisation", "contact_name",
                       "contact_email", "contact_phone", "contact_consent_at", "status", "closed_at", "created_at",
                       "created_by"]
    actions = personal_data_actions(PersonKind.PARTNER, subject=lambda business: None, erase=True,
                                    emails=lambda business: (business.contact_email,))

    def has_add_permission(self, request):
        return False
