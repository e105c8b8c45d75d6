from django.contrib import admin

from crm.scope import scoped
from followup.models import CheckIn


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    """Read-only: the rows are the daily pass's and the person's (followup.services)."""

    list_display = ("project", "months", "due_on", "status", "sent_at", "answered_at", "expires_on")
    list_filter = ("status", "months")
    list_select_related = ("project",)
    readonly_fields = [f.name for f in CheckIn._meta.fields]

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
