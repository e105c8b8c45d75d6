"""Staff reads on the workspace's pages: each one is a row of the access log,
written in one INSERT; the project page's "Consultations" section shows them
to the coordinators of the project's network, and to nobody else."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import AccessLog, Contact
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.network_world import *  # noqa: F403

pytestmark = pytest.mark.django_db

WITHOUT_THE_LOG = [name for name in settings.MIDDLEWARE if name != "crm.middleware.AccessLogMiddleware"]


def _statements(queries):
    """What the database was asked, without the savepoints a test's own
    transaction adds (in production the insert runs in autocommit: no savepoint)."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def _page(project):
    return reverse("project_detail", args=[project.pk])


def test_a_referents_read_is_shown_to_the_coordinator(client, alice, bob, project):
    client.force_login(bob)
    assert client.get(_page(project)).status_code == 200

    row = AccessLog.objects.get()
    assert (row.user, row.kind, row.project_id, row.network_id, row.path) == (
        bob, "project_page", project.pk, project.network_id, _page(project))
    client.force_login(alice)
    page = client.get(_page(project))
    assert page.context["access_log"] == [row]
    assert 'id="access-log-title"' in page.text
    assert "Bob Durand" in page.text
    assert f"?project_id={project.pk}" in page.text


def test_the_referent_does_not_see_who_read_their_project(client, alice, bob, project):
    client.force_login(alice)
    client.get(_page(project))
    client.force_login(bob)
    page = client.get(_page(project))
    assert page.context["access_log"] is None
    assert 'id="access-log-title"' not in page.text
    assert "Alice Martin" not in page.text


def test_another_networks_coordinator_sees_none_of_it(client, world):
    client.force_login(world.bob)
    client.get(_page(world.project_a))
    client.force_login(world.dora)
    assert client.get(_page(world.project_a)).status_code == 404  # not even the project
    # Her own network's project page shows her network's reads only.
    page = client.get(_page(world.project_b))
    assert [row.project_id for row in page.context["access_log"]] == [world.project_b.pk]
    assert "Bob Durand" not in page.text
    listing = client.get(reverse("admin:crm_accesslog_changelist"))
    assert world.bob.username not in {row.username for row in listing.context["cl"].result_list}


def test_the_project_page_costs_exactly_one_insert_more(bob, project):
    def count(client):
        client.force_login(bob)
        client.get(_page(project))  # the session and caches warmed alike for both counts
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_page(project)).status_code == 200
        # Read now: the next request's start empties the connection's log.
        return list(queries.captured_queries)

    with_log = count(Client())
    with override_settings(MIDDLEWARE=WITHOUT_THE_LOG):
        without = count(Client())  # a client loads the middleware at its first request

    def inserts(queries):
        return [sql for sql in _statements(queries) if sql.startswith('INSERT INTO "crm_accesslog"')]

    assert len(_statements(with_log)) == len(_statements(without)) + 1
    assert (len(inserts(with_log)), len(inserts(without))) == (1, 0)


def test_a_list_of_many_projects_is_one_row_and_one_insert(client, alice, bob):
    for number in range(12):
        contact = Contact.objects.create(first_name="P", last_name=f"Roux{number}", email=f"p{number}@example.org")
        project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("project_index"), {"q": "Roux", "state": "new"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12
    inserts = [sql for sql in _statements(queries) if sql.startswith('INSERT INTO "crm_accesslog"')]
    assert len(inserts) == 1
    row = AccessLog.objects.get()
    assert (row.kind, row.project_id, row.network_id) == ("project_list", None, None)
    assert row.what == {"q": "Roux", "state": "new"}


def test_the_edit_form_is_a_read_of_the_project(client, bob, project):
    client.force_login(bob)
    assert client.get(reverse("project_edit", args=[project.pk])).status_code == 200
    assert AccessLog.objects.get().project_id == project.pk


def test_a_refused_read_is_not_logged(client, charlie, project):
    client.force_login(charlie)
    assert client.get(_page(project)).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_failing_insert_does_not_break_the_page(client, bob, project, caplog):
    client.force_login(bob)
    with connection.cursor() as cursor:
        cursor.execute('ALTER TABLE "crm_accesslog" RENAME TO "crm_accesslog_away"')
    response = client.get(_page(project))
    assert response.status_code == 200
    assert "Camille Roux" in response.text
    assert "access log: 1 entries not written" in caplog.text


def test_the_section_shows_the_last_50_newest_first(client, alice, bob, project):
    AccessLog.objects.bulk_create([
        AccessLog(user=bob, username="bob", kind=AccessLog.Kind.PROJECT_PAGE, project_id=project.pk,
                  network_id=project.network_id, path="/")
        for _ in range(60)
    ])
    client.force_login(alice)
    rows = client.get(_page(project)).context["access_log"]
    assert len(rows) == 50
    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)


def test_the_section_costs_the_same_queries_for_one_read_or_fifty(alice, bob, charlie, project):
    def reads(n):
        AccessLog.objects.all().delete()
        AccessLog.objects.bulk_create([
            AccessLog(user=(bob, charlie)[i % 2], username="x", kind=AccessLog.Kind.PROJECT_PAGE,
                      project_id=project.pk, network_id=project.network_id, path="/")
            for i in range(n)
        ])
        client = Client()
        client.force_login(alice)
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(_page(project)).context["access_log"]) == n
        return len(_statements(queries.captured_queries))

    assert reads(1) == reads(50)


@pytest.mark.django_db(transaction=True)
def test_outside_a_test_transaction_the_read_is_one_statement(bob, project):
    # As in production (autocommit): no savepoint, the INSERT alone.
    def count(client):
        client.force_login(bob)
        client.get(_page(project))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_page(project)).status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    with_log = count(Client())
    with override_settings(MIDDLEWARE=WITHOUT_THE_LOG):
        without = count(Client())
    assert len(with_log) == len(without) + 1
    assert with_log[-1].startswith('INSERT INTO "crm_accesslog"')
