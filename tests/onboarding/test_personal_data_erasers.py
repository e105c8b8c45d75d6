"""The personal-data registry (onboarding.extensions.register_personal_data_eraser):
an app above onboarding erases its own rows, inside the erasure's
transaction, whether the erasure comes from a request or from the purge."""

import datetime

import pytest
from django.utils import timezone

from api.receivers import erase_idempotency_records
from crm.models import Contact
from onboarding import extensions
from onboarding.extensions import Erasure, personal_data_erasers, register_personal_data_eraser
from onboarding.services.journey import project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.retention import personal_data_purge, retention_reminders_send


@pytest.fixture
def calls(monkeypatch):
    """The apps' own erasers, plus one that records how it was called."""
    monkeypatch.setattr(extensions, "_personal_data_erasers", list(extensions._personal_data_erasers))
    seen = []

    def record(erasure):
        seen.append(erasure)

    register_personal_data_eraser(record)
    return seen


def test_the_api_registers_its_eraser_when_it_starts():
    assert erase_idempotency_records in personal_data_erasers()


def test_an_erasure_calls_each_eraser_with_the_people_it_erases(calls, project, contact, alice):
    contact_erase(contact=contact, user=alice)

    assert calls == [Erasure(contact_ids=(contact.pk,), project_ids=(project.pk,),
                             emails=("camille.roux@example.org",))]


def test_the_purge_calls_them_too(calls, project, contact, alice):
    project_transition(project=project, transition="abandon", user=alice, fields={"reason": "job"})

    later = timezone.now() + datetime.timedelta(days=366 * 5)
    retention_reminders_send(now=later - datetime.timedelta(days=40))  # asked first, no answer
    assert personal_data_purge(now=later) == 1

    assert [erasure.contact_ids for erasure in calls] == [(contact.pk,)]


def test_an_eraser_runs_inside_the_erasure_so_its_failure_undoes_it(monkeypatch, project, contact, alice):
    monkeypatch.setattr(extensions, "_personal_data_erasers", [])

    def broken(erasure):
        raise RuntimeError("the outbox is unreachable")

    register_personal_data_eraser(broken)
    with pytest.raises(RuntimeError):
        contact_erase(contact=contact, user=alice)

    assert Contact.objects.get(pk=contact.pk).first_name == "Camille"
    project.refresh_from_db()
    assert project.state == "new"


def test_registering_twice_registers_once(calls):
    register_personal_data_eraser(erase_idempotency_records)
    assert personal_data_erasers().count(erase_idempotency_records) == 1
