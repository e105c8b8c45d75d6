"""The invitation's signed link: the person registers (1 to 12, within the
seats), declines, changes their mind; a forged, expired or turned link
answers a French page, the same whether or not the invitation exists."""

import time
import uuid

from django.core import signing
from django.utils import timezone

from events.links import SALT, invitation_token
from events.models import Invitation
from tests.events.conftest import invite, person


def _path(world, token, network=None):
    return f"/{(network or world.lot).slug}/invitation/{token}/"


def test_the_person_registers_declines_and_changes_their_mind(world, client):
    invitation = invite(world)
    path = _path(world, invitation_token(invitation))

    assert client.get(path).status_code == 200
    assert client.post(path, {"action": "register", "household_size": "3"}).status_code == 302
    invitation.refresh_from_db()
    assert (invitation.household_size, invitation.declined_at) == (3, None)

    client.post(path, {"action": "decline"})
    invitation.refresh_from_db()
    assert invitation.registered_at is None and invitation.declined_at is not None

    client.post(path, {"action": "register", "household_size": "2"})
    invitation.refresh_from_db()
    assert invitation.household_size == 2 and invitation.declined_at is None


def test_a_household_size_out_of_range_or_over_the_seats_is_refused_in_french(world, client):
    invitation = invite(world)
    other = invite(world, contact=person(world.lot, "Zoe", text=world.text))
    Invitation.objects.filter(pk=other.pk).update(registered_at=other.created_at, household_size=8)
    path = _path(world, invitation_token(invitation))

    for value, message in (("0", "au moins 1"), ("13", "au plus 12"), ("deux", "Indiquez un nombre"),
                           ("3", "Il ne reste que 2 place(s)")):
        response = client.post(path, {"action": "register", "household_size": value})
        assert response.status_code == 400, value
        assert message in response.content.decode(), value
    invitation.refresh_from_db()
    assert invitation.registered_at is None


def test_forged_expired_missing_or_other_networks_links_answer_the_same_french_page(world, client, monkeypatch):
    invitation = invite(world)
    genuine = invitation_token(invitation)
    missing = signing.dumps({"i": str(uuid.uuid4())}, salt=SALT)
    turned = genuine.replace(genuine.split(":")[0], signing.dumps({"i": str(uuid.uuid4())}, salt=SALT).split(":")[0])
    tracking_salt = signing.dumps({"i": str(invitation.public_id)}, salt="onboarding.tracking")
    invalid = [client.get(_path(world, token)) for token in (missing, turned, tracking_salt, "n-importe-quoi")]
    invalid.append(client.get(_path(world, genuine, network=world.garonne)))

    assert {response.status_code for response in invalid} == {400}
    assert {response.content.decode().count("lien d'invitation n'est pas valide") for response in invalid} == {1}

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 200 * 86400)
    old = invitation_token(invitation)
    monkeypatch.undo()
    expired = client.get(_path(world, old))
    assert expired.status_code == 400 and "a expiré" in expired.content.decode()
    assert client.post(_path(world, old), {"action": "register", "household_size": "2"}).status_code == 400
    invitation.refresh_from_db()
    assert invitation.registered_at is None


def test_after_the_event_the_answer_no_longer_changes(world, client):
    invitation = invite(world, registered_at=timezone.now(), household_size=2)
    world.evening.starts_on = world.evening.ends_on = world.evening.starts_on.replace(year=2020)
    world.evening.save()
    path = _path(world, invitation_token(invitation))

    response = client.post(path, {"action": "decline"}, follow=True)

    assert "L&#x27;événement a eu lieu : votre réponse ne peut plus changer." in response.content.decode()
    assert client.post(path, {"action": "register", "household_size": "3"}).status_code == 400
    invitation.refresh_from_db()
    assert invitation.declined_at is None and invitation.household_size == 2
