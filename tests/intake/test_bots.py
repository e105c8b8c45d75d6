"""Naive bots are stopped (a honeypot, a minimum fill time) and floods get 429."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from crm.models import Contact
from intake.forms import STARTED_SALT, started_token
from onboarding.models import Project
from tests.api.faults import *  # noqa: F403
from tests.intake.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def assert_nothing_saved():
    assert not Contact.objects.exists()
    assert not Project.objects.exists()
    assert not mail.outbox


def test_a_filled_honeypot_looks_like_success_and_saves_nothing(submit, territory):
    response = submit(website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_thanks", args=["programme"])
    assert_nothing_saved()


def test_the_honeypot_is_hidden_from_people(client, db):
    html = client.get(reverse("intake_form", args=["programme"])).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="website" id="id_website" tabindex="-1" autocomplete="off"' in html


def test_a_submission_faster_than_the_minimum_is_refused(submit, territory, settings):
    settings.INTAKE_MIN_FILL_SECONDS = 3
    response = submit(started=started_token(time.time() - 1))
    assert response.status_code == 200
    assert "trop rapide" in " ".join(response.context["form"].non_field_errors())
    assert_nothing_saved()
    # The form comes back with a fresh timestamp: a person who reads it again gets through.
    assert submit(started=started_token(time.time() - 4)).status_code == 302
    assert Project.objects.count() == 1


@pytest.mark.parametrize("started", ["", "not-signed", signing.dumps(time.time(), salt="another.salt")],
                         ids=["missing", "not-signed", "another-salt"])  # the same ids in every xdist worker
def test_a_missing_or_forged_timestamp_is_refused(submit, territory, started):
    response = submit(started=started)
    assert response.status_code == 200
    assert "Le formulaire a expiré" in " ".join(response.context["form"].non_field_errors())
    assert_nothing_saved()


def test_the_timestamp_is_signed_with_its_own_salt(db):
    token = started_token(1234.5)
    assert signing.loads(token, salt=STARTED_SALT) == 1234.5


def test_too_many_submissions_from_one_address_get_429(submit, territory, settings):
    settings.INTAKE_RATE_LIMIT = "3/h"
    for n in range(3):
        assert submit(email=f"person{n}@example.org").status_code == 302
    response = submit(email="person4@example.org")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Trop d'envois depuis votre connexion" in html
    assert '<html lang="fr">' in html
    assert Project.objects.count() == 3
    assert not Contact.objects.filter(email="person4@example.org").exists()


def test_the_limit_counts_each_address_apart(client, submit, territory, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    assert submit(email="a@example.org").status_code == 302
    response = client.post(reverse("intake_form", args=["programme"]), {}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200  # another address: the form is shown with its errors


def test_reading_the_form_is_never_limited(client, db, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    for _ in range(3):
        assert client.get(reverse("intake_form", args=["programme"])).status_code == 200


def test_a_dead_cache_lets_the_project_through_and_logs_that_the_limit_is_off(submit, territory, settings,
                                                                              redis_cache, caplog):
    # The README's production layout: the limit is counted in Redis.
    settings.INTAKE_RATE_LIMIT = "1/h"
    assert submit(email="first@example.org").status_code == 302
    assert submit(email="second@example.org").status_code == 429  # counted in Redis while it is up

    redis_cache.stop()
    response = submit(email="third@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("intake_thanks", args=["programme"])
    assert Project.objects.filter(contact__email="third@example.org").exists()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "is off" in r.getMessage()]
    assert warnings, "the log must say that the guard is off"
    assert not any("127.0.0.1" in w or "third" in w for w in warnings)  # no address, no personal data
