"""How the report's cost grows with the database: each part of the report
(`reports.selectors`), for one month and for twelve, on two databases of
different sizes, alternated round by round, with the ratio large / small.

How to run (PostgreSQL; two databases built beforehand, e.g. 10,000 and
200,000 projects, by `manage.py seed_demo --benchmark --projects N` after
`migrate` and `load_territories`):

    .venv/bin/python benchmarks/report_sizes.py \\
        postgres://postgres@127.0.0.1:5432/bench10k postgres://postgres@127.0.0.1:5432/bench200k

Options: --rounds 5 (each figure is the median, with min and max).

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
    from django.db.models import Count
    from django.utils import timezone

    from crm.access import COORDINATOR_GROUP
    from onboarding.access import projects_visible_to
    from onboarding.models import Project
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
    times, states = {}, {}
    for label, filters in periods.items():
        scope = selectors.report_scope(projects, filters)
        for name in PARTS:
            with report_session():
                started = time.perf_counter()
                result = functions[name](scope, filters)
                times[f"{label}|{name}"] = (time.perf_counter() - started) * 1000
            if name == "state_counts":
                states[label] = result
    if states["one month"] != states["twelve months"]:
        sys.exit("The projects per state differ between two periods: they must not depend on the period.")
    print(json.dumps({"projects": Project.objects.count(), "times": times}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    runs = {"small": [], "large": []}
    sizes = {}
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


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        main()
