"""The referral link: a genuine one makes the project the ambassador's; a
forged one, or a paused or removed ambassador's, is ignored without a word
and the form works as usual; the ambassador hears of "their" newcomer's
installation without any detail of them unless the newcomer agreed."""

import pytest
from django.core import mail, signing
from django.urls import reverse

from ambassadors.links import REFERRAL_PARAMETER, REFERRAL_SALT, referral_value
from ambassadors.models import Ambassador, Referral
from onboarding.models import Project
from onboarding.signals import project_transitioned
from onboarding.states import Source
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import DEFAULT_SLUG, valid_form


def _post(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("intake_form", args=[DEFAULT_SLUG]),
                           valid_form(email="lea.nouvelle@example.org", first_name="Léa", last_name="Nouvelle",
                                      **overrides))


def _new_project():
    return Project.objects.get(contact__email="lea.nouvelle@example.org")


def test_a_genuine_referral_link_makes_the_project_the_ambassadors(cast, client,
                                                                    django_capture_on_commit_callbacks):
    page = client.get(reverse("intake_form", args=[DEFAULT_SLUG]), {REFERRAL_PARAMETER: referral_value(cast.paul)})
    assert 'name="share_with_ambassador"' in page.content.decode()

    response = _post(client, django_capture_on_commit_callbacks,
                     **{REFERRAL_PARAMETER: referral_value(cast.paul), "share_with_ambassador": "on"})

    assert response.status_code == 302
    project = _new_project()
    assert project.source == Source.AMBASSADOR
    referral = Referral.objects.get(project=project)
    assert (referral.ambassador, referral.prospect_agreed) == (cast.paul, True)


def _forged_for(cast):
    """Paul's signature with Jeanne's id put in its place."""
    signature = referral_value(cast.paul).rsplit(":", 1)[1]
    return f"{cast.jeanne.public_id}:{signature}"


@pytest.mark.parametrize("value", [
    _forged_for,
    lambda cast: signing.Signer(salt="another.salt").sign(str(cast.paul.public_id)),
    lambda cast: signing.Signer(salt=REFERRAL_SALT).sign(str(cast.marc.public_id)),  # another network's
    lambda cast: "n'importe quoi",
], ids=["other-ambassador", "other-salt", "other-network", "garbage"])
def test_a_forged_referral_parameter_is_ignored_and_the_form_works(cast, client, value,
                                                                   django_capture_on_commit_callbacks):
    forged = value(cast)
    page = client.get(reverse("intake_form", args=[DEFAULT_SLUG]), {REFERRAL_PARAMETER: forged})
    assert page.status_code == 200
    assert "share_with_ambassador" not in page.content.decode()

    response = _post(client, django_capture_on_commit_callbacks, **{REFERRAL_PARAMETER: forged})

    assert response.status_code == 302
    assert _new_project().source == Source.WEBSITE
    assert not Referral.objects.exists()


@pytest.mark.parametrize("status", [Ambassador.Status.PAUSED, Ambassador.Status.REMOVED, Ambassador.Status.APPLIED])
def test_a_paused_or_removed_ambassadors_link_stops_counting(cast, client, status,
                                                             django_capture_on_commit_callbacks):
    value = referral_value(cast.paul)
    Ambassador.objects.filter(pk=cast.paul.pk).update(status=status)

    response = _post(client, django_capture_on_commit_callbacks,
                     **{REFERRAL_PARAMETER: value, "share_with_ambassador": "on"})

    assert response.status_code == 302
    assert _new_project().source == Source.WEBSITE
    assert not Referral.objects.exists()


@pytest.mark.parametrize("agreed", [True, False])
def test_the_ambassador_hears_of_the_installation_with_the_newcomers_details_only_if_they_agreed(
        cast, client, agreed, django_capture_on_commit_callbacks):
    _post(client, django_capture_on_commit_callbacks,
          **{REFERRAL_PARAMETER: referral_value(cast.paul), "share_with_ambassador": "on" if agreed else None})
    project = _new_project()
    Project.objects.filter(pk=project.pk).update(installed_commune=cast.figeac)
    mail.outbox.clear()

    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            project_transitioned.send(sender=Project, project_id=project.pk, transition="mark_installed",
                                      from_state="settling", to_state="installed", log_id=None, user_id=None,
                                      channel="ui")

    sent = [message for message in mail.outbox if cast.paul.contact.email in message.to]
    assert len(sent) == 1
    text = sent[0].body + sent[0].alternatives[0][0]
    for detail in ("Nouvelle", "lea.nouvelle@example.org", "06 12 34 56 78", "Lyon"):
        assert detail not in text
    assert ("Léa" in text, "Figeac" in text) == (agreed, agreed)
