"""Exact figures on the hand-made dataset (see test_reports_dataset.py for
the table every number here is worked out from), period 2025."""

import datetime

import pytest

from crm.models import Network
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State
from reports.filters import ReportFilters
from reports.headline import report_headline
from reports.models import ReportTarget
from reports.selectors import pipeline_report
from reports.tables import report_tables

from .test_dataset import at, build_dataset, happening_at, late_recorded_move, system_closures

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
        with happening_at(moment):
            project_transition(project=data.p7, transition=name, user=alice, fields=fields or {})
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


# --- a referent's whole load, whatever the filters ----------------------------

def workload(report):
    return {
        row["referent__user__username"]: (row["open"], row["new"], row["due"], row["on_time"], row["late"])
        for row in report["referents"]
    }


def test_a_referents_load_is_their_whole_load_when_the_report_is_filtered_by_territory(data):
    # CA d'Agen holds P3, P4 and P7 (P1 settled in Figeac). Bob's whole load
    # is still P4, P6 and P8 (P1 and P2 are installed or integrated), though
    # only P4 is in Agen; Charlie's is P3. The other columns follow the filter:
    # bob new P4, due P4 (never contacted, late); charlie new P3 and P7, both on time.
    report = pipeline_report(Project.objects.all(), ReportFilters(
        start=YEAR_2025.start, end=YEAR_2025.end, epci=data.agen["epci"]))
    assert workload(report) == {"bob": (3, 1, 1, 0, 1), "charlie": (1, 2, 2, 2, 0)}
    bob = next(row for row in report_tables(report)["referents"].rows if row["name"] == "Bob Durand")
    assert bob["load"] == pytest.approx(3 / 30)


def test_a_referents_load_ignores_the_segment_and_the_period(data):
    # Famille is P7 alone, abandoned: Charlie still has P3 open. In January
    # 2026 nothing of Charlie's is new or due, and P3 is still open.
    famille = data.p7.segment
    report = pipeline_report(Project.objects.all(), ReportFilters(
        start=YEAR_2025.start, end=YEAR_2025.end, segment=famille))
    assert workload(report) == {"charlie": (1, 1, 1, 1, 0)}
    january = pipeline_report(Project.objects.all(), ReportFilters(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31)))
    assert workload(january)["charlie"] == (1, 0, 0, 0, 0)


def test_a_referents_load_counts_only_the_projects_the_reader_may_see(data):
    # A reader who may not see P6 reads a load of 2 for Bob (P4, P8), never 3.
    report = pipeline_report(Project.objects.exclude(pk=data.p6.pk), ReportFilters(
        start=YEAR_2025.start, end=YEAR_2025.end, epci=data.agen["epci"]))
    assert workload(report)["bob"][0] == 2


def test_the_coordinators_queue_shows_its_whole_load_too(data):
    # P4 (Agen) and P8 (Figeac) unassigned: filtered to Agen, the queue still holds two open projects.
    Project.objects.filter(pk__in=[data.p4.pk, data.p8.pk]).update(referent=None)
    report = pipeline_report(Project.objects.all(), ReportFilters(
        start=YEAR_2025.start, end=YEAR_2025.end, epci=data.agen["epci"]))
    queue = next(row for row in report["referents"] if row["referent"] is None)
    assert queue["open"] == 2
    # Bob has nothing left in Agen: the table lists the referents of the
    # projects in scope, each with their whole load.
    assert "bob" not in workload(report)


def test_the_workload_column_says_it_is_the_whole_load(report):
    table = report_tables(report)["referents"]
    labels = {column.key: column.label for column in table.columns}
    assert "charge totale" in labels["open"]
    assert "quels que soient la période, le territoire" in table.note


# --- one number of installations ---------------------------------------------

def test_the_headline_and_the_funnel_count_the_same_installations(data, alice, bob):
    # 2025: P1 (10 April), P2 (10 June), P9 (20 December, recorded on 6 January 2026).
    late_recorded_move(data, alice=alice, bob=bob)
    report = pipeline_report(Project.objects.all(), YEAR_2025)
    tables = report_tables(report)
    assert report_headline(report, tables)["installed"].figure == "3"
    assert report["funnel"]["reached"]["installed"] == 3
    assert tables["installations"].total["installations"] == 3
    assert sum(row["installed"] for row in report["epcis"]) == 3
    # Settling reached in 2025 by P1, P2 and P9, who all went on to installed.
    assert (report["funnel"]["reached"]["settling"], report["funnel"]["beyond"]["settling"]) == (3, 3)
    # January 2026 recorded P9's move but nobody moved in: no installation.
    january = pipeline_report(Project.objects.all(), ReportFilters(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31)))
    assert january["funnel"]["reached"]["installed"] == 0
    assert report_headline(january, report_tables(january))["installed"].figure == "0"


def test_the_funnel_says_installations_count_by_declared_date(report):
    assert "date d'installation déclarée" in report_tables(report)["entonnoir"].note


# --- closures by the system among the reasons ----------------------------------

def test_closures_by_the_system_have_their_own_reasons_so_the_table_adds_up(data):
    # Arrivals in "abandoned" in 2025: P3 04-17 (job), P6 08-01 (transferred),
    # P7 10-25 (housing), P4 11-20 (data erased): four, one each.
    system_closures(data)
    report = pipeline_report(Project.objects.all(), YEAR_2025)
    assert report["abandons"] == {"job": 1, "housing": 1, "erased": 1, "transferred": 1}
    table = report_tables(report)["abandons"]
    assert [(row["reason"], row["abandons"], row["share"]) for row in table.rows] == [
        ("Emploi", 1, 0.25), ("Logement", 1, 0.25), ("Données effacées à la demande", 1, 0.25),
        ("Transféré à un autre réseau", 1, 0.25),
    ]
    assert [row["code"] for row in table.rows] == ["job", "housing", "erased", "transferred"]
    arrivals = ProjectTransition.objects.filter(
        to_state=State.ABANDONED, at__gte=at("01-01", hour=0), at__lt=at("2026-01-01", hour=0)).count()
    assert table.total["abandons"] == arrivals == 4
    # P3 was reopened: three are abandoned now (P4, P6, P7).
    assert report["states"][State.ABANDONED] == 3
