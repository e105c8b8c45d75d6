"""How a project is routed: the facts, the rules, the candidates, the decision
and the sentence that explains it. Reads only: `route_project`
(onboarding.services.routing) stores the decision, the preview page shows it.

The decision, in order:

1. the sticky referent: the referent of the contact's latest earlier
   project, if they are still available, and only where one of their own
   rules (a matching rule that targets them or a team of theirs) covers the
   new project, or where the first matching rule has the coordinators'
   option `keep_previous_referent`: a contact who moves from the Figeac area
   to Agen is not kept by the Grand-Figeac referent; one who stays in
   Grand-Figeac is. The reason names the rule that kept them, or says why
   they were not kept;
2. otherwise the first active rule (lowest priority number, then oldest)
   whose conditions all match: needs (any overlap), segments, EPCIs and
   départements (the target commune's, or the target EPCI's); an empty
   condition means "any". A rule with no territorial condition of its own
   stays in its home département, that of the EPCI of its target team's (or
   referent's) organisation: chambers are departmental, so the Lot's CCI does
   not take a takeover in Marmande, unless the rule says `any_departement`
   ("hors de son département"). A rule that names EPCIs or départements
   holds where it says; an organisation without an EPCI, or a project
   without a known place, sets no bound. A rule points to one referent, or to a team whose
   available member with the lowest load (open projects / capacity) wins,
   ties going to the lowest referent id;
3. no matching rule, or nobody available behind the first matching one:
   the coordinators' queue (referent None), and the coordinators are told
   by e-mail after commit. The first matching rule wins even when its
   target is full: coordinators then see the project in their queue rather
   than have it silently go to a rule they ranked lower.

Available means: the referent and their account are active, they are not
absent today and they follow fewer open projects than their capacity.

`routing_decide` takes the facts of a project, real or hypothetical, and
returns a `Decision` without writing anything: `route_project` stores it,
the preview page only shows it.
"""


import dataclasses
import logging
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Aggregate, CharField, Count, Exists, F, Func, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import Absence, Need, Referent, Team
from onboarding.compiled_queries import CompiledQuery
from onboarding.location import network_for, place
from onboarding.models import Project, RoutingRule, referent_open_projects
from onboarding.routing_reason import (
    SKIP_ABSENT,
    SKIP_FULL,
    SKIP_INACTIVE,
    SKIP_NOT_COVERED,
    home_label,
    outside_home_note,
    reason_prefix,
    rule_reason,
    skip_label,
    sticky_reason,
    team_label,
)
from onboarding.segments import segment_for
from onboarding.states import OPEN_STATES

logger = logging.getLogger(__name__)

# The most queries `route_project` runs, whatever the number of rules,
# referents, teams, absences and projects: the project with its segment,
# territory, needs, the contact's previous referent and the active rules of
# its network with their condition sets, all in one statement (1); the
# candidate referents, locked (1); their loads and absences (1); the project
# UPDATE (1) and the RoutingDecision INSERT (1). The lock is a statement of
# its own: loads read in the same statement would come from before the lock
# was granted, and two routings at once could both fill a referent's last
# place. (A project sent to the coordinators' queue adds its e-mail's outbox
# row.)
ROUTE_PROJECT_MAX_QUERIES = 5

# --- the facts a decision is made on ------------------------------------------

@dataclass(frozen=True)
class ProjectFacts:
    """What routing looks at: the same for a stored project and a preview."""

    needs: tuple = ()
    segment: object = None
    epcis: tuple = ()
    departements: tuple = ()
    commune: object = None
    previous_referent_id: int | None = None
    # The programme: only its rules and its staff route its projects.
    network_id: int | None = None
    # The active rules of the programme as `active_rules` gives them, and the
    # ids of the teams the previous referent belongs to, when they were read
    # with the facts (`project_routing_facts`); None: `routing_decide` reads them.
    rules: tuple | None = dataclasses.field(default=None, compare=False, repr=False)
    previous_team_ids: frozenset | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def need_ids(self):
        return {need.pk for need in self.needs}


def _territory(epci, commune):
    # Where the project is, by the one rule (onboarding.location). A commune's
    # own département is the truth; an EPCI's is that of most of its communes
    # (Grand-Figeac spans the Lot and the Aveyron).
    commune, epci = place(target_commune=commune, target_epci=epci)
    where = commune or epci
    if where is None:
        return (), ()
    return ((commune.epci if commune else epci),), (where.departement,)


def _previous_referents(contacts):
    """The referent of the latest project matching `contacts` that has one."""
    return (
        Project.objects.filter(contacts, referent__isnull=False)
        .order_by("-created_at", "-pk").values("referent_id")[:1]
    )


NEED_FIELDS = ("pk", "code", "name", "position", "is_active")
RULE_FIELDS = ("id", "name", "priority", "is_active", "network_id", "target_referent_id", "target_team_id",
               "any_departement", "keep_previous_referent")


class JSONList(Func):
    """The rows of a subquery as one JSON array: JSONB_AGG on PostgreSQL,
    JSON_GROUP_ARRAY on SQLite. An aggregate over the whole subquery, written
    as a plain function so that Django adds no GROUP BY."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def _facts_queryset(*, pk, lock_network=False):
    """The stored project `pk` with everything routing reads, in one row: its
    place and segment (joined), its needs, the referent of the contact's
    latest earlier project and the ids of that referent's teams, and the
    active rules of its network with their conditions (`_rule_columns`), the
    last two as JSON arrays."""
    previous = _previous_referents(Q(contact_id=OuterRef("contact_id")) & ~Q(pk=OuterRef("pk")))
    needs = (
        Project.needs.through.objects.filter(project_id=OuterRef("pk")).order_by()
        .values(json=JSONList(JSONObject(**{name: f"need__{'id' if name == 'pk' else name}"
                                              for name in NEED_FIELDS})))
    )
    previous_teams = (
        Team.members.through.objects.filter(referent_id=OuterRef("previous_referent_id")).order_by()
        .values("referent_id").annotate(ids=IdList("team_id")).values("ids")
    )
    rules = (
        _rules_queryset(Q(network__isnull=True) | Q(network_id=OuterRef("network_id"))).order_by()
        .values(json=JSONList(JSONObject(**_rule_columns())))
    )
    return (
        # Where the project is: the EPCI and département project_locate
        # stored from its communes (onboarding.location), three joins where
        # its three places and their own would be nine for the planner.
        Project.objects.select_related("segment", "epci", "departement")
        .filter(pk=pk)
        .annotate(previous_referent_id=Subquery(previous))
        .annotate(previous_team_ids=Subquery(previous_teams), needs_json=Subquery(needs),
                  rules_json=Subquery(rules))
    )


_FACTS = CompiledQuery(lambda pk: _facts_queryset(pk=pk), ints=("pk",))


def project_routing_facts(project):
    """The facts of a stored project, with the rules of its network, in one
    query (compiled once per process: onboarding.compiled_queries)."""
    rows = _FACTS.run(pk=project.pk)
    if not rows:
        raise Project.DoesNotExist(f"project {project.pk}")
    stored = rows[0]
    needs = sorted(
        (Need(**need) for need in _json(stored.needs_json) if need.get("pk") is not None),
        key=lambda need: (need.position, need.name),
    )
    return ProjectFacts(
        needs=tuple(needs),
        segment=stored.segment,
        epcis=(stored.epci,) if stored.epci_id else (),
        departements=(stored.departement,) if stored.departement_id else (),
        previous_referent_id=stored.previous_referent_id,
        network_id=stored.network_id,
        rules=tuple(_rules_from_json(_json(stored.rules_json))),
        previous_team_ids=frozenset(_ids(stored.previous_team_ids)),
    )


def _json(value):
    # PostgreSQL's driver decodes JSON; SQLite's gives the text.
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return value or []


def hypothetical_facts(*, needs=(), occupation="", epci=None, commune=None, contact_email="", network=None):
    """The facts of a project described in the preview form (nothing stored).

    The segment is derived from the occupation and the needs by the same
    function intake uses (onboarding.segments.segment_for): the preview is
    given what a prospect declares, never a segment. `epci` and `commune`
    should come with their département (and the commune with its EPCI)
    already selected.
    """
    segment = segment_for(occupation, needs)
    epcis, departements = _territory(epci, commune)
    email = (contact_email or "").strip()
    where = commune or epci
    network = network_for(departement_id=where.departement_id if where else None, given=network)
    network_id = network.pk if network else None
    previous = (
        _previous_referents(Q(contact__email__iexact=email, contact__network_id=network_id)).first() if email else None
    )
    return ProjectFacts(
        needs=tuple(needs),
        segment=segment,
        epcis=epcis,
        departements=departements,
        commune=commune,
        previous_referent_id=previous["referent_id"] if previous else None,
        network_id=network_id,
    )


# --- the rules ------------------------------------------------------------------

CONDITION_KINDS = ("needs", "segments", "epcis", "departements")


def active_rules(network_id=None):
    """Active rules in the order they are tried, each with `conditions`:
    {kind: set of ids}. One query whatever the number of rules."""
    return rules_and_teams_of(network_id)[0]


class IdList(Aggregate):
    """A group's ids as one string, "3,7,12": STRING_AGG on PostgreSQL,
    GROUP_CONCAT on SQLite (Django 5.2 has no portable string aggregate)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT",
                              template="%(function)s(%(expressions)s, ',')", **extra_context)


def _ids(text):
    return {int(part) for part in text.split(",")} if text else set()


def _condition_subqueries():
    """Each rule's four condition sets as id lists: a correlated IdList
    subquery per link table."""
    conditions = {}
    for kind in CONDITION_KINDS:
        relation = RoutingRule._meta.get_field(kind)
        rule_field, target_field = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        conditions[f"{kind}_ids"] = Subquery(
            relation.remote_field.through.objects.filter(**{f"{rule_field}_id": OuterRef("pk")})
            .order_by().values(f"{rule_field}_id").annotate(ids=IdList(f"{target_field}_id")).values("ids")
        )
    return conditions


def _rules_queryset(network_condition):
    """Active rules with their condition sets and home département (joined,
    no extra query: the one of the EPCI of the target's organisation; None
    when it has no EPCI)."""
    return (
        RoutingRule.objects.filter(is_active=True).filter(network_condition)
        .annotate(
            home_departement_id=Coalesce(
                F("target_team__organisation__epci__departement_id"),
                F("target_referent__organisation__epci__departement_id"),
            ),
            home_departement_name=Coalesce(
                F("target_team__organisation__epci__departement__name"),
                F("target_referent__organisation__epci__departement__name"),
            ),
            **_condition_subqueries(),
        )
    )


def _rule_columns():
    """What a rule read as JSON carries (`_rules_from_json`)."""
    columns = {name: name for name in RULE_FIELDS}
    columns.update({name: name for name in ("home_departement_id", "home_departement_name")})
    columns.update({f"{kind}_ids": f"{kind}_ids" for kind in CONDITION_KINDS})
    columns.update({"team_name": "target_team__name", "team_organisation_id": "target_team__organisation_id"})
    return columns


def _rules_from_json(rows):
    """RoutingRule objects (with `target_team`, `conditions` and the home
    département) from `_rule_columns` rows, in the order they are tried."""
    rules = []
    for row in sorted(rows, key=lambda row: (row["priority"], row["id"])):
        rule = RoutingRule(**{name: row[name] for name in RULE_FIELDS})
        for name in ("is_active", "any_departement", "keep_previous_referent"):
            setattr(rule, name, bool(getattr(rule, name)))  # SQLite's JSON gives 0 and 1
        if rule.target_team_id is not None:
            rule.target_team = Team(pk=rule.target_team_id, name=row["team_name"],
                                    organisation_id=row["team_organisation_id"])
        rule.home_departement_id = row["home_departement_id"]
        rule.home_departement_name = row["home_departement_name"]
        rule.conditions = {kind: _ids(row[f"{kind}_ids"]) for kind in CONDITION_KINDS}
        rules.append(rule)
    return rules


def rules_and_teams_of(network_id=None, referent_id=None):
    """(active rules as `active_rules` gives them, ids of the teams
    `referent_id` belongs to among the rules' target teams), in one query
    whatever the number of rules.

    Each rule carries its four condition sets as id lists (a correlated
    IdList subquery per link table) and whether `referent_id` is in its
    target team (EXISTS): routing needs ids only, and a related queryset per
    rule and per relation, or even one more round trip, cost more than
    routing itself. (A stored project's routing reads the same with its
    facts: `project_routing_facts`.)
    """
    extra = {}
    if referent_id is not None:
        extra["previous_in_team"] = Exists(
            Team.members.through.objects.filter(team_id=OuterRef("target_team_id"), referent_id=referent_id)
        )
    rules = list(
        _rules_queryset(Q(network__isnull=True) | Q(network_id=network_id))
        .select_related("target_team").annotate(**extra).order_by("priority", "pk")
    )
    teams = set()
    for rule in rules:
        rule.conditions = {kind: _ids(getattr(rule, f"{kind}_ids")) for kind in CONDITION_KINDS}
        if getattr(rule, "previous_in_team", False):
            teams.add(rule.target_team_id)
    return rules, teams


CONDITION_LABELS = {
    "needs": _("besoins"),
    "segments": _("segments"),
    "epcis": _("EPCI"),
    "departements": _("départements"),
}
# Not a condition the rule states: the bound of its home département.
OUTSIDE_HOME = "outside-home"


@dataclass(frozen=True)
class RuleCheck:
    """One rule tried against the facts: which conditions failed, if any."""

    rule: RoutingRule
    failed: tuple = ()
    matched_needs: tuple = ()

    @property
    def matches(self):
        return not self.failed

    @property
    def failed_labels(self):
        return [
            home_label(self.rule) if kind == OUTSIDE_HOME else str(CONDITION_LABELS[kind]) for kind in self.failed
        ]

    @property
    def only_outside_home(self):
        """Every stated condition held: skipped for its home département alone."""
        return self.failed == (OUTSIDE_HOME,)


def outside_home(rule, facts):
    """True when the rule stays in its home département and the project is
    known to be in another (see the module docstring)."""
    home = getattr(rule, "home_departement_id", None)
    if home is None or rule.any_departement or not facts.departements:
        return False
    if rule.conditions["epcis"] or rule.conditions["departements"]:
        return False  # the rule says where it holds
    return home not in {d.pk for d in facts.departements}


def rule_check(rule, facts):
    """Try one rule (as loaded by `active_rules`) against the facts."""
    conditions = rule.conditions
    project = {
        "needs": facts.need_ids,
        "segments": {facts.segment.pk} if facts.segment is not None else set(),
        "epcis": {epci.pk for epci in facts.epcis},
        "departements": {d.pk for d in facts.departements},
    }
    # An empty condition means "any"; otherwise the project must share an id.
    failed = tuple(kind for kind in CONDITION_KINDS if conditions[kind] and not conditions[kind] & project[kind])
    if outside_home(rule, facts):
        failed += (OUTSIDE_HOME,)
    matched_needs = tuple(need for need in facts.needs if need.pk in conditions["needs"])
    return RuleCheck(rule=rule, failed=failed, matched_needs=matched_needs)


# --- candidates -------------------------------------------------------------------

@dataclass
class Candidate:
    referent: Referent
    open: int
    role: str  # "previous" (sticky) or "rule"
    skipped: str = ""
    chosen: bool = False

    @property
    def capacity(self):
        return self.referent.capacity

    @property
    def load(self):
        return Fraction(self.open, self.capacity)

    @property
    def name(self):
        return str(self.referent)

    @property
    def skipped_label(self):
        return skip_label(self.skipped)

    def as_json(self):
        return {
            "id": self.referent.pk,
            "name": self.name,
            "open": self.open,
            "capacity": self.capacity,
            "role": self.role,
            "skipped": self.skipped or None,
            "chosen": self.chosen,
        }


def _candidates_queryset(*, previous, referent, team, network):
    """The referents routing may pick for a rule: the previous referent, the
    rule's own referent and the members of its team (0: none), of the
    project's network only, each with `in_team`, in id order. One SQL shape
    whatever the values: compiled once (onboarding.compiled_queries)."""
    membership = Team.members.through.objects.filter(team_id=team)
    return (
        Referent.objects.filter(Q(pk=previous) | Q(pk=referent) | Q(pk__in=membership.values("referent_id")))
        # Only the programme's own staff: never routed across the boundary.
        .filter(user__networks=network)
        .annotate(in_team=Exists(membership.filter(referent_id=OuterRef("pk"))))
        .select_related("user")
        .order_by("pk")
    )


_CANDIDATE_IDS = ("previous", "referent", "team", "network")
_CANDIDATES = CompiledQuery(lambda **ids: _candidates_queryset(**ids), ints=_CANDIDATE_IDS)
_CANDIDATES_LOCKED = CompiledQuery(
    lambda **ids: _candidates_queryset(**ids).select_for_update(of=("self",)), ints=_CANDIDATE_IDS
)
_LOADS = CompiledQuery(
    lambda day, **ids: _candidates_queryset(**ids).annotate(
        open_count=referent_open_projects(),
        absent=Exists(Absence.objects.filter(referent_id=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)),
    ).select_related(None).only("pk"),
    ints=_CANDIDATE_IDS, dates=("day",),
)


def _candidate_referents(ids, *, lock):
    """The referents routing may pick (`_candidates_queryset`), in one query.

    Locked (FOR UPDATE, in id order so that two routings never deadlock)
    when routing for real: two projects routed at once to the same team
    would otherwise both read the same loads and could push a referent past
    their capacity. The lock lasts until the caller's transaction commits.
    """
    return (_CANDIDATES_LOCKED if lock else _CANDIDATES).run(**ids)


def _candidate_loads(ids, day):
    """({referent id: open projects}, {ids absent on `day`}) for the same
    referents, in one query read after the candidates' lock: a statement
    that starts once the lock is held sees what the routing that held it
    before committed."""
    loads, absent = {}, set()
    for row in _LOADS.run(day=day, **ids):
        if row.open_count:
            loads[row.pk] = row.open_count
        if row.absent:
            absent.add(row.pk)
    return loads, absent


def open_project_counts(referent_ids):
    """{referent id: open projects} in one aggregate query."""
    if not referent_ids:
        return {}
    rows = (
        Project.objects.filter(referent_id__in=referent_ids, state__in=OPEN_STATES)
        .order_by().values("referent_id").annotate(n=Count("pk")).values_list("referent_id", "n")
    )
    return dict(rows)


def absent_referent_ids(referent_ids, day):
    if not referent_ids:
        return set()
    return set(
        Absence.objects.filter(referent_id__in=referent_ids, starts_on__lte=day, ends_on__gte=day)
        .order_by().values_list("referent_id", flat=True)
    )


def _skip_reason(referent, open_count, absent_ids):
    if not (referent.is_active and referent.user.is_active):
        return SKIP_INACTIVE
    if referent.pk in absent_ids:
        return SKIP_ABSENT
    if open_count >= referent.capacity:
        return SKIP_FULL
    return ""


def referent_availability(referent, *, today=None):
    """(skip code, open projects) for one referent, by routing's own rules:
    "" when available, else SKIP_INACTIVE, SKIP_ABSENT or SKIP_FULL. Two
    queries. A caller that acts on the answer passes the referent's row as
    locked (`referent_locked`), as routing does, so that a reassignment and a
    routing at once never both fill the last place."""
    open_count = open_project_counts([referent.pk]).get(referent.pk, 0)
    absent_ids = absent_referent_ids([referent.pk], today or timezone.localdate())
    return _skip_reason(referent, open_count, absent_ids), open_count


def referent_locked(referent_id):
    """The referent's row FOR UPDATE, read afresh (its capacity, whether it
    is still active, its user's name), or None if it is gone. Reassignment
    decides on this copy, never on the one its caller read earlier."""
    return Referent.objects.select_for_update(of=("self",)).select_related("user").filter(pk=referent_id).first()


# --- the decision -------------------------------------------------------------------

@dataclass
class Decision:
    referent: Referent | None
    team: Team | None
    rule: RoutingRule | None
    sticky: bool
    reason: str
    candidates: list = field(default_factory=list)
    checks: list = field(default_factory=list)

    @property
    def queued(self):
        return self.referent is None

    @property
    def team_label(self):
        return team_label(self.team) if self.team is not None else ""

    def candidates_json(self):
        return [candidate.as_json() for candidate in self.candidates]


def _passed_over(checks, match):
    """The rules ranked before `match` (all, without one) that every stated
    condition matched but their home département kept out: the reason names
    them, so nobody wonders why the chamber did not get the project."""
    passed = []
    for check in checks:
        if check is match:
            break
        if check.only_outside_home:
            passed.append(check.rule)
    return passed


def routing_decide(facts, *, today=None, lock=False):
    """Where a project with these facts goes, and why; writes nothing.

    Runs at most 3 queries (the rules, unless they came with the facts; the
    candidates; their loads and absences), whatever the number of rules,
    referents and projects.
    """
    today = today or timezone.localdate()
    if facts.rules is not None:
        rules = facts.rules
        previous_teams = {rule.target_team_id for rule in rules if rule.target_team_id in facts.previous_team_ids}
    else:
        rules, previous_teams = rules_and_teams_of(facts.network_id, facts.previous_referent_id)
    checks = [rule_check(rule, facts) for rule in rules]
    match = next((check for check in checks if check.matches), None)
    rule = match.rule if match else None
    ids = {"previous": facts.previous_referent_id or 0, "referent": (rule.target_referent_id if rule else None) or 0,
           "team": (rule.target_team_id if rule else None) or 0, "network": facts.network_id or 0}
    referents, loads, absent_ids = [], {}, set()
    if ids["previous"] or ids["referent"] or ids["team"]:
        referents = _candidate_referents(ids, lock=lock)
        if referents:
            loads, absent_ids = _candidate_loads(ids, today)
    return routing_choose(facts, checks, previous_teams, referents, loads, absent_ids)


def routing_choose(facts, checks, previous_teams, referents, loads, absent_ids):
    """The decision itself, pure: from the rules tried (`rule_check`), the
    teams of the previous referent, the candidate referents (each with
    `in_team`, as `_candidate_referents` gives them), their open projects
    {id: n} and the ids of those absent today. `routing_decide` reads these
    from the database; the demo's bulk builder (demo.bulk) keeps them in
    memory to route many projects at once by the same rules."""
    match = next((check for check in checks if check.matches), None)
    rule = match.rule if match else None
    # Sticky only where the previous referent's own rule still covers the
    # project (one of the matching rules targets them, or a team they are
    # in), or where the rule that takes the project says to keep them.
    covering = next((
        check.rule for check in checks
        if check.matches and facts.previous_referent_id is not None and (
            check.rule.target_referent_id == facts.previous_referent_id
            or check.rule.target_team_id in previous_teams
        )
    ), None)
    kept_by = rule if covering is None and rule is not None and rule.keep_previous_referent else None
    team_id = rule.target_team_id if rule else None

    def candidate(referent, role):
        open_count = loads.get(referent.pk, 0)
        return Candidate(referent, open_count, role, _skip_reason(referent, open_count, absent_ids))

    by_id = {r.pk: r for r in referents}
    candidates = []
    previous = None
    if facts.previous_referent_id in by_id:
        previous = candidate(by_id[facts.previous_referent_id], "previous")
        if covering is None and kept_by is None:
            previous.skipped = SKIP_NOT_COVERED
        candidates.append(previous)
        if not previous.skipped:
            previous.chosen = True
            basis = covering or kept_by
            return Decision(
                referent=previous.referent,
                team=basis.target_team if basis.target_team_id in previous_teams else None,
                rule=basis, sticky=True, candidates=candidates,
                checks=checks, reason=sticky_reason(previous, covering=covering, kept_by=kept_by),
            )

    if rule is None:
        return Decision(
            referent=None, team=None, rule=None, sticky=False, candidates=candidates, checks=checks,
            reason=reason_prefix(previous) + _("Aucune règle d'orientation ne s'applique : file d'attente de la coordination")
            + outside_home_note(_passed_over(checks, None)) + ".",
        )

    if team_id:
        target_label = team_label(rule.target_team)
        pool = [candidate(r, "rule") for r in referents if r.in_team and r.pk != facts.previous_referent_id]
        if previous is not None and by_id[previous.referent.pk].in_team:
            pool.append(previous)  # already listed, skipped: counted once
        pool.sort(key=lambda c: (c.load, c.referent.pk))
    elif rule.target_referent_id not in by_id:
        # The rule names a referent who does not work for the project's
        # network (a shared rule naming one network's referent): nobody here
        # to give it to, the coordinators decide. Never a crash at intake.
        return Decision(
            referent=None, team=None, rule=rule, sticky=False, candidates=candidates, checks=checks,
            reason=reason_prefix(previous) + _("La règle « %(rule)s » s'applique mais son référent ne travaille pas "
                                               "pour le réseau de ce projet : file d'attente de la coordination")
            % {"rule": rule.name} + outside_home_note(_passed_over(checks, match)) + ".",
        )
    else:
        target_label = str(by_id[rule.target_referent_id])
        pool = [previous] if previous and previous.referent.pk == rule.target_referent_id else [
            candidate(by_id[rule.target_referent_id], "rule")
        ]
    candidates.extend(c for c in pool if c is not previous)
    available = [c for c in pool if not c.skipped]
    chosen = available[0] if available else None
    if chosen is not None:
        chosen.chosen = True
    return Decision(
        referent=chosen.referent if chosen else None,
        team=rule.target_team if team_id else None,
        rule=rule,
        sticky=False,
        candidates=candidates,
        checks=checks,
        reason=reason_prefix(previous) + rule_reason(match, facts, target_label, pool, chosen)
        + outside_home_note(_passed_over(checks, match)),
    )
