"""Many projects at once: the demo above a few hundred projects, and the
benchmarks' data (200,000 projects in minutes, not the days the services
would take at 0.4 s a project).

The same rules as the services, applied in memory, then rows written in
bulk (COPY on PostgreSQL, bulk_create elsewhere), a chunk at a time:

- where a project is: `onboarding.location.place` (its EPCI and
  département columns set as `project_locate` sets them), its network by
  `network_for`'s rule (the active network of its département);
- the segment intake would give (`segment_codes_for` on the occupation and
  needs), the first-contact deadline (`first_contact_due_on`);
- routing: `routing_choose`, the pure half of `routing_decide`, on the
  network's active rules and referents loaded once, each referent's load of
  open projects kept in memory (a project counts in its referent's load when
  it ends open: no referent ends over capacity); its RoutingDecision row
  carries the same reason and candidates as `route_project` stores;
- the journey: a walk of the state machine (`walk`), every log row leaving
  the state the previous one entered (pauses resume to the state they left,
  reopen goes back to "contacted" only if the person was ever reached,
  reject only from new), the project's columns (state, paused_from, reasons,
  first contact, move and installation) agreeing with its log.

Not written, as the services would: the outbox e-mails (made-up addresses)
and the follow-up call the small demo logs before closing a follow-up.
"""

import copy
import datetime
import json
import math
import uuid

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone, translation

from crm.models import Commune, Contact, Event, Need, Network, Referent, Segment, Team
from crm.models.people import contact_search_key, phone_key
from crm.models.territories import normalize_name
from onboarding.data_version import reports_data_changed
from onboarding.location import place
from onboarding.models import Project, ProjectStageTime, ProjectTransition, RoutingDecision
from onboarding.routing_decision import (
    ProjectFacts,
    absent_referent_ids,
    open_project_counts,
    routing_choose,
    rule_check,
    rules_and_teams_of,
)
from onboarding.segments import segment_codes_for
from onboarding.services.deadlines import first_contact_due_on
from onboarding.services.stage_times import stage_times_from_log
from onboarding.states import ACTIVE_STATES, OPEN_STATES, AbandonReason, Channel, Horizon, RejectReason, Source, State

CHUNK = 5_000
# The journey's main line, in order (reports call it the pipeline).
PIPELINE = (State.NEW, State.CONTACTED, State.QUALIFIED, State.ACCOMPANIED, State.SETTLING, State.INSTALLED,
            State.INTEGRATED)
NEXT = {
    State.NEW: "make_contact", State.CONTACTED: "qualify", State.ACCOMPANIED: "confirm_move",
    State.SETTLING: "mark_installed", State.INSTALLED: "close_follow_up",
}
TARGET = {
    "make_contact": State.CONTACTED, "qualify": State.QUALIFIED, "start_support": State.ACCOMPANIED,
    "confirm_move": State.SETTLING, "mark_installed": State.INSTALLED, "close_follow_up": State.INTEGRATED,
}
ABANDON_WEIGHTS = [
    (AbandonReason.JOB, 30), (AbandonReason.HOUSING, 20), (AbandonReason.PARTNER_JOB, 15),
    (AbandonReason.PERSONAL, 15), (AbandonReason.OTHER_TERRITORY, 10), (AbandonReason.UNREACHABLE, 10),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def walk(rng, created_at, now):
    """A valid walk of the state machine from creation, stopping at a final
    state or at `now`: ([(transition, from, to, at)], state, paused_from).
    About ten rows a project on average over three years."""
    rows = [("create", "", State.NEW, created_at)]
    state, paused_from, moment, contacted = State.NEW, "", created_at, False
    # How far this project wants to go, and how hesitant it is.
    goal = rng.choices([1, 2, 3, 4, 5, 6, 7], weights=[8, 10, 12, 12, 10, 24, 24])[0]
    pause_chance = rng.choice([0.25, 0.45, 0.65])
    last = False
    while not last:
        moment = moment + datetime.timedelta(days=rng.randint(1, 35), hours=rng.randint(0, 23))
        if moment > now:
            break
        if state == State.ON_HOLD:
            name, target = "resume", paused_from
        elif state == State.ABANDONED:
            if rng.random() < 0.4:
                name, target = "reopen", (State.CONTACTED if contacted else State.NEW)
            else:
                break
        elif state in (State.INTEGRATED, State.REJECTED):
            break
        elif state == State.NEW and rng.random() < 0.06:
            name, target = "reject", State.REJECTED
        elif state in ACTIVE_STATES and rng.random() < pause_chance:
            name, target = "pause", State.ON_HOLD
        elif state in ACTIVE_STATES and rng.random() < 0.05:
            name, target = "abandon", State.ABANDONED
        elif PIPELINE.index(state) + 1 >= goal:
            if state in ACTIVE_STATES and rng.random() < 0.5:
                # Some stop for good while paused or gone.
                name, target = ("pause", State.ON_HOLD) if rng.random() < 0.4 else ("abandon", State.ABANDONED)
                last = True
            else:
                break
        elif state == State.QUALIFIED:
            name = "start_support" if rng.random() < 0.7 else "confirm_move"
            target = TARGET[name]
        else:
            name = NEXT[state]
            target = TARGET[name]
        if name == "pause":
            paused_from = state
        elif name in ("resume", "abandon"):
            paused_from = ""
        contacted = contacted or name == "make_contact"
        rows.append((name, state, target, moment))
        state = target
    return rows, state, paused_from


# --- what is loaded once --------------------------------------------------------------

class World:
    """The reference data, the networks, their rules and staff, read once."""

    def __init__(self, today):
        self.communes = list(Commune.objects.select_related("epci__departement", "departement"))
        self.segments = {s.code: s for s in Segment.objects.filter(is_active=True)}
        self.segment_list = list(self.segments.values())
        self.needs = sorted(Need.objects.filter(is_active=True), key=lambda n: (n.position, n.name))
        self.events = {}
        for event in Event.objects.exclude(network=None).prefetch_related("network__departements"):
            for departement in event.network.departements.all():
                self.events.setdefault(departement.pk, []).append(event)
        # network_for's rule: the active network of the département, lowest id first.
        self.network_of = {}
        for network in Network.objects.filter(is_active=True).order_by("-pk").prefetch_related("departements"):
            for departement in network.departements.all():
                self.network_of[departement.pk] = network.pk
        self.rules = {}
        self.staff = {}  # network id: {referent id: referent}
        for network_id in set(self.network_of.values()):
            self.rules[network_id] = rules_and_teams_of(network_id)[0]
            self.staff[network_id] = {
                r.pk: r for r in Referent.objects.filter(user__networks=network_id).select_related("user")
            }
        self.members = {}
        for team_id, referent_id in Team.members.through.objects.values_list("team_id", "referent_id"):
            self.members.setdefault(team_id, set()).add(referent_id)
        ids = [pk for staff in self.staff.values() for pk in staff]
        self.loads = open_project_counts(ids)
        self.absent = absent_referent_ids(ids, today)
        self._pools = {}
        self._segments_for = {}
        self._checks = {}
        self._due_on = {}
        self.horizons = list(Horizon.values)
        # The E.164 key crm's phone_key gives a French mobile number, checked
        # here once rather than parsed for every contact.
        if phone_key("06 12 34 56 78") != "+33612345678":
            raise RuntimeError("crm.models.people.phone_key changed: demo.bulk writes its keys by hand")

    def first_contact_due_on(self, created):
        day = timezone.localdate(created)
        if day not in self._due_on:
            self._due_on[day] = first_contact_due_on(created)
        return self._due_on[day]

    def segment_for(self, occupation, needs):
        """onboarding.segments.segment_for, without a query per project."""
        key = (occupation, tuple(n.pk for n in needs))
        if key not in self._segments_for:
            codes = segment_codes_for(occupation, needs)
            self._segments_for[key] = next((self.segments[c] for c in codes if c in self.segments), None)
        return self._segments_for[key]

    def candidates(self, network_id, rule):
        """What `_candidate_referents` reads for a rule (no sticky referent
        here: every contact is new), built once per rule."""
        if rule is None:
            return []
        key = (network_id, rule.pk)
        if key not in self._pools:
            staff = self.staff[network_id]
            team = self.members.get(rule.target_team_id, set()) if rule.target_team_id else set()
            wanted = team | ({rule.target_referent_id} if rule.target_referent_id else set())
            pool = []
            for pk in sorted(wanted & set(staff)):
                referent = copy.copy(staff[pk])
                referent.in_team = pk in team
                pool.append(referent)
            self._pools[key] = pool
        return self._pools[key]

    def route(self, facts):
        # The rules tried depend on the facts alone: computed once per kind of project.
        key = (facts.network_id, tuple(sorted(facts.need_ids)), facts.segment.pk if facts.segment else None,
               tuple(e.pk for e in facts.epcis), tuple(d.pk for d in facts.departements))
        checks = self._checks.get(key)
        if checks is None:
            checks = self._checks[key] = [rule_check(rule, facts) for rule in self.rules.get(facts.network_id, [])]
        match = next((check for check in checks if check.matches), None)
        referents = self.candidates(facts.network_id, match.rule if match else None)
        return routing_choose(facts, checks, set(), referents, self.loads, self.absent)


# --- writing rows ---------------------------------------------------------------------------

def _next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class Writer:
    """Rows as {attname: value}, written with COPY on PostgreSQL (every
    column, defaults filled in), with bulk_create elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def write(self, model, rows):
        if not rows:
            return
        if not self.postgres:
            model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
            return
        fields = model._meta.concrete_fields
        defaults = {f.attname: f.get_default() for f in fields}
        json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as out:
            for row in rows:
                out.write_row([
                    json.dumps(row.get(f.attname, defaults[f.attname])) if f.attname in json_fields
                    else row.get(f.attname, defaults[f.attname])
                    for f in fields
                ])

    def finish(self, models):
        if self.postgres:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)


# --- the builder -------------------------------------------------------------------------------

FIRST_NAMES = ["Marie", "Thomas", "Camille", "Nicolas", "Julie", "Antoine", "Sophie", "Pierre", "Laura", "Maxime",
               "Emma", "Lucas", "Chloé", "Hugo", "Léa", "Louis", "Manon", "Paul", "Inès", "Arthur"]
LAST_NAMES = ["Dupont", "Martin", "Bernard", "Lacroix", "Fabre", "Vidal", "Delpech", "Bouscarel", "Cayrou",
              "Lafon", "Rigal", "Couderc", "Marty", "Bessières", "Laborie", "Andrieu", "Cazes", "Roques", "Nguyen"]
OCCUPATIONS = ["Infirmière", "Médecin généraliste", "Ingénieur logiciel", "Boulanger", "Comptable", "Enseignante",
               "Menuisier", "Développeuse web (télétravail)", "Kinésithérapeute", "Chef de projet", "Maraîcher",
               "Électricien", "Graphiste indépendante", "Aide-soignant", "Commercial"]
SOURCES = [(Source.WEBSITE, 45), (Source.PARTNER_API, 15), (Source.EVENT, 20), (Source.AMBASSADOR, 8),
           (Source.PHONE, 8), (Source.OTHER, 4)]


class Ids:
    def __init__(self, *models):
        self.next = {model: _next_id(model) for model in models}

    def take(self, model):
        value = self.next[model]
        self.next[model] = value + 1
        return value


def projects_bulk_build(*, rng, count, first_index, email_domain, coordinators, years=3, progress=None):
    """Build `count` projects (contacts, needs, routing decisions, journey
    logs) created over the last `years` years; returns (projects, log rows).
    `coordinators`: {network id: user} acting where no referent does; e-mail
    addresses are numbered from `first_index` (unique per network)."""
    now = timezone.now()
    world = World(timezone.localdate())
    writer = Writer()
    need_link = Project.needs.through
    start = now - datetime.timedelta(days=365 * years)
    span = int((now - start).total_seconds())
    total_logs = 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        if writer.postgres:
            # Our ids are max + 1: nobody else inserts meanwhile.
            tables = ", ".join(m._meta.db_table for m in (Contact, Project, need_link, ProjectTransition,
                                                          ProjectStageTime, RoutingDecision))
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        ids = Ids(Contact, Project, need_link, ProjectTransition, ProjectStageTime, RoutingDecision)
        # In the order a real instance receives them: ids grow with time.
        created_offsets = sorted(rng.randint(0, span) for _ in range(count))
        for chunk_start in range(0, count, CHUNK):
            contacts, projects, links, logs, stage_times, decisions = [], [], [], [], [], []
            for index in range(first_index + chunk_start, first_index + min(count, chunk_start + CHUNK)):
                created = start + datetime.timedelta(seconds=created_offsets[index - first_index])
                _one(rng, world, index, created, now, email_domain, coordinators, ids,
                     contacts, projects, links, logs, stage_times, decisions)
            writer.write(Contact, contacts)
            writer.write(Project, projects)
            writer.write(need_link, links)
            writer.write(ProjectTransition, logs)
            writer.write(ProjectStageTime, stage_times)
            writer.write(RoutingDecision, decisions)
            total_logs += len(logs)
            if progress:
                progress(chunk_start + len(projects), total_logs)
        writer.finish([Contact, Project, need_link, ProjectTransition, ProjectStageTime, RoutingDecision])
        if writer.postgres:
            # A real log is appended as things happen: stored in time order,
            # which the planner counts on to read a period through its index.
            # Written project by project, it is put in that order here.
            with connection.cursor() as cursor:
                # The foreign keys' deferred checks first (CLUSTER refuses pending ones).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"CLUSTER {ProjectTransition._meta.db_table} USING onboarding_transition_at")
                # The planner's statistics now, not when autovacuum next wakes: a
                # benchmark run right after the build planned on tables it had
                # no statistics for (it guessed 1 contact named "Martin" of 20,000, not 1,020).
                cursor.execute("ANALYZE " + ", ".join(
                    model._meta.db_table for model in (Contact, Project, need_link, ProjectTransition,
                                                       ProjectStageTime, RoutingDecision)))
    # Rows written in bulk send no signal: the reports' cached figures are stale now.
    reports_data_changed()
    return count, total_logs


def _one(rng, world, index, created, now, email_domain, coordinators, ids, contacts, projects, links, logs,
         stage_times, decisions):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    occupation = rng.choice(OCCUPATIONS)
    digits = [str(rng.randint(10, 99)) for _ in range(4)]
    phone = "06 " + " ".join(digits)
    has_partner = rng.random() < 0.6
    commune = rng.choice(world.communes)
    target_commune = commune if rng.random() < 0.5 else None
    needs = sorted(rng.sample(world.needs, k=rng.randint(1, 3)), key=lambda n: (n.position, n.name))
    segment = world.segment_for(occupation, needs)
    source = _weighted(rng, SOURCES)
    history, state, paused_from = walk(rng, created, now)

    # Where the project is, by onboarding.location's rule: a move confirmed
    # names the commune, and the installation happens there.
    installed = next((at for name, _f, _t, at in history if name == "mark_installed"), None)
    moved = next((at for name, _f, _t, at in history if name == "confirm_move"), None)
    if moved is not None:
        target_commune = commune
    installed_commune = commune if installed is not None else None
    where_commune, where_epci = place(installed_commune=installed_commune, target_commune=target_commune,
                                      target_epci=commune.epci)
    epci = where_commune.epci if where_commune else where_epci
    departement_id = (where_commune or where_epci).departement_id
    network_id = world.network_of.get(departement_id)

    contact_id, project_id = ids.take(Contact), ids.take(Project)
    email = f"{first.lower()}.{last.lower()}.{index}@{email_domain}".replace(" ", "")
    contacts.append({
        "id": contact_id, "first_name": first, "last_name": last, "email": email,
        # The look-up keys Contact.save() keeps (rows written in bulk skip save()).
        "phone": phone, "phone_key": "+336" + "".join(digits), "last_name_key": normalize_name(last)[:100],
        "search_key": contact_search_key(first, last, email),
        "current_city": rng.choice(["Paris", "Lyon", "Bordeaux", "Toulouse", "Lille", "Nantes"]),
        "occupation": occupation, "has_partner": has_partner,
        "partner_occupation": rng.choice(OCCUPATIONS) if has_partner else "",
        "partner_seeks_job": has_partner and rng.random() < 0.5, "children_ages": [],
        "network_id": network_id, "created_at": created, "updated_at": created,
    })

    # Routed on what was known at creation, as route_project is.
    known = target_commune or commune.epci
    facts = ProjectFacts(needs=tuple(needs), segment=segment, epcis=(commune.epci,),
                         departements=(known.departement,), commune=target_commune, network_id=network_id)
    decision = world.route(facts)
    referent = decision.referent
    if referent is not None and state in OPEN_STATES:
        world.loads[referent.pk] = world.loads.get(referent.pk, 0) + 1
    actor = referent.user_id if referent is not None else getattr(coordinators.get(network_id), "pk", None)
    decisions.append({
        "id": ids.take(RoutingDecision), "project_id": project_id, "kind": RoutingDecision.Kind.AUTOMATIC,
        "rule_id": decision.rule.pk if decision.rule else None, "team_id": decision.team.pk if decision.team else None,
        "referent_id": referent.pk if referent else None, "candidates": decision.candidates_json(),
        "reason": decision.reason, "at": created,
    })

    abandon_reason = reject_reason = pause_reason = ""
    for name, from_state, to_state, at in history:
        fields = {}
        if name == "abandon":
            abandon_reason = _weighted(rng, ABANDON_WEIGHTS)
            fields = {"reason": abandon_reason}
        elif name == "reject":
            reject_reason = rng.choice([RejectReason.SPAM, RejectReason.OUT_OF_SCOPE])
            fields = {"reason": reject_reason}
        elif name == "pause":
            pause_reason = rng.choice(["Attend la fin de l'année scolaire", "Réflexion en famille"])
            fields = {"reason": pause_reason}
        elif name == "qualify" and segment is None:
            # Not told by the occupation: the referent files them when qualifying.
            segment = rng.choice(world.segment_list)
            fields = {"segment": segment.code}
        elif name == "confirm_move":
            fields = {"target_commune": commune.insee, "move_date": timezone.localdate(at).isoformat()}
        elif name == "mark_installed":
            fields = {"installed_commune": commune.insee, "installed_on": timezone.localdate(at).isoformat()}
        logs.append({
            "id": ids.take(ProjectTransition), "project_id": project_id, "transition": name,
            "from_state": from_state, "to_state": to_state, "by_id": None if name == "create" else actor,
            "channel": Channel.API if name == "create" and source == Source.PARTNER_API else Channel.UI,
            "note": "", "fields": fields, "at": at,
        })
    # Each project's time in every state, as the journey's service keeps it with the log.
    stays = stage_times_from_log((project_id, from_state, at) for _name, from_state, _to, at in history)
    stage_times.extend(
        {"id": ids.take(ProjectStageTime), "project_id": project_id, "state": left, "seconds": seconds,
         "last_left_at": last_left_at}
        for (_project, left), (seconds, last_left_at) in stays.items()
    )
    if state != State.ABANDONED:
        abandon_reason = ""
    if state != State.REJECTED:
        reject_reason = ""
    if state != State.ON_HOLD:
        pause_reason = ""
    events = world.events.get(departement_id) or []
    contacted = next((at for name, _f, _t, at in history if name == "make_contact"), None)
    projects.append({
        "id": project_id, "public_id": uuid.UUID(int=rng.getrandbits(128), version=4), "contact_id": contact_id,
        "state": state, "paused_from": paused_from, "pause_reason": pause_reason,
        "segment_id": segment.pk if segment else None, "summary": occupation,
        "target_epci_id": commune.epci_id, "target_commune_id": target_commune.pk if target_commune else None,
        "installed_commune_id": installed_commune.pk if installed_commune else None,
        "installed_on": timezone.localdate(installed) if installed else None,
        "move_date": timezone.localdate(moved) if moved else None,
        "horizon": rng.choice(world.horizons),
        "epci_id": epci.pk, "departement_id": departement_id, "network_id": network_id,
        "source": source, "event_id": rng.choice(events).pk if source == Source.EVENT and events else None,
        "referrer": "Un ambassadeur" if source == Source.AMBASSADOR else "",
        "referent_id": referent.pk if referent else None, "team_id": decision.team.pk if decision.team else None,
        "first_contact_due_on": world.first_contact_due_on(created), "first_contacted_at": contacted,
        "abandon_reason": abandon_reason, "reject_reason": reject_reason,
        "created_at": created, "updated_at": history[-1][3],
    })
    for need in needs:
        links.append({"id": ids.take(Project.needs.through), "project_id": project_id, "need_id": need.pk})


def staff_scale(*, projects, network_ids=None):
    """Capacities that fit `projects` (benchmark worlds): every referent of
    the networks may follow ceil(projects / referents) open projects, so that
    routing fills the teams instead of queueing nearly everything."""
    referents = Referent.objects.filter(is_active=True)
    if network_ids is not None:
        referents = referents.filter(user__networks__in=network_ids).distinct()
    n = referents.count()
    if n:
        capacity = min(32_000, max(30, math.ceil(projects / n)))
        Referent.objects.filter(pk__in=referents.values("pk"), capacity__lt=capacity).update(capacity=capacity)
