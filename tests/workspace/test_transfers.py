"""The staff pages of transfers (propose from the project page, the
received list with accept and refuse) and the person's public page to
object, through the views."""

import pytest
from django.urls import reverse

from onboarding.models import Project, ProjectTransfer
from onboarding.services.transfers import objection_token, transfer_accept, transfer_propose
from tests.onboarding.transfer_world import *  # noqa: F403  (the fixtures: lot, lg, tarn, diane, frank, sending, moved)

Status = ProjectTransfer.Status


@pytest.fixture
def proposed(moved, bob, lg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return transfer_propose(project=moved, user=bob, to_network=lg, reason="Part vivre à Agen")


# --- proposing ------------------------------------------------------------------------------

def test_the_project_page_links_to_the_proposal(client, bob, moved):
    client.force_login(bob)

    page = client.get(reverse("project_detail", args=[moved.pk])).content.decode()

    assert reverse("transfer_propose", args=[moved.pk]) in page
    assert "Proposer un transfert" in page


def test_the_referent_proposes_from_the_page(client, bob, moved, lg):
    client.force_login(bob)
    url = reverse("transfer_propose", args=[moved.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Lot-et-Garonne Attractivité" in page.content.decode()

    response = client.post(url, {"to_network": lg.pk, "reason": "Part vivre à Agen"})

    assert response.status_code == 302
    transfer = ProjectTransfer.objects.get(project=moved)
    assert (transfer.status, transfer.proposed_by, transfer.reason) == (Status.PROPOSED, bob, "Part vivre à Agen")
    page = client.get(reverse("project_detail", args=[moved.pk])).content.decode()
    assert "Transfert proposé à « Lot-et-Garonne Attractivité »" in page


@pytest.mark.parametrize("who", ["charlie", "diane", "frank"])
def test_others_may_not_propose(who, client, moved, lg, request, charlie, diane, frank):
    # Another referent, the receiving network's coordinator, another network's: none sees the project.
    client.force_login(request.getfixturevalue(who))
    url = reverse("transfer_propose", args=[moved.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"to_network": lg.pk}).status_code == 404
    assert not ProjectTransfer.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, moved):
    response = client.get(reverse("transfer_propose", args=[moved.pk]))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_proposal_can_be_cancelled_from_the_page(client, bob, proposed):
    client.force_login(bob)

    response = client.post(reverse("transfer_cancel", args=[proposed.pk]))

    assert response.status_code == 302
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.CANCELLED


# --- receiving ----------------------------------------------------------------------------------

def test_the_receiving_coordinator_lists_it_without_the_persons_details(client, diane, proposed):
    client.force_login(diane)

    page = client.get(reverse("transfers_received")).content.decode()

    assert f"Transfert n°{proposed.pk}" in page and "Part vivre à Agen" in page and "Agen" in page
    assert "Camille" not in page and "Roux" not in page and "camille.roux" not in page


def test_other_coordinators_do_not_see_it(client, alice, frank, proposed):
    for user in (alice, frank):
        client.force_login(user)
        assert f"Transfert n°{proposed.pk}" not in client.get(reverse("transfers_received")).content.decode()
        assert client.post(reverse("transfer_accept", args=[proposed.pk])).status_code == 404
        assert client.post(reverse("transfer_refuse", args=[proposed.pk]), {"reason": "non"}).status_code == 404
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.PROPOSED


def test_a_referent_has_no_received_list(client, bob, proposed):
    client.force_login(bob)

    assert client.get(reverse("transfers_received")).status_code == 403
    assert client.post(reverse("transfer_accept", args=[proposed.pk])).status_code == 403


def test_accepting_asks_for_confirmation_then_opens_the_new_project(client, diane, proposed, moved, lg):
    client.force_login(diane)
    url = reverse("transfer_accept", args=[proposed.pk])
    assert client.get(url).status_code == 200
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.PROPOSED  # a GET changes nothing

    response = client.post(url)

    new_project = Project.objects.get(network=lg)
    assert response.status_code == 302 and response["Location"] == reverse("project_detail", args=[new_project.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Projet reçu par transfert depuis « Mon programme »" in page
    assert client.get(reverse("project_detail", args=[moved.pk])).status_code == 404


def test_refusing_needs_a_reason(client, diane, proposed):
    client.force_login(diane)
    url = reverse("transfer_refuse", args=[proposed.pk])

    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.PROPOSED

    client.post(url, {"reason": "Hors de notre territoire"})
    transfer = ProjectTransfer.objects.get(pk=proposed.pk)
    assert (transfer.status, transfer.refusal_reason) == (Status.REFUSED, "Hors de notre territoire")


# --- the person's page -----------------------------------------------------------------------------

def test_the_person_reads_then_objects(client, proposed, moved):
    url = reverse("transfer_objection", args=[objection_token(proposed)])

    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"].startswith("no-store")
    assert "47922 Agen" in page.content.decode()
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.PROPOSED  # reading changes nothing

    response = client.post(url)

    assert response.status_code == 302
    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.OBJECTED
    assert "vous vous êtes opposé(e)" in client.get(url).content.decode()
    assert Project.objects.get(pk=moved.pk).is_open


def test_too_late_once_accepted(client, proposed, diane):
    transfer_accept(transfer=proposed, user=diane)
    url = reverse("transfer_objection", args=[objection_token(proposed)])

    client.post(url)

    assert ProjectTransfer.objects.get(pk=proposed.pk).status == Status.ACCEPTED
    assert "déjà été accepté" in client.get(url).content.decode()


def test_a_bad_link_gets_a_clear_page(client, proposed):
    response = client.get(reverse("transfer_objection", args=[objection_token(proposed)[:-3] + "abc"]))

    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in response.content.decode()


def test_coordinators_find_the_received_list_in_the_menu_referents_do_not(client, diane, bob):
    client.force_login(diane)
    assert f'href="{reverse("transfers_received")}"' in client.get(reverse("staff_home")).content.decode()
    client.force_login(bob)
    assert reverse("transfers_received") not in client.get(reverse("staff_home")).content.decode()
