from django.contrib import admin

from crm.admin import NetworkScopedAdmin, personal_data_actions
from crm.personal_data import PersonKind
from housing.models import HousingBooking, HousingOffer


@admin.register(HousingOffer)
class HousingOfferAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "commune", "organisation", "available_from", "available_until", "status",
                    "network"]
    list_filter = ["kind", "status", "network"]
    search_fields = ["title", "commune__name", "organisation__name", "contact_email"]
    list_select_related = ["commune", "organisation", "network"]
    raw_id_fields = ["commune"]
    # The contact person's rights, found by their e-mail (housing.receivers.offer_contacts): a copy of what
    # the offers hold about them, and its erasure (the offers stay).
    actions = personal_data_actions(PersonKind.PARTNER, subject=lambda offer: None, erase=True,
                                    emails=lambda offer: (offer.contact_email,))


@admin.register(HousingBooking)
class HousingBookingAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["offer", "project", "start_on", "end_on", "household_size", "status"]
    list_filter = ["status"]
    list_select_related = ["offer", "project"]
    raw_id_fields = ["offer", "project"]
