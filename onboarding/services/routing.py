"""Routing services: route a new project (`route_project`, storing the
decision that onboarding.routing_decision makes, with its reason), hand a
project over (`project_reassign`), and the e-mails they cause."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm.emails import email_build
from crm.outbox import email_kind, outbox_add
from crm.selectors import coordinators_with_email
from onboarding.access import may_reassign, referents_of_network
from onboarding.exceptions import ConcurrentChange, ReassignmentDenied, ReassignmentInvalid
from onboarding.models import Project, RoutingDecision
from onboarding.routing_decision import project_routing_facts, routing_decide
from onboarding.services.deadlines import first_contact_due_on
from onboarding.signals import project_changed_send

logger = logging.getLogger(__name__)

# --- the services --------------------------------------------------------------------------

# No savepoint: routing is part of the caller's unit of work (intake), and a
# failure here must undo the whole of it; that also saves two round trips.
@transaction.atomic(savepoint=False)
def route_project(*, project, user=None):
    """Assign a new project, store why, and return the RoutingDecision.

    Sets the project's referent, team and first-contact deadline (N working
    days after its creation, FIRST_CONTACT_DELAY_WORKING_DAYS). At most
    ROUTE_PROJECT_MAX_QUERIES (9) queries whatever the number of rules,
    referents and projects. After commit, when the project lands in the
    coordinators' queue, the coordinators are e-mailed (Celery task).
    """
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


def reassignment_targets(project):
    """Referents a project may be given to: active, of its network, not its current one."""
    return (
        referents_of_network(project.network_id).filter(is_active=True, user__is_active=True)
        .exclude(pk=project.referent_id or 0)
        .select_related("user", "organisation")
    )


@transaction.atomic
def project_reassign(*, project, referent, user, reason):
    """Give `project` to `referent`, log why, tell the new referent after commit.

    Raises ReassignmentDenied (not a coordinator nor the project's referent),
    ReassignmentInvalid (no reason, same referent, inactive referent, a
    referent who does not work for the project's network) or
    ConcurrentChange (someone reassigned it meanwhile), changing nothing.
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
    if not referents_of_network(project.network_id).filter(pk=referent.pk).exists():
        # The words of the form's refusal of an unknown choice: another
        # network's staff are not to be told apart from nobody.
        raise ReassignmentInvalid(_("Choisissez un référent dans la liste."), field="referent")
    if not (referent.is_active and referent.user.is_active):
        raise ReassignmentInvalid(
            _("%(name)s n'est plus actif : choisissez un autre référent.") % {"name": referent}, field="referent"
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
    """To the referent a project was just given to; None if it has been
    reassigned again since (the newer decision has its own e-mail)."""
    decision = (
        RoutingDecision.objects.select_related("project", "referent__user", "by")
        .filter(pk=decision_id, kind=RoutingDecision.Kind.REASSIGNMENT).first()
    )
    if decision is None or decision.referent is None or not decision.referent.user.email:
        return None
    if decision.project.referent_id != decision.referent_id:
        return None
    return email_build(
        "onboarding/email/routing/reassigned", {"decision": decision, "project": decision.project},
        [decision.referent.user.email],
    )
