"""Routing services: route a new project (`route_project`, storing the
decision that onboarding.routing_decision makes, with its reason), route it
again when its territory changes (`project_reroute_on_move`), hand a
project over (`project_reassign`), and the e-mails they cause."""

import dataclasses
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm.emails import email_build
from crm.models import Epci
from crm.outbox import email_kind, outbox_add
from crm.selectors import coordinators_with_email
from onboarding.access import may_reassign, referents_of_network
from onboarding.exceptions import ConcurrentChange, ReassignmentDenied, ReassignmentInvalid
from onboarding.models import Project, RoutingDecision
from onboarding.routing_decision import (
    absent_referent_ids,
    open_project_counts,
    project_routing_facts,
    referent_availability,
    referent_locked,
    routing_decide,
)
from onboarding.routing_reason import SKIP_ABSENT, SKIP_FULL, overridden_label, skip_label
from onboarding.services.deadlines import first_contact_due_on
from onboarding.services.transfers import territory_network
from onboarding.signals import project_changed_send
from onboarding.states import OPEN_STATES

logger = logging.getLogger(__name__)

# --- the services --------------------------------------------------------------------------

# No savepoint: routing is part of the caller's unit of work (intake), and a
# failure here must undo the whole of it; that also saves two round trips.
@transaction.atomic(savepoint=False)
def route_project(*, project, user=None):
    """Assign a new project, store why, and return the RoutingDecision.

    Sets the project's referent, team and first-contact deadline (N working
    days after its creation, FIRST_CONTACT_DELAY_WORKING_DAYS). At most
    ROUTE_PROJECT_MAX_QUERIES (5) queries whatever the number of rules,
    referents and projects (one more, the outbox row, for a project sent to
    the queue). After commit, when the project lands in the coordinators'
    queue, the coordinators are e-mailed (Celery task).
    """
    # The facts come with the network's rules (one statement).
    facts = project_routing_facts(project)
    # The stored reason reads the same whatever language the request was in.
    with translation.override(settings.LANGUAGE_CODE):
        decision = routing_decide(facts, today=timezone.localdate(), lock=True)

    due_on = project.first_contact_due_on or first_contact_due_on(project.created_at or timezone.now())
    # A plain UPDATE: the state field is protected and not ours to touch.
    Project.objects.filter(pk=project.pk).update(
        referent=decision.referent, team=decision.team, first_contact_due_on=due_on, updated_at=timezone.now()
    )
    project.referent = decision.referent
    project.team = decision.team
    project.first_contact_due_on = due_on

    record = RoutingDecision.objects.create(
        project=project,
        kind=RoutingDecision.Kind.AUTOMATIC,
        rule=decision.rule,
        team=decision.team,
        referent=decision.referent,
        candidates=decision.candidates_json(),
        reason=decision.reason,
        by=user if getattr(user, "is_authenticated", False) else None,
    )
    if decision.queued:
        outbox_add(QUEUED_EMAIL, args={"decision_id": record.pk}, cause=f"projet {project.pk} : file d'attente",
                   project_id=project.pk)
    return record


route_project.alters_data = True


# The transition fields that may move an open project into another EPCI:
# the transitions that take one offer to keep the referent (the forms' box,
# the API's `keep_referent`).
REROUTING_FIELDS = frozenset({"target_epci", "target_commune"})


def may_reroute(spec):
    """Whether a transition (its onboarding.transitions spec) may re-route."""
    return bool(REROUTING_FIELDS & {field.name for field in spec.fields})


# The most queries `project_reroute_on_move` runs when it routes again: the
# EPCIs' names (1), the network check (1), the facts (1), the project out of
# its referent's load (1), the decision (3), the UPDATE (1), the
# RoutingDecision INSERT (1), the outbox (1).
REROUTE_MAX_QUERIES = 10


@transaction.atomic(savepoint=False)
def project_reroute_on_move(*, project, previous_epci_id, user=None, keep=False):
    """Route `project` again after its territory changed; return the
    RoutingDecision stored, or None when there was nothing to do.

    Called by the services that change where a project is (the journey's
    transitions, the edit of its details), after `project_locate` and the
    save, inside their transaction. Nothing when the EPCI did not change,
    when it is stated for the first time (the project was routed, or
    assigned by hand, on what was known: the referent or the coordination
    carries on), when the territory was cleared (nothing better to route
    on), when the project is closed, or when its new territory belongs to
    another network (a transfer is proposed there,
    onboarding.services.transfers: never a silent re-route across networks).

    Otherwise the decision routing makes at creation
    (onboarding.routing_decision), with the current referent in the place
    of the sticky one: they keep the project only where one of their own
    rules (one targeting them or a team of theirs) covers the new
    territory, or where the rule that now takes it keeps previous referents;
    otherwise the rule's referent or team takes it, or the coordinators'
    queue. With `keep` (the "Garder le projet" box, the API's
    `keep_referent`) the referent and team stay and the decision says so.
    The reason starts with the move: "Territoire changé : CC Grand-Figeac →
    CA Agen ; ...". A new referent is e-mailed as for a reassignment.
    """
    if previous_epci_id is None or project.epci_id is None or project.epci_id == previous_epci_id:
        return None
    if project.network_id is None or project.state not in OPEN_STATES:
        return None
    if territory_network(project) is not None:
        return None
    names = dict(Epci.objects.filter(pk__in=[previous_epci_id, project.epci_id]).values_list("pk", "name"))
    actor = user if getattr(user, "is_authenticated", False) else None
    previous_id = project.referent_id
    with translation.override(settings.LANGUAGE_CODE):
        moved = _("Territoire changé : %(old)s → %(new)s") % {
            "old": names.get(previous_epci_id, ""), "new": names.get(project.epci_id, "")}
        if keep:
            previous = project.referent
            kept = previous if previous is not None else _("la file d'attente de la coordination")
            return RoutingDecision.objects.create(
                project=project, kind=RoutingDecision.Kind.REROUTE, team_id=project.team_id,
                referent=previous, previous_referent=previous, by=actor,
                reason=_("%(moved)s ; projet gardé par %(who)s (« Garder le projet » coché), "
                         "sans nouvelle orientation.") % {"moved": moved, "who": kept},
            )
        facts = project_routing_facts(project)
        # Out of its referent's load while deciding, as a new project is: a
        # referent at capacity whose rule covers the new territory keeps it.
        Project.objects.filter(pk=project.pk).update(referent=None)
        if project.referent_id is not None:
            # The current referent in the place of the sticky one: kept only
            # where one of their rules covers the new territory (the rules
            # read with the facts weighed the contact's earlier referent's
            # teams: read again for this one).
            facts = dataclasses.replace(facts, previous_referent_id=project.referent_id, rules=None,
                                        previous_team_ids=None)
        decision = routing_decide(facts, today=timezone.localdate(), lock=True)
        reason = f"{moved} ; {decision.reason}"

    referent_id = decision.referent.pk if decision.referent else None
    team_id = decision.team.pk if decision.team else None
    Project.objects.filter(pk=project.pk).update(referent_id=referent_id, team_id=team_id, updated_at=timezone.now())
    project.referent, project.team = decision.referent, decision.team
    record = RoutingDecision.objects.create(
        project=project, kind=RoutingDecision.Kind.REROUTE, rule=decision.rule, team=decision.team,
        referent=decision.referent, previous_referent_id=previous_id, candidates=decision.candidates_json(),
        reason=reason, by=actor,
    )
    if referent_id != previous_id:
        if decision.queued:
            outbox_add(QUEUED_EMAIL, args={"decision_id": record.pk},
                       cause=f"projet {project.pk} : file d'attente après changement de territoire",
                       project_id=project.pk)
        else:
            outbox_add(REASSIGNED_EMAIL, args={"decision_id": record.pk},
                       cause=f"projet {project.pk} : réorientation après changement de territoire",
                       project_id=project.pk)
        project_changed_send(what="referent", project_id=project.pk, user_id=getattr(actor, "pk", None))
    return record


project_reroute_on_move.alters_data = True


def reassignment_targets(project):
    """Referents a project may be given to: active, of its network, not its current one."""
    return (
        referents_of_network(project.network_id).filter(is_active=True, user__is_active=True)
        .exclude(pk=project.referent_id or 0)
        .select_related("user", "organisation")
    )


def unavailable_referents(referents, today=None):
    """{referent id: why routing would pass them over ("absent aujourd'hui", "complet")}
    for a list of active referents, in two queries: the reassignment form says it beside each name."""
    referents = list(referents)
    ids = [r.pk for r in referents]
    loads = open_project_counts(ids)
    absent = absent_referent_ids(ids, today or timezone.localdate())
    unavailable = {}
    for r in referents:
        if r.pk in absent:
            unavailable[r.pk] = skip_label(SKIP_ABSENT)
        elif loads.get(r.pk, 0) >= r.capacity:
            unavailable[r.pk] = skip_label(SKIP_FULL)
    return unavailable


@transaction.atomic
def project_reassign(*, project, referent, user, reason, override_availability=False):
    """Give `project` to `referent`, log why, tell the new referent after commit.

    The same availability rules as routing (onboarding.routing_decision):
    a referent absent today or at capacity is refused unless
    `override_availability` (the form's "Confier quand même" box), and then
    the stored reason says what was overridden.

    Raises ReassignmentDenied (not a coordinator nor the project's referent),
    ReassignmentInvalid (no reason, same referent, inactive referent, a
    referent who does not work for the project's network, an absent or full
    referent without the override) or ConcurrentChange (someone reassigned
    it meanwhile), changing nothing.
    """
    if not may_reassign(project, user):
        raise ReassignmentDenied(
            _("Seuls la coordination et le référent du projet peuvent le confier à quelqu'un d'autre.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ReassignmentInvalid(_("Indiquez le motif de la réaffectation."), field="reason")
    if len(reason) > 1000:
        raise ReassignmentInvalid(_("Le motif ne peut pas dépasser 1000 caractères."), field="reason")
    if referent.pk == project.referent_id:
        raise ReassignmentInvalid(
            _("Ce projet est déjà suivi par %(name)s.") % {"name": referent}, field="referent"
        )
    referent = referent_locked(referent.pk)
    if referent is None or not referents_of_network(project.network_id).filter(pk=referent.pk).exists():
        # The words of the form's refusal of an unknown choice: another
        # network's staff are not to be told apart from nobody.
        raise ReassignmentInvalid(_("Choisissez un référent dans la liste."), field="referent")
    if not (referent.is_active and referent.user.is_active):
        raise ReassignmentInvalid(
            _("%(name)s n'est plus actif : choisissez un autre référent.") % {"name": referent}, field="referent"
        )

    unavailable, open_count = referent_availability(referent)
    if unavailable and not override_availability:
        if unavailable == SKIP_ABSENT:
            why = _("%(name)s est en absence aujourd'hui") % {"name": referent}
        else:
            why = _("%(name)s suit déjà %(open)s projets ouverts pour une capacité de %(capacity)s") % {
                "name": referent, "open": open_count, "capacity": referent.capacity}
        raise ReassignmentInvalid(
            _("%(why)s : choisissez quelqu'un d'autre, ou cochez « Confier quand même » et dites pourquoi "
              "dans le motif.") % {"why": why},
            field="referent",
        )

    previous = project.referent
    # Keep the team only if the new referent belongs to it.
    team_id = project.team_id if project.team_id and referent.teams.filter(pk=project.team_id).exists() else None
    # Optimistic: the UPDATE matches only if the referent is still the one
    # the user saw, so that two reassignments at once never both win.
    updated = Project.objects.filter(pk=project.pk, referent_id=project.referent_id).update(
        referent=referent, team_id=team_id, updated_at=timezone.now()
    )
    if not updated:
        raise ConcurrentChange()

    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(previous)s → %(new)s : %(reason)s") % {
            "previous": previous if previous is not None else _("file d'attente de la coordination"),
            "new": referent,
            "reason": reason,
        }
        if unavailable:
            text += " " + _("(confié malgré les règles d'orientation : %(what)s)") % {
                "what": overridden_label(unavailable, str(referent), open_count, referent.capacity)}
    record = RoutingDecision.objects.create(
        project=project,
        kind=RoutingDecision.Kind.REASSIGNMENT,
        team_id=team_id,
        referent=referent,
        previous_referent=previous,
        reason=text,
        by=user,
    )
    project.referent = referent
    project.team_id = team_id
    outbox_add(REASSIGNED_EMAIL, args={"decision_id": record.pk}, cause=f"projet {project.pk} : réaffectation",
               project_id=project.pk)
    project_changed_send(what="referent", project_id=project.pk, user_id=user.pk)
    return record


project_reassign.alters_data = True


# --- the e-mails (outbox rows written by the services above) ------------------------------

QUEUED_EMAIL = "onboarding.routing_queued"
REASSIGNED_EMAIL = "onboarding.routing_reassigned"


@email_kind(QUEUED_EMAIL)
def routing_queue_email(*, decision_id):
    """One message per coordinator: a project waits in their queue.

    None if the decision is gone or the project has been assigned since (a
    late send must not raise a stale alert).
    """
    decision = RoutingDecision.objects.select_related("project", "rule").filter(pk=decision_id).first()
    if decision is None or decision.project.referent_id is not None:
        return None
    return [
        email_build("onboarding/email/routing/queued",
                    {"decision": decision, "project": decision.project, "user": user}, [user.email])
        for user in coordinators_with_email(networks=[decision.project.network_id])
    ] or None


@email_kind(REASSIGNED_EMAIL)
def reassignment_email(*, decision_id):
    """To the referent a project was just given to (a reassignment, or a
    re-routing after a move); None if it has been reassigned again since
    (the newer decision has its own e-mail)."""
    decision = (
        RoutingDecision.objects.select_related("project", "referent__user", "by")
        .filter(pk=decision_id, kind__in=[RoutingDecision.Kind.REASSIGNMENT, RoutingDecision.Kind.REROUTE])
        .first()
    )
    if decision is None or decision.referent is None or not decision.referent.user.email:
        return None
    if decision.project.referent_id != decision.referent_id:
        return None
    return email_build(
        "onboarding/email/routing/reassigned", {"decision": decision, "project": decision.project},
        [decision.referent.user.email],
    )
