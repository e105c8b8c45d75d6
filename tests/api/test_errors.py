"""One JSON error body everywhere, and the schema and its documentation page."""

import json

import pytest
from django.test import Client

from onboarding.models import Project
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error


@pytest.mark.parametrize(
    "who, method, path, body, content_type, status, code",
    [
        ("alice", "post", "/api/v1/projects/{id}/transitions/", "{not json", "application/json", 400, "parse_error"),
        ("alice", "post", "/api/v1/projects/{id}/transitions/", "[]", "application/json", 400, "invalid"),
        ("anonymous", "get", "/api/v1/projects/", None, None, 401, "not_authenticated"),
        ("partner", "get", "/api/v1/projects/{id}/", None, None, 403, "permission_denied"),
        ("charlie", "get", "/api/v1/projects/{id}/", None, None, 404, "not_found"),
        ("alice", "get", "/api/v1/nowhere/", None, None, 404, "not_found"),
        ("anonymous", "post", "/api/v2/projects/", "{}", "application/json", 404, "not_found"),
        ("alice", "get", "/api/v1/projects/{id}/transitions/", None, None, 405, "method_not_allowed"),
        ("alice", "delete", "/api/v1/projects/{id}/", None, None, 405, "method_not_allowed"),
        ("alice", "post", "/api/v1/projects/{id}/transitions/", "transition=make_contact",
         "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_it_answers_every_error_with_one_shape(as_, project, who, method, path, body, content_type, status, code):
    client = as_(who)
    kwargs = {} if body is None else {"data": body, "content_type": content_type}

    response = getattr(client, method)(path.format(id=project.pk), **kwargs)

    assert_error(response, status, code)


def test_it_answers_a_conflict_with_the_same_shape(as_, project, walk_to):
    walk_to(project, "contacted")

    response = as_("bob").post(f"/api/v1/projects/{project.pk}/transitions/", {"transition": "make_contact"},
                               format="json")

    assert_error(response, 409, "not_allowed_from_state")


def test_it_serves_the_openapi_schema_to_anyone(api, db):
    response = api.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/leads/", "/api/v1/projects/", "/api/v1/projects/{id}/", "/api/v1/projects/{id}/history/",
            "/api/v1/projects/{id}/transitions/"} <= set(schema["paths"])


def test_it_serves_the_documentation_page_with_local_assets(api, db):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


# --- errors that Django answers itself: the same envelope, never an HTML page ------------

def test_it_answers_a_bug_with_a_json_500(monkeypatch, project, bob_key, caplog):
    def broken(project):
        raise RuntimeError("a bug in the timeline")

    monkeypatch.setattr("api.views.project_timeline", broken)
    client = Client(raise_request_exception=False)

    response = client.get(f"/api/v1/projects/{project.pk}/history/", HTTP_AUTHORIZATION=f"Token {bob_key}")

    assert_error(response, 500, "server_error")
    assert "a bug in the timeline" not in response.content.decode()
    assert any(record.exc_info and record.levelname == "ERROR" for record in caplog.records)  # still logged


def test_it_answers_an_oversized_body_with_a_json_413(settings, partner_key, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"first_name": "Camille", "last_name": "Roux", "email": "camille@example.org",
                       "consent": True, "message": "x" * 2_000})
    client = Client(raise_request_exception=False)

    response = client.post("/api/v1/leads/", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {partner_key}")

    assert_error(response, 413, "request_too_large")
    assert not Project.objects.exists()


def test_it_answers_a_request_django_refuses_before_the_api_with_json(db):
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/projects/", HTTP_HOST="attacker.example")  # not in ALLOWED_HOSTS

    assert_error(response, 400, "bad_request")


def test_it_leaves_the_documentation_page_in_html(api, db):
    response = api.get("/api/docs/")

    assert response["Content-Type"].startswith("text/html")
