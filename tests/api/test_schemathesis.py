"""Bad input never gives a 500: schemathesis drives every operation of the
API's own schema through the WSGI application, with valid and invalid
generated input, as a coordinator.

It fails on a server error or on any answer that its schema does not
describe (status code, content type, body, headers).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import ApiToken
from config.wsgi import application
from crm.models import Contact
from onboarding.services.projects import project_create
from onboarding.states import Source, State
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import make_token

EXAMPLES_PER_OPERATION = 50
MIN_CASES_PER_OPERATION = 30  # six operations: a few hundred cases in all
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Served by the application itself (no database needed to build it).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def fuzz(db, settings, alice, bob, walk_to, territory):
    """A coordinator's key, a few real projects, a counter of the cases run."""
    # Hundreds of calls with one key: the rate limit is not under test here.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: None for scope in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
    }
    ids = []
    for i, state in enumerate([State.NEW, State.CONTACTED, State.QUALIFIED, State.ON_HOLD, State.ABANDONED]):
        contact = Contact.objects.create(first_name=f"Test{i}", last_name="Fuzz", email=f"fuzz{i}@example.org")
        project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)
        walk_to(project, state)
        ids.append(project.pk)
    context = {"key": make_token(ApiToken.Kind.STAFF, alice)[1], "ids": ids, "count": 0}
    # As Django's test client does: the request signals must not close the
    # connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield context
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert context["count"] >= MIN_CASES_PER_OPERATION, f"only {context['count']} generated cases ran"


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_never_fails_and_always_answers_as_documented(case, fuzz):
    project_id = (case.path_parameters or {}).get("id")
    if isinstance(project_id, int) and not isinstance(project_id, bool) and project_id % 3 == 0:
        # One integer id in three becomes a real project's, derived from the generated value.
        case.path_parameters["id"] = fuzz["ids"][project_id % len(fuzz["ids"])]
    fuzz["count"] += 1
    case.call_and_validate(headers={"Authorization": f"Token {fuzz['key']}"}, checks=CHECKS)
