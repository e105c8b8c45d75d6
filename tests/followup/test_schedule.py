"""When the check-ins fall: calendar months from the installation day, the
month's last day when it has no such day; and the backfill of projects
installed before the follow-up existed."""

import datetime

import pytest
from django.core.management import call_command

from crm.models import OutboxEmail
from followup.models import CheckIn
from followup.services import check_in_dates, check_ins_backfill
from onboarding.services.journey import project_transition

D = datetime.date


@pytest.mark.parametrize(("installed_on", "expected"), [
    (D(2026, 1, 31), [D(2026, 7, 31), D(2027, 1, 31), D(2028, 1, 31)]),
    (D(2025, 8, 31), [D(2026, 2, 28), D(2026, 8, 31), D(2027, 8, 31)]),   # no 31 February
    (D(2024, 2, 29), [D(2024, 8, 29), D(2025, 2, 28), D(2026, 2, 28)]),   # a leap day
    (D(2026, 3, 31), [D(2026, 9, 30), D(2027, 3, 31), D(2028, 3, 31)]),   # no 31 September
    (D(2026, 4, 25), [D(2026, 10, 25), D(2027, 4, 25), D(2028, 4, 25)]),  # 25 October: the clocks go back
])
def test_check_ins_fall_the_same_day_months_later_or_on_the_months_last_day(installed_on, expected):
    assert [due for _m, due, _e, _s in check_in_dates(installed_on, today=installed_on)] == expected


def test_marking_installed_schedules_the_check_ins_after_the_commit(project, walk_to, alice, good_fields,
                                                                     django_capture_on_commit_callbacks):
    walk_to(project, "settling")
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="mark_installed", user=alice,
                           fields=good_fields("mark_installed"))
    project.refresh_from_db()
    rows = list(CheckIn.objects.filter(project=project).values_list("months", "installed_on", "status"))
    assert rows == [(6, project.installed_on, "scheduled"), (12, project.installed_on, "scheduled"),
                    (24, project.installed_on, "scheduled")]


def test_the_backfill_reads_the_journey_log_is_idempotent_and_never_sends_the_long_past(installed, settings):
    settings.FOLLOW_UP_LINK_DAYS = 60
    installed(D(2025, 1, 10))
    CheckIn.objects.all().delete()  # installed before the follow-up existed
    today = D(2026, 1, 20)  # the 6-month check-in expired on 9 September 2025; the 12-month is due
    assert check_ins_backfill(today=today, batch=1) == 3
    assert check_ins_backfill(today=today) == 0
    call_command("followup_backfill", stdout=open("/dev/null", "w"))
    rows = dict(CheckIn.objects.values_list("months", "status"))
    assert rows == {6: "expired", 12: "scheduled", 24: "scheduled"}
    assert set(CheckIn.objects.values_list("due_on", flat=True)) == {D(2025, 7, 10), D(2026, 1, 10), D(2027, 1, 10)}
    assert OutboxEmail.objects.count() == 0
