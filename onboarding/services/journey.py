"""One way in for every state change of a project.

Views, the API, the admin, management commands and tasks all call
`project_transition`; nothing else moves a project (the state field is
protected).
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from crm.models import Commune, Epci, Need, Segment
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
from onboarding.models import Project, ProjectTransition
from onboarding.signals import project_transitioned
from onboarding.states import AbandonReason, Channel, RejectReason

logger = logging.getLogger(__name__)

TRANSITION_NAMES = (
    "make_contact",
    "qualify",
    "start_support",
    "confirm_move",
    "mark_installed",
    "close_follow_up",
    "pause",
    "resume",
    "abandon",
    "reopen",
    "reject",
)


# --- the fields each transition takes ------------------------------------

def _parse_date(value, name):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        parsed = parse_date(str(value)) if value not in (None, "") else None
    except ValueError:  # well formed but no such day: 2026-02-30
        parsed = None
    if parsed is None:
        raise InvalidTransitionField(
            _("« %(field)s » doit être une date au format AAAA-MM-JJ.") % {"field": name}, field=name
        )
    return parsed


def _lookup(model, key_field, label, **only):
    def parse(value, name):
        if isinstance(value, model):
            return value
        try:
            return model.objects.get(**{key_field: str(value).strip()}, **only)
        except model.DoesNotExist:
            raise InvalidTransitionField(
                _("« %(field)s » : %(label)s inconnu(e) : %(value)s.")
                % {"field": name, "label": label, "value": value},
                field=name,
            ) from None

    return parse


def _choice(choices):
    def parse(value, name):
        if value not in choices.values:
            raise InvalidTransitionField(
                _("« %(field)s » doit être l'une des valeurs : %(values)s.")
                % {"field": name, "values": ", ".join(choices.values)},
                field=name,
            )
        return value

    return parse


def _text(max_length):
    def parse(value, name):
        text = "" if value is None else str(value)
        if len(text) > max_length:
            raise InvalidTransitionField(
                _("« %(field)s » ne peut pas dépasser %(n)s caractères.") % {"field": name, "n": max_length},
                field=name,
            )
        return text

    return parse


def _needs(value, name):
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidTransitionField(_("« %(field)s » doit être une liste de besoins.") % {"field": name}, field=name)
    codes = [v.code if isinstance(v, Need) else str(v) for v in value]
    needs = list(Need.objects.filter(code__in=codes, is_active=True))
    unknown = sorted(set(codes) - {n.code for n in needs})
    if unknown:
        raise InvalidTransitionField(
            _("« %(field)s » : besoin(s) inconnu(s) : %(codes)s.") % {"field": name, "codes": ", ".join(unknown)},
            field=name,
        )
    return needs


def _project_ref(value, name):
    if isinstance(value, Project):
        return value
    try:
        return Project.objects.get(pk=int(value))
    except (TypeError, ValueError, Project.DoesNotExist):
        raise InvalidTransitionField(
            _("« %(field)s » : projet introuvable : %(value)s.") % {"field": name, "value": value}, field=name
        ) from None


@dataclass(frozen=True)
class FieldSpec:
    name: str  # as the caller (and the API) names it
    attr: str  # the project's attribute
    parse: object


_COMMUNE = _lookup(Commune, "insee", _("commune (code INSEE)"))
TRANSITION_FIELDS = {
    "qualify": (
        FieldSpec("segment", "segment", _lookup(Segment, "code", _("segment"), is_active=True)),
        FieldSpec("needs", "needs", _needs),
        FieldSpec("target_epci", "target_epci", _lookup(Epci, "siren", _("EPCI (SIREN)"))),
        FieldSpec("target_commune", "target_commune", _COMMUNE),
    ),
    "confirm_move": (
        FieldSpec("target_commune", "target_commune", _COMMUNE),
        FieldSpec("move_date", "move_date", _parse_date),
    ),
    "mark_installed": (
        FieldSpec("installed_commune", "installed_commune", _COMMUNE),
        FieldSpec("installed_on", "installed_on", _parse_date),
    ),
    "pause": (
        FieldSpec("reason", "pause_reason", _text(300)),
        FieldSpec("resume_on", "resume_on", _parse_date),
    ),
    "abandon": (FieldSpec("reason", "abandon_reason", _choice(AbandonReason)),),
    "reject": (
        FieldSpec("reason", "reject_reason", _choice(RejectReason)),
        FieldSpec("duplicate_of", "duplicate_of", _project_ref),
    ),
}


def _as_json(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (Commune,)):
        return value.insee
    if isinstance(value, Epci):
        return value.siren
    if isinstance(value, (Segment, Need)):
        return value.code
    if isinstance(value, Project):
        return value.pk
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def _clean_fields(name, fields):
    specs = {spec.name: spec for spec in TRANSITION_FIELDS.get(name, ())}
    unknown = sorted(set(fields) - set(specs))
    if unknown:
        raise InvalidTransitionField(
            _("La transition « %(name)s » n'accepte pas le(s) champ(s) : %(fields)s.")
            % {"name": name, "fields": ", ".join(unknown)},
            field=unknown[0],
        )
    cleaned = {}
    for key, value in fields.items():
        spec = specs[key]
        if value in (None, "") and spec.attr not in ("needs",):
            # An empty optional value clears nothing: conditions say what is missing.
            continue
        cleaned[spec.name] = (spec, spec.parse(value, key))
    return cleaned


# --- reading the machine ----------------------------------------------------

def _meta(project, name):
    return getattr(project, name)._django_fsm


def available_transitions(project):
    """Names of the transitions declared from the project's current state."""
    return [name for name in TRANSITION_NAMES if _meta(project, name).has_transition(project.state)]


def unmet_conditions(project, name):
    """French labels of the conditions that block `name` now ([] if none)."""
    meta = _meta(project, name)
    transition = meta.get_transition(project.state)
    if transition is None:
        return []
    return [str(cond.label) for cond in transition.conditions if not cond(project)]


def user_may_transition(project, name, user):
    meta = _meta(project, name)
    return meta.has_transition(project.state) and meta.has_transition_perm(project, project.state, user)


# --- the service --------------------------------------------------------------

def project_transition(
    *, project, transition, user, note="", channel=Channel.UI, fields=None, expected_state=None
):
    """Apply `transition` to `project` on behalf of `user`; return the log row.

    In one transaction: permission, fields, conditions, the state change
    (optimistic: the UPDATE matches only if the state is still the one read)
    and the log row. Side effects (the `project_transitioned` signal) run
    after commit. Raises a JourneyError subclass, with the database unchanged.
    """
    if transition not in TRANSITION_NAMES:
        raise UnknownTransition(
            _("Transition inconnue : « %(name)s ». Transitions possibles : %(names)s.")
            % {"name": transition, "names": ", ".join(TRANSITION_NAMES)},
            allowed=list(TRANSITION_NAMES),
        )
    fields = dict(fields or {})
    note = _text(5000)(note, "note")
    channel = _choice(Channel)(channel, "channel")
    snapshot = {f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields}

    try:
        with transaction.atomic():
            log = _apply(project, transition, user, note, channel, fields, expected_state, snapshot)
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

    meta = _meta(project, name)
    if not meta.has_transition(from_state):
        allowed = available_transitions(project)
        raise TransitionNotAllowedFromState(
            _("« %(name)s » n'est pas possible depuis l'état « %(state)s ». Possibles : %(allowed)s.")
            % {
                "name": name,
                "state": project.get_state_display(),
                "allowed": ", ".join(allowed) or _("aucune"),
            },
            allowed=allowed,
            state=from_state,
        )

    if not system and not meta.has_transition_perm(project, from_state, user):
        raise _permission_denied()

    cleaned = _clean_fields(name, fields)
    for spec, value in cleaned.values():
        if spec.attr == "needs":
            project.needs.set(value)
        else:
            setattr(project, spec.attr, value)

    missing = unmet_conditions(project, name)
    if missing:
        raise ConditionMissing(
            _("Impossible d'effectuer « %(name)s » : %(missing)s.") % {"name": name, "missing": " ; ".join(missing)},
            missing=missing,
        )

    getattr(project, name)()
    project_locate(project)
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

    return ProjectTransition.objects.create(
        project=project,
        transition=name,
        from_state=from_state,
        to_state=project.state,
        by=user if getattr(user, "is_authenticated", False) else None,
        channel=channel,
        note=note,
        fields={key: _as_json(value) for key, (_spec, value) in cleaned.items()},
    )
