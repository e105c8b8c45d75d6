from django.contrib import admin

from crm.admin import NetworkScopedAdmin
from events.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Read and corrected here; written by the send (events.services), never added by hand."""

    list_display = ["event", "contact", "invitee_kind", "sent_at", "registered_at", "household_size", "declined_at",
                    "reminded_at", "attended"]
    list_filter = ["invitee_kind", "attended", "event__kind"]
    search_fields = ["event__name", "contact__last_name", "contact__email"]
    list_select_related = ["event", "contact"]
    raw_id_fields = ["event", "contact", "invited_by", "attendance_by"]
    readonly_fields = ["public_id", "created_at", "sent_at", "reminded_at", "audience"]

    def has_add_permission(self, request):
        return False
