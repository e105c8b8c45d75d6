"""The answer to the retention reminder: one button, a POST. A GET (a mail
scanner following the link) shows the page and changes nothing; a tampered,
expired or foreign link gets a French page, never a 500."""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail, signing
from django.utils import timezone

from crm.models import Contact, Network
from onboarding.models import Consent, RetentionMonth
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.services.retention import (
    RENEWAL_SALT,
    personal_data_purge,
    renewal_token,
    retention_reminders_send,
)
from onboarding.states import Channel, Source

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CLOCK = datetime.datetime(2023, 3, 10, 10, 0, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    return Network.objects.order_by("pk").first()


@pytest.fixture
def person(network):
    contact = Contact.objects.create(first_name="Léa", last_name="Martin", email="lea.martin@example.org",
                                     network=network)
    project = project_create(contact=contact, source=Source.WEBSITE, network=network)
    project_transition(project=project, transition="reject", user=None, channel=Channel.SYSTEM,
                       fields={"reason": "spam"})
    Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=CLOCK)
    return project


@pytest.fixture
def link(person, django_capture_on_commit_callbacks):
    """The link of the e-mail the person received (asked a month before their limit)."""
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_reminders_send() == 1
    [message] = mail.outbox
    match = re.search(r"https?://[^/\s]+(/[-\w]+/donnees-personnelles/conserver/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _clock(person):
    return Contact.objects.get(pk=person.contact_id).last_person_contact_at


def test_a_get_shows_one_button_and_renews_nothing(client, person, link):
    response = client.get(link)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Oui, je souhaite continuer") == 1
    assert re.search(r'<form method="post"', page)
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    assert not Consent.objects.filter(channel=Consent.Channel.RENEWAL).exists()
    assert _clock(person) == CLOCK
    assert not RetentionMonth.objects.filter(renewed__gt=0).exists()


def test_the_button_renews_the_consent_and_restarts_the_clock(client, person, link):
    before = timezone.now()

    response = client.post(link)

    assert response.status_code == 200
    assert "Merci, votre accompagnement continue" in response.content.decode()
    [consent] = Consent.objects.filter(channel=Consent.Channel.RENEWAL)
    assert (consent.project, consent.contact_id, consent.text.version) == (person, person.contact_id, 1)
    assert _clock(person) >= before
    assert RetentionMonth.objects.get().renewed == 1
    # Kept: nobody is anonymised at the old limit any more.
    assert personal_data_purge(now=timezone.now() + datetime.timedelta(days=60)) == 0


def test_the_same_link_twice_renews_once(client, person, link):
    client.post(link)
    response = client.post(link)

    assert response.status_code == 200
    assert "déjà enregistrée" in response.content.decode()
    assert Consent.objects.filter(channel=Consent.Channel.RENEWAL).count() == 1
    assert RetentionMonth.objects.get().renewed == 1


def test_it_goes_on_the_latest_project(client, person, link, network):
    newer = project_create(contact=person.contact, source=Source.WEBSITE, network=network)

    client.post(link)

    assert Consent.objects.get(channel=Consent.Channel.RENEWAL).project == newer


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
    lambda token: token.split(":")[0],
    lambda token: "n'importe quoi",
    lambda token: signing.dumps({"p": "pas-un-uuid", "k": "x"}, salt=RENEWAL_SALT),
    lambda token: signing.dumps(["liste"], salt=RENEWAL_SALT),
    lambda token: signing.dumps({"p": "x"}, salt="onboarding.tracking"),
])
def test_a_tampered_link_gets_a_french_page_and_changes_nothing(client, person, link, tamper):
    prefix, token = link.rstrip("/").rsplit("/", 1)
    bad = f"{prefix}/{tamper(token)}/"

    for response in (client.get(bad), client.post(bad)):
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in response.content.decode()
    assert not Consent.objects.filter(channel=Consent.Channel.RENEWAL).exists()
    assert _clock(person) == CLOCK


def test_an_expired_link_says_so(client, person, link, monkeypatch):
    import onboarding.services.retention as retention

    monkeypatch.setattr(retention, "renewal_max_age", lambda: datetime.timedelta(seconds=-1))
    response = client.post(link)

    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    assert _clock(person) == CLOCK


def test_a_link_shown_under_another_networks_prefix_is_invalid(client, person, link):
    Network.objects.create(slug="ailleurs", name="Ailleurs", programme="Ailleurs")
    _, rest = link.lstrip("/").split("/", 1)

    response = client.post(f"/ailleurs/{rest}")

    assert response.status_code == 400
    assert _clock(person) == CLOCK


def test_after_the_erasure_the_link_no_longer_works(client, person, link):
    from onboarding.services.privacy import contact_erase

    contact_erase(contact=person.contact)
    response = client.post(link)

    assert response.status_code == 400
    assert not Consent.objects.filter(channel=Consent.Channel.RENEWAL).exists()


def test_a_token_made_for_another_clock_still_renews_once(client, person, network):
    token = renewal_token(person, CLOCK - datetime.timedelta(days=1))

    assert client.post(f"/{network.slug}/donnees-personnelles/conserver/{token}/").status_code == 200
    assert Consent.objects.filter(channel=Consent.Channel.RENEWAL).count() == 1
