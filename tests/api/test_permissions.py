"""Who may call each endpoint: a partner key, the project's referent (Bob),
another referent (Charlie), a coordinator (Alice), and nobody."""

import pytest

from onboarding.models import Project
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error
from tests.api.test_leads import lead

ERROR_CODES = {401: "not_authenticated", 403: "permission_denied", 404: "not_found"}

MATRIX = {
    # endpoint: {caller: status}
    "leads": {"partner": 202, "bob": 403, "charlie": 403, "alice": 201, "anonymous": 401},
    "list": {"partner": 403, "bob": 200, "charlie": 200, "alice": 200, "anonymous": 401},
    "detail": {"partner": 403, "bob": 200, "charlie": 404, "alice": 200, "anonymous": 401},
    "history": {"partner": 403, "bob": 200, "charlie": 404, "alice": 200, "anonymous": 401},
    "transitions": {"partner": 403, "bob": 200, "charlie": 404, "alice": 200, "anonymous": 401},
}


def _call(client, endpoint, project):
    if endpoint == "leads":
        return client.post("/api/v1/leads/", lead(email="nouvelle@example.org"), format="json")
    if endpoint == "transitions":
        return client.post(f"/api/v1/projects/{project.pk}/transitions/", {"transition": "make_contact"},
                           format="json")
    path = {"list": "", "detail": f"{project.pk}/", "history": f"{project.pk}/history/"}[endpoint]
    return client.get(f"/api/v1/projects/{path}")


@pytest.mark.parametrize(
    "endpoint, caller, status",
    [(endpoint, caller, status) for endpoint, row in MATRIX.items() for caller, status in row.items()],
)
def test_permission_matrix(as_, project, territory, endpoint, caller, status):
    state_before = project.state
    projects_before = Project.objects.count()

    response = _call(as_(caller), endpoint, project)

    if status >= 400:
        assert_error(response, status, ERROR_CODES[status])
        assert Project.objects.count() == projects_before
        assert Project.objects.get(pk=project.pk).state == state_before
    else:
        assert response.status_code == status, response.content


def test_the_list_holds_only_what_the_caller_may_see(as_, project):
    assert [p["id"] for p in as_("bob").get("/api/v1/projects/").json()["results"]] == [project.pk]
    assert as_("charlie").get("/api/v1/projects/").json()["results"] == []
    assert [p["id"] for p in as_("alice").get("/api/v1/projects/").json()["results"]] == [project.pk]
