"""Sending an event's invitations: rows in one transaction, one e-mail each
after the commit, and a second send invites nobody twice."""

from django.core import mail

from crm.models import OutboxEmail
from events.models import Invitation
from events.services import EventError, invitations_send
from tests.events.conftest import installed, person


def test_sending_twice_writes_one_invitation_and_one_email_per_person(world, django_capture_on_commit_callbacks):
    zoe = person(world.lot, "Zoe", text=world.text)
    installed(zoe, world.lot, world.figeac, days_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        first = invitations_send(event=world.evening, audience_code="newcomers", params={"months": 12},
                                 user=world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        second = invitations_send(event=world.evening, audience_code="newcomers", params={"months": 12},
                                  user=world.alice)

    assert first == (2, 0) and second == (0, 2)
    assert sorted(message.to[0] for message in mail.outbox) == ["camille@example.org", "zoe@example.org"]
    assert "/invitation/" in mail.outbox[0].body
    assert Invitation.objects.filter(event=world.evening, sent_at__isnull=False).count() == 2
    assert OutboxEmail.objects.filter(kind="event_invitation").count() == 2


def test_a_referent_or_another_networks_coordinator_cannot_send(world):
    for user in (world.bob, world.dora):
        try:
            invitations_send(event=world.evening, audience_code="newcomers", user=user)
        except EventError:
            pass
        else:
            raise AssertionError(f"{user} sent invitations")
    assert not Invitation.objects.exists()


def test_the_send_page_invites_and_says_how_many(world, client):
    client.force_login(world.alice)
    response = client.post(f"/equipe/evenements/{world.evening.pk}/inviter/",
                           {"audience": "newcomers", "newcomers__months": "12"})
    assert response.status_code == 302
    assert Invitation.objects.filter(event=world.evening, contact=world.camille).exists()

    refused = client.post(f"/equipe/evenements/{world.evening.pk}/inviter/", {"audience": "nobody"})
    assert refused.status_code == 400
    assert "choisissez-en un proposé" in refused.content.decode()


def test_an_audience_another_app_registers_reaches_only_the_events_network_with_an_address(world):
    from crm.models import Contact
    from events.audiences import _audiences, register_audience
    from events.models import InviteeKind

    Contact.objects.create(first_name="Ama", last_name="Lot", email="ama@example.org", network=world.lot)
    Contact.objects.create(first_name="Sans", last_name="Adresse", email="", network=world.lot)
    Contact.objects.create(first_name="Gaby", last_name="Garonne", email="gaby@example.org", network=world.garonne)
    try:
        register_audience("everybody", "Tout le monde", lambda event: Contact.objects.all(),
                          invitee_kind=InviteeKind.AMBASSADOR)
        invitations_send(event=world.evening, audience_code="everybody", user=world.alice)
    finally:
        _audiences.pop("everybody", None)

    invited = Invitation.objects.filter(event=world.evening)
    assert {i.contact.first_name for i in invited} == {"Ama", "Camille"}
    assert {i.invitee_kind for i in invited} == {"ambassador"}
