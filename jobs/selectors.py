"""Reads of the jobs app for the staff: the proposals of employers' needs counted by sector and EPCI."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from crm.access import networks_of
from jobs.models import Employer, EmployerNeed
from jobs.proposals import EMPLOYER_NEED, KIND
from onboarding.models import Proposal


@dataclass
class ProposalCounts:
    sector: str
    epci: str
    proposed: int = 0
    accepted: int = 0
    hired: int = 0


def proposal_counts(user, *, year=None):
    """Needs proposed to projects, accepted by the person (put in touch) and ended in a hire, by the
    employer's sector and the job's EPCI, within the user's networks; in 2 queries, sorted by sector
    then EPCI, with the totals last."""
    rows = Proposal.objects.filter(kind=KIND, project__network__in=networks_of(user))
    if year is not None:
        rows = rows.filter(created_at__year=year)
    per_need = rows.values("target_id").annotate(
        proposed=Count("pk"), accepted=Count("pk", filter=Q(consent_at__isnull=False)),
        hired=Count("pk", filter=Q(outcome=EMPLOYER_NEED.success)))
    counts = {row["target_id"]: row for row in per_need}
    needs = EmployerNeed.objects.filter(pk__in=list(counts)).values_list(
        "pk", "employer__sector", "commune__epci__name")
    sectors = dict(Employer.Sector.choices)
    table = defaultdict(lambda: [0, 0, 0])
    for need_id, sector, epci in needs:
        cell = table[(str(sectors.get(sector, sector)), epci)]
        for i, name in enumerate(("proposed", "accepted", "hired")):
            cell[i] += counts[need_id][name]
    lines = [ProposalCounts(sector, epci, *cell) for (sector, epci), cell in sorted(table.items())]
    total = ProposalCounts("", "", *(sum(line_values) for line_values in zip(*table.values(), strict=False))) \
        if table else ProposalCounts("", "")
    return lines, total
