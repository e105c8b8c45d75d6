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

The data: 200 referents, 24 events, and projects created over the last
three years, each walked through the state machine by a small simulation
of its rules (every row leaves the state the previous row entered: pauses
resumed to the state they left, abandonments reopened to contacted, rejects
only from new), with several pauses and the odd abandonment so that the log
averages about ten rows a project. Rows are written with COPY; the fields
the reports read (state, paused_from, dates, installation, first contact)
agree with the log.

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
PDF, and checks that the hand-written SQL and the page's queries give the
same figures.
"""

import argparse
import datetime
import json
import logging
import os
import random
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
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP  # noqa: E402
from crm.models import Commune, Event, Need, Organisation, Referent, Segment  # noqa: E402
from crm.services.territories import territories_load  # noqa: E402
from onboarding.models import Project  # noqa: E402
from onboarding.states import ACTIVE_STATES, OPEN_STATES, AbandonReason, Source, State  # noqa: E402
from reports.filters import ReportFilters, default_period  # noqa: E402
from reports.models import ReportTarget  # noqa: E402
from reports.selectors import PIPELINE, TIMED_STAGES, pipeline_report  # noqa: E402

CHUNK = 10_000
SOURCES = [(Source.WEBSITE, 45), (Source.PARTNER_API, 15), (Source.EVENT, 20), (Source.AMBASSADOR, 8),
           (Source.PHONE, 8), (Source.OTHER, 4)]
NEXT = {
    State.NEW: "make_contact", State.CONTACTED: "qualify", State.QUALIFIED: None,
    State.ACCOMPANIED: "confirm_move", State.SETTLING: "mark_installed", State.INSTALLED: "close_follow_up",
}
TARGET = {
    "make_contact": State.CONTACTED, "qualify": State.QUALIFIED, "start_support": State.ACCOMPANIED,
    "confirm_move": State.SETTLING, "mark_installed": State.INSTALLED, "close_follow_up": State.INTEGRATED,
}


# --- a valid walk of the state machine ------------------------------------------

def walk(rng, created_at, now):
    """[(transition, from, to, at)] from creation, stopping at a final state or now."""
    rows = [("create", "", State.NEW, created_at)]
    state, paused_from, moment = State.NEW, "", created_at
    # How far this project wants to go, and how hesitant it is.
    goal = rng.choices([1, 2, 3, 4, 5, 6, 7], weights=[8, 10, 12, 12, 10, 24, 24])[0]
    pause_chance = rng.choice([0.25, 0.45, 0.65])
    last = False
    while not last:
        moment = moment + datetime.timedelta(days=rng.randint(1, 35), hours=rng.randint(0, 23))
        if moment > now:
            break
        if state == State.ON_HOLD:
            name, target = "resume", paused_from
        elif state == State.ABANDONED:
            if rng.random() < 0.4:
                name, target = "reopen", State.CONTACTED
            else:
                break
        elif state in (State.INTEGRATED, State.REJECTED):
            break
        elif state == State.NEW and rng.random() < 0.06:
            name, target = "reject", State.REJECTED
        elif state in ACTIVE_STATES and rng.random() < pause_chance:
            name, target = "pause", State.ON_HOLD
        elif state in ACTIVE_STATES and rng.random() < 0.05:
            name, target = "abandon", State.ABANDONED
        elif PIPELINE.index(state) + 1 >= goal:
            if state in ACTIVE_STATES and rng.random() < 0.5:
                # Some stop for good while paused or gone.
                name, target = ("pause", State.ON_HOLD) if rng.random() < 0.4 else ("abandon", State.ABANDONED)
                last = True
            else:
                break
        elif state == State.QUALIFIED:
            name = "start_support" if rng.random() < 0.7 else "confirm_move"
            target = TARGET[name]
        else:
            name = NEXT[state]
            target = TARGET[name]
        if name == "pause":
            paused_from = state
        elif name == "resume":
            paused_from = ""
        elif name == "abandon":
            paused_from = ""
        rows.append((name, state, target, moment))
        state = target
    return rows, state, paused_from


def _copy(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _project_columns():
    """Every column of the project table with its default, to COPY full rows."""
    return [(f.column, f.attname, f.get_default()) for f in Project._meta.concrete_fields]


def build(rng, n):
    territories_load()
    communes = list(Commune.objects.values_list("pk", "epci_id"))
    needs = list(Need.objects.values_list("pk", flat=True))
    segments = list(Segment.objects.values_list("pk", flat=True))
    org = Organisation.objects.create(name="Département du Lot", kind=Organisation.Kind.DEPARTEMENT)
    users = User.objects.bulk_create([
        User(username=f"ref{i}", first_name="Référent", last_name=f"N{i:03d}", email=f"ref{i}@example.org",
             password="!")
        for i in range(200)
    ])
    Group.objects.get(name=REFERENT_GROUP).user_set.add(*users)
    referents = Referent.objects.bulk_create([Referent(user=u, organisation=org, capacity=600) for u in users])
    coordinator = User.objects.create(username="coord", first_name="Claire", last_name="Delmas", password="!")
    Group.objects.get(name=COORDINATOR_GROUP).user_set.add(coordinator)
    now = timezone.now()
    events = Event.objects.bulk_create([
        Event(name=f"Salon {i}", place="Paris", starts_on=(now - datetime.timedelta(days=45 * i)).date(),
              ends_on=(now - datetime.timedelta(days=45 * i)).date())
        for i in range(24)
    ])
    ReportTarget.objects.create(year=now.year, installations=n // 8)
    ReportTarget.objects.create(year=now.year - 1, installations=n // 8)

    columns = _project_columns()
    start = now - datetime.timedelta(days=3 * 365)
    log_id = need_id = 0
    total_rows = 0
    with connection.cursor() as cursor:
        for first in range(1, n + 1, CHUNK):
            ids = range(first, min(first + CHUNK, n + 1))
            contacts, projects, logs, project_needs = [], [], [], []
            for pid in ids:
                created = start + datetime.timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
                rows, state, paused_from = walk(rng, created, now)
                source = rng.choices(*zip(*SOURCES, strict=True))[0]
                commune, epci = rng.choice(communes)
                contacted = next((at for name, _f, _t, at in rows if name == "make_contact"), None)
                installed = next((at for name, _f, _t, at in rows if name == "mark_installed"), None)
                values = {
                    "id": pid, "public_id": uuid.UUID(int=rng.getrandbits(128)), "contact_id": pid,
                    "state": state, "paused_from": paused_from,
                    "segment_id": rng.choice(segments) if rng.random() < 0.85 else None,
                    "target_epci_id": epci, "target_commune_id": commune if rng.random() < 0.6 else None,
                    "installed_commune_id": rng.choice(communes)[0] if installed else None,
                    "installed_on": timezone.localtime(installed).date() if installed else None,
                    "move_date": timezone.localtime(installed).date() if installed else None,
                    "source": source, "event_id": rng.choice(events).pk if source == Source.EVENT else None,
                    "referent_id": rng.choice(referents).pk if rng.random() < 0.97 else None,
                    "first_contact_due_on": (created + datetime.timedelta(days=7)).date(),
                    "first_contacted_at": contacted,
                    "abandon_reason": rng.choice(AbandonReason.values) if state == State.ABANDONED else "",
                    "reject_reason": "spam" if state == State.REJECTED else "",
                    "created_at": created, "updated_at": rows[-1][3],
                }
                projects.append(tuple(values.get(attname, default) for _c, attname, default in columns))
                contacts.append((pid, "Prénom", f"Nom{pid}", f"p{pid}@example.org", "", "", "", False, "", False,
                                 "[]", created, created))
                for name, from_state, to_state, at in rows:
                    log_id += 1
                    reason = {"reason": values["abandon_reason"] or "job"} if name == "abandon" else {}
                    logs.append((log_id, pid, name, from_state, to_state, None, "ui", "", json.dumps(reason), at))
                for need in rng.sample(needs, k=rng.randint(1, 3)):
                    need_id += 1
                    project_needs.append((need_id, pid, need))
            _copy(cursor, "crm_contact", [
                "id", "first_name", "last_name", "email", "phone", "current_city", "occupation", "has_partner",
                "partner_occupation", "partner_seeks_job", "children_ages", "created_at", "updated_at"], contacts)
            _copy(cursor, "onboarding_project", [c for c, _a, _d in columns], projects)
            _copy(cursor, "onboarding_project_needs", ["id", "project_id", "need_id"], project_needs)
            _copy(cursor, "onboarding_projecttransition", [
                "id", "project_id", "transition", "from_state", "to_state", "by_id", "channel", "note", "fields",
                "at"], logs)
            total_rows += len(logs)
            print(f"  {ids[-1]:>7} projects, {total_rows:>9} log rows", flush=True)
        for table in ("crm_contact", "onboarding_project", "onboarding_project_needs",
                      "onboarding_projecttransition"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return coordinator, referents, total_rows


def vacuum():
    # Fresh statistics and visibility map, as a database in use would have.
    with connection.cursor() as cursor:
        for table in ("crm_contact", "onboarding_project", "onboarding_project_needs",
                      "onboarding_projecttransition"):
            cursor.execute(f"VACUUM ANALYZE {table}")


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
    same("segments", [r[2:] for r in raw["segments"]],
         [(r["new"], r["installed"], r["open"]) for r in report["segments"]])
    same("needs", [r[2:] for r in raw["needs"]], [(r["new"], r["installed"], r["open"]) for r in report["needs"]])
    same("epcis", sorted(raw["epcis"]),
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

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("benchmarks/reports.py needs DATABASE_URL=postgres://... (PostgreSQL).")
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_bench_reports"
    settings.ALLOWED_HOSTS = ["testserver"]

    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    problems = []
    try:
        rng = random.Random(args.seed)
        print(f"Database {connection.settings_dict['NAME']}: building {args.projects} projects...", flush=True)
        started = time.perf_counter()
        with transaction.atomic():
            coordinator, referents, log_rows = build(rng, args.projects)
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
            ("PDF (coordinator)", coordinator, reverse("report_pdf")),
            ("page (a referent)", referents[0].user, url),
        ]:
            client.force_login(user)
            client.get(path)
            extra[label] = statistics.median(timed(lambda p=path: client.get(p)) for _ in range(3))

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
    finally:
        if args.keep:
            print(f"Kept database {connection.settings_dict['NAME']}.")
        else:
            teardown_databases(old_config, verbosity=0)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
