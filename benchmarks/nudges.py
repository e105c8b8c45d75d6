"""The morning pass of nudges (onboarding.services.nudges.nudges_cross)
against the bare SQL that finds the same thresholds crossed.

How to run (PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers \\
        .venv/bin/python benchmarks/nudges.py --projects 100000

Options: --projects 20000 --repeats 7 --seed 1 --keep.

It creates a database of its own (the name in DATABASE_URL with the suffix
"_bench_nudges"), builds the data with the benchmarks' builder (demo.bulk:
projects over three years, their journeys, their first-contact deadlines),
and drops it at the end. Then:

1. the hand-written SQL lists every (project, reason, level, starting day)
   due today; the first pass writes the nudges, and both sets must be equal
   row for row (exit 1 otherwise);
2. every round, in turn: the pass again (nothing left to write: what a
   second morning run costs, reading what is due and finding it written)
   and the bare SQL of step 1 (what is due, nothing written);
3. the pass's queries, which must not grow with the data (the ladder's
   levels times the reasons).

It prints the median, min and max of each, the ratio pass / bare SQL, the
load average before and after, the peak RSS of this process and the
queries of one pass.
"""

import argparse
import datetime
import logging
import os
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks import reports  # noqa: E402
from benchmarks.own_database import own_database  # noqa: E402
from onboarding.models import Nudge, Project  # noqa: E402
from onboarding.services.nudges import nudge_ladder, nudges_cross  # noqa: E402


def bare_sql(today):
    """Every threshold due today, by hand: {(project id, kind, level, anchor)}."""
    ladder = nudge_ladder(today)
    silent = settings.NUDGE_SILENT_WEEKS
    rows = set()
    with connection.cursor() as cursor:
        for level, reached in ladder.items():
            cursor.execute(
                "SELECT id, first_contact_due_on FROM onboarding_project WHERE state = 'new' "
                "AND first_contacted_at IS NULL AND first_contact_due_on <= %s", [reached])
            rows |= {(pk, Nudge.Kind.FIRST_CONTACT, int(level), due) for pk, due in cursor.fetchall()}
            for state, weeks in silent.items():
                cursor.execute(
                    "SELECT p.id, (GREATEST(COALESCE(t.last, p.created_at), COALESCE(i.last, p.created_at)) "
                    "AT TIME ZONE %s)::date AS anchor "
                    "FROM onboarding_project p "
                    "LEFT JOIN LATERAL (SELECT max(at) AS last FROM onboarding_projecttransition "
                    "WHERE project_id = p.id) t ON true "
                    "LEFT JOIN LATERAL (SELECT max(happened_at) AS last FROM onboarding_interaction "
                    "WHERE project_id = p.id) i ON true "
                    "WHERE p.state = %s AND (GREATEST(COALESCE(t.last, p.created_at), COALESCE(i.last, p.created_at)) "
                    "AT TIME ZONE %s)::date <= %s",
                    [settings.TIME_ZONE, state, settings.TIME_ZONE, reached - datetime.timedelta(weeks=weeks)])
                rows |= {(pk, Nudge.Kind.SILENT, int(level), anchor) for pk, anchor in cursor.fetchall()}
    return rows


def written():
    return {(pk, kind, level, anchor) for pk, kind, level, anchor in
            Nudge.objects.values_list("project_id", "kind", "level", "anchor")}


def timed(func):
    started = time.perf_counter()
    func()
    return (time.perf_counter() - started) * 1000


def run(*, projects, repeats, seed):
    load_before = os.getloadavg()
    started = time.perf_counter()
    reports.build(seed, projects)
    reports.vacuum()
    print(f"Built {projects:,} projects in {time.perf_counter() - started:.1f} s.", flush=True)
    today = timezone.localdate()

    due = bare_sql(today)
    with CaptureQueriesContext(connection) as first_pass:
        first_ms = timed(lambda: nudges_cross(today=today))
    problems = []
    if written() != due:
        problems.append(f"the pass wrote {len(written()):,} nudges, the bare SQL finds {len(due):,} due "
                        f"({len(written() - due)} only written, {len(due - written())} only due)")
    with CaptureQueriesContext(connection) as again:
        nudges_cross(today=today)
    times = {"pass (nothing left to write)": [], "bare SQL (what is due)": []}
    for _ in range(repeats):
        times["pass (nothing left to write)"].append(timed(lambda: nudges_cross(today=today)))
        times["bare SQL (what is due)"].append(timed(lambda: bare_sql(today)))
    load_after = os.getloadavg()

    open_projects = Project.objects.filter(state__in=["new", *settings.NUDGE_SILENT_WEEKS]).count()
    print()
    print(f"Nudges' morning pass, {projects:,} projects ({open_projects:,} new or in a state that can go silent), "
          f"{len(due):,} thresholds due; median of {repeats} rounds (min – max).")
    print(f"Load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{', '.join(f'{x:.2f}' for x in load_after)} after.")
    print(f"Peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.")
    print(f"First pass (writes them all): {first_ms:,.0f} ms, {len(first_pass.captured_queries)} queries; "
          f"a pass with nothing to write: {len(again.captured_queries)} queries.")
    print()
    print("| measure | median ms | min – max ms | ratio to the bare SQL |")
    print("| --- | ---: | ---: | ---: |")
    base = statistics.median(times["bare SQL (what is due)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:,.1f} | {min(values):,.1f} – {max(values):,.1f} | {median / base:.2f} |")
    print()
    print("Cross-check (nudges written = thresholds due by hand): " + ("; ".join(problems) or "agree"))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    with own_database("nudges.py", "bench_nudges", keep=args.keep):
        problems = run(projects=args.projects, repeats=args.repeats, seed=args.seed)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
