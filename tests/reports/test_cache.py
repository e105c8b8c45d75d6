"""One computation of the report per filter set, reader's scope and data
version (reports.cache): what a second export reads is what a fresh
computation would say, whatever was written in between, and a reader never
gets figures computed over another reader's projects."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from crm.models import Segment
from onboarding.models import Project
from onboarding.services.journey import project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import project_create, project_update_details
from onboarding.services.routing import project_reassign
from onboarding.services.transfers import transfer_accept, transfer_propose
from onboarding.states import Source
from reports.cache import report_compute, report_for
from reports.filters import ReportFilters
from reports.services import report_target_set
from tests.onboarding.transfer_world import *  # noqa: F403  (lot, lg, diane, sending, moved...)

pytestmark = pytest.mark.django_db


def this_year():
    today = timezone.localdate()
    return ReportFilters(start=today - datetime.timedelta(days=365), end=today)


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.org", "password")


def assert_recomputed(reader, write, *, changes=lambda before, after: before != after):
    """The report read, `write` done, read again: the new read equals the
    from-scratch computation and shows the write."""
    filters = this_year()
    before = report_for(reader, filters)
    write()
    after = report_for(reader, filters)
    assert after == report_compute(reader, filters)
    assert changes(before, after)


def test_a_second_read_runs_no_report_query(root, project, django_assert_num_queries):
    filters = this_year()
    first = report_for(root, filters)
    with django_assert_num_queries(0):  # a superuser's scope key needs no query
        again = report_for(root, this_year())
    assert again == first == report_compute(root, filters)


def test_a_transition_is_read_by_the_next_report(root, project, bob):
    assert_recomputed(root, lambda: project_transition(project=project, transition="make_contact", user=bob),
                      changes=lambda b, a: (b["states"]["contacted"], a["states"]["contacted"]) == (0, 1))


def test_a_detail_edit_is_read_by_the_next_report(root, project, bob):
    segment = Segment.objects.order_by("pk").last()
    assert project.segment_id != segment.pk
    assert_recomputed(root, lambda: project_update_details(project=project, user=bob,
                                                           project_fields={"segment": segment}),
                      changes=lambda b, a: [r["segment"] for r in a["segments"]] == [segment.pk])


def test_a_reassignment_is_read_by_the_next_report(root, project, alice, charlie):
    def names(report):
        return [row["referent"] for row in report["referents"]]
    assert_recomputed(root, lambda: project_reassign(project=project, referent=charlie.referent, user=alice,
                                                     reason="Congé"),
                      changes=lambda b, a: names(a) == [charlie.referent.pk] and names(b) != names(a))


def test_an_erasure_is_read_by_the_next_report(root, project, contact, bob):
    assert_recomputed(root, lambda: contact_erase(contact=contact, user=bob),
                      changes=lambda b, a: (b["states"]["abandoned"], a["states"]["abandoned"]) == (0, 1))


def test_a_transfer_is_read_by_the_next_report(root, moved, bob, lg, diane, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the person is told: the transfer may be accepted
        transfer = transfer_propose(project=moved, user=bob, to_network=lg, reason="Part vivre à Agen")
    assert_recomputed(root, lambda: transfer_accept(transfer=transfer, user=diane),
                      changes=lambda b, a: a["states"]["new"] == b["states"]["new"] == 1
                      and a["abandons"] == {"transferred": 1} and not b["abandons"])


def test_a_new_project_is_read_by_the_next_report(root, project, contact):
    assert_recomputed(root, lambda: project_create(contact=contact, source=Source.EVENT),
                      changes=lambda b, a: (b["states"]["new"], a["states"]["new"]) == (1, 2))


def test_a_target_set_is_read_by_the_next_report(root, project, lot):
    year = timezone.localdate().year
    assert_recomputed(root, lambda: report_target_set(network=lot, year=year, installations=40),
                      changes=lambda b, a: a["targets"].get(year) == 40 and year not in b["targets"])


def test_a_write_after_the_commit_also_changes_the_version(root, project, bob, django_capture_on_commit_callbacks):
    """The second bump, after the commit, makes unreachable what a reader
    computed between the first bump and the commit."""
    from onboarding.data_version import data_version

    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="make_contact", user=bob)
        inside = data_version()
    assert data_version() not in (None, inside)


def test_two_scopes_never_share_an_entry(root, alice, bob, charlie, project, contact, lot):
    """Bob follows the project, Charlie follows none, Alice coordinates the
    network: the same filters give each their own figures."""
    from tests.conftest import join_network

    for user in (alice, bob, charlie):
        join_network(user, lot)
    Project.objects.filter(pk=project.pk).update(network=lot)
    other = project_create(contact=contact, source=Source.WEBSITE, referent=charlie.referent)
    Project.objects.filter(pk=other.pk).update(network=lot)
    project_transition(project=other, transition="make_contact", user=charlie)
    filters = this_year()
    reads = {user.username: report_for(user, filters) for user in (root, alice, bob, charlie)}
    # Read again, each from the cache: still their own.
    for user in (charlie, bob, alice, root):
        assert report_for(user, filters) == reads[user.username] == report_compute(user, filters)
    assert reads["bob"]["states"]["new"] == 1 and reads["bob"]["states"]["contacted"] == 0
    assert reads["charlie"]["states"]["new"] == 0 and reads["charlie"]["states"]["contacted"] == 1
    assert reads["alice"]["states"]["new"] == reads["alice"]["states"]["contacted"] == 1


class Unreachable:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")
        return fail


def test_a_cache_that_is_down_costs_the_computation_not_the_answer(root, project, bob, monkeypatch):
    monkeypatch.setattr("reports.cache.cache", Unreachable())
    monkeypatch.setattr("onboarding.data_version.cache", Unreachable())
    filters = this_year()
    assert report_for(root, filters) == report_compute(root, filters)
    project_transition(project=project, transition="make_contact", user=bob)  # the bump fails quietly
    assert report_for(root, filters)["states"]["contacted"] == 1


def test_a_cache_that_fails_only_on_entries_still_answers(root, project, monkeypatch):
    """The version readable, the entries not."""
    monkeypatch.setattr("reports.cache.cache", Unreachable())
    filters = this_year()
    assert report_for(root, filters) == report_compute(root, filters)
    assert cache.get("reports:data-version") is not None


def test_the_scope_key_follows_what_the_reader_may_see(alice, bob, charlie, root, lot):
    from crm.models import Team
    from onboarding.access import visibility_key
    from tests.conftest import join_network

    for user in (alice, bob, charlie):
        join_network(user, lot)
    keys = {user.username: visibility_key(user) for user in (root, alice, bob, charlie)}
    assert len(set(keys.values())) == 4
    team = Team.objects.create(name="Équipe Figeac", organisation=charlie.referent.organisation)
    team.members.add(charlie.referent)
    assert visibility_key(charlie) != keys["charlie"]  # a team's projects more to see
