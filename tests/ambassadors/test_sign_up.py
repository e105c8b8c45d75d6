"""The public sign-up: French errors with a summary and nothing saved; the
bot guards of the project form; the same e-mail in the network is the same
person; the own link updates the profile, and leaving erases it."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from ambassadors.models import Ambassador, Share
from crm.models import Contact
from onboarding.bot_guards import started_token
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import DEFAULT_SLUG


def _form(**overrides):
    data = {"first_name": "Sophie", "last_name": "Vidal", "email": "sophie.vidal@example.org",
            "phone": "06 98 76 54 32", "commune": "figeac", "occupation": "Architecte", "came_from": "Nantes (44)",
            "arrived_year": "2018", "household": "children", "languages": ["fr", "en"],
            "shares": [str(pk) for pk in Share.objects.filter(code__in=["cafe", "vie-scolaire"]).values_list(
                "pk", flat=True)],
            "consent": "on", "website": "", "started": started_token(time.time() - 60)}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _post(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("ambassador_sign_up", args=[DEFAULT_SLUG]), _form(**overrides))


def test_a_resident_signs_up_and_gets_their_own_link(cast, client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    ambassador = Ambassador.objects.get(contact__email="sophie.vidal@example.org")
    assert (ambassador.status, ambassador.commune, ambassador.former_region, ambassador.language_codes) == (
        Ambassador.Status.APPLIED, cast.figeac, "52", ["en", "fr"])
    assert ambassador.consent_version and ambassador.consent_at and "prénom" in ambassador.consent_text
    (message,) = [m for m in mail.outbox if "sophie.vidal@example.org" in m.to]
    assert re.search(r"/ambassadeurs/moi/[^/\s]+/", message.body)


def test_each_wrong_answer_is_named_in_french_in_the_summary_and_nothing_is_saved(
        cast, client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks, first_name="", email="pas-une-adresse",
                     commune="Marmande", arrived_year="2999", shares=None, consent=None, phone="12")

    assert response.status_code == 400
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    for field, words in [("first_name", "Ce champ est obligatoire"), ("email", "adresse e-mail valide"),
                         # Marmande: Lot-et-Garonne's, not this programme's territory.
                         ("commune", "Nous ne trouvons pas cette commune"),
                         ("arrived_year", "ne peut pas être dans le futur"), ("shares", "Choisissez au moins une chose"),
                         ("consent", "Votre accord est nécessaire"), ("phone", "téléphone")]:
        item = summary.split(f'href="#id_{field}')[1].split("</li>")[0]
        assert words.lower() in item.lower(), (field, item)
    assert not Ambassador.objects.filter(contact__email="sophie.vidal@example.org").exists()
    unknown = _post(client, django_capture_on_commit_callbacks, commune="Paris")
    assert unknown.status_code == 400 and "Nous ne trouvons pas cette commune" in unknown.content.decode()


def test_the_bot_guards_of_the_project_form_stand_here_too(cast, client, settings,
                                                           django_capture_on_commit_callbacks):
    # A filled honeypot: the thanks page, nothing saved.
    assert _post(client, django_capture_on_commit_callbacks, website="http://spam.example").status_code == 302
    # Too fast: refused with a French message.
    settings.INTAKE_MIN_FILL_SECONDS = 5
    too_fast = _post(client, django_capture_on_commit_callbacks, started=started_token(time.time() - 1))
    assert too_fast.status_code == 400 and "trop rapide" in too_fast.content.decode()
    assert not Ambassador.objects.filter(contact__email="sophie.vidal@example.org").exists()
    # Too many from one address.
    settings.INTAKE_RATE_LIMIT = "2/h"
    statuses = [_post(client, django_capture_on_commit_callbacks, website="x").status_code for _ in range(3)]
    assert statuses[-1] == 429


def test_a_newcomer_with_the_same_email_is_the_same_person_and_keeps_their_name(
        cast, client, django_capture_on_commit_callbacks):
    _post(client, django_capture_on_commit_callbacks, email="CAMILLE.ROUX@example.org", first_name="Usurpatrice",
          last_name="X")

    contact = Contact.objects.get(pk=cast.contact.pk)
    assert (contact.first_name, contact.last_name) == ("Camille", "Roux")
    assert contact.ambassador.status == Ambassador.Status.APPLIED
    assert Contact.objects.filter(email__iexact="camille.roux@example.org").count() == 1


def test_the_own_link_updates_the_profile(cast, client, django_assert_max_num_queries):
    from ambassadors.links import own_path

    # The ambassador (with their contact, commune and network), their shares, the introductions, the shares
    # offered, the territory check: 5. The sign-up page: the network and the shares offered.
    with django_assert_max_num_queries(5):
        assert client.get(own_path(cast.paul)).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("ambassador_sign_up", args=[DEFAULT_SLUG])).status_code == 200
    cafe = Share.objects.get(code="cafe")
    response = client.post(own_path(cast.paul), {"action": "profile", "commune": "Figeac", "occupation": "Cadre de santé",
                                                 "came_from": "Bruxelles", "languages": ["nl"], "shares": [cafe.pk],
                                                 "household": "", "phone": ""})

    assert response.status_code == 302
    paul = Ambassador.objects.get(pk=cast.paul.pk)
    assert (paul.occupation, paul.former_region, paul.language_codes) == ("Cadre de santé", "etranger", ["nl"])


@pytest.mark.parametrize("also_newcomer", [False, True])
def test_leaving_erases_the_ambassador_and_their_link(cast, client, also_newcomer, django_capture_on_commit_callbacks):
    from ambassadors.links import own_path

    ambassador = cast.paul
    if also_newcomer:
        _post(client, django_capture_on_commit_callbacks, email="camille.roux@example.org")
        ambassador = Ambassador.objects.get(contact=cast.contact)
    path = own_path(ambassador)

    refused = client.post(path, {"action": "leave"})
    assert refused.status_code == 400 and "Cochez la case" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path, {"action": "leave", "confirm": "on"}).status_code == 200

    left = Ambassador.objects.select_related("contact").get(pk=ambassador.pk)
    assert left.status == Ambassador.Status.REMOVED and left.erased_at is not None and left.occupation == ""
    assert client.get(path).status_code == 400
    # Only an ambassador: erased whole. Also a newcomer: their project and name stay.
    assert (left.contact.erased_at is None) == also_newcomer
    assert (left.contact.first_name == "Camille") == also_newcomer
