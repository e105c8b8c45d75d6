"""The purge reads the contacts due a chunk at a time (bounded memory at a
million contacts) and still erases each person in their own transaction."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.models import Contact
from onboarding.models import Project
from onboarding.services import retention
from onboarding.services.projects import project_create


def _closed_and_old(n):
    past = timezone.now() - datetime.timedelta(days=365 * 4 + 1)
    contacts = []
    for i in range(n):
        contact = Contact.objects.create(first_name="Old", last_name=f"N{i}", email="")  # no e-mail: nobody to ask
        project = project_create(contact=contact, source="website")
        Project.objects.filter(pk=project.pk).update(state="rejected", updated_at=past)
        Contact.objects.filter(pk=contact.pk).update(updated_at=past, last_person_contact_at=past)
        contacts.append(contact)
    return contacts


def _list_reads(queries):
    # The reads of the list of contacts due: the only SELECTs that carry the retention clock's COALESCE and a LIMIT.
    return [q["sql"] for q in queries if "COALESCE" in q["sql"] and "LIMIT" in q["sql"] and "FOR UPDATE" not in q["sql"]]


@pytest.mark.parametrize(("due", "chunk", "reads"), [(0, 2, 1), (1, 2, 1), (2, 2, 2), (5, 2, 3), (6, 2, 4)])
def test_the_contacts_due_are_read_a_chunk_at_a_time(db, monkeypatch, due, chunk, reads):
    contacts = _closed_and_old(due)
    kept = Contact.objects.create(first_name="Recent", last_name="Kept", email="")
    monkeypatch.setattr(retention, "PURGE_CHUNK", chunk)
    with CaptureQueriesContext(connection) as queries:
        assert retention.personal_data_purge() == due
    assert len(_list_reads(queries.captured_queries)) == reads
    assert set(Contact.objects.filter(erased_at__isnull=False).values_list("pk", flat=True)) == {c.pk for c in contacts}
    assert Contact.objects.get(pk=kept.pk).first_name == "Recent"


def test_the_queries_per_person_do_not_grow_with_the_number_due(db, monkeypatch):
    monkeypatch.setattr(retention, "PURGE_CHUNK", 2)
    _closed_and_old(1)
    retention.personal_data_purge()  # the month's log row exists from now on
    _closed_and_old(2)
    with CaptureQueriesContext(connection) as two:
        retention.personal_data_purge()
    _closed_and_old(4)
    with CaptureQueriesContext(connection) as four:
        retention.personal_data_purge()
    # Per person a fixed erasure; per chunk of two one read: four people cost twice two, plus one read.
    assert len(four.captured_queries) == 2 * len(two.captured_queries) - 1


def test_a_failure_leaves_that_person_whole_and_the_others_erased(db, monkeypatch):
    first, second, third = _closed_and_old(3)
    monkeypatch.setattr(retention, "PURGE_CHUNK", 2)
    real_erase = retention.contact_erase

    def erase(*, contact, **kwargs):
        if contact.pk == second.pk:
            raise RuntimeError("disk full")
        return real_erase(contact=contact, **kwargs)

    monkeypatch.setattr(retention, "contact_erase", erase)
    with pytest.raises(RuntimeError):
        retention.personal_data_purge()
    assert Contact.objects.get(pk=first.pk).erased_at is not None
    assert Contact.objects.get(pk=second.pk).first_name == "Old"
    monkeypatch.setattr(retention, "contact_erase", real_erase)
    assert retention.personal_data_purge() == 2


def test_the_reminders_read_the_contacts_due_a_chunk_at_a_time(db, monkeypatch):
    from crm.models import OutboxEmail

    past = timezone.now() - datetime.timedelta(days=365 * 4 + 1)
    asked = []
    for i in range(5):
        contact = Contact.objects.create(first_name="Old", last_name=f"N{i}", email=f"old{i}@example.org")
        project = project_create(contact=contact, source="website")
        Project.objects.filter(pk=project.pk).update(state="rejected")
        Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=past)
        asked.append(contact.pk)
    monkeypatch.setattr(retention, "PURGE_CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        assert retention.retention_reminders_send() == 5
    assert len(_list_reads(queries.captured_queries)) == 3
    assert sorted(OutboxEmail.objects.filter(kind=retention.REMINDER_EMAIL).values_list("contact_id", flat=True)) == asked
    assert retention.retention_reminders_send() == 0


def _due_reminder(n, start):
    past = timezone.now() - datetime.timedelta(days=365 * 4 + 1)
    for i in range(start, start + n):
        contact = Contact.objects.create(first_name="Old", last_name=f"N{i}", email=f"old{i}@example.org")
        project = project_create(contact=contact, source="website")
        Project.objects.filter(pk=project.pk).update(state="rejected")
        Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=past)


def test_the_reminders_cost_the_same_queries_for_two_people_as_for_six(db):
    _due_reminder(1, 0)
    assert retention.retention_reminders_send() == 1  # the month's log row exists from now on
    counts = []
    for n, start in ((2, 10), (6, 20)):
        _due_reminder(n, start)
        with CaptureQueriesContext(connection) as queries:
            assert retention.retention_reminders_send() == n
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
