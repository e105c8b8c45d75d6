"""Exact figures on the hand-made dataset (see test_reports_dataset.py for
the table every number here is worked out from), period 2025."""

import datetime

import pytest

from crm.models import Network
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State
from reports.filters import ReportFilters
from reports.models import ReportTarget
from reports.selectors import pipeline_report
from reports.tables import report_tables

from .test_dataset import at, build_dataset

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


@pytest.fixture
def data(alice, bob, charlie, territory):
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)


@pytest.fixture
def report(data):
    ReportTarget.objects.create(network=Network.objects.get(), year=2025, installations=12)
    return pipeline_report(Project.objects.all(), YEAR_2025)


def test_it_counts_projects_per_state_now(report):
    assert report["states"] == {
        "new": 1, "contacted": 0, "qualified": 2, "accompanied": 0, "settling": 0, "installed": 1,
        "integrated": 1, "on_hold": 1, "abandoned": 1, "rejected": 1,
    }


def test_it_counts_the_projects_that_reached_each_stage_in_the_period(report):
    # P6 (2024) reached nothing in 2025; P8's contact is in 2026; P1's resume
    # to qualified reaches nothing; P3 is counted once for contacted although
    # it was reopened; P4 and P5 stay new (or are rejected).
    assert report["funnel"]["reached"] == {
        "new": 7, "contacted": 4, "qualified": 3, "accompanied": 1, "settling": 2, "installed": 2, "integrated": 1,
    }


def test_it_follows_each_stage_cohort_to_date(report):
    # new: P1, P2, P3, P7 and P8 (contacted in 2026) went on; P4 and P5 did not.
    # contacted: P1, P2, P3 (qualified after its reopening) went on; P7 was abandoned.
    # qualified: P1 (confirm_move without support) and P2; P3 is still qualified.
    assert report["funnel"]["beyond"] == {
        "new": 5, "contacted": 3, "qualified": 2, "accompanied": 1, "settling": 2, "installed": 1,
    }
    assert report["funnel"]["new_to_installed"] == 2


def test_it_states_conversion_rates(report):
    rates = {row["from_stage"]: row["rate"] for row in report_tables(report)["conversion"].rows}
    assert rates == {
        "new": pytest.approx(5 / 7), "contacted": pytest.approx(3 / 4), "qualified": pytest.approx(2 / 3),
        "accompanied": 1.0, "settling": 1.0, "installed": 0.5, "new_to_installed": pytest.approx(2 / 7),
    }


def test_it_measures_time_in_each_stage_without_the_pauses(report):
    figures = report["time_in_stage"]
    # new: P5 1, P3 2, P1 3, P7 4, P2 10 days (P4 still new; P6 and P8 left it outside 2025).
    assert figures["new"] == {"median": 3.0, "p75": 4.0, "projects": 5}
    # contacted: P1 10, P2 10, P7 10 + 10 around its pause = 20, P3 30 + 10 around its abandonment = 40.
    assert figures["contacted"] == {"median": 15.0, "p75": 25.0, "projects": 4}
    # qualified: P1 10 + 10 around its 30-day pause = 20 (not 50), P2 10;
    # P3 and P8 are still qualified, P6 is paused from it.
    assert figures["qualified"] == {"median": 15.0, "p75": 17.5, "projects": 2}
    assert figures["accompanied"] == {"median": 30.0, "p75": 30.0, "projects": 1}
    assert figures["settling"] == {"median": 30.0, "p75": 30.0, "projects": 2}
    # installed: P2 from 13 June to 13 December; P1 is still installed.
    assert figures["installed"] == {"median": 183.0, "p75": 183.0, "projects": 1}
    # on hold: P1 and P7, 30 days each; P6 is still paused.
    assert figures["on_hold"] == {"median": 30.0, "p75": 30.0, "projects": 2}


def test_it_counts_new_projects_by_month_and_source(report):
    assert report["new_by_month"] == [
        (datetime.date(2025, 1, 1), "website", 1),
        (datetime.date(2025, 3, 1), "event", 2),
        (datetime.date(2025, 6, 1), "phone", 1),
        (datetime.date(2025, 7, 1), "website", 1),
        (datetime.date(2025, 9, 1), "partner_api", 1),
        (datetime.date(2025, 12, 1), "website", 1),
    ]
    table = report_tables(report)["nouveaux-par-mois"]
    assert len(table.rows) == 12
    assert table.total["total"] == 7
    assert table.total["website"] == 3


def test_it_follows_event_leads_to_installation(report, data):
    assert [
        (row["event"], row["captured"], row["contacted"], row["qualified"], row["installed"])
        for row in report["events"]
    ] == [(data.salon.pk, 2, 2, 2, 1)]


def test_it_counts_installations_by_month_against_the_target(report):
    assert report["installations"] == {datetime.date(2025, 4, 1): 1, datetime.date(2025, 6, 1): 1}
    rows = {row["month"].month: row for row in report_tables(report)["installations"].rows}
    assert [rows[m]["cumulative"] for m in range(1, 13)] == [0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2]
    assert rows[4]["target_pace"] == 4.0
    assert rows[6]["target_share"] == pytest.approx(2 / 12)
    target = report_tables(report)["objectifs"].rows
    assert target == [{"year": "2025", "target": 12, "installations": 2, "share": pytest.approx(2 / 12)}]


def test_the_yearly_cumulative_starts_in_january_even_when_the_period_does_not(data):
    report = pipeline_report(
        Project.objects.all(), ReportFilters(start=datetime.date(2025, 5, 1), end=datetime.date(2025, 7, 31))
    )
    rows = report_tables(report)["installations"].rows
    assert [(row["month"].month, row["installations"], row["cumulative"]) for row in rows] == [
        (5, 0, 1), (6, 1, 2), (7, 0, 2),
    ]


def test_it_breaks_down_by_segment(report):
    rows = {row["segment__name"]: (row["new"], row["installed"], row["open"]) for row in report["segments"]}
    assert rows == {
        "Seconde vie": (3, 1, 3), "Talent recherché": (1, 1, 0), "Jeune": (2, 0, 1), "Famille": (1, 0, 0),
    }


def test_it_breaks_down_by_need_counting_a_project_under_each_of_its_needs(report):
    rows = {row["need__name"]: (row["new"], row["installed"], row["open"]) for row in report["needs"]}
    assert rows == {
        "Emploi": (3, 2, 2), "Logement à louer": (2, 1, 1), "Mobilité": (1, 0, 1),
        "Garde d'enfants et école": (1, 0, 0),
    }


def test_it_breaks_down_by_epci_of_installation_first(report):
    # P1 aimed at Agen but settled in Figeac: it counts for Grand-Figeac.
    rows = {row["report_epci_name"]: (row["new"], row["installed"], row["open"]) for row in report["epcis"]}
    assert rows == {"CC Grand-Figeac": (4, 2, 2), "CA d'Agen": (3, 0, 2)}


def test_it_measures_referent_workload_and_first_contacts_on_time(report):
    rows = {
        row["referent__user__username"]: (row["open"], row["new"], row["due"], row["on_time"], row["late"])
        for row in report["referents"]
    }
    # bob: P1 on time; P2 late; P4 never contacted; P8 contacted in 2026 after its December due date.
    # charlie: P3 and P7 (contacted on the due day) on time; P5 rejected, not counted.
    assert rows == {"bob": (3, 4, 4, 1, 3), "charlie": (1, 3, 2, 2, 0)}
    table = report_tables(report)["referents"]
    assert [row["on_time_share"] for row in table.rows] == [0.25, 1.0]
    assert table.total["on_time_share"] == 0.5


def test_it_counts_abandonment_reasons_from_the_log(report, data):
    # P3's own reason was cleared when it was reopened: the log keeps it.
    assert Project.objects.get(pk=data.p3.pk).abandon_reason == ""
    assert report["abandons"] == {"job": 1, "housing": 1}
    table = report_tables(report)["abandons"]
    assert [(row["reason"], row["abandons"], row["share"]) for row in table.rows] == [
        ("Emploi", 1, 0.5), ("Logement", 1, 0.5),
    ]


def test_a_project_abandoned_twice_counts_twice(data, alice):
    for name, moment, fields in [("reopen", at("11-01"), None), ("abandon", at("11-10"), {"reason": "job"})]:
        log = project_transition(project=data.p7, transition=name, user=alice, fields=fields or {})
        ProjectTransition.objects.filter(pk=log.pk).update(at=moment)
    report = pipeline_report(Project.objects.all(), YEAR_2025)
    assert report["abandons"] == {"job": 2, "housing": 1}
    assert report["states"][State.ABANDONED] == 1


def test_a_late_evening_contact_counts_on_its_local_day(data):
    # 22:30 UTC on the due day is 00:30 the next day in Paris: late.
    Project.objects.filter(pk=data.p7.pk).update(first_contacted_at=at("09-05", hour=22, minute=30))
    report = pipeline_report(Project.objects.all(), YEAR_2025)
    charlie = next(row for row in report["referents"] if row["referent__user__username"] == "charlie")
    assert (charlie["on_time"], charlie["late"]) == (1, 1)


def test_first_contacts_not_yet_due_are_pending(data, bob):
    today = datetime.date(2025, 12, 23)
    # P8 is due on 27 December and was not contacted by the 23rd.
    Project.objects.filter(pk=data.p8.pk).update(first_contacted_at=None)
    report = pipeline_report(Project.objects.all(), YEAR_2025, today=today)
    row = next(row for row in report_tables(report)["referents"].rows if row["name"] == "Bob Durand")
    assert (row["due"], row["on_time"], row["late"], row["pending"]) == (4, 1, 2, 1)


def test_it_puts_unassigned_projects_in_the_coordinators_queue(data):
    Project.objects.filter(pk=data.p4.pk).update(referent=None)
    report = pipeline_report(Project.objects.all(), YEAR_2025)
    names = [row["name"] for row in report_tables(report)["referents"].rows]
    assert names[0] == "File de la coordination (sans référent)"


def test_an_empty_scope_gives_zeros_and_no_rates(db):
    report = pipeline_report(Project.objects.none(), YEAR_2025)
    tables = report_tables(report)
    assert report["funnel"]["reached"]["new"] == 0
    assert all(row["rate"] is None for row in tables["conversion"].rows)
    assert report["time_in_stage"]["new"] == {"median": None, "p75": None, "projects": 0}
    assert tables["referents"].total["on_time_share"] is None
