"""Two coordinators answer the same request at once, or the person asks
twice at once: one wins, the other is told (real PostgreSQL connections,
one per thread, released together by a barrier)."""

import pytest
from django.core import mail

from crm.models import Contact, Network, OutboxEmail, PrivacyRequest
from onboarding.services.privacy_requests import PrivacyRequestError, privacy_request_answer, privacy_request_receive
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5
CLICK_ROUNDS = 20


def test_two_erasure_answers_at_once_erase_and_confirm_once(alice):
    for round_ in range(ROUNDS):
        contact = Contact.objects.create(first_name="Camille", last_name="Roux", email=f"c{round_}@example.org",
                                         network=Network.objects.order_by("pk").first())
        row = privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ERASURE)[0]

        results = race(
            lambda row=row: privacy_request_answer(request=row, user=alice, status="answered", answer="Fait."),
            lambda row=row: privacy_request_answer(request=row, user=alice, status="answered", answer="Fait (bis)."),
        )

        assert sorted(type(r).__name__ for r in results) == ["PrivacyRequest", "PrivacyRequestError"], results
        assert all(isinstance(r, (PrivacyRequest, PrivacyRequestError)) for r in results)
        confirmations = OutboxEmail.objects.filter(kind="onboarding.privacy_request_answered",
                                                   cause=f"réponse à la demande RGPD {row.pk}")
        assert confirmations.count() == 1
        assert len([m for m in mail.outbox if m.to == [f"c{round_}@example.org"]]) == 1
        assert Contact.objects.get(pk=contact.pk).erased_at is not None


def test_clicks_at_once_make_one_request():
    for round_ in range(CLICK_ROUNDS):
        contact = Contact.objects.create(first_name="Camille", last_name="Roux", email=f"d{round_}@example.org")
        results = race(
            *[lambda contact=contact: privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ACCESS)] * 3
        )
        assert sorted(created for _row, created in results) == [False, False, True], results
        assert PrivacyRequest.objects.filter(contact=contact).count() == 1
