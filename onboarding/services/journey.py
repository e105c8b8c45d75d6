"""One way in for every state change of a project.

Views, the API, the admin, management commands and tasks all call
`project_transition`; nothing else moves a project (the state field is
protected).
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from onboarding.access import may_act
from onboarding.exceptions import (
    ConcurrentChange,
    ConditionMissing,
    InvalidTransitionField,
    TransitionNotAllowedFromState,
    TransitionPermissionDenied,
    UnknownTransition,
)
from onboarding.location import project_locate
from onboarding.models import Project
from onboarding.models.conditions import describe
from onboarding.services.deadlines import first_contact_due_on
from onboarding.services.routing import project_reroute_on_move
from onboarding.services.stage_times import log_transition
from onboarding.signals import project_moved, project_transitioned
from onboarding.states import Channel, State
from onboarding.transitions import SPECS, SYSTEM_TRANSITION_NAMES, TRANSITION_NAMES, Choice, Text, transition_label

logger = logging.getLogger(__name__)

def _clean_fields(name, fields):
    spec = SPECS[name]
    unknown = sorted(set(fields) - {field.name for field in spec.fields})
    if unknown:
        raise InvalidTransitionField(
            _("« %(label)s » n'accepte pas le(s) champ(s) : %(fields)s.")
            % {"label": transition_label(name), "fields": ", ".join(unknown)},
            field=unknown[0], transition=name,
        )
    cleaned = {}
    for key, value in fields.items():
        field = spec.field(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            # An intended blank is applied, never dropped: where the transition
            # needs the value, its condition refuses and says what is missing.
            cleaned[key] = (field, field.blank())
            continue
        cleaned[key] = (field, field.parse(value))
    return cleaned


# --- reading the machine ----------------------------------------------------

def _meta(project, name):
    return getattr(project, name)._django_fsm


def available_transitions(project, user=None):
    """Names of the transitions a person may ask for from the project's
    current state (the system's own, close_on_erasure, are not among them);
    with `user`, less those kept for others (reopening a rejected project:
    coordinators only)."""
    return [
        name for name in TRANSITION_NAMES
        if _meta(project, name).has_transition(project.state)
        and (user is None or _meta(project, name).has_transition_perm(project, project.state, user))
    ]


def failed_conditions(project, name):
    """The condition predicates that block `name` now ([] if none): each has
    its `code`, `label` and `attrs` (onboarding.models.conditions)."""
    meta = _meta(project, name)
    transition = meta.get_transition(project.state)
    if transition is None:
        return []
    return [cond for cond in transition.conditions if not cond(project)]


def unmet_conditions(project, name):
    """French labels of the conditions that block `name` now ([] if none)."""
    return [describe(cond, project) for cond in failed_conditions(project, name)]


def _condition_missing(project, name, failed):
    """The refusal of `name` for the conditions `failed`: its message in
    words (the transition's label, what is missing, what to fill in), its
    details in codes (the transition, the conditions, the fields)."""
    spec = SPECS[name]
    missing = [describe(cond, project) for cond in failed]
    fields = list(dict.fromkeys(field for cond in failed for field in spec.fields_for(cond)))
    message = _("« %(label)s » n'est pas encore possible : %(missing)s.") % {
        "label": spec.label, "missing": " ; ".join(missing)}
    if fields:
        message += " " + _("À renseigner : %(fields)s.") % {
            "fields": ", ".join(str(spec.field(f).label) for f in fields)}
    error = ConditionMissing(message, transition=name, missing=[cond.code for cond in failed], fields=fields)
    # For the pages: each condition's words and the fields it points at.
    error.conditions = [(cond.code, text, spec.fields_for(cond)) for cond, text in zip(failed, missing, strict=True)]
    return error


# --- the service --------------------------------------------------------------

def project_transition(
    *, project, transition, user, note="", channel=Channel.UI, fields=None, expected_state=None,
    keep_referent=False,
):
    """Apply `transition` to `project` on behalf of `user`; return the log row.

    In one transaction: permission, fields, conditions, the state change
    (optimistic: the UPDATE matches only if the state is still the one read)
    and the log row. Side effects (the `project_transitioned` signal) run
    after commit. Raises a JourneyError subclass, with the database unchanged.
    A new EPCI routes the project again (project_reroute_on_move) unless
    `keep_referent`.
    """
    if transition not in TRANSITION_NAMES and transition not in SYSTEM_TRANSITION_NAMES:
        raise UnknownTransition(
            _("Transition inconnue : « %(name)s ». Transitions possibles : %(names)s.")
            % {"name": transition, "names": ", ".join(TRANSITION_NAMES)},
            allowed=list(TRANSITION_NAMES),
        )
    fields = dict(fields or {})
    note = Text("text", max_length=5000).parse(note, "note")
    channel = Choice("choice", choices=Channel).parse(channel, "channel")
    snapshot = {f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields}

    try:
        with transaction.atomic():
            log = _apply(project, transition, user, note, channel, fields, expected_state, snapshot)
            project_reroute_on_move(project=project, previous_epci_id=snapshot["epci_id"], user=user,
                                    keep=keep_referent)
    except Exception:
        # Leave the caller's instance as it was read, not half-changed.
        _restore(project, snapshot)
        raise

    transaction.on_commit(
        lambda: project_transitioned.send(
            sender=Project,
            project_id=project.pk,
            transition=transition,
            from_state=log.from_state,
            to_state=log.to_state,
            log_id=log.pk,
            user_id=getattr(user, "pk", None),
            channel=channel,
        )
    )
    return log


project_transition.alters_data = True


def _restore(project, snapshot):
    state_field = Project._meta.get_field("state")
    for attname, value in snapshot.items():
        if attname == "state":
            state_field.set_state(project, value)
        else:
            setattr(project, attname, value)
    # A save that succeeded before the rollback moved the optimistic-lock
    # baseline to the new state; put it back to the state the database holds.
    project._update_initial_state()


def _permission_denied():
    return TransitionPermissionDenied(
        _("Vous n'avez pas le droit d'effectuer cette action sur ce projet : seuls son référent "
          "et la coordination le peuvent.")
    )


def _apply(project, name, user, note, channel, fields, expected_state, snapshot):
    from_state = project.state
    if expected_state is not None and expected_state != from_state:
        raise ConcurrentChange()

    # Permission first: someone who may not act on the project must not
    # learn its state from the refusal either.
    system = channel == Channel.SYSTEM and user is None
    if not system and (user is None or not may_act(project, user)):
        raise _permission_denied()
    if SPECS[name].system_only and not system:
        raise TransitionPermissionDenied(
            _("« %(label)s » est faite par l'application seule (données de la personne effacées, projet "
              "transféré à un autre réseau).") % {"label": transition_label(name)},
            transition=name,
        )

    meta = _meta(project, name)
    if not meta.has_transition(from_state):
        allowed = available_transitions(project)
        raise TransitionNotAllowedFromState(
            _("« %(label)s » n'est pas possible depuis l'état « %(state)s ». Possibles : %(allowed)s.")
            % {
                "label": transition_label(name),
                "state": project.get_state_display(),
                "allowed": ", ".join(f"« {transition_label(a)} »" for a in allowed) or _("aucune"),
            },
            transition=name,
            allowed=allowed,
            state=from_state,
        )

    if not meta.has_transition_perm(project, from_state, user):
        raise TransitionPermissionDenied(
            _("Seule la coordination peut faire « %(label)s » depuis l'état « %(state)s ».")
            % {"label": transition_label(name), "state": project.get_state_display()},
            transition=name,
        )

    cleaned = _clean_fields(name, fields)
    for spec, value in cleaned.values():
        if spec.attr is None:
            continue  # recorded in the log row only (make_contact's channel)
        if spec.attr == "needs":
            project.needs.set(value)
        else:
            setattr(project, spec.attr, value)

    failed = failed_conditions(project, name)
    if failed:
        raise _condition_missing(project, name, failed)

    getattr(project, name)()
    if name == "reopen" and project.state == State.NEW:
        # Back in the queue of people to reach: a first-contact deadline
        # counted from today, as for a project received today.
        project.first_contact_due_on = first_contact_due_on(timezone.now())
    located = project_locate(project)
    # Write only what this transition changed: a full save from an instance
    # read earlier would silently undo a change made meanwhile to another
    # field (a reassignment, an edit in the admin); only the state is locked.
    changed = [
        f.name for f in Project._meta.concrete_fields
        if f.name == "state" or getattr(project, f.attname) != snapshot[f.attname]
    ]
    try:
        project.save(update_fields=[*changed, "updated_at"])
    except ConcurrentTransition:
        raise ConcurrentChange() from None

    log = log_transition(
        project=project,
        transition=name,
        from_state=from_state,
        to_state=project.state,
        by=user if getattr(user, "is_authenticated", False) else None,
        channel=channel,
        note=note,
        fields={key: field.as_json(value) for key, (field, value) in cleaned.items()},
    )
    if "departement" in located:
        # A commune in another network's département: that network is offered the
        # project (onboarding.services.transfers receives it).
        project_moved.send(sender=Project, project=project)
    return log
