"""How the report's cost grows with the database: each part of the report
(`reports.selectors`), for one month and for twelve, on two databases of
different sizes, alternated round by round, with the ratio large / small.

How to run (PostgreSQL; two databases built beforehand, e.g. 10,000 and
200,000 projects, by `manage.py seed_demo --benchmark --projects N` after
`migrate` and `load_territories`):

    .venv/bin/python benchmarks/report_sizes.py \\
        postgres://postgres@127.0.0.1:5432/bench10k postgres://postgres@127.0.0.1:5432/bench200k

Options: --rounds 5 (each figure is the median, with min and max).

Beside the times, each part's pages read: every statement of the part is
run again under EXPLAIN (ANALYZE, BUFFERS) and its shared buffers (hit +
read, 8 KiB pages) added up. Unlike milliseconds, the pages a plan reads do
not depend on what else the machine is doing, so their ratio large / small
says whether a part reads what the period holds or the whole database: it
is printed beside the ratio of the period's own rows (log rows in the
period, projects created in it) and of the projects open now.

Each round runs, for each database in turn, a child process (this script
with --child) that times every part once inside the report's transaction
(`report_session`), as the coordinator of the most networks sees it, for
the last full month and for the default period (the last twelve months).
The figures of both periods are also checked against each other where they
must agree (the projects per state, which ignore the period). Read only:
nothing is written to either database. The goal stated in issue #18 is a
one-month report at 1,000,000 projects within 2x of the same at 10,000.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("state_counts", "funnel", "time_in_stage", "new_by_month", "events", "installations", "segments",
         "needs", "epcis", "referents", "abandons")


def child():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from crm.access import COORDINATOR_GROUP
    from onboarding.access import projects_visible_to
    from onboarding.models import Project, ProjectTransition
    from onboarding.states import OPEN_STATES
    from reports import selectors
    from reports.filters import ReportFilters, default_period
    from reports.sql import report_session

    reader = (User.objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
              .annotate(n=Count("networks")).order_by("-n", "pk").first())
    projects = projects_visible_to(reader)
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - datetime.timedelta(days=1)
    periods = {
        "one month": ReportFilters(start=last_month_end.replace(day=1), end=last_month_end),
        "twelve months": ReportFilters(*default_period(today)),
    }
    functions = {
        "state_counts": lambda scope, f: selectors.state_counts(scope),
        "funnel": selectors.funnel,
        "time_in_stage": selectors.time_in_stage,
        "new_by_month": selectors.new_by_month_and_source,
        "events": lambda scope, f: list(selectors.events_followed(scope, f)),
        "installations": selectors.installations_by_month,
        "segments": selectors.by_segment,
        "needs": selectors.by_need,
        "epcis": selectors.by_epci,
        "referents": lambda scope, f: selectors.referent_workload(scope, f, today=today, projects=projects),
        "abandons": selectors.abandon_reasons,
    }
    times, states, pages, sizes = {}, {}, {}, {}
    for label, filters in periods.items():
        scope = selectors.report_scope(projects, filters)
        for name in PARTS:
            with report_session():
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    result = functions[name](scope, filters)
                times[f"{label}|{name}"] = (time.perf_counter() - started) * 1000
                pages[f"{label}|{name}"] = sum(_pages_read(query["sql"]) for query in captured.captured_queries
                                               if query["sql"].lstrip().upper().startswith("SELECT"))
            if name == "state_counts":
                states[label] = result
        sizes[f"{label}|log rows in the period"] = ProjectTransition.objects.filter(
            project__in=scope.values("pk"), at__gte=filters.starts_at, at__lt=filters.ends_at).count()
        sizes[f"{label}|projects created in the period"] = scope.filter(
            created_at__gte=filters.starts_at, created_at__lt=filters.ends_at).count()
        sizes[f"{label}|projects open now"] = scope.filter(state__in=OPEN_STATES).count()
    if states["one month"] != states["twelve months"]:
        sys.exit("The projects per state differ between two periods: they must not depend on the period.")
    print(json.dumps({"projects": Project.objects.count(), "times": times, "pages": pages, "sizes": sizes}))


def _pages_read(sql):
    """Shared buffers (hit + read) of one statement, from EXPLAIN (ANALYZE, BUFFERS)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    top = plan[0]["Plan"]
    return top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    runs = {"small": [], "large": []}
    sizes, pages, rows = {}, {}, {}
    load_before = os.getloadavg()
    for round_number in range(1, args.rounds + 1):
        for side in ("small", "large"):
            print(f"round {round_number}/{args.rounds}: {side}...", flush=True)
            env = {**os.environ, "DATABASE_URL": getattr(args, side)}
            output = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, text=True,
                                    capture_output=True).stdout.strip().splitlines()[-1]
            result = json.loads(output)
            sizes[side] = result["projects"]
            runs[side].append(result["times"])
            pages[side], rows[side] = result["pages"], result["sizes"]
    load_after = os.getloadavg()
    print()
    print(f"Report parts, {sizes['small']:,} projects against {sizes['large']:,} "
          f"(x{sizes['large'] / sizes['small']:.0f}); median of {args.rounds} rounds (min – max), ms")
    print(f"Load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{', '.join(f'{x:.2f}' for x in load_after)} after")
    print()
    print("| period | part | small | large | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label in ("one month", "twelve months"):
        totals = {side: [sum(run[f"{label}|{name}"] for name in PARTS) for run in runs[side]] for side in runs}
        for name in (*PARTS, "total"):
            cells = {}
            for side in runs:
                values = totals[side] if name == "total" else [run[f"{label}|{name}"] for run in runs[side]]
                cells[side] = (statistics.median(values), min(values), max(values))
            print(f"| {label} | {name} | {cells['small'][0]:,.1f} ({cells['small'][1]:,.0f} – {cells['small'][2]:,.0f}) "
                  f"| {cells['large'][0]:,.1f} ({cells['large'][1]:,.0f} – {cells['large'][2]:,.0f}) "
                  f"| {cells['large'][0] / cells['small'][0]:.1f} |")
    print()
    print("Pages read (8 KiB shared buffers, hit + read, from EXPLAIN (ANALYZE, BUFFERS); the same in every round)")
    print()
    print("| period | part | small | large | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label in ("one month", "twelve months"):
        for name in PARTS:
            key = f"{label}|{name}"
            print(f"| {label} | {name} | {pages['small'][key]:,} | {pages['large'][key]:,} "
                  f"| {pages['large'][key] / max(pages['small'][key], 1):.1f} |")
    print()
    print("What there is to read (rows)")
    print()
    print("| period | rows | small | large | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for key in rows["small"]:
        label, what = key.split("|")
        print(f"| {label} | {what} | {rows['small'][key]:,} | {rows['large'][key]:,} "
              f"| {rows['large'][key] / max(rows['small'][key], 1):.1f} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        main()
