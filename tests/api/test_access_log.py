"""The API's reads of personal data are in the access log, under the key's
account: a project, its history, a list (with its filter); a refused call is not."""

import pytest

from crm.models import AccessLog
from tests.api.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "kind"), [
    ("/api/v1/projects/{pk}/", "api_project"),
    ("/api/v1/projects/{pk}/history/", "api_history"),
])
def test_a_project_read_by_key_is_logged_under_its_account(as_, bob, project, path, kind):
    assert as_("bob").get(path.format(pk=project.pk)).status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.username, row.kind, row.project_id, row.network_id) == (
        bob, "bob", kind, project.pk, project.network_id)
    assert row.path == path.format(pk=project.pk)


def test_a_list_is_one_row_with_its_filter(as_, alice, project):
    response = as_("alice").get("/api/v1/projects/", {"q": "Roux", "state": "new"})
    assert response.status_code == 200 and response.json()["count"] == 1
    row = AccessLog.objects.get()
    assert (row.user, row.kind, row.project_id, row.what) == (alice, "api_project_list", None,
                                                              {"q": "Roux", "state": "new"})


@pytest.mark.parametrize(("who", "status"), [("charlie", 404), ("partner", 403), ("anonymous", 401)])
def test_a_refused_read_is_not_logged(as_, project, who, status):
    assert as_(who).get(f"/api/v1/projects/{project.pk}/").status_code == status
    assert not AccessLog.objects.exists()


def test_a_session_read_is_logged_too(client, bob, project):
    client.force_login(bob)
    assert client.get(f"/api/v1/projects/{project.pk}/").status_code == 200
    assert AccessLog.objects.get().user == bob
