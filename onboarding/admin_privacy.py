"""The prospects' data requests in the admin: read only. Coordinators answer
them from the requests queue (privacy app, /equipe/demandes-rgpd/), where
the answer is e-mailed and an erasure performed by the same service
(onboarding.services.privacy_requests)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from crm.admin import NetworkScopedAdmin
from crm.models import PrivacyRequest


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["received_on", "contact", "kind", "channel", "status", "due_on", "answered_at", "answered_by"]
    list_filter = ["status", "kind", "channel"]
    date_hierarchy = "received_on"
    fields = readonly_fields = [
        "queue_link", "contact", "kind", "channel", "message", "received_on", "due_on", "created_at", "created_by",
        "extended_at", "extended_by", "extension_reason", "status", "answer", "answered_at", "answered_by",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read only (the view permission follows from the change one): a
        # request changes through the queue's service only.
        return False

    def has_delete_permission(self, request, obj=None):
        # The row is the proof the right was answered; erasure blanks its text.
        return False

    @admin.display(description=_("Traiter"))
    def queue_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("privacy_request_detail", args=[obj.pk]),
                           _("Ouvrir dans la file des demandes"))
