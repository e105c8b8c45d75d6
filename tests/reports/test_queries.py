"""The report costs a fixed number of queries, whatever the number of projects,
and an export of figures already computed (same filters, scope, data) none of the report's."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import Contact, Event, Need, Segment
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.states import Source
from reports.committee_pdf import report_pdf_build
from reports.models import ReportPdf
from reports.selectors import REPORT_QUERIES

from .pdf_flow import pdf_ask

pytestmark = pytest.mark.django_db

# The reader's scope in the cache key (onboarding.access.visibility_key):
# their networks; a referent's teams besides.
SCOPE_KEY_QUERIES = 1
# Session, user, the coordinator check, the scope key, the report's queries and
# the six lists of the filter form (départements, EPCI, segments, needs, events, referents).
PAGE_QUERIES = 3 + SCOPE_KEY_QUERIES + REPORT_QUERIES + 6
# A referent adds their profile and their teams (the visibility rule), and their teams in the key.
REFERENT_PAGE_QUERIES = PAGE_QUERIES + 2 + 1
# An export adds its access-log row: one INSERT, inside a savepoint in a
# test's transaction (SAVEPOINT, INSERT, RELEASE); one INSERT in production.
ACCESS_LOG_QUERIES = 3
JSON_QUERIES = 3 + SCOPE_KEY_QUERIES + REPORT_QUERIES + ACCESS_LOG_QUERIES
# The same figures again (reports.cache): not one of the report's queries.
CACHED_EXPORT_QUERIES = 3 + SCOPE_KEY_QUERIES + ACCESS_LOG_QUERIES

PATHS = [
    [],
    ["make_contact"],
    ["make_contact", "qualify", "pause"],
    ["make_contact", "qualify", "confirm_move", "mark_installed"],
    ["make_contact", "abandon", "reopen"],
    ["reject"],
]


def build(size, *, alice, bob, territory):
    event = Event.objects.create(name="Forum", place="Cahors", starts_on=datetime.date(2025, 5, 1),
                                 ends_on=datetime.date(2025, 5, 1))
    segments = list(Segment.objects.all())
    needs = list(Need.objects.all())
    installed_on = datetime.date.today() - datetime.timedelta(days=10)
    fields = {
        "pause": {"reason": "Attente"}, "abandon": {"reason": "job"}, "reject": {"reason": "spam"},
        # A planned move may not be in the past (onboarding conditions).
        "confirm_move": {"move_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()},
        "mark_installed": {"installed_commune": territory["commune"].insee, "installed_on": installed_on.isoformat()},
    }
    for i in range(size):
        contact = Contact.objects.create(first_name=f"N{i}", last_name="Q", email=f"n{i}@example.org")
        project = project_create(
            contact=contact, source=Source.EVENT if i % 3 == 0 else Source.WEBSITE, referent=bob.referent,
            segment=segments[i % len(segments)], needs=needs[i % 5: i % 5 + 2], target_commune=territory["commune"],
            target_epci=territory["epci"], event=event if i % 3 == 0 else None,
        )
        for name in PATHS[i % len(PATHS)]:
            project_transition(project=project, transition=name, user=alice, fields=fields.get(name))


@pytest.mark.parametrize("size", [5, 50])
def test_the_page_runs_a_fixed_number_of_queries(client, alice, bob, territory, django_assert_num_queries, size):
    build(size, alice=alice, bob=bob, territory=territory)
    client.force_login(alice)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("report"))
    assert response.status_code == 200
    assert response.context["tables"]["etats"].total["projects"] == size


@pytest.mark.parametrize("size", [5, 50])
def test_a_referents_page_runs_a_fixed_number_of_queries(client, alice, bob, territory, django_assert_num_queries,
                                                          size):
    build(size, alice=alice, bob=bob, territory=territory)
    client.force_login(bob)
    with django_assert_num_queries(REFERENT_PAGE_QUERIES):
        response = client.get(reverse("report"))
    assert response.context["tables"]["etats"].total["projects"] == size


@pytest.mark.parametrize("size", [5, 50])
def test_the_first_export_computes_the_report_and_the_next_ones_reuse_it(client, alice, bob, territory,
                                                                          django_assert_num_queries, size):
    build(size, alice=alice, bob=bob, territory=territory)
    client.force_login(alice)
    with django_assert_num_queries(JSON_QUERIES):
        assert client.get(reverse("report_data")).status_code == 200
    for url in (reverse("report_workbook"), reverse("report_table_export", args=["durees", "csv"]),
                reverse("report_table_export", args=["etats", "xlsx"]), reverse("report_data")):
        with django_assert_num_queries(CACHED_EXPORT_QUERIES):
            assert client.get(url).status_code == 200
    # The page (with its filter form's six lists) and the committee PDF read the same entry.
    with django_assert_num_queries(CACHED_EXPORT_QUERIES - ACCESS_LOG_QUERIES + 6):
        assert client.get(reverse("report")).status_code == 200
    with mock.patch("crm.queue.publish"):  # asked for only: built below
        row = pdf_ask(client, {})
    with CaptureQueriesContext(connection) as built:
        report_pdf_build(pdf_id=row.pk)
    assert ReportPdf.objects.get().status == ReportPdf.Status.READY
    report_tables = [sql for sql in (query["sql"] for query in built.captured_queries) if "onboarding_project" in sql]
    assert report_tables == []


@pytest.mark.parametrize("size", [5, 50])
def test_each_filter_adds_only_its_own_look_up(client, alice, bob, territory, django_assert_num_queries, size):
    build(size, alice=alice, bob=bob, territory=territory)
    client.force_login(alice)
    params = {"departement": territory["departement"].pk, "epci": territory["epci"].pk,
              "segment": Segment.objects.first().pk, "need": Need.objects.first().pk, "source": "event",
              "event": Event.objects.get().pk, "referent": bob.referent.pk}
    with django_assert_num_queries(JSON_QUERIES + 6):  # the source is a choice, not a look-up
        assert client.get(reverse("report_data"), params).status_code == 200
