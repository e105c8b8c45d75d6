"""Reports benchmark: the report page on 100,000 projects and ~1,000,000 log rows.

How to run (PostgreSQL required, nothing else):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers \\
        .venv/bin/python benchmarks/reports.py

Options: --projects 100000 --rounds 7 --seed 1 --keep (leave the database
for a look with psql; drop it yourself).

The script sets DJANGO_SETTINGS_MODULE=config.settings.test and, with
Django's test-database utilities, creates a fresh database named after the
one in DATABASE_URL with the suffix "_bench_reports" (migrated, the real
territories loaded), and drops it at the end: it never reads or writes the
database DATABASE_URL names.

The data: the demo's two networks, their staff sized for the projects
asked for (one territorial referent for about 1,000 projects), and projects
created over the last three years, built in bulk by demo.bulk (the same
rules as the services: location, routing, a valid walk of the journey
averaging about ten log rows a project), with COPY; the fields the reports
read (state, paused_from, dates, installation, first contact) agree with
the log. The coordinator timed reads both networks.

What is timed, in the same run, alternated round by round so that both see
the same machine:

1. the page: GET /equipe/rapports/ through the Django test client, as a
   coordinator, default period (the last twelve months): session, rights,
   the report's queries, the tables, the SVG charts and the template;
2. the bare SQL: the aggregates the page needs, written by hand (time in
   stage with LEAD over the log), sent through a cursor;
3. the page's own statements (recorded from its selectors, SQL and
   parameters) replayed through a cursor, with no ORM, Python or template.

It prints the medians and the ratios of the page to each (target: the page
within 1.5x of the faster bare run), a referent's page, the JSON and the
committee PDF's build (the task's work), and checks that the hand-written
SQL and the page's queries give the same figures.
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
import uuid
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.own_database import own_database  # noqa: E402
from crm.access import COORDINATOR_GROUP  # noqa: E402
from crm.models import Network  # noqa: E402
from crm.services.territories import territories_load  # noqa: E402
from demo.services import demo_load  # noqa: E402
from onboarding.models import Project, ProjectTransition  # noqa: E402
from onboarding.states import OPEN_STATES, State  # noqa: E402
from reports.committee_pdf import report_pdf_build, report_scope_key  # noqa: E402
from reports.filters import ReportFilters, default_period  # noqa: E402
from reports.models import ReportPdf, ReportTarget  # noqa: E402
from reports.selectors import PIPELINE, TIMED_STAGES, pipeline_report  # noqa: E402


def build(seed, n):
    """The benchmarks' data, by the demo's bulk builder (demo.bulk): the two
    networks, their staff sized for `n`, and `n` projects over three years.
    Returns a coordinator of both networks, the referents and the log rows."""
    territories_load()
    result = demo_load(projects=n, seed=seed, services_up_to=0, benchmark=True)
    coordinator, _ = User.objects.get_or_create(
        username="bench.coordination", defaults={"first_name": "Claire", "last_name": "Delmas", "password": "!"})
    Group.objects.get(name=COORDINATOR_GROUP).user_set.add(coordinator)
    coordinator.networks.set(Network.objects.all())  # the report of the whole instance
    now = timezone.now()
    for year in (now.year, now.year - 1):
        ReportTarget.objects.get_or_create(year=year, defaults={"installations": max(1, n // 8)})
    return coordinator, result.referents, ProjectTransition.objects.count()


def vacuum():
    # Fresh statistics and visibility map, as a database in use would have.
    with connection.cursor() as cursor:
        for table in ("crm_contact", "onboarding_project", "onboarding_project_needs",
                      "onboarding_projecttransition", "onboarding_routingdecision"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")  # and the small tables (staff, networks) the plans join


# --- the bare SQL -------------------------------------------------------------------

def _rank_case(column):
    whens = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(PIPELINE, start=1))
    return f"CASE {column} {whens} ELSE 0 END"


def raw_queries(filters, today):
    """[(name, sql, params)]: what the page needs, written by hand."""
    start, end = filters.starts_at, filters.ends_at
    open_states = [str(s) for s in OPEN_STATES]
    installed = [State.INSTALLED.value, State.INTEGRATED.value]
    counts = """
        count(*) FILTER (WHERE p.created_at >= %(start)s AND p.created_at < %(end)s) AS new,
        count(*) FILTER (WHERE p.state = ANY(%(installed)s) AND p.installed_on BETWEEN %(d0)s AND %(d1)s) AS installed,
        count(*) FILTER (WHERE p.state = ANY(%(open)s)) AS open"""
    params = {"start": start, "end": end, "d0": filters.start, "d1": filters.end, "open": open_states,
              "installed": installed, "jan1": datetime.date(filters.start.year, 1, 1), "today": today,
              "years": filters.years, "tz": settings.TIME_ZONE}
    reached = ", ".join(f"bool_or(at < %(end)s AND to_state = '{s}') AS r_{s}" for s in PIPELINE)
    reached_counts = ", ".join(f"count(*) FILTER (WHERE r_{s})" for s in PIPELINE)
    beyond = ", ".join(f"count(*) FILTER (WHERE r_{s} AND furthest > {i})" for i, s in enumerate(PIPELINE[:-1], 1))
    timed = ", ".join(f"'{s}'" for s in TIMED_STAGES)
    return [
        ("states", "SELECT state, count(*) FROM onboarding_project GROUP BY state", params),
        ("funnel", f"""
            WITH per_project AS (
              SELECT project_id, {reached}, max({_rank_case('to_state')}) AS furthest
              FROM onboarding_projecttransition
              WHERE at >= %(start)s AND transition <> 'resume' GROUP BY project_id)
            SELECT {reached_counts}, {beyond}, count(*) FILTER (WHERE r_new AND furthest >= 6)
            FROM per_project""", params),
        ("time_in_stage", f"""
            WITH stays AS (
              SELECT project_id, to_state AS state, at,
                     LEAD(at) OVER (PARTITION BY project_id ORDER BY at, id) AS left_at
              FROM onboarding_projecttransition
              -- whole histories of the projects that left a stage during the period
              WHERE project_id IN (SELECT project_id FROM onboarding_projecttransition
                                   WHERE at >= %(start)s AND at < %(end)s AND transition <> 'create')),
            per_project AS (
              SELECT project_id, state, sum(EXTRACT(EPOCH FROM left_at - at)) / 86400 AS days,
                     bool_and(left_at IS NOT NULL) AS closed, max(left_at) AS last_left
              FROM stays WHERE state IN ({timed}) GROUP BY project_id, state)
            SELECT pp.state, percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                   percentile_cont(0.75) WITHIN GROUP (ORDER BY days), count(*)
            FROM per_project pp JOIN onboarding_project p ON p.id = pp.project_id
            WHERE pp.closed AND pp.last_left >= %(start)s AND pp.last_left < %(end)s AND p.paused_from <> pp.state
            GROUP BY pp.state""", params),
        ("new_by_month", """
            SELECT date_trunc('month', created_at AT TIME ZONE %(tz)s)::date, source, count(*)
            FROM onboarding_project WHERE created_at >= %(start)s AND created_at < %(end)s
            GROUP BY 1, 2 ORDER BY 1, 2""", params),
        ("events", """
            SELECT p.event_id, e.name, e.starts_on, count(*), count(*) FILTER (WHERE reached.contacted),
                   count(*) FILTER (WHERE reached.qualified), count(*) FILTER (WHERE reached.installed)
            FROM onboarding_project p JOIN crm_event e ON e.id = p.event_id
            CROSS JOIN LATERAL (
              SELECT bool_or(t.to_state = 'contacted') AS contacted, bool_or(t.to_state = 'qualified') AS qualified,
                     bool_or(t.to_state = 'installed') AS installed
              FROM onboarding_projecttransition t WHERE t.project_id = p.id) reached
            WHERE p.created_at >= %(start)s AND p.created_at < %(end)s
            GROUP BY 1, 2, 3 ORDER BY e.starts_on DESC, e.name""", params),
        ("installations", """
            SELECT date_trunc('month', installed_on)::date, count(*) FROM onboarding_project
            WHERE state = ANY(%(installed)s) AND installed_on BETWEEN %(jan1)s AND %(d1)s GROUP BY 1 ORDER BY 1""",
         params),
        ("targets", "SELECT year, installations FROM reports_reporttarget WHERE year = ANY(%(years)s)", params),
        ("segments", f"""
            SELECT p.segment_id, s.name, {counts}
            FROM onboarding_project p LEFT JOIN crm_segment s ON s.id = p.segment_id
            GROUP BY 1, 2, s.position ORDER BY s.position NULLS LAST, s.name""", params),
        ("needs", f"""
            SELECT pn.need_id, n.name, {counts}
            FROM onboarding_project_needs pn JOIN onboarding_project p ON p.id = pn.project_id
            JOIN crm_need n ON n.id = pn.need_id GROUP BY 1, 2, n.position ORDER BY n.position, n.name""", params),
        ("epcis", f"""
            SELECT coalesce(ic.epci_id, tc.epci_id, p.target_epci_id) AS epci, {counts}
            FROM onboarding_project p LEFT JOIN crm_commune ic ON ic.id = p.installed_commune_id
            LEFT JOIN crm_commune tc ON tc.id = p.target_commune_id GROUP BY 1""", params),
        ("referents", """
            SELECT p.referent_id, u.last_name, r.capacity,
              count(*) FILTER (WHERE p.state = ANY(%(open)s)),
              count(*) FILTER (WHERE p.created_at >= %(start)s AND p.created_at < %(end)s),
              count(*) FILTER (WHERE due), count(*) FILTER (WHERE due AND contacted_on <= p.first_contact_due_on),
              count(*) FILTER (WHERE due AND (contacted_on > p.first_contact_due_on
                                              OR (contacted_on IS NULL AND p.first_contact_due_on < %(today)s)))
            FROM (SELECT *, (first_contact_due_on BETWEEN %(d0)s AND %(d1)s AND state <> 'rejected') AS due,
                         (first_contacted_at AT TIME ZONE %(tz)s)::date AS contacted_on
                  FROM onboarding_project) p
            LEFT JOIN crm_referent r ON r.id = p.referent_id LEFT JOIN auth_user u ON u.id = r.user_id
            GROUP BY 1, 2, 3, u.first_name ORDER BY u.last_name NULLS FIRST, u.first_name""", params),
        ("abandons", """
            SELECT fields ->> 'reason', count(*) FROM onboarding_projecttransition
            WHERE transition = 'abandon' AND at >= %(start)s AND at < %(end)s GROUP BY 1""", params),
    ]


class Recorder:
    """Keeps every statement (SQL and parameters) the page's selectors send."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def page_statements(filters, today):
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        report = pipeline_report(Project.objects.all(), filters, today=today)
    return report, [("", sql, params) for sql, params in recorder.statements]


def run_raw(queries):
    results = {}
    with connection.cursor() as cursor:
        for name, sql, params in queries:
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
    return results


# --- the same figures both ways -----------------------------------------------------------

def check_agreement(raw, report):
    """The hand-written SQL and the page's queries: same figures (else exit 1)."""
    problems = []

    def same(what, left, right):
        if left != right:
            problems.append(f"{what}: SQL {left} != page {right}")

    same("states", dict(raw["states"]), {k: v for k, v in report["states"].items() if v})
    funnel = raw["funnel"][0]
    same("reached", list(funnel[:7]), [report["funnel"]["reached"][s] for s in PIPELINE])
    same("beyond", list(funnel[7:13]), [report["funnel"]["beyond"][s] for s in PIPELINE[:-1]])
    same("new to installed", funnel[13], report["funnel"]["new_to_installed"])
    for state, median, p75, count in raw["time_in_stage"]:
        mine = report["time_in_stage"][state]
        same(f"time in {state} (projects)", count, mine["projects"])
        if abs(median - mine["median"]) > 1e-6 or abs(p75 - mine["p75"]) > 1e-6:
            problems.append(f"time in {state}: SQL {median:.6f}/{p75:.6f} != page {mine['median']:.6f}/{mine['p75']:.6f}")
    same("new by month", [tuple(r) for r in raw["new_by_month"]], report["new_by_month"])
    same("events", [tuple(r[:1]) + tuple(r[3:]) for r in raw["events"]],
         [(e["event"], e["captured"], e["contacted"], e["qualified"], e["installed"]) for e in report["events"]])
    same("installations", dict(raw["installations"]), report["installations"])
    # The page leaves out the breakdowns' rows where every figure is 0 (a
    # segment with nothing new, installed or open): so does the comparison.
    same("segments", [r[2:] for r in raw["segments"] if any(r[2:])],
         [(r["new"], r["installed"], r["open"]) for r in report["segments"]])
    same("needs", [r[2:] for r in raw["needs"] if any(r[2:])],
         [(r["new"], r["installed"], r["open"]) for r in report["needs"]])
    same("epcis", sorted(r for r in raw["epcis"] if any(r[1:])),
         sorted((r["report_epci"], r["new"], r["installed"], r["open"]) for r in report["epcis"]))
    same("referents", [r[3:] for r in raw["referents"]],
         [(r["open"], r["new"], r["due"], r["on_time"], r["late"]) for r in report["referents"]])
    same("abandons", dict(raw["abandons"]), report["abandons"])
    return problems


# --- timing ----------------------------------------------------------------------------------

def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver"]

    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    problems = []
    with own_database("reports.py", "bench_reports", keep=args.keep):
        print(f"Database {connection.settings_dict['NAME']}: building {args.projects} projects...", flush=True)
        started = time.perf_counter()
        coordinator, referents, log_rows = build(args.seed, args.projects)
        vacuum()
        print(f"Built in {time.perf_counter() - started:.0f} s: {Project.objects.count()} projects, "
              f"{log_rows} log rows ({log_rows / args.projects:.1f} a project).", flush=True)

        today = timezone.localdate()
        start, end = default_period(today)
        filters = ReportFilters(start=start, end=end)
        queries = raw_queries(filters, today)
        client = Client()
        client.force_login(coordinator)
        url = reverse("report")

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        raw = run_raw(queries)  # warm everything up once
        page()
        report, replay = page_statements(filters, today)
        run_raw(replay)
        problems = check_agreement(raw, report)

        page_times, raw_times, replay_times = [], [], []
        for _ in range(args.rounds):
            page_times.append(timed(page))
            raw_times.append(timed(lambda: run_raw(queries)))
            replay_times.append(timed(lambda: run_raw(replay)))
        per_query = {}
        for name, sql, params in queries:
            with connection.cursor() as cursor:
                per_query[name] = min(timed(lambda s=sql, p=params: cursor.execute(s, p)) for _ in range(3))

        extra = {}
        for label, user, path in [
            ("JSON (coordinator)", coordinator, reverse("report_data")),
            ("page (a referent)", referents[0].user, url),
        ]:
            client.force_login(user)
            client.get(path)
            extra[label] = statistics.median(timed(lambda p=path: client.get(p)) for _ in range(3))
        # The committee PDF is made by a worker (reports.committee_pdf): its
        # build, timed as the task runs it, on a fresh request each time.
        extra["PDF built by the task (coordinator)"] = statistics.median(
            timed(lambda: report_pdf_build(pdf_id=ReportPdf.objects.create(
                public_id=uuid.uuid4(), requested_by=coordinator, params=filters.as_params(),
                scope_key=report_scope_key(coordinator)).pk))
            for _ in range(3))

        page_median, raw_median = statistics.median(page_times), statistics.median(raw_times)
        replay_median = statistics.median(replay_times)
        print()
        print(f"Period {start:%d/%m/%Y} – {end:%d/%m/%Y}, {args.rounds} rounds alternated, median (min):")
        print(f"  report page (test client, coordinator):   {page_median * 1000:8.0f} ms ({min(page_times) * 1000:.0f})")
        print(f"  bare SQL, hand-written (12 queries):      {raw_median * 1000:8.0f} ms ({min(raw_times) * 1000:.0f})")
        print(f"  bare SQL, the page's own {len(replay)} statements:  {replay_median * 1000:8.0f} ms "
              f"({min(replay_times) * 1000:.0f})")
        fastest = min(raw_median, replay_median)
        print(f"  ratio page / fastest bare SQL: {page_median / fastest:.2f} (target: 1.5 at most); "
              f"page / hand-written: {page_median / raw_median:.2f}; page / its own SQL: "
              f"{page_median / replay_median:.2f}")
        print()
        print("Bare SQL, best of 3 per query (ms): " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in per_query.items()))
        for label, seconds in extra.items():
            print(f"  {label}: {seconds * 1000:.0f} ms (median of 3)")
        print()
        print("Figures, hand-written SQL against the page's queries: "
              + ("the same." if not problems else f"{len(problems)} DIFFERENCES"))
        for problem in problems:
            print("  " + problem)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
