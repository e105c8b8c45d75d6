"""The access log's own rules: written after a success only, in one INSERT,
never at the page's expense; kept ACCESS_LOG_RETENTION_DAYS to the second;
read by the coordinators of the networks it is about; declared in the
personal-data registry."""

import datetime
import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.access_log import access_log_flush, access_log_purge, access_record
from crm.models import AccessLog, Network
from crm.personal_data import Person, PersonKind, declarations, is_declared
from crm.scope import scoped
from crm.tasks import purge_access_log
from tests.network_world import *  # noqa: F403

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 30, 12, 0))


def _request(user, path="/equipe/projets/1/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _row(at, **fields):
    fields.setdefault("username", "bob")
    fields.setdefault("kind", AccessLog.Kind.PROJECT_PAGE)
    fields.setdefault("path", "/equipe/projets/1/")
    return AccessLog.objects.create(at=at, **fields)


def _statements(queries):
    """What the database was asked, without the savepoints a test's own transaction adds."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


# Writing.

def test_it_writes_every_entry_of_a_request_in_one_insert(bob, project):
    request = _request(bob)
    access_record(request, AccessLog.Kind.PROJECT_PAGE, project=project)
    access_record(request, AccessLog.Kind.KIT_DOWNLOAD, project=project, what={"kit": 3})

    with CaptureQueriesContext(connection) as queries:
        assert access_log_flush(request, HttpResponse(status=200)) == 2

    statements = _statements(queries)
    assert len(statements) == 1 and statements[0].startswith('INSERT INTO "crm_accesslog"')
    rows = list(AccessLog.objects.order_by("pk").values("user", "username", "kind", "project_id", "network", "what"))
    assert rows == [
        {"user": bob.pk, "username": "bob", "kind": "project_page", "project_id": project.pk,
         "network": project.network_id, "what": {}},
        {"user": bob.pk, "username": "bob", "kind": "kit_download", "project_id": project.pk,
         "network": project.network_id, "what": {"kit": 3}},
    ]


@pytest.mark.parametrize(("status", "written"), [
    (200, 1), (204, 1), (299, 1), (302, 0), (304, 0), (400, 0), (403, 0), (404, 0), (500, 0),
])
def test_only_a_successful_answer_is_logged(bob, project, status, written):
    request = _request(bob)
    access_record(request, AccessLog.Kind.PROJECT_PAGE, project=project)
    access_log_flush(request, HttpResponse(status=status))
    assert AccessLog.objects.count() == written


def test_a_request_that_read_nothing_costs_no_query(bob):
    with CaptureQueriesContext(connection) as queries:
        assert access_log_flush(_request(bob), HttpResponse()) == 0
    assert len(queries) == 0


def test_an_anonymous_request_is_not_logged(project):
    from django.contrib.auth.models import AnonymousUser

    request = _request(AnonymousUser())
    access_record(request, AccessLog.Kind.PROJECT_PAGE, project=project)
    assert access_log_flush(request, HttpResponse()) == 0
    assert not AccessLog.objects.exists()


def test_a_failed_insert_is_logged_and_the_transaction_goes_on(bob, project, caplog):
    request = _request(bob)
    access_record(request, AccessLog.Kind.PROJECT_LIST, what={"q": "Roux"})
    with connection.cursor() as cursor:
        cursor.execute('ALTER TABLE "crm_accesslog" RENAME TO "crm_accesslog_away"')
    with caplog.at_level(logging.ERROR, logger="crm.access_log"):
        assert access_log_flush(request, HttpResponse()) == 0

    assert "access log: 1 entries not written" in caplog.text
    assert "bob" not in caplog.text and "Roux" not in caplog.text  # logs carry counts, not people
    # The savepoint took the failure: the request's transaction is still usable.
    assert User.objects.filter(pk=bob.pk).exists()


def test_the_path_is_cut_to_its_column_and_the_query_string_left_out(bob, project):
    request = _request(bob, "/equipe/projets/?q=Roux")
    access_record(request, AccessLog.Kind.PROJECT_LIST, what={"q": "Roux"})
    request.path = "/" + "x" * 400
    access_record(request, AccessLog.Kind.PROJECT_LIST)
    access_log_flush(request, HttpResponse())
    assert sorted(len(path) for path in AccessLog.objects.values_list("path", flat=True)) == [len("/equipe/projets/"), 300]
    assert not AccessLog.objects.filter(path__contains="Roux").exists()


# Retention: kept ACCESS_LOG_RETENTION_DAYS to the second, then deleted.

@pytest.mark.parametrize(("age", "kept"), [
    (datetime.timedelta(days=0), True),
    (datetime.timedelta(days=182), True),
    (datetime.timedelta(days=183), True),  # exactly the retention period
    (datetime.timedelta(days=183, seconds=1), False),
    (datetime.timedelta(days=184), False),
    (datetime.timedelta(days=800), False),
])
def test_the_purge_keeps_183_days_exactly(age, kept):
    assert settings.ACCESS_LOG_RETENTION_DAYS == 183
    row = _row(NOW - age)
    access_log_purge(now=NOW)
    assert AccessLog.objects.filter(pk=row.pk).exists() is kept


def test_the_purge_follows_the_setting(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    young, old = _row(NOW - datetime.timedelta(days=30)), _row(NOW - datetime.timedelta(days=31))
    assert access_log_purge(now=NOW) == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [young.pk]
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_purge_deletes_in_batches_and_a_second_run_does_nothing():
    for day in range(7):
        _row(NOW - datetime.timedelta(days=200 + day))
    recent = _row(NOW - datetime.timedelta(days=1))

    with CaptureQueriesContext(connection) as queries:
        assert access_log_purge(now=NOW, batch_size=3) == 7
    deletes = [sql for sql in _statements(queries) if sql.startswith("DELETE")]
    assert len(deletes) == 3  # 3 + 3 + 1
    assert access_log_purge(now=NOW, batch_size=3) == 0
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_nightly_task_purges_and_is_in_the_beat_schedule():
    _row(timezone.now() - datetime.timedelta(days=184))
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
               if entry["task"] == "crm.tasks.purge_access_log"]
    assert len(entries) == 1
    assert purge_access_log.delay().get() == 1
    assert not AccessLog.objects.exists()


# Who reads it.

def test_a_coordinator_reads_their_networks_rows_only(world):
    theirs = world.b_rows.access  # Eve's read of the Lot-et-Garonne project
    mine = _row(NOW, user=world.bob, project_id=world.project_a.pk, network=world.a)
    assert set(scoped(AccessLog.objects.all(), world.alice)) == {mine}
    assert set(scoped(AccessLog.objects.all(), world.dora)) == {theirs}


def test_a_list_read_belongs_to_the_networks_of_whoever_read_it(world):
    bobs_list = _row(NOW, user=world.bob, username="bob", kind=AccessLog.Kind.PROJECT_LIST)
    eves_export = _row(NOW, user=world.eve, username="eve", kind=AccessLog.Kind.REPORT_EXPORT)
    assert bobs_list in scoped(AccessLog.objects.all(), world.alice)
    assert eves_export not in scoped(AccessLog.objects.all(), world.alice)
    # Somebody working for both networks read both networks' projects: both coordinators see it.
    world.b.members.add(world.bob)
    assert bobs_list in scoped(AccessLog.objects.all(), world.dora)


def test_the_admin_list_is_read_only_and_of_the_coordinators_networks(client, world):
    mine = _row(NOW, user=world.bob, project_id=world.project_a.pk, network=world.a)
    client.force_login(world.alice)
    listing = client.get(reverse("admin:crm_accesslog_changelist"), {"project_id": world.project_a.pk})
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [mine.pk]
    assert client.get(reverse("admin:crm_accesslog_add")).status_code == 403
    assert client.post(reverse("admin:crm_accesslog_delete", args=[mine.pk])).status_code == 403
    change = client.post(reverse("admin:crm_accesslog_change", args=[mine.pk]), {"username": "quelqu'un"})
    assert change.status_code == 403
    mine.refresh_from_db()
    assert mine.username == "bob"


@pytest.mark.parametrize("search", ["bob", str(1), "pas un nombre"])
def test_the_admin_search_takes_a_name_or_a_project_number(client, world, search):
    _row(NOW, user=world.bob, project_id=1, network=world.a)
    client.force_login(world.alice)
    assert client.get(reverse("admin:crm_accesslog_changelist"), {"q": search}).status_code == 200


def test_a_referent_has_no_admin_list(client, world):
    client.force_login(world.bob)
    response = client.get(reverse("admin:crm_accesslog_changelist"))
    assert response.status_code in (302, 403)


def test_an_account_deleted_leaves_its_reads_with_its_name(alice, project):
    row = _row(NOW, user=alice, username="alice", project_id=project.pk, network=project.network)
    alice.delete()
    row.refresh_from_db()
    assert (row.user_id, row.username) == (None, "alice")


# The personal-data registry.

def _declaration(kind):
    return next(d for d in declarations(kind) if d.model is AccessLog)


def test_it_is_declared_for_staff_and_prospects():
    assert is_declared(AccessLog)
    # An agent's reads are the institution's record: kept until the purge.
    assert _declaration(PersonKind.STAFF).erase == "keep"
    # Before the declarations that blank the contact (the default order):
    # the erasure looks for the person's name in the filters.
    assert _declaration(PersonKind.PROSPECT).order < 100


def test_erasing_a_prospect_blanks_the_filters_that_name_them_and_keeps_the_reads(alice, bob, project, contact):
    page = _row(NOW, user=bob, project_id=project.pk, network=project.network, kind=AccessLog.Kind.KIT_DOWNLOAD,
                what={"kit": 1, "version": 2})
    search = _row(NOW, user=alice, kind=AccessLog.Kind.PROJECT_LIST, what={"q": "roux", "state": "new"})
    by_mail = _row(NOW, user=alice, kind=AccessLog.Kind.API_PROJECT_LIST, what={"q": "CAMILLE.ROUX@example.org"})
    other = _row(NOW, user=alice, kind=AccessLog.Kind.PROJECT_LIST, what={"q": "Martin"})
    export = _row(NOW, user=alice, kind=AccessLog.Kind.REPORT_EXPORT, what={"format": "csv", "start": "2026-01-01"})
    person = Person(kind=PersonKind.PROSPECT, ids=(contact.pk,), project_ids=(project.pk,),
                    emails=(contact.email.lower(),))
    declaration = _declaration(PersonKind.PROSPECT)

    declaration.erase(declaration.rows(person), person)

    whats = dict(AccessLog.objects.values_list("pk", "what"))
    assert whats == {page.pk: {}, search.pk: {}, by_mail.pk: {}, other.pk: {"q": "Martin"},
                     export.pk: {"format": "csv", "start": "2026-01-01"}}
    page.refresh_from_db()
    assert (page.user_id, page.project_id, page.kind) == (bob.pk, project.pk, "kit_download")


def test_a_prospect_is_told_when_their_project_was_read_not_by_whom(bob, project, contact):
    _row(NOW, user=bob, project_id=project.pk, network=project.network)
    _row(NOW, user=bob, project_id=project.pk + 1000, network=project.network)
    person = Person(kind=PersonKind.PROSPECT, ids=(contact.pk,), project_ids=(project.pk,))
    declaration = _declaration(PersonKind.PROSPECT)

    exported = declaration.export(declaration.rows(person), person)

    assert exported == [{"at": NOW.isoformat(), "kind": "Page d'un projet"}]


def test_an_agents_reads_are_found_by_their_account(bob, alice, project):
    mine = _row(NOW, user=bob, project_id=project.pk, network=project.network)
    _row(NOW, user=alice, project_id=project.pk, network=project.network)
    declaration = _declaration(PersonKind.STAFF)
    person = Person(kind=PersonKind.STAFF, ids=(bob.pk,))
    assert list(declaration.rows(person)) == [mine]


def test_the_network_of_a_read_is_the_projects(world):
    request = _request(world.dora)
    access_record(request, AccessLog.Kind.PROJECT_PAGE, project=world.project_b)
    access_log_flush(request, HttpResponse())
    assert AccessLog.objects.get(user=world.dora).network == Network.objects.get(slug="lot-et-garonne")


def test_the_admin_filters_by_account_kind_and_date(client, world):
    bobs = _row(NOW, user=world.bob, project_id=world.project_a.pk, network=world.a)
    _row(NOW, user=world.alice, username="alice", project_id=world.project_a.pk, network=world.a)
    _row(NOW - datetime.timedelta(days=40), user=world.bob, kind=AccessLog.Kind.REPORT_EXPORT)
    client.force_login(world.alice)
    listing = client.get(reverse("admin:crm_accesslog_changelist"), {
        "user__id__exact": world.bob.pk, "kind__exact": "project_page",
        "at__year": NOW.year, "at__month": NOW.month, "at__day": NOW.day,
    })
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [bobs.pk]
    # The account filter offers the readers of the coordinator's networks only.
    assert world.eve.pk not in {pk for pk, _name in listing.context["cl"].filter_specs[1].lookup_choices}
