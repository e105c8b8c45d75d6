"""The transition contract, written down once.

Each transition of the journey is a method of `Project` (its states and
conditions, django-fsm) plus one `TransitionSpec` here: its button label and
the fields it takes, each with its kind. From this one table come:

- the fields `project_transition` accepts and how it reads them (`parse`:
  a model instance, as the staff forms give, or a natural key, as the API
  sends: segment and need codes, SIREN, INSEE, ISO dates);
- the staff forms (workspace.forms.transition_form_class);
- the API's request fields and their documentation (api.serializers);
- each form's initial values (`initial`).

Adding a transition = the model method + one entry in SPECS.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L_

from crm.models import Commune, Epci, Need, Segment
from onboarding.exceptions import InvalidTransitionField
from onboarding.models import Project
from onboarding.states import AbandonReason, ContactChannel, RejectReason


def fsm_transition_names():
    """The transitions the state machine declares, in the model's order."""
    return tuple(
        name for name, value in vars(Project).items() if hasattr(value, "_django_fsm")
    )


# --- kinds of field: how each reads what it is given ---------------------------

@dataclass(frozen=True)
class FieldKind:
    """What a field holds: `parse(value, name)` turns a form's instance or an
    API's key into the project's value, or raises InvalidTransitionField."""

    name: str
    help: str = ""

    def parse(self, value, name):
        raise NotImplementedError


@dataclass(frozen=True)
class Lookup(FieldKind):
    model: type = None
    key: str = ""
    only_active: bool = False

    def parse(self, value, name):
        if isinstance(value, self.model):
            return value
        filters = {self.key: str(value).strip()}
        if self.only_active:
            filters["is_active"] = True
        try:
            return self.model.objects.get(**filters)
        except self.model.DoesNotExist:
            raise InvalidTransitionField(
                _("« %(field)s » : %(label)s inconnu(e) : %(value)s.")
                % {"field": name, "label": self.help, "value": value},
                field=name,
            ) from None


@dataclass(frozen=True)
class Needs(FieldKind):
    def parse(self, value, name):
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            raise InvalidTransitionField(
                _("« %(field)s » doit être une liste de besoins.") % {"field": name}, field=name
            )
        codes = [v.code if isinstance(v, Need) else str(v) for v in value]
        needs = list(Need.objects.filter(code__in=codes, is_active=True))
        unknown = sorted(set(codes) - {n.code for n in needs})
        if unknown:
            raise InvalidTransitionField(
                _("« %(field)s » : besoin(s) inconnu(s) : %(codes)s.") % {"field": name, "codes": ", ".join(unknown)},
                field=name,
            )
        return needs


@dataclass(frozen=True)
class Date(FieldKind):
    def parse(self, value, name):
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


@dataclass(frozen=True)
class Text(FieldKind):
    max_length: int = 300

    def parse(self, value, name):
        text = "" if value is None else str(value)
        if len(text) > self.max_length:
            raise InvalidTransitionField(
                _("« %(field)s » ne peut pas dépasser %(n)s caractères.") % {"field": name, "n": self.max_length},
                field=name,
            )
        return text


@dataclass(frozen=True)
class Choice(FieldKind):
    choices: type = None

    def parse(self, value, name):
        if value not in self.choices.values:
            raise InvalidTransitionField(
                _("« %(field)s » doit être l'une des valeurs : %(values)s.")
                % {"field": name, "values": ", ".join(self.choices.values)},
                field=name,
            )
        return value


@dataclass(frozen=True)
class ProjectRef(FieldKind):
    def parse(self, value, name):
        if isinstance(value, Project):
            return value
        try:
            return Project.objects.get(pk=int(value))
        except (TypeError, ValueError, OverflowError, Project.DoesNotExist):
            raise InvalidTransitionField(
                _("« %(field)s » : projet introuvable : %(value)s.") % {"field": name, "value": value}, field=name
            ) from None


SEGMENT = Lookup("segment", L_("segment"), model=Segment, key="code", only_active=True)
NEEDS = Needs("needs")
EPCI = Lookup("epci", L_("EPCI (SIREN)"), model=Epci, key="siren")
COMMUNE = Lookup("commune", L_("commune (code INSEE)"), model=Commune, key="insee")
DATE = Date("date")


# --- the contract -----------------------------------------------------------------

@dataclass(frozen=True)
class TransitionField:
    name: str  # as the caller (the form, the API) names it
    attr: str | None  # the project's attribute; None: only recorded in the log row's fields
    kind: FieldKind
    label: str
    help_text: str = ""
    required: bool = False  # the form asks for it; conditions say the rest
    # A blank value (None, "", no need ticked) is never dropped: it is applied,
    # and where the transition needs the value its condition then refuses,
    # naming what is missing. Per field, in SPECS, a comment says which.

    def initial(self, project):
        if self.attr is None:
            return self.blank()
        if isinstance(self.kind, Needs):
            return [need.pk for need in project.needs.all()] if project.pk else []
        return getattr(project, f"{self.attr}_id" if isinstance(self.kind, (Lookup, ProjectRef)) else self.attr)

    def parse(self, value):
        return self.kind.parse(value, self.name)

    def blank(self):
        """The value a blank (None, "", no need ticked) sets."""
        if isinstance(self.kind, Needs):
            return []
        if isinstance(self.kind, (Text, Choice)):
            return ""
        return None

    def as_json(self, value):
        """How the log row records the value: natural keys, ISO dates."""
        if value is None:
            return None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(self.kind, Lookup):
            return getattr(value, self.kind.key)
        if isinstance(self.kind, Needs):
            return [need.code for need in value]
        if isinstance(self.kind, ProjectRef):
            return value.pk
        return value


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    fields: tuple = ()
    # Made by the service itself (channel "system", no user), never asked
    # for by a person: not among TRANSITION_NAMES, so no button, no API value.
    system_only: bool = False
    # Closes or undoes something (abandon, reject, cancel_move): its button is
    # styled as a warning, and its page says what will happen before acting.
    destructive: bool = False
    # What the confirmation page says will happen (hard to undo, or a side
    # effect the person should expect); "" for none.
    consequence: str = ""

    def field(self, name):
        return next((f for f in self.fields if f.name == name), None)

    def fields_for(self, condition):
        """The names of this transition's fields that set what `condition`
        reads (a missing segment: "segment"); () when none does."""
        return tuple(f.name for f in self.fields if f.attr is not None and f.attr in condition.attrs)

    @property
    def takes_fields(self):
        return bool(self.fields)


REASON_HELP = L_("pause, cancel_move, close_follow_up : texte libre ; abandon et reject : un code de motif.")

SPECS = {spec.name: spec for spec in (
    # make_contact: the channel is only recorded in the log row (no project attribute); optional.
    TransitionSpec("make_contact", L_("Premier contact établi"), (
        TransitionField("contact_channel", None, Choice("choice", choices=ContactChannel),
                        L_("Comment avez-vous joint la personne ?"),
                        L_("Le moyen du premier contact (make_contact) : call, email ou meeting.")),
    ), consequence=L_("Le projet passera à « Premier contact » ; ce passage ne peut pas être annulé.")),
    # qualify: a blank segment or no need is refused (has_segment, has_need);
    # a blank EPCI or commune is applied, since either one suffices
    # (has_target_territory refuses only when both are blank): a prospect who
    # no longer aims at one commune keeps the EPCI.
    TransitionSpec("qualify", L_("Qualifier le projet"), (
        TransitionField("segment", "segment", SEGMENT, L_("Segment"), L_("Code du segment (qualify).")),
        TransitionField("needs", "needs", NEEDS, L_("Besoins"), L_("Codes des besoins (qualify).")),
        TransitionField("target_epci", "target_epci", EPCI, L_("Intercommunalité visée"),
                        L_("SIREN de l'EPCI (qualify).")),
        TransitionField("target_commune", "target_commune", COMMUNE, L_("Commune visée"),
                        L_("Code INSEE (qualify, confirm_move).")),
    )),
    TransitionSpec("start_support", L_("Démarrer l'accompagnement")),
    # confirm_move, mark_installed: a blank commune or date is refused
    # (has_target_commune, has_move_date, has_installation_commune,
    # has_installation_date): the move cannot be set without them.
    TransitionSpec("confirm_move", L_("Confirmer l'installation"), (
        TransitionField("target_commune", "target_commune", COMMUNE, L_("Commune d'installation visée"),
                        L_("Code INSEE (qualify, confirm_move).")),
        TransitionField("move_date", "move_date", DATE, L_("Date d'emménagement prévue")),
    )),
    TransitionSpec("cancel_move", L_("Annuler l'installation prévue"), destructive=True, consequence=L_(
        "Le projet reviendra « En accompagnement » : la date d'emménagement prévue sera oubliée (la commune "
        "visée est gardée)."), fields=(
        TransitionField("reason", "move_cancel_reason", Text("text", max_length=300), L_("Motif de l'annulation"),
                        REASON_HELP,
                        required=True),
    )),
    TransitionSpec("mark_installed", L_("Marquer comme installé"), (
        TransitionField("installed_commune", "installed_commune", COMMUNE, L_("Commune d'installation"),
                        L_("Code INSEE (mark_installed).")),
        TransitionField("installed_on", "installed_on", DATE, L_("Date d'installation")),
    )),
    # close_follow_up: the reason is asked only for an early close (before
    # the apps' check-ins are done: follow_up_done_or_reason); blank otherwise.
    TransitionSpec("close_follow_up", L_("Clore le suivi"), consequence=L_(
        "Le suivi après installation sera clos : le projet ne pourra plus changer d'état."), fields=(
        TransitionField("reason", "follow_up_close_reason", Text("text", max_length=300),
                        L_("Motif d'une clôture anticipée (coordination)"),
                        REASON_HELP),
    )),
    # pause: a blank reason is refused (has_pause_reason); a blank resume date
    # is applied (no planned date any more). cancel_move, abandon, reject: a
    # blank reason is refused; reject's blank duplicate_of is applied (it is
    # only kept for a duplicate, whose condition then asks for it).
    TransitionSpec("pause", L_("Mettre en pause"), (
        TransitionField("reason", "pause_reason", Text("text", max_length=300), L_("Motif de la pause"),
                        REASON_HELP,
                        required=True),
        TransitionField("resume_on", "resume_on", DATE, L_("Reprise prévue le (facultatif)")),
    )),
    TransitionSpec("resume", L_("Reprendre")),
    TransitionSpec("abandon", L_("Déclarer un abandon"), destructive=True, consequence=L_(
        "Le projet sera classé « Abandonné » et sortira des projets en cours ; il pourra être rouvert."), fields=(
        TransitionField("reason", "abandon_reason", Choice("choice", choices=AbandonReason), L_("Motif d'abandon"),
                        required=True),
    )),
    TransitionSpec("reopen", L_("Rouvrir")),
    TransitionSpec("reject", L_("Déclarer non recevable"), destructive=True, consequence=L_(
        "Le projet sera classé « Non recevable » et sortira des projets en cours ; seule la coordination "
        "pourra le rouvrir."), fields=(
        TransitionField("reason", "reject_reason", Choice("choice", choices=RejectReason), L_("Motif"),
                        required=True),
        TransitionField("duplicate_of", "duplicate_of", ProjectRef("project"), L_("Doublon du projet n°"),
                        L_("Identifiant du projet doublé (reject).")),
    )),
    TransitionSpec("close_on_erasure", L_("Clore le projet (données personnelles effacées)"), system_only=True),
    TransitionSpec("close_on_transfer", L_("Clore le projet (transféré à un autre réseau)"), system_only=True),
    TransitionSpec("close_as_duplicate", L_("Rattacher à un autre projet (même personne ou même foyer)"), (
        TransitionField("duplicate_of", "duplicate_of", ProjectRef("project"), L_("Projet conservé n°"),
                        L_("Identifiant du projet conservé (close_as_duplicate).")),
    ), system_only=True),
)}

ALL_TRANSITION_NAMES = fsm_transition_names()
if set(ALL_TRANSITION_NAMES) != set(SPECS):  # pragma: no cover - a programming error, caught at import
    raise RuntimeError(
        f"onboarding.transitions: the model's transitions {sorted(ALL_TRANSITION_NAMES)} and the specs "
        f"{sorted(SPECS)} differ"
    )
# The transitions people ask for: the pages' buttons, the API's values.
TRANSITION_NAMES = tuple(name for name in ALL_TRANSITION_NAMES if not SPECS[name].system_only)
SYSTEM_TRANSITION_NAMES = tuple(name for name in ALL_TRANSITION_NAMES if SPECS[name].system_only)


def transition_label(name):
    """The French label people read for a transition (its code for an unknown one)."""
    spec = SPECS.get(name)
    return str(spec.label) if spec else name


def free_text_fields():
    """{transition: (field name, ...)}: the fields whose value is whatever
    someone typed (a pause's reason), which erasure must blank in the log."""
    return {
        spec.name: names for spec in SPECS.values()
        if (names := tuple(f.name for f in spec.fields if isinstance(f.kind, Text)))
    }


def request_fields():
    """Every field some transition takes, by name (the API's request body):
    [(name, [TransitionField, ...])], in the order they first appear."""
    seen = {}
    for spec in SPECS.values():
        for field in spec.fields:
            seen.setdefault(field.name, []).append(field)
    return list(seen.items())
