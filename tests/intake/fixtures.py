"""Intake test helpers: a valid public form, and settings that let a test
submit at once.

Imported explicitly by the test_intake_*, test_tracking* and
test_fair_capture modules (tests/conftest.py is shared):
`from tests.intake.fixtures import *` brings the fixtures of __all__.
"""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from crm.models import Need
from intake.forms import started_token

__all__ = ["_intake_settings", "form_data", "submit"]

SITE_URL = "http://testserver"
DEFAULT_SLUG = "programme"  # the network of a fresh database (crm 0004_networks)


@pytest.fixture(autouse=True)
def _intake_settings(settings):
    """No minimum fill time unless a test asks for one, fresh rate-limit
    counters (the test cache outlives a test), links on the test server."""
    settings.INTAKE_MIN_FILL_SECONDS = 0
    settings.INTAKE_RATE_LIMIT = "20/h"
    settings.SITE_URL = SITE_URL
    cache.clear()
    yield
    cache.clear()


def valid_form(**overrides):
    """What a person fills in: a valid submission of the public form."""
    needs = list(Need.objects.filter(code__in=["emploi", "logement-location"]).values_list("pk", flat=True))
    data = {
        "first_name": "Camille",
        "last_name": "Roux",
        "email": "camille.roux@example.org",
        "phone": "06 12 34 56 78",
        "current_city": "Lyon",
        "has_partner": "on",
        "partner_occupation": "Infirmier",
        "partner_seeks_job": "on",
        "children_ages": "4, 9",
        "summary": "Développeuse web en télétravail",
        "needs": [str(pk) for pk in needs],
        "territory_choice": "commune",
        "target_commune": "Figeac",
        "target_epci": "",
        "horizon": "6-12m",
        "heard_via": "website",
        "event": "",
        "referrer": "",
        "message": "Nous cherchons une maison avec un jardin.",
        "consent": "on",
        "website": "",
        "started": started_token(time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def form_data(db):
    return valid_form


@pytest.fixture
def submit(db, client, django_capture_on_commit_callbacks):
    """submit(**overrides): POST the public form, run the after-commit work, return the response."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("intake_form", args=[DEFAULT_SLUG]), valid_form(**overrides))

    return post


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def tracking_link_in(message):
    """The tracking URL the e-mail holds (the plain-text part)."""
    match = re.search(r"http://testserver(/[-\w]+/suivi/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)
