"""Matching both ways between employers' needs (jobs.EmployerNeed) and projects.

A project fits a need when, all at once:
- it is in the need's network and active (new to settling: not paused, not closed);
- its prospect's or partner's occupation reads as the need's ROME fiche
  (jobs.ProjectOccupation, kept from what they typed: jobs.rome);
- it is where the job is: the same EPCI as the job's commune (Project.epci,
  onboarding.location), or its commune (installed, else targeted) within
  `MATCH_RADIUS_KM` of the job's;
- they can be there in time: a job starting within 6 months wants people
  coming within a year (or who do not know yet), one within 12 months people
  coming within 2 years; a job with no date or later takes every horizon.

One SQL query each way (the communes within the radius are computed from the
633 communes' coordinates first, one more query), so a need's page and a
project's section stay bounded whatever the number of projects.
"""

import functools
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import Commune
from jobs.models import EmployerNeed, ProjectOccupation
from jobs.rome import rome_codes_for
from onboarding.models import Project, Proposal
from onboarding.states import ACTIVE_STATES, Horizon

MATCH_RADIUS_KM = 30
SHOWN = 50  # a page lists the first 50 projects that fit, newest first

SOON = (Horizon.UNDER_6_MONTHS, Horizon.SIX_TO_12_MONTHS, Horizon.UNKNOWN)
WITHIN_A_YEAR = (*SOON, Horizon.ONE_TO_2_YEARS)


def horizons_for(start_on, today=None):
    """The project horizons that can meet a job starting on `start_on` (None: every one)."""
    if start_on is None:
        return None
    days = (start_on - (today or timezone.localdate())).days
    if days <= 183:
        return SOON
    if days <= 366:
        return WITHIN_A_YEAR
    return None


def _km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (float(a[0]), float(a[1]), float(b[0]), float(b[1])))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def communes_near(commune, radius_km=MATCH_RADIUS_KM):
    """{commune id: km} of the communes within the radius of `commune` (itself included)."""
    if commune.latitude is None or commune.longitude is None:
        return {commune.pk: 0.0}
    # A degree of latitude is 111 km: a box first, then the true distance.
    box = radius_km / 111 + 0.01
    lat, lon = Decimal(str(commune.latitude)), Decimal(str(commune.longitude))
    rows = Commune.objects.filter(latitude__range=(lat - _d(box), lat + _d(box)),
                                  longitude__range=(lon - _d(box * 1.5), lon + _d(box * 1.5))
                                  ).values_list("pk", "latitude", "longitude")
    here = (lat, lon)
    near = {pk: _km(here, (lat, lon)) for pk, lat, lon in rows}
    return {pk: km for pk, km in near.items() if km <= radius_km}


def _d(value):
    return Decimal(str(round(value, 5)))


def need_projects_query(need, near_ids):
    """The projects fitting `need` (a queryset of ids), for the page and the benchmark."""
    occupations = ProjectOccupation.objects.filter(project=OuterRef("pk"), rome_code=need.rome_code)
    where = Q(epci_id=need.commune.epci_id) | Q(installed_commune_id__in=near_ids) | Q(
        installed_commune__isnull=True, target_commune_id__in=near_ids)
    rows = Project.objects.filter(where, Exists(occupations), network_id=need.employer.network_id,
                                  state__in=ACTIVE_STATES)
    horizons = horizons_for(need.start_on)
    if horizons is not None:
        rows = rows.filter(horizon__in=horizons)
    return rows


@dataclass
class ProjectMatch:
    project: Project
    for_whom: list  # "prospect", "partner"
    km: float | None
    same_epci: bool
    proposed: bool

    @property
    def why(self):
        whose = " et ".join(_("son métier") if w == "prospect" else _("le métier du conjoint") for w in self.for_whom)
        if self.same_epci:
            where = _("même intercommunalité")
        else:
            where = _("à %(km)s km") % {"km": round(self.km)} if self.km is not None else ""
        return ", ".join(part for part in (whose, where) if part)


def projects_for_need(need, *, visible=None):
    """The projects fitting `need` (among `visible`, a queryset of projects the user may see), newest first,
    with why each fits and whether it was proposed already: 4 queries."""
    near = communes_near(need.commune)
    rows = need_projects_query(need, list(near))
    if visible is not None:
        rows = rows.filter(pk__in=visible.values("pk"))
    projects = list(rows.select_related("contact", "target_commune", "installed_commune", "referent__user")
                    .order_by("-created_at", "-pk")[:SHOWN])
    ids = [p.pk for p in projects]
    whom = {}
    for project_id, for_whom in ProjectOccupation.objects.filter(project_id__in=ids, rome_code=need.rome_code
                                                                  ).values_list("project_id", "for_whom"):
        whom.setdefault(project_id, []).append(for_whom)
    proposed = set(Proposal.objects.filter(kind="employer_need", target_id=need.pk, project_id__in=ids,
                                           status__in=Proposal.OPEN_STATUSES).values_list("project_id", flat=True))
    matches = []
    for project in projects:
        commune_id = project.installed_commune_id or project.target_commune_id
        matches.append(ProjectMatch(project=project, for_whom=sorted(whom.get(project.pk, []), reverse=True),
                                    km=near.get(commune_id), same_epci=project.epci_id == need.commune.epci_id,
                                    proposed=project.pk in proposed))
    return matches


@dataclass
class NeedMatch:
    need: EmployerNeed
    for_whom: list
    proposed: bool


def needs_for_project(project, today=None):
    """The open needs of the project's network fitting it, soonest first, with for whom: 3 queries."""
    occupations = {}
    for code, for_whom in ProjectOccupation.objects.filter(project=project).values_list("rome_code", "for_whom"):
        occupations.setdefault(code, []).append(for_whom)
    if not occupations or project.state not in ACTIVE_STATES:
        return []
    commune = project.installed_commune or project.target_commune
    where = Q(commune__epci_id=project.epci_id) if project.epci_id else Q(pk__in=[])
    if commune is not None:
        where |= Q(commune_id__in=list(communes_near(commune)))
    needs = [need for need in EmployerNeed.objects.filter(
        where, rome_code__in=list(occupations), status=EmployerNeed.Status.OPEN,
        employer__network_id=project.network_id).select_related("employer", "commune").order_by("start_on", "-pk")
        if (horizons_for(need.start_on, today) is None or project.horizon in horizons_for(need.start_on, today))]
    proposed = set(Proposal.objects.filter(kind="employer_need", project=project, target_id__in=[n.pk for n in needs],
                                           status__in=Proposal.OPEN_STATUSES).values_list("target_id", flat=True))
    return [NeedMatch(need=need, for_whom=sorted(occupations[need.rome_code], reverse=True),
                      proposed=need.pk in proposed) for need in needs]


@functools.lru_cache(maxsize=4096)
def _codes(text):
    return tuple(rome_codes_for(text, limit=1))


def occupations_refresh(project_ids):
    """Rewrite the ROME codes read from the occupations of these projects' contacts (the best fiche of each)."""
    rows = Project.objects.filter(pk__in=list(project_ids)).values_list(
        "pk", "contact__occupation", "contact__partner_occupation")
    found, ids = [], []
    for project_id, occupation, partner_occupation in rows:
        ids.append(project_id)
        for for_whom, text in (("prospect", occupation), ("partner", partner_occupation)):
            found.extend(ProjectOccupation(project_id=project_id, for_whom=for_whom, rome_code=code)
                         for code in _codes((text or "").strip()))
    ProjectOccupation.objects.filter(project_id__in=ids).delete()
    ProjectOccupation.objects.bulk_create(found, ignore_conflicts=True, batch_size=5000)
    return len(found)


occupations_refresh.alters_data = True
