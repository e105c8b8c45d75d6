"""The outbox: every e-mail is a row written with its cause, sent once after
the commit, and not lost when the broker or the mail server is down. Faults
are real: a broker port where nothing listens, an SMTP server that hangs or
answers 451 (tests/faults.py)."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from crm import outbox
from crm.models import Contact, OutboxEmail
from crm.outbox import email_kind, outbox_add, outbox_deliver, outbox_retry, outbox_sweep
from onboarding.models import Project
from onboarding.services.privacy import contact_erase
from tests.faults import dead_broker, smtp_sink
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import valid_form

HELLO = "tests.hello"


@email_kind(HELLO)
def _hello(*, to, subject="Bonjour"):
    return EmailMultiAlternatives(subject=subject, body="Un message de test.", to=[to])


def _owe(to="someone@example.org", **fields):
    with transaction.atomic():
        return outbox_add(HELLO, args={"to": to}, cause="test", **fields)


def _expire_lease(row):
    OutboxEmail.objects.filter(pk=row.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))


def _age(row, **delta):
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(**delta))


def test_a_submission_while_the_broker_is_down_succeeds_and_its_email_comes_with_the_sweep(
    client, territory, alice, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with dead_broker(), django_capture_on_commit_callbacks(execute=True) as handed_over:
        response = client.post(reverse("intake_form", args=["programme"]), valid_form())
    # The person's data is committed: they see the thank-you page at once, not an error.
    assert response.status_code == 302 and response.url == reverse("intake_thanks", args=["programme"])
    assert time.monotonic() - started < 3  # no waiting on the broker's reconnection
    assert Project.objects.get().referent is None  # no referent here: the coordinators are told
    # Two e-mails owed, written with the project: the person's confirmation and Alice's alert.
    rows = {row.kind: row for row in OutboxEmail.objects.all()}
    assert set(rows) == {"onboarding.intake_confirmation", "onboarding.routing_queued"}
    assert len(handed_over) == 3  # their two hand-overs, and the ROME codes read from the occupation (jobs)
    assert {(row.status, row.attempts) for row in rows.values()} == {("pending", 0)}
    assert mail.outbox == []

    # The broker is back; beat's sweep finds the rows once they are past the grace period.
    assert outbox_sweep() == {}  # too fresh: their first sender may still be on them
    for row in rows.values():
        _age(row, minutes=5)
    assert outbox_sweep() == {"sent": 2}
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("camille.roux@example.org",), ("alice@example.org",)}
    confirmation = by_recipient[("camille.roux@example.org",)]
    assert confirmation.extra_headers["Message-ID"] == rows["onboarding.intake_confirmation"].message_id
    assert outbox_sweep() == {}
    assert len(mail.outbox) == 2


def test_a_rolled_back_cause_owes_no_email(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        with transaction.atomic():
            outbox_add(HELLO, args={"to": "a@example.org"}, cause="test")
            raise RuntimeError("the cause fails")
    assert OutboxEmail.objects.count() == 0
    assert callbacks == [] and mail.outbox == []


def test_a_hung_mail_server_is_retried_after_the_lease_with_the_same_message_id(db, settings):
    row = _owe()
    with smtp_sink(settings) as sink:
        sink.mode = "hang"
        assert outbox_deliver(row.pk) == "pending"
        row.refresh_from_db()
        assert row.last_error == "SMTPServerDisconnected" and row.attempts == 1
        assert row.lease_until > timezone.now()
        assert outbox_deliver(row.pk) is None  # held until the backoff ends

        sink.mode = "accept"
        _expire_lease(row)
        assert outbox_deliver(row.pk) == "sent"
        (received,) = sink.messages
    row.refresh_from_db()
    assert received["Message-ID"] == row.message_id
    assert (row.status, row.attempts, row.last_error, row.args) == ("sent", 2, "", {})


def test_an_unknown_outcome_is_sent_again_as_a_recognisable_duplicate(db, settings):
    row = _owe()
    with smtp_sink(settings) as sink:
        sink.mode = "hang_after_data"  # the server took the message and never said so
        assert outbox_deliver(row.pk) == "pending"
        sink.mode = "accept"
        _expire_lease(row)
        assert outbox_deliver(row.pk) == "sent"
        first, second = sink.messages
    assert first["Message-ID"] == second["Message-ID"] == row.message_id


def test_a_refused_message_is_given_up_after_its_attempts_and_can_be_sent_again(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    row = _owe()
    with smtp_sink(settings) as sink:
        sink.mode = "refuse"
        assert outbox_deliver(row.pk) == "pending"
        _expire_lease(row)
        assert outbox_deliver(row.pk) == "failed"
        row.refresh_from_db()
        assert (row.status, row.last_error) == ("failed", "SMTPDataError")
        _expire_lease(row)
        assert outbox_sweep() == {}  # a failed row waits for someone to act

        sink.mode = "accept"
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_retry(pks=[row.pk]) == 1
        assert len(sink.messages) == 1
    row.refresh_from_db()
    assert row.status == "sent"


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_a_row_once(settings):
    with dead_broker():  # written, not handed over: the four senders below race for it
        row = _owe()
    results = []
    with smtp_sink(settings) as sink:
        start = threading.Barrier(4)

        def send():
            start.wait()
            try:
                results.append(outbox_deliver(row.pk))
            finally:
                connection.close()

        threads = [threading.Thread(target=send) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(sink.messages) == 1
    assert sorted(results, key=str) == [None, None, None, "sent"]


def test_a_builder_with_nothing_to_send_cancels_the_row(db, contact, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_add("intake.tracking_link", args={"email": "nobody@example.org"}, cause="lien de suivi demandé")
    row = OutboxEmail.objects.get()
    # An address that is not on file: nothing sent, and the typed address is not kept.
    assert (row.status, row.args) == ("cancelled", {})
    assert mail.outbox == []


def test_an_erased_contact_is_owed_nothing_more(project, contact, django_capture_on_commit_callbacks):
    with dead_broker(), django_capture_on_commit_callbacks(execute=True):
        _owe(to=contact.email, contact_id=contact.pk)
        _owe(to="bob@example.org", project_id=project.pk)
        _owe(to="other@example.org")
        # A link asked from the public page with their address, typed in another case.
        outbox_add("intake.tracking_link", args={"email": "Camille.ROUX@example.org"}, cause="lien de suivi demandé")
    assert OutboxEmail.objects.count() == 4
    contact_erase(contact=Contact.objects.get(pk=contact.pk))
    assert list(OutboxEmail.objects.values_list("args", flat=True)) == [{"to": "other@example.org"}]


def test_finished_rows_leave_after_the_retention_period_pending_ones_never(db, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    old_sent, old_pending, recent = _owe(), _owe(), _owe()
    OutboxEmail.objects.filter(pk__in=[old_sent.pk, recent.pk]).update(status="sent", sent_at=timezone.now())
    _age(old_sent, days=31)
    _age(old_pending, days=31)
    _age(recent, days=29)
    assert outbox.outbox_purge_expired() == 1
    assert set(OutboxEmail.objects.values_list("pk", flat=True)) == {old_pending.pk, recent.pk}


def test_an_unknown_kind_is_refused_at_write_time(db):
    with pytest.raises(LookupError):
        outbox_add("nobody.registered.this", cause="test")
