"""Welcome-kit benchmark: one kit against WeasyPrint alone, then kits per
minute with one and with two real Celery worker processes.

How to run (PostgreSQL and Redis required):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python benchmarks/kits.py

Options: --runs 7 (timed renders per measure, after one warm-up),
--kits 24 (kits per throughput run), --repeats 2 (throughput runs per
worker count, alternated).

The script sets DJANGO_SETTINGS_MODULE=config.settings.test and, with
Django's test-database utilities, creates a fresh database named after the
one in DATABASE_URL with the suffix "_bench_kits" (migrated, the real
territories and the demo kit content loaded), and drops it at the end: it
never reads or writes the database DATABASE_URL names. It purges the
broker's default queue before each throughput run: give it a Redis
database of its own.

1. One kit, in this process, on a family moving to Figeac (8 pages):
   - WeasyPrint alone: `html_to_pdf` on the kit's HTML, rendered once
     beforehand (the same static-only fetcher, so the same CSS);
   - our pipeline: `kit_render_pdf(project)`, i.e. the profile, the block
     selection, the services and partners queries, the template, then
     WeasyPrint;
   median wall time of --runs renders and the ratio of the two (the
   overhead of everything that is not WeasyPrint), and the peak of Python
   allocations during one render (tracemalloc: Pango and cairo allocate in
   C, outside it) with the process's peak RSS at the end.
2. Throughput: `celery -A config worker --pool=prefork --concurrency=N` as
   a subprocess (config.settings.local on the benchmark database, files in
   a temporary MEDIA_ROOT), N = 1 then 2. After a warm-up kit per process,
   --kits requests for distinct projects (distinct households, so every one
   is rendered: none is an unchanged copy) go through `kit_request` on the
   real broker; the time runs from the first request until the last kit is
   done. Each count is run --repeats times, alternating 1, 2, 1, 2: the best
   rate of each is the one least disturbed by other work on the machine
   (the load average is printed: on a shared machine, quote it). Beside
   the rates, the CPU seconds per kit from the worker's own processes'
   counters (/proc/<pid>/stat over the worker and its children), which do
   not depend on the machine's load: the same for one and two processes
   when the work per kit does not grow with concurrency; and the RSS of
   each of the worker's processes at the end.
3. Memory: --memory kits (200) for distinct projects rendered one after the
   other by `kit_render_pdf` in this process, as a worker's child process
   renders them; its resident set (VmRSS from /proc, which counts Pango's,
   cairo's and fontconfig's C allocations that tracemalloc does not see) is
   read after the 10th kit (fonts and caches warm) and every 50 kits. The
   growth per kit times CELERY_WORKER_MAX_TASKS_PER_CHILD (after which a
   worker replaces its process) must stay within KIT_RSS_GROWTH_MIB.
"""

import argparse
import datetime
import io
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)  # WeasyPrint logs its progress at INFO, from its import on

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from pypdf import PdfReader  # noqa: E402  (a dev requirement, like the tests)

from benchmarks.own_database import own_database  # noqa: E402
from config.celery_app import app  # noqa: E402
from crm.models import Commune, Contact, Need, Organisation, Referent, Segment  # noqa: E402
from crm.services.territories import territories_load  # noqa: E402
from demo.kit_content import kit_content_seed  # noqa: E402
from onboarding.services.projects import project_create  # noqa: E402
from onboarding.states import Source  # noqa: E402
from welcome_kits.models import Kit  # noqa: E402
from welcome_kits.rendering import html_to_pdf, kit_render_html, kit_render_pdf  # noqa: E402
from welcome_kits.services import kit_request  # noqa: E402

PROFILES = [
    # (commune INSEE, segment, needs, children, partner seeks a job)
    ("46102", "famille", ["garde-ecole", "logement-location", "emploi-conjoint"], [2, 7], True),
    ("47001", "seconde-vie", ["creation-reprise", "logement-achat"], [], False),
    ("46042", "sante", ["logement-temporaire", "teletravail", "mobilite"], [], False),
]
FIRST_NAMES = ["Léa", "Karim", "Inès", "Hugo", "Manon", "Yann", "Fatima", "Paul"]
LAST_NAMES = ["Fabre", "Benali", "Marty", "Lacroix", "Delpech", "Nguyen", "Rigal", "Cazes"]


def build_world():
    territories_load()
    kit_content_seed()
    user = User.objects.create_user("bench.referent", email="referent@benchmark.invalid",
                                    first_name="Claire", last_name="Delmas")
    organisation = Organisation.objects.create(name="Département du Lot (bench)", kind="departement")
    return Referent.objects.create(user=user, organisation=organisation, title="Référente accueil",
                                   phone="05 65 00 00 00")


def make_project(referent, index):
    insee, segment, needs, children, partner_seeks = PROFILES[index % len(PROFILES)]
    commune = Commune.objects.select_related("epci").get(insee=insee)
    contact = Contact.objects.create(
        first_name=FIRST_NAMES[index % len(FIRST_NAMES)], last_name=f"{LAST_NAMES[index % len(LAST_NAMES)]}-{index}",
        email=f"bench-{index}@benchmark.invalid", has_partner=bool(children) or partner_seeks,
        partner_seeks_job=partner_seeks, children_ages=children,
    )
    return project_create(
        contact=contact, source=Source.WEBSITE, referent=referent, segment=Segment.objects.get(code=segment),
        target_commune=commune, target_epci=commune.epci, move_date=datetime.date(2026, 9, 1),
        needs=list(Need.objects.filter(code__in=needs)),
    )


def median_seconds(runs, *fns):
    """The median wall and CPU time of each function, run in turn so that all
    see the same machine. CPU time (this process only) is what other work on
    a shared machine disturbs least."""
    for fn in fns:
        fn()  # warm-up: fonts, caches, imports
    walls = [[] for _ in fns]
    cpus = [[] for _ in fns]
    for _ in range(runs):
        for fn, wall, cpu in zip(fns, walls, cpus, strict=True):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def peak_python_bytes(fn):
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def one_kit(referent, runs):
    project = make_project(referent, 0)
    html = kit_render_html(project)

    def weasyprint_alone():
        return html_to_pdf(html)

    def pipeline():
        return kit_render_pdf(project)

    alone, ours, html_only = median_seconds(runs, weasyprint_alone, pipeline, lambda: kit_render_html(project))
    return {
        "pages": len(PdfReader(io.BytesIO(pipeline())).pages),
        "html_kb": len(html.encode()) / 1024,
        "alone": alone,
        "pipeline": ours,
        "html_only": html_only,
        "alone_peak": peak_python_bytes(weasyprint_alone),
        "pipeline_peak": peak_python_bytes(pipeline),
    }


KIT_RSS_GROWTH_MIB = 20


def rss_mib():
    """This process's resident set now, in MiB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def memory_growth(referent, kits, first_index):
    """[(kits rendered, RSS MiB)] over `kits` distinct kits rendered here."""
    samples = []
    for done in range(1, kits + 1):
        kit_render_pdf(make_project(referent, first_index + done))
        if done == 10 or done % 50 == 0 or done == kits:
            samples.append((done, rss_mib()))
            print(f"  RSS after {done} kits: {samples[-1][1]:.0f} MiB", flush=True)  # as it goes: a long run
    return samples


def _database_url():
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def _start_worker(concurrency, media, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
         f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--loglevel=WARNING",
         f"--hostname=bench-kits-{os.getpid()}-{concurrency}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit("The Celery worker did not start (see its log above).")
    return process


def _process_tree(root):
    """[pid] of `root` and all its descendants (Linux /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def tree_cpu_seconds(root):
    """CPU seconds (user + system) the worker `root` and its processes have
    used so far, from their own counters (/proc/<pid>/stat: utime, stime,
    and cutime, cstime for children already reaped, e.g. a prefork child
    replaced after CELERY_WORKER_MAX_TASKS_PER_CHILD): independent of how
    busy the machine is, unlike wall time."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / ticks


def tree_rss_mib(root):
    """{pid: RSS MiB} of the worker's processes."""
    sizes = {}
    for pid in _process_tree(root):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return sizes


def _wait(kit_ids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = set(Kit.objects.filter(pk__in=kit_ids).values_list("status", flat=True))
        if states <= {Kit.Status.DONE, Kit.Status.FAILED}:
            failed = Kit.objects.filter(pk__in=kit_ids, status=Kit.Status.FAILED).count()
            if failed:
                sys.exit(f"{failed} kit(s) failed: {Kit.objects.filter(status='failed').values_list('error')[:3]}")
            return
        time.sleep(0.05)
    sys.exit(f"Kits still pending after {timeout} s.")


def throughput(referent, concurrency, kits, first_index):
    app.control.purge()
    with tempfile.TemporaryDirectory() as media, open(Path(media) / "worker.log", "wb") as log:
        worker = _start_worker(concurrency, media, log)
        try:
            warm = [kit_request(project=make_project(referent, first_index + i), notify_prospect=False).pk
                    for i in range(concurrency)]
            _wait(warm, 120)
            projects = [make_project(referent, first_index + concurrency + i) for i in range(kits)]
            load_before = os.getloadavg()[0]
            cpu_before = tree_cpu_seconds(worker.pid)
            start = time.perf_counter()
            ids = [kit_request(project=p, notify_prospect=False).pk for p in projects]
            _wait(ids, 120 + 60 * kits)  # generous: a shared machine's load stretches wall time
            seconds = time.perf_counter() - start
            cpu = tree_cpu_seconds(worker.pid) - cpu_before
            rss = tree_rss_mib(worker.pid)
            load_after = os.getloadavg()[0]
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=30)
    return {"seconds": seconds, "per_minute": kits / seconds * 60, "cpu_per_kit": cpu / kits,
            "load": (load_before, load_after), "rss": rss}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--kits", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--memory", type=int, default=200, help="kits rendered in one process for its RSS")
    args = parser.parse_args()

    if not settings.CELERY_BROKER_URL:
        sys.exit("benchmarks/kits.py needs CELERY_BROKER_URL=redis://... (a database of its own).")
    app.conf.task_always_eager = False  # the test settings run tasks in-process; here they go to the broker
    with own_database("kits.py", "bench_kits"):
        print(f"Database {connection.settings_dict['NAME']}: loading territories and kit content...", flush=True)
        referent = build_world()

        print(f"One kit, {args.runs} timed runs after a warm-up...", flush=True)
        one = one_kit(referent, args.runs)
        results = {1: [], 2: []}
        loads = []
        for repeat in range(args.repeats):
            for concurrency in (1, 2):
                print(f"Throughput: {args.kits} kits, one Celery worker with {concurrency} process(es)...",
                      flush=True)
                loads.append(os.getloadavg()[0])
                results[concurrency].append(
                    throughput(referent, concurrency, args.kits, first_index=1000 * (2 * repeat + concurrency))
                )
                done = results[concurrency][-1]
                print(f"  {done['per_minute']:.1f} kits/min, {done['cpu_per_kit'] * 1000:.0f} ms CPU a kit "
                      f"(load {done['load'][0]:.2f} → {done['load'][1]:.2f})", flush=True)
        print(f"Memory: {args.memory} kits rendered in this process...", flush=True)
        memory = memory_growth(referent, args.memory, first_index=100_000)

    mb = 1024 * 1024
    print()
    print(f"One kit: {one['pages']} pages, {one['html_kb']:.0f} KiB of HTML (median of {args.runs} runs)")
    print(f"  {'':38} {'wall':>7} {'CPU':>7}   peak Python allocations")
    print(f"  {'WeasyPrint alone (same HTML)':38} {one['alone'][0] * 1000:5.0f} ms {one['alone'][1] * 1000:4.0f} ms"
          f"   {one['alone_peak'] / mb:5.1f} MiB")
    print(f"  {'kit_render_pdf (our pipeline)':38} {one['pipeline'][0] * 1000:5.0f} ms "
          f"{one['pipeline'][1] * 1000:4.0f} ms   {one['pipeline_peak'] / mb:5.1f} MiB")
    print(f"  {'  of which the HTML (queries, template)':38} {one['html_only'][0] * 1000:5.0f} ms "
          f"{one['html_only'][1] * 1000:4.0f} ms")
    print(f"  ratio pipeline / WeasyPrint alone: {one['pipeline'][0] / one['alone'][0]:.2f} (wall), "
          f"{one['pipeline'][1] / one['alone'][1]:.2f} (CPU)")
    print(f"  peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print()
    print(f"Throughput, real Celery workers on {urlsplit(settings.CELERY_BROKER_URL).scheme}, {args.kits} kits "
          f"({os.cpu_count()} CPU cores):")
    best, cpu = {}, {}
    for concurrency, runs in results.items():
        best[concurrency] = max(r["per_minute"] for r in runs)
        cpu[concurrency] = statistics.median(r["cpu_per_kit"] for r in runs)
        print(f"  {concurrency} worker process(es): best {best[concurrency]:6.1f} kits/min; every run: "
              + ", ".join(f"{r['per_minute']:.1f} ({r['seconds']:.1f} s, load {r['load'][0]:.2f} → "
                          f"{r['load'][1]:.2f})" for r in runs))
        print(f"    CPU per kit, the worker's own processes (user + system): median "
              f"{cpu[concurrency] * 1000:.0f} ms; every run: "
              + ", ".join(f"{r['cpu_per_kit'] * 1000:.0f} ms" for r in runs)
              + "; worker RSS at the end (MiB): "
              + ", ".join(" + ".join(f"{mib:.0f}" for mib in r["rss"].values()) for r in runs))
    print(f"  speed-up with two processes (best against best): {best[2] / best[1]:.2f}")
    print(f"  CPU per kit, two processes / one: {cpu[2] / cpu[1]:.2f} (the work per kit does not depend on the "
          "number of processes when this is near 1; wall-clock rates do, with the machine's load)")
    print(f"  load average (1 min) before each run: {', '.join(f'{load:.2f}' for load in loads)} "
          "(anything above 0 is other work sharing the cores)")
    print()
    growth = memory[-1][1] - memory[0][1]
    per_kit = growth / (memory[-1][0] - memory[0][0])
    per_child = per_kit * settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    print(f"Memory of one process rendering {args.memory} distinct kits (RSS, MiB): "
          + ", ".join(f"after {done}: {mib:.0f}" for done, mib in memory))
    print(f"  growth from the 10th kit to the last: {growth:+.1f} MiB ({per_kit * 1024:.0f} KiB a kit)")
    print(f"  a worker's process is replaced after CELERY_WORKER_MAX_TASKS_PER_CHILD = "
          f"{settings.CELERY_WORKER_MAX_TASKS_PER_CHILD} tasks: at most {per_child:+.1f} MiB before it is "
          f"(bound {KIT_RSS_GROWTH_MIB} MiB: {'within' if per_child <= KIT_RSS_GROWTH_MIB else 'OVER'})")
    if per_child > KIT_RSS_GROWTH_MIB:
        sys.exit(1)


if __name__ == "__main__":
    main()
