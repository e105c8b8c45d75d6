from django.contrib import admin

from ambassadors.models import Ambassador, Share
from crm.admin import NetworkScopedAdmin


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    """What the sign-up offers to share (reference data the coordinators edit)."""

    list_display = ["name", "name_en", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "name_en", "code"]
    fields = ["name", "name_en", "code", "position", "is_active"]


@admin.register(Ambassador)
class AmbassadorAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Read here; statuses change on the staff pages (a row each time), the
    profile from the ambassador's own link."""

    list_display = ["__str__", "commune", "occupation", "status", "network", "applied_at"]
    list_filter = ["status", "network"]
    search_fields = ["contact__last_name", "contact__first_name", "occupation", "commune__name"]
    list_select_related = ["commune", "network"]
    readonly_fields = [f.name for f in Ambassador._meta.concrete_fields] + ["shares"]

    def has_add_permission(self, request):
        return False
