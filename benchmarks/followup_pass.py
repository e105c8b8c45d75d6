"""The daily follow-up pass (followup.services.followup_pass) against the
bare SQL that finds the same due items.

How to run (PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers \\
        .venv/bin/python benchmarks/followup_pass.py --projects 100000

Options: --projects 20000 --repeats 7 --seed 1 --keep.

It creates a database of its own (the name in DATABASE_URL with the suffix
"_bench_followup"), builds the data with the benchmarks' builder (demo.bulk:
projects over three years, a share of them installed, their journeys), and
drops it at the end. The hand-over of the e-mails to the broker is left
out (the outbox rows are written; sending them is the outbox's work). Then:

1. the backfill schedules every installed project's check-ins from its
   journey log (timed once: what the first morning after shipping costs);
2. the hand-written SQL lists the check-ins due to be sent today, to be
   expired, and the unanswered ones owed a task; the first pass does the
   work, and the check-ins it sent must be those the SQL found, row for
   row (exit 1 otherwise);
3. every round, in turn: the pass again (nothing left to do: what a
   second run the same morning costs) and the bare SQL of step 2;
4. the queries of a pass with nothing to do, which must not grow with the
   data, and of the first pass (a fixed number per batch of 1,000).

It prints the median, min and max of each, the ratio pass / bare SQL, the
load average before and after, the peak RSS of this process and the
queries of each pass.
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
from crm import outbox  # noqa: E402
from followup.models import CheckIn  # noqa: E402
from followup.services import check_ins_backfill, followup_pass  # noqa: E402


def bare_sql(today):
    """({check-in ids to send today}, how many to expire, how many owed a task), by hand."""
    waited = today - datetime.timedelta(days=settings.FOLLOW_UP_NO_ANSWER_TASK_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id FROM followup_checkin c JOIN onboarding_project p ON p.id = c.project_id "
            "WHERE c.status = 'scheduled' AND c.due_on <= %s AND c.expires_on >= %s AND p.state = 'installed'",
            [today, today])
        to_send = {pk for (pk,) in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM followup_checkin WHERE status IN ('scheduled', 'sent') "
                       "AND expires_on < %s", [today])
        to_expire = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM followup_checkin c JOIN onboarding_project p ON p.id = c.project_id "
            "WHERE c.status = 'sent' AND c.no_answer_task_id IS NULL AND p.state = 'installed' "
            "AND (c.sent_at AT TIME ZONE %s)::date <= %s", [settings.TIME_ZONE, waited])
        owed_tasks = cursor.fetchone()[0]
    return to_send, to_expire, owed_tasks


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

    with CaptureQueriesContext(connection) as backfill:
        backfill_ms = timed(lambda: check_ins_backfill(today=today))
    scheduled = CheckIn.objects.count()
    expired_at_backfill = CheckIn.objects.filter(status=CheckIn.Status.EXPIRED).count()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE followup_checkin")
    to_send, to_expire, _owed = bare_sql(today)
    before = set(CheckIn.objects.filter(status=CheckIn.Status.SENT).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as first_pass:
        first_ms = timed(lambda: followup_pass(today=today))
    sent = set(CheckIn.objects.filter(status=CheckIn.Status.SENT).values_list("pk", flat=True)) - before
    problems = []
    if sent != to_send:
        problems.append(f"the pass sent {len(sent):,} check-ins, the bare SQL finds {len(to_send):,} due "
                        f"({len(sent - to_send)} only sent, {len(to_send - sent)} only due)")
    with CaptureQueriesContext(connection) as again:
        done_again = followup_pass(today=today)
    if any(done_again.values()):
        problems.append(f"a second pass still did something: {done_again}")
    times = {"pass (nothing left to do)": [], "bare SQL (what is due)": []}
    for _ in range(repeats):
        times["pass (nothing left to do)"].append(timed(lambda: followup_pass(today=today)))
        times["bare SQL (what is due)"].append(timed(lambda: bare_sql(today)))
    load_after = os.getloadavg()

    print()
    print(f"Follow-up daily pass, {projects:,} projects, {scheduled:,} check-ins scheduled by the backfill "
          f"({backfill_ms:,.0f} ms, {len(backfill.captured_queries)} queries; {expired_at_backfill:,} written expired, "
          f"never sent); first pass: {len(to_send):,} sent, {to_expire:,} expired; median of {repeats} rounds (min – max).")
    print(f"Load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{', '.join(f'{x:.2f}' for x in load_after)} after.")
    print(f"Peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.")
    print(f"First pass (does the work): {first_ms:,.0f} ms, {len(first_pass.captured_queries)} queries; "
          f"a pass with nothing to do: {len(again.captured_queries)} queries.")
    print()
    print("| measure | median ms | min – max ms | ratio to the bare SQL |")
    print("| --- | ---: | ---: | ---: |")
    base = statistics.median(times["bare SQL (what is due)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:,.1f} | {min(values):,.1f} – {max(values):,.1f} | {median / base:.2f} |")
    print()
    print("Cross-check (check-ins sent = due by hand; a second pass does nothing): "
          + ("; ".join(problems) or "agree"))
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
    # The outbox rows are written; handing them to a broker is not this pass's cost.
    outbox.enqueue_on_commit = lambda *args, **kwargs: None
    with own_database("followup_pass.py", "bench_followup", keep=args.keep):
        problems = run(projects=args.projects, repeats=args.repeats, seed=args.seed)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
