"""The requests are in the registry of personal data: on erasure what was
written goes, the proof that the right was answered stays."""

import datetime

from django.utils import timezone

from crm.models import PrivacyRequest
from crm.personal_data import Person, PersonKind, declarations, person_erase, undeclared_models


def test_privacy_requests_are_declared_for_the_prospects():
    [declaration] = [d for d in declarations(PersonKind.PROSPECT) if d.model is PrivacyRequest]
    assert set(declaration.fields) >= {"message", "answer", "extension_reason"}
    assert "crm.PrivacyRequest" not in undeclared_models(["crm"])


def test_the_registrys_erase_blanks_the_text_and_keeps_the_facts(contact, alice):
    answered = timezone.now()
    row = PrivacyRequest.objects.create(
        contact=contact, kind=PrivacyRequest.Kind.ACCESS, message="Je suis Camille Roux", received_on=datetime.date(
            2026, 3, 15), status=PrivacyRequest.Status.ANSWERED, answer="Bonjour Camille", answered_at=answered,
        answered_by=alice, extension_reason="Dossier Roux",
    )
    person_erase(Person(kind=PersonKind.PROSPECT, ids=(contact.pk,)))
    row.refresh_from_db()
    assert (row.message, row.answer, row.extension_reason) == ("", "", "")
    assert (row.kind, row.status, row.received_on, row.due_on, row.answered_at) == (
        "access", "answered", datetime.date(2026, 3, 15), datetime.date(2026, 4, 15), answered)
