"""Coordinators act on the prospects' data requests from the admin."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.admin import NetworkScopedAdmin
from crm.models import PrivacyRequest
from onboarding.services.privacy import contact_erase


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["created_at", "contact", "kind", "handled_at", "handled_by"]
    list_filter = ["kind", ("handled_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["contact", "kind", "message", "created_at", "handled_at", "handled_by"]
    actions = ["erase_contacts"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Anonymiser les contacts de ces demandes (leurs projets en cours sont clos)"),
                  permissions=["change"])
    def erase_contacts(self, request, queryset):
        count = 0
        for privacy_request in queryset.select_related("contact"):
            contact_erase(contact=privacy_request.contact, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d contact anonymisé.", "%d contacts anonymisés.", count) % count,
            messages.SUCCESS,
        )
