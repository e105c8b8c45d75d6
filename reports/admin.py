from django.contrib import admin

from reports.models import ReportTarget


@admin.register(ReportTarget)
class ReportTargetAdmin(admin.ModelAdmin):
    """The yearly installation targets that the reports draw against."""

    list_display = ["year", "installations", "updated_at"]
