"""Matching benchmark: one employer's need against every project of a seeded database.

How to run (PostgreSQL, a database seeded for measures):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers_bench \\
        .venv/bin/python manage.py seed_demo --projects 100000 --benchmark
    DATABASE_URL=... .venv/bin/python benchmarks/matching.py [--repeats 31]

It reads the database DATABASE_URL names. If jobs.ProjectOccupation covers
fewer than half the projects (bulk-seeded projects skip the saves that fill
it) it fills it first
(`jobs_occupations_refresh`, timed apart). It then adds one recruiter and one
need (the ROME code most projects have, in the network's most populous
commune, no start date: the widest match), measures, and deletes them.

Three measures, interleaved (one of each in turn, so that all see the same
machine), each `--repeats` times: median, min, max in ms:

1. the bare SQL: the match written by hand (the communes within the radius
   given to it), every fitting project's id;
2. `jobs.matching` for the same need: the communes within the radius from
   their coordinates, then the ORM query, every id (what the need's page
   rests on); its ratio against 1 is the figure, under 200 ms the bound;
3. `projects_for_need`, what the need's page calls (the first 50, why each
   fits, already proposed): 4 queries.

It checks that 1 and 2 return the same ids, and prints the load average
before and after and the process's peak RSS.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from crm.models import Commune, Network  # noqa: E402
from jobs.matching import (  # noqa: E402
    MATCH_RADIUS_KM,
    communes_near,
    horizons_for,
    need_projects_query,
    occupations_refresh,
    projects_for_need,
)
from jobs.models import Employer, EmployerNeed, ProjectOccupation  # noqa: E402
from onboarding.models import Project  # noqa: E402
from onboarding.states import ACTIVE_STATES  # noqa: E402

BOUND_MS = 200

BARE_SQL = """
SELECT p.id FROM onboarding_project p
WHERE p.network_id = %(network)s AND p.state = ANY(%(states)s)
  AND (p.epci_id = %(epci)s OR p.installed_commune_id = ANY(%(near)s)
       OR (p.installed_commune_id IS NULL AND p.target_commune_id = ANY(%(near)s)))
  AND EXISTS (SELECT 1 FROM jobs_projectoccupation o WHERE o.project_id = p.id AND o.rome_code = %(rome)s)
  AND (%(horizons)s::varchar[] IS NULL OR p.horizon = ANY(%(horizons)s::varchar[]))
"""


def bare_sql(need, near_ids):
    horizons = horizons_for(need.start_on)
    with connection.cursor() as cursor:
        cursor.execute(BARE_SQL, {"network": need.employer.network_id, "states": list(ACTIVE_STATES),
                                  "epci": need.commune.epci_id, "near": near_ids, "rome": need.rome_code,
                                  "horizons": list(horizons) if horizons else None})
        return [row[0] for row in cursor.fetchall()]


def orm_match(need):
    return list(need_projects_query(need, list(communes_near(need.commune))).values_list("pk", flat=True))


def the_need():
    network = Network.objects.order_by("pk").first()
    code = (ProjectOccupation.objects.filter(project__network=network).values("rome_code")
            .annotate(n=Count("pk")).order_by("-n").first()["rome_code"])
    commune = (Commune.objects.filter(departement__in=network.departements.all()).exclude(latitude=None)
               .order_by("-population").first())
    employer = Employer.objects.create(network=network, organisation="Mesure", sector="other", commune=commune,
                                       contact_name="Mesure", contact_email="mesure@example.org",
                                       contact_consent_at=timezone.now())
    need = EmployerNeed.objects.create(employer=employer, rome_code=code, occupation=code, contract="CDI",
                                       commune=commune)
    return EmployerNeed.objects.select_related("employer", "commune").get(pk=need.pk)


def ms(func, *args):
    started = time.perf_counter()
    result = func(*args)
    return (time.perf_counter() - started) * 1000, result


def main(repeats, out=sys.stdout):
    projects = Project.objects.count()
    covered = ProjectOccupation.objects.values("project").distinct().count()
    if covered < projects // 2:  # bulk-seeded: the saves that fill it did not run
        started = time.perf_counter()
        ids = list(Project.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 5000):
            occupations_refresh(ids[start:start + 5000])
        with connection.cursor() as cursor:  # what autovacuum would do after such a bulk write
            cursor.execute("ANALYZE jobs_projectoccupation")
        out.write(f"jobs.ProjectOccupation filled in {time.perf_counter() - started:.1f} s\n")
    need = the_need()
    try:
        load_before = os.getloadavg()
        near_ids = list(communes_near(need.commune))
        times = {"bare": [], "orm": [], "page": []}
        problems = []
        for _ in range(repeats):
            took, bare_ids = ms(bare_sql, need, near_ids)
            times["bare"].append(took)
            took, orm_ids = ms(orm_match, need)
            times["orm"].append(took)
            took, _page = ms(projects_for_need, need)
            times["page"].append(took)
            if sorted(bare_ids) != sorted(orm_ids):
                problems.append(f"ids differ: SQL {len(bare_ids)}, ORM {len(orm_ids)}")
        load_after = os.getloadavg()
        base = statistics.median(times["bare"])
        out.write(f"\nMatching one need ({need.rome_code}, {need.commune.name}, radius {MATCH_RADIUS_KM} km, "
                  f"no start date) against {projects:,} projects ({ProjectOccupation.objects.count():,} ROME "
                  f"codes); {len(orm_ids):,} projects fit; {repeats} runs each, interleaved\n\n")
        out.write("| measure | median ms | min | max | ratio to bare SQL |\n|---|---|---|---|---|\n")
        rows = {}
        for key, label in (("bare", "bare SQL (ids)"), ("orm", "jobs.matching (communes near + ORM, ids)"),
                           ("page", "projects_for_need (the need's page: first 50, why, proposed)")):
            values = times[key]
            rows[key] = statistics.median(values)
            out.write(f"| {label} | {rows[key]:.1f} | {min(values):.1f} | {max(values):.1f} | "
                      f"{rows[key] / base:.2f} |\n")
        out.write(f"\nload average before {load_before[0]:.2f} / after {load_after[0]:.2f}; peak RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; cores "
                  f"{os.cpu_count()}\n")
        verdict = "under" if rows["orm"] < BOUND_MS else "OVER"
        out.write(f"jobs.matching median {rows['orm']:.1f} ms: {verdict} the {BOUND_MS} ms bound; "
                  f"{'same ids on both sides' if not problems else '; '.join(sorted(set(problems)))}\n")
        return {"rows": rows, "problems": problems, "fit": len(orm_ids)}
    finally:
        need.employer.delete()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=31)
    main(parser.parse_args().repeats)
