from django.contrib import admin

from crm.access import networks_of
from crm.models import Network
from reports.models import ReportTarget


@admin.register(ReportTarget)
class ReportTargetAdmin(admin.ModelAdmin):
    """The yearly installation targets that the reports draw against: each
    network's, and only the networks of the account are listed or offered."""

    list_display = ["year", "network", "installations", "updated_at"]
    list_filter = ["network"]

    def get_queryset(self, request):
        targets = super().get_queryset(request).select_related("network")
        if request.user.is_superuser:
            return targets
        return targets.filter(network__in=networks_of(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "network":
            kwargs["queryset"] = Network.objects.filter(pk__in=networks_of(request.user))
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser or len(networks_of(request.user)) > 1 else []
