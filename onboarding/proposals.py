"""Reads of the proposals (onboarding.Proposal): what the staff page, the
tracking page and the history show, each in a bounded number of queries
(the proposals, their events, then one load per kind present)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from onboarding.extensions import Section, project_read, proposal_kind
from onboarding.models import Proposal, ProposalEvent
from onboarding.timeline import TimelineEntry

# The event's outcome when the counterpart (an ambassador) declines
# (onboarding.services.proposals), so that the history says who did.
DECLINED_BY_COUNTERPART = "declined_by_counterpart"


@dataclass
class ProposalShown:
    proposal: Proposal
    kind_label: str
    title: str
    lines: list
    outcomes: dict
    events: list
    consent_text: str = ""

    @property
    def outcome_label(self):
        return self.outcomes.get(self.proposal.outcome, self.proposal.outcome)


def proposals_shown(project, *, statuses=None):
    """The project's proposals, newest first, with what their kind says of their target."""
    if statuses is not None:
        return proposals_shown_rows(Proposal.objects.filter(project=project, status__in=statuses))
    # The history and the section of one page share this read.
    return project_read(project, "proposals", lambda: proposals_shown_rows(Proposal.objects.filter(project=project)))


def proposals_shown_rows(rows):
    rows = list(rows.prefetch_related(Prefetch("events", queryset=ProposalEvent.objects.select_related("by")))
                .select_related("proposed_by"))
    ids_by_kind = defaultdict(set)
    for row in rows:
        ids_by_kind[row.kind].add(row.target_id)
    targets = {}
    for code, ids in ids_by_kind.items():
        spec = proposal_kind(code)
        targets[code] = spec.load(sorted(ids)) if spec else {}
    shown = []
    for row in rows:
        spec = proposal_kind(row.kind)
        target = targets[row.kind].get(row.target_id)
        title, lines = spec.describe(target) if spec and target is not None else (_("Proposition retirée du catalogue"), [])
        shown.append(ProposalShown(proposal=row, kind_label=str(spec.label) if spec else row.kind, title=title,
                                   lines=lines, outcomes=dict(spec.outcomes) if spec else {},
                                   events=list(row.events.all()),
                                   consent_text=str(spec.consent_text) if spec else ""))
    return shown


_EVENT_TITLES = {
    Proposal.Status.PROPOSED: "Proposition faite",
    Proposal.Status.ACCEPTED: "Proposition acceptée par la personne (mise en relation)",
    Proposal.Status.DECLINED: "Proposition déclinée par la personne",
    Proposal.Status.WITHDRAWN: "Proposition retirée",
    Proposal.Status.CONCLUDED: "Suite de la proposition",
}


def _who(user):
    if user is None:
        return _("La personne")
    return user.get_full_name() or user.get_username()


def proposals_history(project):
    """Every status change of every proposal, in the project's history
    (onboarding.extensions.register_timeline_provider)."""
    entries = []
    for shown in proposals_shown(project):
        for event in shown.events:
            if event.outcome == DECLINED_BY_COUNTERPART:
                title = f"{_('Proposition déclinée par la personne proposée')} ({shown.kind_label}) : {shown.title}"
                entries.append(TimelineEntry(at=event.at, kind="proposal", title=title, body="",
                                             by=_("La personne proposée")))
                continue
            title = f"{_(_EVENT_TITLES[event.to_status])} ({shown.kind_label}) : {shown.title}"
            body = shown.outcomes.get(event.outcome, event.outcome) if event.outcome else ""
            if event.counterpart_told:
                body = _("La personne mise en relation (%(kind)s) en est informée par e-mail.") % {
                    "kind": shown.kind_label}
            by_prospect = event.to_status in (Proposal.Status.ACCEPTED, Proposal.Status.DECLINED)
            by = _who(event.by) if event.by or by_prospect else _("Système")
            entries.append(TimelineEntry(at=event.at, kind="proposal", title=title, body=body, by=by))
    return entries


def proposals_section(project):
    """The staff project page's section: each proposal, its status, and what may be done with it."""
    return Section("onboarding/_proposals_section.html", {"project_id": project.pk,
                                                          "proposals": proposals_shown(project)})


def proposals_kit_section(project):
    """The kit: what is proposed and still open when it is generated (the
    person answers from their tracking page); nothing when there is none."""
    shown = proposals_shown(project, statuses=Proposal.OPEN_STATUSES)
    if not shown:
        return None
    return Section("onboarding/_proposals_kit_section.html", {"proposals": shown})
