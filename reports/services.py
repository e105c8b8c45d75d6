"""Writes of the reports: the yearly installation target."""

from reports.models import ReportTarget


def report_target_set(*, year, installations):
    """Set (or change) the number of installations aimed at in `year`."""
    target, _created = ReportTarget.objects.update_or_create(year=year, defaults={"installations": installations})
    return target


report_target_set.alters_data = True
