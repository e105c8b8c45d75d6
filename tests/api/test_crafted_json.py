"""Crafted JSON never crashes the API: lone surrogates, deep nesting, numbers
past a float, NUL characters, odd keys. Always a 400 with the error
envelope (or the normal answer when the body is acceptable), never a 500."""

import json
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.idempotency import request_fingerprint
from api.parsers import MAX_DEPTH
from crm.models import Contact
from onboarding.models import Project
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

LEADS = "/api/v1/leads/"
LEAD = {"first_name": "Camille", "last_name": "Roux", "email": "camille.roux@example.org", "consent": True}


@pytest.fixture
def no_throttle(settings):
    # Hundreds of calls from one key: the rate limit is not under test here.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: None for scope in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
    }


@pytest.fixture
def send(db):
    """POST raw text; a bug answers 500 instead of raising in the test."""
    client = Client(raise_request_exception=False)

    def send(path, text, key, **headers):
        return client.post(path, text, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}",
                           **headers)

    return send


def transitions(project):
    return f"/api/v1/projects/{project.pk}/transitions/"


def deep(depth):
    return "[" * depth + "]" * depth


# --- explicit cases -------------------------------------------------------------------

CRAFTED = {
    "lone high surrogate in a value": '{"transition": "pause", "reason": "Attend \\ud800"}',
    "lone low surrogate in a value": '{"transition": "make_contact", "note": "\\udfff"}',
    "lone surrogate in a key": '{"transition": "make_contact", "\\ud800": 1}',
    "lone surrogate echoed as a transition name": '{"transition": "\\ud800"}',
    "lone surrogate in a lookup": '{"transition": "qualify", "segment": "\\udbff"}',
    "lone surrogate in a list": '{"transition": "qualify", "needs": ["emploi", "\\ud800"]}',
    "deeply nested arrays": deep(100_000),
    "deeply nested value": '{"transition": "make_contact", "note": ' + deep(5_000) + "}",
    "nesting just past the limit": '{"transition": "make_contact", "x": ' + deep(MAX_DEPTH) + "}",
    "a number past a float": '{"transition": "make_contact", "x": 1e400}',
    "NaN": '{"transition": "make_contact", "x": NaN}',
    "an integer of 5000 digits": '{"transition": "reject", "reason": "duplicate", "duplicate_of": ' + "9" * 5000 + "}",
    "not UTF-8": b'{"transition": "make_contact", "note": "\xff\xfe"}',
}


@pytest.mark.parametrize("body", CRAFTED.values(), ids=CRAFTED.keys())
def test_it_refuses_crafted_json_on_transitions_with_a_400(send, project, bob_key, body, snapshot):
    before = snapshot(project)

    response = send(transitions(project), body, bob_key)

    assert_error(response, 400, "parse_error")
    assert snapshot(project) == before


@pytest.mark.parametrize("body", CRAFTED.values(), ids=CRAFTED.keys())
def test_it_refuses_crafted_json_on_leads_with_a_400(send, partner_key, body):
    response = send(LEADS, body, partner_key, HTTP_IDEMPOTENCY_KEY="crafted-1")

    assert_error(response, 400, "parse_error")
    assert not Project.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "last_name", "message", "referrer", "summary", "current_city"])
def test_it_refuses_a_lone_surrogate_in_any_lead_field(send, partner_key, field):
    body = json.dumps({**LEAD, field: "Ro\ud800ux"})  # ensure_ascii: written as the escape \ud800

    response = send(LEADS, body, partner_key, HTTP_IDEMPOTENCY_KEY="crafted-2")

    error = assert_error(response, 400, "parse_error")
    assert "\ud800" not in error["message"]
    assert not Project.objects.exists()


def test_it_takes_a_valid_surrogate_pair(send, partner_key):
    body = json.dumps({**LEAD, "first_name": "Camille 😀"})
    assert "\\ud83d\\ude00" in body  # a valid pair, escaped: it decodes to one character

    response = send(LEADS, body, partner_key)

    assert response.status_code == 202, response.content
    assert Project.objects.get().contact.first_name == "Camille 😀"


def test_it_parses_nesting_up_to_the_limit_and_names_the_limit_past_it(send, project, bob_key):
    at_limit = send(transitions(project), '{"transition": "make_contact", "x": ' + deep(MAX_DEPTH - 1) + "}", bob_key)
    past = send(transitions(project), '{"transition": "make_contact", "x": ' + deep(MAX_DEPTH) + "}", bob_key)

    assert assert_error(at_limit, 400, "invalid_field")["details"]["field"] == "x"  # parsed, then refused as usual
    assert str(MAX_DEPTH) in assert_error(past, 400, "parse_error")["message"]


def test_it_fingerprints_any_body_without_error():
    # The parser keeps lone surrogates out, but the fingerprint must not depend on it.
    assert request_fingerprint({"a": "\ud800"}) != request_fingerprint({"a": "\ud801"})
    assert request_fingerprint({"b": 1, "a": "é"}) == request_fingerprint({"a": "é", "b": 1})


# --- property: whatever JSON comes, never a 500 -----------------------------------------

SPECIAL = ["\ud800", "\udbff", "\udc00", "\udfff", "\x00", "é", "😀", "\u202e", "'", '"', "%", "{"]
# Joined by hand: st.text() would leave lone surrogates out.
text = st.lists(st.sampled_from(SPECIAL) | st.characters(), max_size=12).map("".join)
scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | text
)
values = st.recursive(
    scalars, lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)


def overrides(names):
    """A few of the body's fields (or odd keys) set to any JSON value, strings most often."""
    return st.dictionaries(st.sampled_from(names) | text, text | values, max_size=4)


def assert_never_a_crash(response):
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json"), response.content
    if response.status_code >= 400:
        assert_error(response, response.status_code)


def fresh_project(referent):
    """A new project per example: a state reached by an earlier example would refuse most transitions
    before their fields are read."""
    contact = Contact.objects.create(first_name="Fuzz", last_name="Test", email=f"{uuid.uuid4().hex}@example.org")
    return project_create(contact=contact, source=Source.WEBSITE, referent=referent)


FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(body=overrides([*LEAD, "needs", "children_ages", "event", "target_commune", "target_epci", "horizon",
                       "territory_choice", "phone", "has_partner"]))
def test_it_never_crashes_on_a_generated_lead(no_throttle, send, partner_key, alice_key, body):
    for key in (partner_key, alice_key):
        # A key per call: the body is new each time (a reused key would stop at the fingerprint).
        assert_never_a_crash(send(LEADS, json.dumps({**LEAD, **body}), key, HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex))


@FUZZ
@given(transition=st.sampled_from(["make_contact", "qualify", "pause", "reject", "abandon", "confirm_move",
                                   "teleport"]),
       body=overrides(["note", "expected_state", "segment", "needs", "target_epci", "target_commune", "move_date",
                       "reason", "resume_on", "duplicate_of", "installed_on"]))
def test_it_never_crashes_on_a_generated_transition(no_throttle, send, bob, bob_key, transition, body):
    project = fresh_project(bob.referent)
    assert_never_a_crash(send(transitions(project), json.dumps({"transition": transition, **body}), bob_key))


@FUZZ
@given(body=values, nesting=st.integers(min_value=0, max_value=5_000))
def test_it_never_crashes_on_any_json_value(no_throttle, send, project, bob_key, partner_key, body, nesting):
    text = "[" * nesting + json.dumps(body) + "]" * nesting
    assert_never_a_crash(send(transitions(project), text, bob_key))
    assert_never_a_crash(send(LEADS, text, partner_key))
