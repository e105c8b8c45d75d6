"""The one "propose -> the prospect accepts -> both are put in touch"
mechanism (onboarding.Proposal), whatever is proposed: the kinds are
registered by the apps that own the targets (onboarding.extensions).

Each service is one transaction. A status changes under the row's lock
(SELECT ... FOR UPDATE, then the status re-read), so two clicks, two tabs or a referent
withdrawing while the prospect accepts end with one change and one event;
the loser is told the proposal is no longer open. E-mails are outbox rows in
the same transaction: the prospect hears of a proposal when it is made; the
counterpart (an employer's contact...) only once the prospect has accepted.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.emails import email_build, network_sender
from crm.languages import contact_language, language_or_default
from crm.models import OutboxEmail
from crm.outbox import email_kind, outbox_add
from onboarding.exceptions import JourneyError
from onboarding.extensions import proposal_kind
from onboarding.models import Proposal, ProposalEvent
from onboarding.proposals import DECLINED_BY_COUNTERPART
from onboarding.tracking_links import tracking_url

Status = Proposal.Status

PROPOSED_EMAIL = "onboarding.proposal_made"
PUT_IN_TOUCH_EMAIL = "onboarding.proposal_put_in_touch"
WITHDRAWN_EMAIL = "onboarding.proposal_withdrawn_after_acceptance"
COUNTERPART_TO_PROSPECT_EMAIL = "onboarding.proposal_counterpart_to_prospect"

# The status machine, as data: action -> (from, to).
MOVES = {
    "accept": ((Status.PROPOSED,), Status.ACCEPTED),
    "decline": ((Status.PROPOSED,), Status.DECLINED),
    "counterpart_decline": ((Status.PROPOSED, Status.ACCEPTED), Status.DECLINED),
    "withdraw": ((Status.PROPOSED, Status.ACCEPTED), Status.WITHDRAWN),
    "outcome": ((Status.ACCEPTED,), Status.CONCLUDED),
}


class ProposalError(JourneyError):
    code = "proposal_error"


class ProposalNotOpen(ProposalError):
    code = "proposal_not_open"

    def __init__(self):
        super().__init__(_("Cette proposition n'est plus ouverte : elle a été acceptée, déclinée ou retirée "
                           "entre-temps."))


def _kind(code):
    kind = proposal_kind(code)
    if kind is None:
        raise ProposalError(_("Ce type de proposition n'existe pas."))
    return kind


def proposal_create(*, project, kind, target_id, user, for_whom=Proposal.For.PROSPECT):
    """Propose target `target_id` of `kind` to `project` (the caller has
    checked the user may act on it). Proposing what is already open for the
    project keeps the first. Returns (proposal, created)."""
    spec = _kind(kind)
    target = spec.load([target_id]).get(target_id)
    if target is None or not spec.available(target, project):
        raise ProposalError(_("Cette proposition n'est pas possible pour ce projet (fermée, ou d'un autre "
                              "réseau)."))
    if for_whom not in Proposal.For.values:
        raise ProposalError(_("Choisissez pour qui est la proposition."))
    key = {"project": project, "kind": kind, "target_id": target_id, "for_whom": for_whom}
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(**key, proposed_by=user)
            ProposalEvent.objects.create(proposal=proposal, to_status=Status.PROPOSED, by=user, at=proposal.created_at)
            outbox_add(PROPOSED_EMAIL, args={"proposal_id": proposal.pk},
                       cause=f"projet {project.pk} : proposition {proposal.pk}", project_id=project.pk,
                       contact_id=project.contact_id, dedupe_key=f"proposal-made:{proposal.pk}",
                       language=contact_language(project.contact))
    except IntegrityError:  # proposed meanwhile by someone else: theirs stands
        return Proposal.objects.get(**key, status__in=Proposal.OPEN_STATUSES), False
    return proposal, True


proposal_create.alters_data = True


def _move(proposal, action, *, by, after=None, event_outcome="", **fields):
    """Apply `action` if the proposal is still in a status it starts from, the
    row locked so that the status read is the one changed; the event row is
    written in the same transaction. `after(proposal, from_status)`, if given,
    runs under the same lock and returns the event's extra fields. Raises ProposalNotOpen."""
    allowed, to = MOVES[action]
    current = Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("status", flat=True).first()
    if current not in allowed:
        raise ProposalNotOpen()
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(status=to, changed_at=now, **fields)
    proposal.refresh_from_db()
    extra = after(proposal, current) if after else {}
    ProposalEvent.objects.create(proposal=proposal, from_status=current, to_status=to,
                                 outcome=fields.get("outcome", event_outcome), by=by, at=now, **extra)
    return proposal


def _counterpart_language(proposal, spec):
    """The language to write to the counterpart in: a person's own (an
    ambassador), French for a partner organisation (crm.languages)."""
    target = spec.load([proposal.target_id]).get(proposal.target_id)
    counterpart = spec.counterpart(target) if target is not None else None
    return language_or_default(counterpart.language if counterpart else "")


@transaction.atomic
def proposal_accept(*, proposal):
    """The prospect agrees, from their tracking page, to be put in touch: the
    text they agreed to is kept with the time, and the counterpart is written
    to (after the commit). A second accept changes nothing and raises ProposalNotOpen."""
    spec = _kind(proposal.kind)
    now = timezone.now()
    _move(proposal, "accept", by=None, consent_text=str(spec.consent_text), consent_version=spec.consent_version,
          consent_at=now)
    outbox_add(PUT_IN_TOUCH_EMAIL, args={"proposal_id": proposal.pk},
               cause=f"projet {proposal.project_id} : proposition {proposal.pk} acceptée",
               project_id=proposal.project_id, dedupe_key=f"proposal-accepted:{proposal.pk}",
               language=_counterpart_language(proposal, spec))
    if spec.tell_prospect:
        outbox_add(COUNTERPART_TO_PROSPECT_EMAIL, args={"proposal_id": proposal.pk},
                   cause=f"projet {proposal.project_id} : proposition {proposal.pk} acceptée (coordonnées)",
                   project_id=proposal.project_id, dedupe_key=f"proposal-accepted-prospect:{proposal.pk}",
                   language=contact_language(proposal.project.contact))
    return proposal


proposal_accept.alters_data = True


@transaction.atomic
def proposal_decline(*, proposal):
    """The prospect says no thanks: nobody is written to."""
    return _move(proposal, "decline", by=None)


proposal_decline.alters_data = True


def _never_introduced(proposal_id):
    """The introduction e-mail was cancelled or given up: the counterpart never heard of the person."""
    return OutboxEmail.objects.filter(
        dedupe_key=f"proposal-accepted:{proposal_id}",
        status__in=(OutboxEmail.Status.CANCELLED, OutboxEmail.Status.FAILED)).exists()


def _tell_counterpart(proposal, from_status):
    """An accepted proposal withdrawn: the counterpart its kind names, who was
    (or is about to be) given the person's details, is owed one e-mail saying
    the introduction no longer stands."""
    if from_status != Status.ACCEPTED:
        return {}
    spec = proposal_kind(proposal.kind)
    target = spec.load([proposal.target_id]).get(proposal.target_id) if spec else None
    counterpart = spec.counterpart(target) if target is not None else None
    if counterpart is None or not counterpart.email or _never_introduced(proposal.pk):
        return {}
    row = outbox_add(WITHDRAWN_EMAIL, args={"proposal_id": proposal.pk},
                     cause=f"projet {proposal.project_id} : proposition {proposal.pk} retirée après acceptation",
                     project_id=proposal.project_id, dedupe_key=f"proposal-withdrawn:{proposal.pk}",
                     language=language_or_default(counterpart.language))
    return {"counterpart_told": row is not None}


@transaction.atomic
def proposal_decline_by_counterpart(*, proposal):
    """The counterpart (an ambassador, from their own link) says no, before
    or after the prospect accepted; the history says it was them."""
    return _move(proposal, "counterpart_decline", by=None, event_outcome=DECLINED_BY_COUNTERPART)


proposal_decline_by_counterpart.alters_data = True


@transaction.atomic
def proposal_withdraw(*, proposal, user):
    """The referent takes the proposal back (the need was filled...). If the
    person had accepted, the counterpart is told by e-mail, once (after the commit)."""
    return _move(proposal, "withdraw", by=user, after=_tell_counterpart)


proposal_withdraw.alters_data = True


@transaction.atomic
def proposal_outcome(*, proposal, outcome, user):
    """What came of an accepted proposal (hired, not retained...), one of its kind's outcomes."""
    if outcome not in _kind(proposal.kind).outcomes:
        raise ProposalError(_("Choisissez une suite parmi celles proposées."))
    return _move(proposal, "outcome", by=user, outcome=outcome)


proposal_outcome.alters_data = True


def _open_for_email(proposal_id, status):
    proposal = (Proposal.objects.select_related("project__contact", "project__network", "project__referent__user")
                .filter(pk=proposal_id, status=status).first())
    if proposal is None or proposal.project.contact.erased_at is not None:
        return None, None, None
    spec = proposal_kind(proposal.kind)
    target = spec.load([proposal.target_id]).get(proposal.target_id) if spec else None
    return proposal, spec, target


@email_kind(PROPOSED_EMAIL)
def proposal_made_email(*, proposal_id):
    """The prospect learns something was proposed and where to answer; None
    once the proposal is no longer waiting for them."""
    proposal, spec, target = _open_for_email(proposal_id, Status.PROPOSED)
    if target is None or not proposal.project.contact.email:
        return None
    project = proposal.project
    title, lines = spec.describe(target)
    context = {"contact": project.contact, "network": project.network, "kind": spec, "title": title,
               "lines": lines, "url": tracking_url(project) + "#propositions"}
    return email_build("onboarding/email/proposal_made", context, [project.contact.email],
                       **network_sender(project.network))


@email_kind(PUT_IN_TOUCH_EMAIL)
def proposal_put_in_touch_email(*, proposal_id):
    """To the counterpart, once the prospect accepted: who they are and how to
    reach them, with a copy to the referent. None when it was withdrawn since."""
    proposal, spec, target = _open_for_email(proposal_id, Status.ACCEPTED)
    if target is None:
        return None
    counterpart = spec.counterpart(target)
    if counterpart is None or not counterpart.email:
        return None
    project = proposal.project
    title, lines = spec.describe(target)
    referent = project.referent
    referent_email = referent.user.email if referent else ""
    context = {"counterpart": counterpart, "contact": project.contact, "network": project.network, "kind": spec,
               "title": title, "lines": lines, "for_partner": proposal.for_whom == Proposal.For.PARTNER,
               "referent": referent, "referent_email": referent_email}
    sender = network_sender(project.network)
    if referent_email:
        sender["reply_to"] = [referent_email]
    message = email_build("onboarding/email/proposal_put_in_touch", context, [counterpart.email], **sender)
    if referent_email:
        message.cc = [referent_email]
    return message


@email_kind(WITHDRAWN_EMAIL)
def proposal_withdrawn_email(*, proposal_id):
    """To the counterpart of an accepted proposal the referent withdrew. None
    when the introduction itself never went out (withdrawn before it was
    sent, its row then cancelled): they know nothing to be told otherwise.
    A row gone (finished rows are purged after OUTBOX_RETENTION_DAYS) was sent."""
    if _never_introduced(proposal_id):
        return None
    proposal = (Proposal.objects.select_related("project__contact", "project__network", "project__referent__user")
                .filter(pk=proposal_id, status=Status.WITHDRAWN).first())
    spec = proposal_kind(proposal.kind) if proposal else None
    target = spec.load([proposal.target_id]).get(proposal.target_id) if spec else None
    counterpart = spec.counterpart(target) if target is not None else None
    if counterpart is None or not counterpart.email:
        return None
    project = proposal.project
    title, _lines = spec.describe(target)
    referent = project.referent
    referent_email = referent.user.email if referent else ""
    sender = network_sender(project.network)
    if referent_email:
        sender["reply_to"] = [referent_email]
    # Named (they were given the name) so that they know whose details to set aside; not once erased.
    contact = project.contact if project.contact.erased_at is None else None
    context = {"counterpart": counterpart, "network": project.network, "kind": spec, "title": title,
               "referent": referent, "contact": contact}
    message = email_build("onboarding/email/proposal_withdrawn", context, [counterpart.email], **sender)
    if referent_email:
        message.cc = [referent_email]
    return message


@email_kind(COUNTERPART_TO_PROSPECT_EMAIL)
def proposal_counterpart_to_prospect_email(*, proposal_id):
    """To the prospect, once they accepted a kind that `tell_prospect`s: how
    to reach the counterpart. None when it was withdrawn or declined since."""
    proposal, spec, target = _open_for_email(proposal_id, Status.ACCEPTED)
    if target is None or not proposal.project.contact.email:
        return None
    counterpart = spec.counterpart(target)
    if counterpart is None or not counterpart.email:
        return None
    project = proposal.project
    title, lines = spec.describe(target)
    context = {"counterpart": counterpart, "contact": project.contact, "network": project.network, "kind": spec,
               "title": title, "url": tracking_url(project) + "#propositions"}
    return email_build("onboarding/email/proposal_counterpart_to_prospect", context, [project.contact.email],
                       **network_sender(project.network))
