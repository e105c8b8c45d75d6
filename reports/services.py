"""Writes of the reports: a network's yearly installation target."""

from reports.models import ReportTarget


def report_target_set(*, network, year, installations):
    """Set (or change) the number of installations `network` aims at in `year`."""
    target, _created = ReportTarget.objects.update_or_create(
        network=network, year=year, defaults={"installations": installations})
    return target


report_target_set.alters_data = True
