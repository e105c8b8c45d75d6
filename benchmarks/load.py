"""Throughput under load: a real load generator (Locust) against gunicorn
with the production settings, page by page, beside /healthz and a page that
renders only the base layout.

How to run (PostgreSQL and Redis; Locust is a benchmark-only requirement):

    .venv/bin/pip install -r benchmarks/requirements.txt
    createdb -h 127.0.0.1 -U postgres newcomers_load
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers_load CELERY_BROKER_URL=redis://127.0.0.1:6379/5
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_territories
    .venv/bin/python manage.py seed_demo --benchmark --projects 200000
    .venv/bin/python benchmarks/load.py

Options: --seconds 15 (per page and round), --users 8 (simultaneous users,
no think time), --rounds 3 (every page once per round, in turn, so that all
see the same machine; each figure is the median of the rounds, with min and
max), --workers 2 (gunicorn's), --output PATH (a Markdown table), --locust
PATH (Locust installed elsewhere, e.g. a virtualenv of its own: it only
sends requests; default .venv/bin/locust).

It reads the database DATABASE_URL names (built beforehand: the build takes
minutes and is not what is measured) and writes only sessions for two of its
benchmark accounts (a coordinator, a referent: they have no password) and
the access log rows the pages write, as in production. `collectstatic` runs
into a temporary directory; gunicorn runs with config.settings.production
(scripts/smoke_production.py's environment), behind a pretend TLS proxy.

Printed: requests per second, median and 95th percentile latency, failures
(any answer but 200: a login redirect never passes for a fast page), the
ratio of each page's rate to the base page's, the load average before and
after (Locust itself takes a share of the two cores: quote it), and the
gunicorn workers' RSS at the end.
"""

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from smoke_production import free_port, production_env  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "benchmarks" / "LOAD_RESULTS.md"

# The sessions and the pages' addresses, made in the database by Django itself.
SESSIONS = r"""
import importlib, json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.db.models import Count
from crm.access import COORDINATOR_GROUP, REFERENT_GROUP
from onboarding.models import Project

def session(user):
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

coordinator = (User.objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
               .annotate(n=Count("networks")).order_by("-n", "pk").first())
referent = (User.objects.filter(groups__name=REFERENT_GROUP, is_active=True, referent__isnull=False)
            .annotate(n=Count("referent__projects")).order_by("-n", "pk").first())
longest = (Project.objects.filter(network__in=coordinator.networks.all())
           .annotate(n=Count("transitions")).order_by("-n", "pk").first())
print(json.dumps({"coordinator": session(coordinator), "referent": session(referent),
                  "project": longest.pk, "projects": Project.objects.count()}))
"""


def pages(facts):
    """(label, path, session) in the order they run in each round."""
    return [
        ("/healthz", "/healthz", ""),
        ("base layout page (/equipe/parcours/)", "/equipe/parcours/", facts["coordinator"]),
        ("coordinator project list", "/equipe/projets/", facts["coordinator"]),
        ("coordinator list, search \"Martin\"", "/equipe/projets/?q=Martin", facts["coordinator"]),
        ("referent project list", "/equipe/projets/", facts["referent"]),
        ("project page (longest history)", f"/equipe/projets/{facts['project']}/", facts["coordinator"]),
        ("project page, older entries (?historique=2)", f"/equipe/projets/{facts['project']}/?historique=2",
         facts["coordinator"]),
        ("report page (cached after the first request)", "/equipe/rapports/", facts["coordinator"]),
    ]


def locust(port, path, session, users, seconds, tmp, index, program=VENV_BIN / "locust"):
    prefix = tmp / f"run{index}"
    env = {**os.environ, "LOAD_PATH": path, "LOAD_SESSION": session}
    subprocess.run(
        [str(program), "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
         "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
         "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
        # Locust exits 1 when a request failed: counted below, not an error here.
        check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp,
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv", newline="") as failures:
        reasons = sorted({r["Error"] for r in csv.DictReader(failures)})
    return {
        "reasons": reasons,
        "rate": float(row["Requests/s"]),
        # "N/A" when no request finished within the run.
        "median": _number(row["Median Response Time"]),
        "p95": _number(row["95%"]),
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
    }


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


def _median_ms(values):
    values = [value for value in values if value is not None]
    return f"{statistics.median(values):,.0f}" if values else "none finished"


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except FileNotFoundError:
        return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--locust", default=str(VENV_BIN / "locust"))
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("benchmarks/load.py needs DATABASE_URL=postgres://... (a database built by seed_demo --benchmark).")
    if not Path(args.locust).exists():
        sys.exit("Locust is missing: .venv/bin/pip install -r benchmarks/requirements.txt (or give --locust PATH)")

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        env = {**production_env(tmp, database_url), "LOG_LEVEL": "ERROR"}
        manage = [str(VENV_BIN / "python"), "manage.py"]
        subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        # The production settings' cache (the database's table without REDIS_URL): a database
        # migrated with the test settings (in-memory cache) lacks it, and every page that keeps
        # something in the cache would then read it again on each request.
        subprocess.run([*manage, "createcachetable"], cwd=ROOT, env=env, check=True)
        facts = json.loads(subprocess.run([*manage, "shell", "-c", SESSIONS], cwd=ROOT, env=env, check=True,
                                          capture_output=True, text=True).stdout.strip().splitlines()[-1])
        port = free_port()
        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 (closed below, after the server)
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(urllib.request.Request(
                        f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}), timeout=5)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit("gunicorn did not start:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
                    time.sleep(0.2)
            plan = pages(facts)
            load_before = os.getloadavg()
            results = {label: [] for label, _path, _session in plan}
            index = 0
            for round_number in range(1, args.rounds + 1):
                for label, path, session in plan:
                    index += 1
                    print(f"round {round_number}/{args.rounds}: {label}...", flush=True)
                    results[label].append(locust(port, path, session, args.users, args.seconds, tmp, index,
                                                        args.locust))
            load_after = os.getloadavg()
            workers_rss = [rss_mib(child) for child in children(server.pid)]
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    base = statistics.median(r["rate"] for r in results[plan[1][0]])
    lines = [
        "# Throughput under load",
        "",
        f"Written by `benchmarks/load.py --seconds {args.seconds} --users {args.users} --rounds {args.rounds} "
        f"--workers {args.workers}` on {datetime.date.today():%d/%m/%Y}, {os.cpu_count()} CPU cores, "
        f"{facts['projects']:,} projects; Locust ({args.users} users, no think time) and gunicorn "
        f"({args.workers} workers, production settings) on the same machine.",
        "",
        f"- Load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{', '.join(f'{x:.2f}' for x in load_after)} after (anything above 0 is other work sharing the cores).",
        f"- gunicorn workers' RSS at the end: {', '.join(f'{x:.0f} MiB' for x in workers_rss if x)}.",
        "",
        "Each figure: median of the rounds (min – max); ratio = the page's rate / the base layout page's rate.",
        "",
        "| page | req/s | min – max | ratio to base page | median ms | p95 ms | failures |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    failed = False
    for label, runs in results.items():
        rates = [r["rate"] for r in runs]
        failures = sum(r["failures"] for r in runs)
        failed |= failures > 0
        lines.append(
            f"| {label} | {statistics.median(rates):,.1f} | {min(rates):,.1f} – {max(rates):,.1f} | "
            f"{statistics.median(rates) / base:.2f} | {_median_ms(r['median'] for r in runs)} | "
            f"{_median_ms(r['p95'] for r in runs)} | {failures} of {sum(r['requests'] for r in runs):,} |"
        )
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    Path(args.output).write_text(text)
    print(f"Written to {args.output}")
    if failed:
        reasons = sorted({reason for runs in results.values() for r in runs for reason in r["reasons"]})
        sys.exit(f"Some requests failed (see the failures column): {'; '.join(reasons)}")


if __name__ == "__main__":
    main()
