"""The daily pass: each due check-in e-mailed once, whatever happens to beat,
the broker or the worker; the referent told when nobody answers. Days are
counted by hand on the calendar (Europe/Paris)."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from crm.models import OutboxEmail
from crm.outbox import outbox_sweep
from followup.models import CheckIn
from followup.services import followup_pass
from onboarding.models import Task
from tests.faults import dead_broker

D = datetime.date
PARIS = ZoneInfo("Europe/Paris")


def _at(day, hour=8):
    return datetime.datetime(day.year, day.month, day.day, hour, 10, tzinfo=PARIS)


def test_beat_running_twice_sends_one_survey(installed, django_capture_on_commit_callbacks):
    installed(D(2026, 1, 31))
    with django_capture_on_commit_callbacks(execute=True):
        assert followup_pass(today=D(2026, 7, 30), now=_at(D(2026, 7, 30)))["sent"] == 0  # due tomorrow
        assert followup_pass(today=D(2026, 7, 31), now=_at(D(2026, 7, 31)))["sent"] == 1
        assert followup_pass(today=D(2026, 7, 31), now=_at(D(2026, 7, 31), 9))["sent"] == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille.roux@example.org"]
    assert re.search(r"/suivi-installation/[^/\s]+/", mail.outbox[0].body)
    assert CheckIn.objects.get(months=6).status == "sent"
    assert OutboxEmail.objects.filter(kind="followup.check_in").count() == 1


def test_a_broker_outage_delays_the_survey_never_loses_or_doubles_it(installed, django_capture_on_commit_callbacks):
    installed(D(2026, 1, 31))
    with dead_broker(), django_capture_on_commit_callbacks(execute=True):
        assert followup_pass(today=D(2026, 7, 31), now=_at(D(2026, 7, 31)))["sent"] == 1
        assert followup_pass(today=D(2026, 7, 31), now=_at(D(2026, 7, 31)))["sent"] == 0
    row = OutboxEmail.objects.get(kind="followup.check_in")
    assert (row.status, mail.outbox) == ("pending", [])
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert outbox_sweep() == {"sent": 1}
    assert outbox_sweep() == {}
    assert len(mail.outbox) == 1


def test_the_referent_is_given_a_task_fourteen_days_after_an_unanswered_survey_once(installed, bob, settings):
    settings.FOLLOW_UP_NO_ANSWER_TASK_DAYS = 14
    installed(D(2025, 12, 30))
    # Due Tuesday 30 June 2026; 14 July is the Fête nationale; the clocks went forward on 29 March.
    # Sent at 00:10 in Paris: still 29 June in UTC, which must not count.
    followup_pass(today=D(2026, 6, 30), now=_at(D(2026, 6, 30), 0))
    assert followup_pass(today=D(2026, 7, 13), now=_at(D(2026, 7, 13)))["tasks"] == 0  # 13 days
    assert followup_pass(today=D(2026, 7, 14), now=_at(D(2026, 7, 14)))["tasks"] == 1
    assert followup_pass(today=D(2026, 7, 15), now=_at(D(2026, 7, 15)))["tasks"] == 0
    task = Task.objects.get()
    assert (task.assignee, task.due_on, task.created_by) == (bob.referent, D(2026, 7, 15), None)  # not the holiday
    assert "Suivi à 6 mois" in task.title


def test_an_unanswered_survey_expires_after_its_last_day(installed, settings):
    settings.FOLLOW_UP_LINK_DAYS = 60
    installed(D(2026, 1, 31))
    followup_pass(today=D(2026, 7, 31), now=_at(D(2026, 7, 31)))
    assert followup_pass(today=D(2026, 9, 29), now=_at(D(2026, 9, 29)))["expired"] == 0  # its last day
    assert followup_pass(today=D(2026, 9, 30), now=_at(D(2026, 9, 30)))["expired"] == 1
    assert dict(CheckIn.objects.values_list("months", "status")) == {6: "expired", 12: "scheduled",
                                                                      24: "scheduled"}


def test_an_erased_persons_check_ins_are_cancelled_not_sent(installed, contact):
    installed(D(2026, 1, 31))
    # Marked erased behind the receivers' back: the pass is the net.
    type(contact).objects.filter(pk=contact.pk).update(erased_at=timezone.now())
    done = followup_pass(today=D(2026, 7, 31), now=_at(D(2026, 7, 31)))
    assert (done["sent"], done["cancelled"]) == (0, 1)
    assert OutboxEmail.objects.count() == 0
