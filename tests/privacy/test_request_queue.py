"""The coordinators' queue: every kind of request of their networks in one
list, the most urgent first, overdue ones marked; another network's
requests are neither listed nor reachable (404, as a missing one)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import PrivacyRequest
from onboarding.services.privacy_requests import privacy_request_receive

pytestmark = pytest.mark.django_db

Kind = PrivacyRequest.Kind
QUEUE = reverse("privacy_requests")


def _receive(contact, kind, days_ago=0, **kwargs):
    received_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    return privacy_request_receive(contact=contact, kind=kind, received_on=received_on, **kwargs)[0]


def _listed(response):
    return [row.pk for row in response.context["page"]]


def test_the_queue_lists_every_kind_by_due_date(client, project, contact, alice):
    recent = _receive(contact, Kind.ACCESS, days_ago=1)
    oldest = _receive(contact, Kind.ERASURE, days_ago=40)
    middle = _receive(contact, Kind.OBJECTION, days_ago=20)
    client.force_login(alice)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert _listed(response) == [oldest.pk, middle.pk, recent.pk]
    page = response.content.decode()
    # Overdue: said in words, not by colour only.
    assert page.count("En retard") == 1
    assert "table-danger" in page


def test_the_queue_filters_by_status_and_kind(client, project, contact, alice):
    access = _receive(contact, Kind.ACCESS)
    objection = _receive(contact, Kind.OBJECTION)
    PrivacyRequest.objects.filter(pk=objection.pk).update(status="refused")
    client.force_login(alice)
    assert _listed(client.get(QUEUE)) == [access.pk]  # open ones by default
    assert _listed(client.get(QUEUE, {"status": "refused"})) == [objection.pk]
    assert set(_listed(client.get(QUEUE, {"status": "all"}))) == {access.pk, objection.pk}
    assert _listed(client.get(QUEUE, {"status": "all", "kind": "access"})) == [access.pk]
    # A filter that means nothing is ignored, never an error.
    assert client.get(QUEUE, {"status": "n'importe", "page": "x"}).status_code == 200


def test_the_queue_is_paginated(client, project, contact, alice, settings):
    from privacy import views_requests

    rows = [PrivacyRequest(contact=contact, kind=Kind.ACCESS, due_on=timezone.localdate()) for _ in range(
        views_requests.PAGE_SIZE + 1)]
    PrivacyRequest.objects.bulk_create(rows)
    client.force_login(alice)
    assert len(_listed(client.get(QUEUE))) == views_requests.PAGE_SIZE
    assert len(_listed(client.get(QUEUE, {"page": 2}))) == 1


def test_another_networks_request_is_not_listed_and_answers_404(client, project, contact, alice, gaelle, paulin):
    mine = _receive(contact, Kind.ACCESS)
    theirs = _receive(paulin, Kind.ACCESS)
    client.force_login(alice)
    assert _listed(client.get(QUEUE)) == [mine.pk]
    for url in (reverse("privacy_request_detail", args=[theirs.pk]),
                reverse("privacy_request_detail", args=[2**31 - 7])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "answered", "answer": "x"}).status_code == 404
    assert client.post(reverse("privacy_request_extend", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.extended_at) == ("received", None)
    client.force_login(gaelle)
    assert _listed(client.get(QUEUE)) == [theirs.pk]
    assert client.get(reverse("privacy_request_detail", args=[mine.pk])).status_code == 404


def test_referents_and_visitors_have_no_queue(client, project, contact, bob):
    row = _receive(contact, Kind.ACCESS)
    assert client.get(QUEUE).status_code == 302  # to the login page
    client.force_login(bob)
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("privacy_request_detail", args=[row.pk])).status_code == 403


def test_the_staff_navigation_leads_coordinators_to_the_queue(client, alice, bob):
    client.force_login(alice)
    assert QUEUE in client.get(reverse("staff_home")).content.decode()
    client.force_login(bob)
    assert QUEUE not in client.get(reverse("staff_home")).content.decode()


def test_staff_record_a_request_received_by_post(client, project, contact, alice, django_capture_on_commit_callbacks):
    received = timezone.localdate() - datetime.timedelta(days=3)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy_request_new"), {
            "email": "CAMILLE.ROUX@example.org", "kind": "access", "channel": "post",
            "received_on": received.isoformat(), "message": "Lettre du 3",
        })
    row = PrivacyRequest.objects.get()
    assert response.status_code == 302
    assert (row.contact, row.channel, row.received_on, row.created_by) == (contact, "post", received, alice)
    from crm.models.privacy import request_due_on
    assert row.due_on == request_due_on(received)


def test_staff_cannot_record_a_request_for_another_networks_person(client, alice, paulin):
    client.force_login(alice)
    response = client.post(reverse("privacy_request_new"), {
        "email": "paulin@example.org", "kind": "access", "channel": "email",
        "received_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 200
    assert "Aucune personne de vos réseaux" in " ".join(response.context["form"].errors["email"])
    assert not PrivacyRequest.objects.exists()
