"""The benchmarks' one entry point: builds the data once, runs every
measurement alternated and repeated, checks that both sides of each
comparison compute the same thing, and writes benchmarks/RESULTS.md.

How to run (PostgreSQL required):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers \\
        .venv/bin/python benchmarks/run.py --projects 200000

Options: --projects 2000 (the size; 200,000 is the one the README quotes),
--repeats 7 (rounds; each figure is the median of them, with min and max),
--routing 20 (projects created, and as many created and routed, per round),
--no-kits (leave out the two PDF renders), --stale-kits 2000 (kits left
waiting for the sweep to find), --purge-people 50 (people the purge finds
due), --seed 1, --output PATH (the
Markdown table, benchmarks/RESULTS.md by default), --keep (leave the
database for a look with psql; drop it yourself).

Like the other scripts, it sets DJANGO_SETTINGS_MODULE=config.settings.test
and creates a fresh database named after DATABASE_URL's with the suffix
"_bench_run", dropped at the end: it never touches the database
DATABASE_URL names.

The data: `benchmarks/reports.build`, i.e. the demo's bulk builder
(demo.bulk: the two networks, staff sized for the projects, projects over
three years with a real history). In each round, one after the other so
that all see the same machine, every measure runs once:

- the baselines: GET /healthz, and a logged-in page that renders little
  more than the base layout (the journey's help page, /equipe/parcours/);
- the report page (coordinator of both networks), the hand-written SQL
  aggregates it needs, and its own statements replayed bare
  (benchmarks/reports.py);
- the coordinator's and a referent's project lists, the page of the
  project with the longest history, and the statements the coordinator's
  list and that page send, replayed bare (the same SQL and parameters on
  the same connection, nothing else: the pages' own cost is the difference);
- `project_create` alone, and `project_create` + `route_project`
  (benchmarks/routing.py), per project;
- a welcome kit: WeasyPrint alone on the kit's HTML, and our pipeline
  `kit_render_pdf` (benchmarks/kits.py);
- the background work, each on the built data inside a transaction rolled
  back at the end of the round (so that every round finds the same work;
  only the pass itself is timed, not its set-up): the daily digest
  (`deadlines_digest_send` and the building of every e-mail it owes, where
  the lists are read), the follow-up passes (`retention_reminders_send`,
  `privacy_requests_remind`), the retention purge (`personal_data_purge`
  three years ahead, on `--purge-people` people recorded as reminded now,
  timed per person: it erases each in their own transaction) and the kit
  sweep (`kit_requeue_stale` over `--stale-kits` kits left waiting).

Beside each measure, the peak RSS of the process during it (the kernel's
high-water mark, reset before each measure): the background passes read
in chunks, so theirs stays flat whatever the size.

Cross-checks (a failure exits 1 and is written in the table):

- the report: the hand-written SQL and the page's queries give the same
  figures, row by row (benchmarks/reports.check_agreement);
- routing: for up to 200 built projects whose segment has not changed
  since, `routing_decide` in the database picks the rule the bulk builder
  stored; every project routed during the rounds carries the referent and
  team of its stored decision (the most queries route_project ran, for a
  project assigned and for one queued, are printed beside the stated bound);
- the kit: both renders have the same number of pages.

It prints the load average (before, after), the process's RSS (current
and peak: WeasyPrint and PostgreSQL's client allocate outside Python) and
the ratio of each median to the base-layout page's.
"""

import argparse
import datetime
import io
import logging
import os
import random
import re
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
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Exists, OuterRef  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks import reports  # noqa: E402
from benchmarks.own_database import own_database  # noqa: E402
from benchmarks.routing import QueryCounter  # noqa: E402
from crm.models import Commune, Contact, Need, Referent, Segment  # noqa: E402
from demo.services import DEMO_EMAIL_DOMAIN  # noqa: E402
from onboarding.models import Project, ProjectTransition, RoutingDecision  # noqa: E402
from onboarding.routing_decision import ROUTE_PROJECT_MAX_QUERIES, project_routing_facts, routing_decide  # noqa: E402
from onboarding.services.projects import project_create  # noqa: E402
from onboarding.services.routing import route_project  # noqa: E402
from onboarding.states import Source  # noqa: E402
from reports.filters import ReportFilters, default_period  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BASELINE = "base layout page (/equipe/parcours/)"
# The heading of benchmarks/kits.py's figures in RESULTS.md (its throughput
# needs real Celery workers: run apart, pasted under this heading, kept here).
KITS_SECTION = "## Welcome kits: real Celery workers (benchmarks/kits.py)"


def rss_mib():
    """(current, peak) resident memory of this process, in MiB."""
    current = 0.0
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    current = int(line.split()[1]) / 1024
    except OSError:
        pass
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_reset():
    """Reset the kernel's high-water mark of this process's RSS (Linux:
    /proc/self/clear_refs, 5); False where it cannot be."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def peak_mib():
    """The RSS high-water mark since the last `peak_reset`, in MiB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss_mib()[1]
def statements_of(client, url):
    """Every statement one GET of `url` sends (SQL and parameters), for replaying them bare."""
    recorder = reports.Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # A server-side cursor's DECLARE replays as its plain SELECT (its name is taken once).
    return [(re.sub(r"^DECLARE \S+ NO SCROLL CURSOR WITH HOLD FOR ", "", sql), params)
            for sql, params in recorder.statements]


def replay_bare(statements):
    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
    return run


def _get(client, url):
    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return fetch


# --- routing ----------------------------------------------------------------------------------

class Routing:
    """`project_create` alone and with `route_project`, `per_round` projects
    each, on the built world; keeps what the cross-check needs."""

    def __init__(self, rng, per_round):
        self.rng, self.per_round = rng, per_round
        self.communes = list(Commune.objects.select_related("epci"))
        self.needs = list(Need.objects.filter(is_active=True))
        self.segments = list(Segment.objects.filter(is_active=True))
        self.counter = QueryCounter()
        self.routed, self.route_queries, self.serial = [], [], 0

    def _details(self):
        commune = self.rng.choice(self.communes)
        return {"needs": self.rng.sample(self.needs, k=self.rng.randint(1, 3)),
                "segment": self.rng.choice(self.segments) if self.rng.random() < 0.8 else None,
                "target_commune": commune, "target_epci": commune.epci}

    def _contact(self):
        self.serial += 1
        return Contact.objects.create(first_name="Camille", last_name=f"Mesure{self.serial}",
                                      email=f"mesure.{self.serial}@{DEMO_EMAIL_DOMAIN}")

    def create_alone(self):
        for _ in range(self.per_round):
            contact, details = self._contact(), self._details()
            with transaction.atomic():
                project_create(contact=contact, source=Source.WEBSITE, **details)

    def create_and_route(self):
        for _ in range(self.per_round):
            contact, details = self._contact(), self._details()
            with transaction.atomic(), connection.execute_wrapper(self.counter):
                project = project_create(contact=contact, source=Source.WEBSITE, **details)
                before = self.counter.count
                decision = route_project(project=project)
                self.route_queries.append((self.counter.count - before, decision.referent_id is None))
            self.routed.append(project.pk)

    def most_queries(self, queued):
        """The most queries route_project ran for a project assigned (queued False) or queued."""
        return max((n for n, to_queue in self.route_queries if to_queue == queued), default="-")

    def check(self):
        problems = []
        for project in Project.objects.filter(pk__in=self.routed):
            decision = RoutingDecision.objects.get(project=project, kind=RoutingDecision.Kind.AUTOMATIC)
            if (decision.referent_id, decision.team_id) != (project.referent_id, project.team_id):
                problems.append(f"project {project.pk}: routed to {project.referent_id}, decision says "
                                f"{decision.referent_id}")
        # The bulk builder's decisions against the database's, on the rule
        # (the loads have moved since, the rule depends on the facts only).
        segment_filed_later = ProjectTransition.objects.filter(
            project=OuterRef("pk"), transition="qualify", fields__has_key="segment")
        sample = (Project.objects.filter(contact__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
                  .exclude(pk__in=self.routed).exclude(Exists(segment_filed_later))
                  .annotate(decisions=Count("routing_decisions")).filter(decisions=1).order_by("pk")[:200])
        for project in sample:
            stored = RoutingDecision.objects.get(project=project)
            decided = routing_decide(project_routing_facts(project), lock=False)
            if (decided.rule.pk if decided.rule else None) != stored.rule_id:
                problems.append(f"project {project.pk}: bulk rule {stored.rule_id}, routing_decide "
                                f"{decided.rule.pk if decided.rule else None}")
        return problems


# --- background work ------------------------------------------------------------------------

class _Undo(Exception):
    """Raised to roll a round's background pass back."""


def _rolled_back(setup, work):
    """A measure: `setup()` (untimed), then `work(prepared)` timed, inside a
    transaction rolled back afterwards, so that every round finds the same
    work to do. Returns the seconds `work` took (the rounds' loop uses it)."""
    def measure():
        elapsed = None
        try:
            with transaction.atomic():
                prepared = setup()
                began = time.perf_counter()
                work(prepared)
                elapsed = time.perf_counter() - began
                raise _Undo
        except _Undo:
            pass
        return elapsed
    return measure


def background_measures(stale_kits, purge_people):
    """[(name, measure, 1)] for the daily digest, the follow-up passes, the
    purge and the kit sweep, and what each found to do (for the table)."""
    from crm.models import OutboxEmail
    from crm.outbox import _kind
    from onboarding.services.deadlines import DIGEST_COORDINATOR_EMAIL, DIGEST_REFERENT_EMAIL, deadlines_digest_send
    from onboarding.services.privacy_requests import privacy_requests_remind
    from onboarding.services.retention import contacts_due_reminder, personal_data_purge, retention_reminders_send
    from welcome_kits.models import Kit
    from welcome_kits.services import kit_requeue_stale

    now = timezone.now()
    later = now + datetime.timedelta(days=3 * 366)
    found = {}

    def digest(_):
        found["digest e-mails"] = deadlines_digest_send(today=timezone.localdate(now))
        rows = OutboxEmail.objects.filter(kind__in=[DIGEST_REFERENT_EMAIL, DIGEST_COORDINATOR_EMAIL])
        for kind, args in rows.values_list("kind", "args").iterator(chunk_size=200):
            _kind(kind).build(**args)  # where each referent's list is read

    def reminders(_):
        found["reminders"] = retention_reminders_send(now=now)

    def privacy(_):
        found["privacy request reminders"] = privacy_requests_remind(today=timezone.localdate(now))

    def reminded(n):
        """`n` of the people due a reminder now, recorded as reminded: three
        years on, the purge finds them due (and only them: every built contact has an e-mail)."""
        sample = list(contacts_due_reminder(now=now).order_by("pk").values_list("pk", flat=True)[:n])
        Contact.objects.filter(pk__in=sample).update(retention_reminder_at=now)

    def purge(_):
        found["contacts anonymised"] = personal_data_purge(now=later)

    def stale():
        projects = list(Project.objects.order_by("pk").values_list("pk", flat=True)[:stale_kits])
        Kit.objects.bulk_create([Kit(project_id=pk) for pk in projects], batch_size=1000)
        Kit.objects.filter(project_id__in=projects).update(requested_at=now - datetime.timedelta(hours=2))

    def sweep(_):
        found["kits requeued"] = kit_requeue_stale(now=now)

    nothing = lambda: None  # noqa: E731
    return [
        ("daily digest (deadlines_digest_send + building its e-mails)", _rolled_back(nothing, digest), 1),
        ("follow-up: retention reminders (retention_reminders_send)", _rolled_back(nothing, reminders), 1),
        ("follow-up: privacy request reminders (privacy_requests_remind)", _rolled_back(nothing, privacy), 1),
        (f"retention purge (personal_data_purge, 3 years on, per person; {purge_people} people)",
         _rolled_back(lambda: reminded(purge_people), purge), purge_people),
        ("kit sweep (kit_requeue_stale)", _rolled_back(stale, sweep), 1),
    ], found


# --- kits -------------------------------------------------------------------------------------

def kit_measures():
    """(measures, check) for one kit: WeasyPrint alone against our pipeline."""
    from pypdf import PdfReader

    disabled = logging.root.manager.disable
    from benchmarks.kits import make_project  # which silences logging on import (WeasyPrint's INFO)
    logging.disable(disabled)
    from crm.models import Referent
    from demo.kit_content import kit_content_seed
    from welcome_kits.rendering import html_to_pdf, kit_render_html, kit_render_pdf

    kit_content_seed()
    project = make_project(Referent.objects.order_by("pk").first(), 0)
    html = kit_render_html(project)
    last = {}

    def alone():
        last["alone"] = html_to_pdf(html)

    def ours():
        last["ours"] = kit_render_pdf(project)

    def check():
        # The last PDF each side made in the rounds.
        pages = {side: len(PdfReader(io.BytesIO(pdf)).pages) for side, pdf in last.items()}
        return [] if pages["alone"] == pages["ours"] else [
            f"kit: WeasyPrint alone {pages['alone']} pages, pipeline {pages['ours']}"]

    return [("kit: WeasyPrint alone (same HTML)", alone, 1), ("kit: kit_render_pdf (our pipeline)", ours, 1)], check


# --- the run ---------------------------------------------------------------------------------------

def run(*, projects=2000, repeats=7, seed=1, routing_per_round=20, kits=True, stale_kits=2000, purge_people=50,
        output=RESULTS, out=sys.stdout):
    """Build, measure, check, write the table; returns {"problems", "rows", ...}."""
    say = lambda text="": print(text, file=out, flush=True)  # noqa: E731
    load_before = os.getloadavg()
    started = time.perf_counter()
    coordinator, _referents, log_rows = reports.build(seed, projects)
    build_seconds = time.perf_counter() - started
    if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (the test's)
        reports.vacuum()
    say(f"Built {projects} projects and {log_rows} log rows in {build_seconds:.1f} s "
        f"({projects / build_seconds:.0f} projects/s, territories and staff included).")

    today = timezone.localdate()
    start, end = default_period(today)
    filters = ReportFilters(start=start, end=end)
    queries = reports.raw_queries(filters, today)
    anonymous, staff, referent = Client(), Client(), Client()
    staff.force_login(coordinator)
    # The referent following the most projects (load.py's choice).
    referent.force_login(Referent.objects.annotate(n=Count("projects")).order_by("-n", "pk").first().user)
    longest = (ProjectTransition.objects.values("project_id").annotate(n=Count("pk")).order_by("-n", "project_id")
               .first()["project_id"])
    report_page = _get(staff, reverse("report"))
    report_page()
    raw = reports.run_raw(queries)
    report, replay = reports.page_statements(filters, today)
    problems = [f"report: {p}" for p in reports.check_agreement(raw, report)]

    routing = Routing(random.Random(seed), routing_per_round)
    per = max(1, routing_per_round)
    # (name, function, how many operations one call makes)
    measures = [
        ("/healthz", _get(anonymous, reverse("healthz")), 1),
        (BASELINE, _get(staff, reverse("journey_help")), 1),
        ("report page (coordinator, last 12 months)", report_page, 1),
        ("report: hand-written SQL aggregates", lambda: reports.run_raw(queries), 1),
        ("report: the page's own statements, bare", lambda: reports.run_raw(replay), 1),
        ("coordinator project list", _get(staff, reverse("project_index")), 1),
        ("coordinator project list: its statements, bare", replay_bare(statements_of(staff, reverse("project_index"))), 1),
        ("referent project list", _get(referent, reverse("project_index")), 1),
        ("project page (longest history)", _get(staff, reverse("project_detail", args=[longest])), 1),
        ("project page: its statements, bare",
         replay_bare(statements_of(staff, reverse("project_detail", args=[longest]))), 1),
        ("project_create alone (per project)", routing.create_alone, per),
        ("project_create + route_project (per project)", routing.create_and_route, per),
    ]
    kit_check = None
    if kits:
        kit_list, kit_check = kit_measures()
        measures += kit_list
    background, found = background_measures(stale_kits, purge_people)
    measures += background
    if repeats > 1:
        for _name, function, _n in measures:
            function()  # warm-up: caches, fonts, imports
    times = {name: [] for name, _f, _n in measures}
    rss, peaks = {}, {name: 0.0 for name, _f, _n in measures}
    for _round in range(repeats):
        for name, function, n in measures:
            peak_reset()
            began = time.perf_counter()
            # A measure that times itself (a background pass, without its set-up) returns its seconds.
            timed = function()
            elapsed = timed if isinstance(timed, float) else time.perf_counter() - began
            times[name].append(elapsed / n)
            rss[name] = rss_mib()[0]
            peaks[name] = max(peaks[name], peak_mib())
    problems += routing.check()
    if kit_check:
        problems += kit_check()
    load_after = os.getloadavg()
    current, peak = rss_mib()

    base = statistics.median(times[BASELINE])
    rows = []
    for name, values in times.items():
        median = statistics.median(values)
        rows.append({"what": name, "median_ms": median * 1000, "min_ms": min(values) * 1000,
                     "max_ms": max(values) * 1000, "ratio": median / base, "rss": rss[name], "peak": peaks[name]})
    report_vs_sql = statistics.median(times["report page (coordinator, last 12 months)"]) / min(
        statistics.median(times["report: hand-written SQL aggregates"]),
        statistics.median(times["report: the page's own statements, bare"]))
    page_vs_sql = (statistics.median(times["project page: its statements, bare"])
                   / statistics.median(times["project page (longest history)"]))
    list_vs_base = base / statistics.median(times["coordinator project list"])
    create = statistics.median(times["project_create alone (per project)"])
    routed = statistics.median(times["project_create + route_project (per project)"])
    summary = {
        "projects": projects, "log_rows": log_rows, "build_seconds": build_seconds, "repeats": repeats,
        "load_before": load_before, "load_after": load_after, "rss": current, "rss_peak": peak,
        "report_vs_sql": report_vs_sql, "routed_vs_create": create / routed,
        "page_vs_sql": page_vs_sql, "list_vs_base": list_vs_base,
        "route_queries": (routing.most_queries(False), routing.most_queries(True)),
        "background_found": found,
    }
    text = markdown(summary, rows, problems)
    previous = Path(output).read_text() if Path(output).exists() else ""
    if KITS_SECTION in previous:  # benchmarks/kits.py's figures, pasted after this table: kept
        text += "\n" + previous[previous.index(KITS_SECTION):]
    Path(output).write_text(text)
    say(text)
    say(f"Written to {output}.")
    return {"problems": problems, "rows": rows, "summary": summary, "output": Path(output)}


def markdown(summary, rows, problems):
    load = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
    lines = [
        "# Benchmark results",
        "",
        f"Written by `benchmarks/run.py --projects {summary['projects']} --repeats {summary['repeats']}` on "
        f"{datetime.date.today():%d/%m/%Y}, {os.cpu_count()} CPU cores, PostgreSQL "
        f"{connection.pg_version // 10000 if connection.vendor == 'postgresql' else '-'}.",
        "",
        f"- Data: {summary['projects']:,} projects, {summary['log_rows']:,} journey log rows, built in "
        f"{summary['build_seconds']:.1f} s ({summary['projects'] / summary['build_seconds']:,.0f} projects/s).",
        f"- Load average (1, 5, 15 min): {load(summary['load_before'])} before, {load(summary['load_after'])} after "
        "(anything above 0 is other work sharing the cores).",
        f"- This process's RSS: {summary['rss']:.0f} MiB at the end, {summary['rss_peak']:.0f} MiB at its peak.",
        f"- Report page / its fastest bare SQL: {summary['report_vs_sql']:.2f}; create + route rate / create "
        f"alone rate: {summary['routed_vs_create']:.2f}; `route_project` at most "
        f"{summary['route_queries'][0]} queries for a project assigned, {summary['route_queries'][1]} for one "
        f"queued (stated bound ROUTE_PROJECT_MAX_QUERIES: {ROUTE_PROJECT_MAX_QUERIES}; \"-\": none in this run).",
        "- Background passes, what each found to do in every round (rolled back after it): "
        + (", ".join(f"{what} {n:,}" for what, n in summary.get("background_found", {}).items()) or "-") + ".",
        f"- Speed ratios (goal ≥ 0.50): the coordinator's list / the base layout page "
        f"{summary['list_vs_base']:.2f}; the project page / its own statements bare {summary['page_vs_sql']:.2f}.",
        "- Cross-checks (report figures row by row, routing rule bulk = service, kit pages): "
        + ("all agree." if not problems else f"**{len(problems)} differences**: " + "; ".join(problems[:10])),
        "",
        f"Each figure: median of {summary['repeats']} rounds (min – max), every measure once per round in turn; "
        f"ratio = median / the base layout page's median, in the same run.",
        "",
        "| measure | median ms | min – max ms | ratio to base page | RSS after (MiB) | peak RSS during (MiB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(f"| {row['what']} | {row['median_ms']:,.1f} | {row['min_ms']:,.1f} – {row['max_ms']:,.1f} | "
                     f"{row['ratio']:.2f} | {row['rss']:.0f} | {row['peak']:.0f} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--routing", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-kits", action="store_true")
    parser.add_argument("--stale-kits", type=int, default=2000)
    parser.add_argument("--purge-people", type=int, default=50)
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver"]
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    with own_database("run.py", "bench_run", keep=args.keep):
        result = run(projects=args.projects, repeats=args.repeats, seed=args.seed, routing_per_round=args.routing,
                     kits=not args.no_kits, stale_kits=args.stale_kits, purge_people=args.purge_people,
                     output=args.output)
    if result["problems"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
