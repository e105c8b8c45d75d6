"""Reads of the jobs app for the staff: the proposals of employers' needs and of businesses to take over,
counted by sector and EPCI."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from crm.access import networks_of
from jobs.models import Employer, EmployerNeed, TakeoverBusiness
from jobs.proposals import BUSINESS_TAKEOVER, EMPLOYER_NEED, KIND
from onboarding.models import Proposal


@dataclass
class ProposalCounts:
    sector: str
    epci: str
    proposed: int = 0
    accepted: int = 0
    hired: int = 0


def _counts(user, *, kind, success, targets, year):
    """Proposals of `kind` within the user's networks, counted by their target's (sector, EPCI):
    `targets(ids)` gives (target id, sector code, EPCI name) rows. 2 queries."""
    rows = Proposal.objects.filter(kind=kind, project__network__in=networks_of(user))
    if year is not None:
        rows = rows.filter(created_at__year=year)
    per_target = rows.values("target_id").annotate(
        proposed=Count("pk"), accepted=Count("pk", filter=Q(consent_at__isnull=False)),
        hired=Count("pk", filter=Q(outcome=success)))
    counts = {row["target_id"]: row for row in per_target}
    sectors = dict(Employer.Sector.choices)
    table = defaultdict(lambda: [0, 0, 0])
    for target_id, sector, epci in targets(list(counts)):
        cell = table[(str(sectors.get(sector, sector)), epci)]
        for i, name in enumerate(("proposed", "accepted", "hired")):
            cell[i] += counts[target_id][name]
    lines = [ProposalCounts(sector, epci, *cell) for (sector, epci), cell in sorted(table.items())]
    total = ProposalCounts("", "", *(sum(line_values) for line_values in zip(*table.values(), strict=False))) \
        if table else ProposalCounts("", "")
    return lines, total


def proposal_counts(user, *, year=None):
    """Needs proposed to projects, accepted by the person (put in touch) and ended in a hire, by the
    employer's sector and the job's EPCI, within the user's networks; in 2 queries, sorted by sector
    then EPCI, with the totals last."""
    return _counts(user, kind=KIND, success=EMPLOYER_NEED.success, year=year, targets=lambda ids: (
        EmployerNeed.objects.filter(pk__in=ids).values_list("pk", "employer__sector", "commune__epci__name")))


def takeover_counts(user, *, year=None):
    """Businesses to take over proposed, accepted (put in touch with the chamber) and taken over by the
    person (`hired` here), by the business's sector and EPCI, within the user's networks; 2 queries."""
    return _counts(user, kind=BUSINESS_TAKEOVER.code, success=BUSINESS_TAKEOVER.success, year=year,
                   targets=lambda ids: TakeoverBusiness.objects.filter(pk__in=ids).values_list(
                       "pk", "sector", "commune__epci__name"))
