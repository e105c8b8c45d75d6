"""The admin shows a request with every field of the queue, and changes
nothing: requests move through the queue's service only."""

import pytest
from django.urls import reverse

from crm.models import PrivacyRequest
from onboarding.services.privacy_requests import privacy_request_receive

pytestmark = pytest.mark.django_db


def test_the_admin_reads_a_request_and_changes_nothing(client, project, contact, alice):
    row, _created = privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ACCESS, message="Copie svp")
    client.force_login(alice)
    url = reverse("admin:crm_privacyrequest_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for label in ("Réponse due le", "Statut", "Reçue par", "Motif de la prolongation", "Copie svp"):
        assert label in text
    assert reverse("privacy_request_detail", args=[row.pk]) in text
    assert client.post(url, {"status": "answered", "answer": "x"}).status_code == 403
    delete = reverse("admin:crm_privacyrequest_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    row.refresh_from_db()
    assert (row.status, row.answer) == ("received", "")
    listing = client.get(reverse("admin:crm_privacyrequest_changelist"))
    assert listing.status_code == 200 and "Copie svp" not in listing.content.decode()
