"""One JSON error body everywhere, and the schema and its documentation page."""

import pytest

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
