"""A believable picture of two programmes on one instance, for demos and
benchmarks: the Lot ("Oh my Lot !") and the Lot-et-Garonne, each a network
with its territory, coordinator, referents (by EPCI), rules and events.

Projects reach their states through `project_create`, `route_project` and
`project_transition`, the functions real use goes through; only the dates
are then moved into the past so that the history spans months.
"""

import datetime
import math
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP, REGIONAL_GROUP
from crm.models import Commune, Contact, Departement, Epci, Event, Need, Network, Organisation, Referent, Segment, Team
from crm.services.reference import DEFAULT_NETWORK
from demo.ambassadors import demo_ambassadors
from demo.bulk import projects_bulk_build, staff_scale
from demo.events import demo_events
from demo.followup import demo_follow_up
from demo.housing import demo_housing
from demo.jobs import demo_takeovers
from demo.kit_content import BRANDING, BRANDING_EN
from demo.testimonials import demo_testimonials
from onboarding.models import Interaction, Project, ProjectTransition, RoutingDecision, RoutingRule
from onboarding.segments import segment_for
from onboarding.services.deadlines import first_contact_due_on
from onboarding.services.intake import IntakeData, intake_submit
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.services.routing import route_project
from onboarding.services.stage_times import stage_times_rebuild
from onboarding.states import AbandonReason, Channel, Horizon, RejectReason, Source, State

DEMO_PASSWORD = "demo-accueil-2026"
DEMO_EMAIL_DOMAIN = "exemple-demo.fr"
# (slug, département, name, data controller): the brand comes from the kit's BRANDING.
NETWORKS = [
    ("lot", "46", "Lot", "Département du Lot, avenue de l'Europe, 46000 Cahors"),
    ("lot-et-garonne", "47", "Lot-et-Garonne", "Département de Lot-et-Garonne, 1633 avenue du Général Leclerc, "
                                               "47922 Agen"),
]
# (username, first name, last name, organisation, département of its network)
COORDINATORS = [
    ("coordination.lot", "Claire", "Delmas", "Département du Lot", "46"),
    ("coordination.47", "Julien", "Bordes", "Département de Lot-et-Garonne", "47"),
]
REGIONAL = ("region.occitanie", "Régine", "Sabatier")
FIRST_NAMES = [
    "Marie", "Thomas", "Camille", "Nicolas", "Julie", "Antoine", "Sophie", "Pierre", "Laura", "Maxime",
    "Emma", "Lucas", "Chloé", "Hugo", "Léa", "Louis", "Manon", "Paul", "Inès", "Arthur", "Sarah",
    "Romain", "Élodie", "Mathieu", "Anaïs", "Karim", "Fatima", "Yann", "Nadia", "Gaëlle",
]
LAST_NAMES = [
    "Dupont", "Martin", "Bernard", "Lacroix", "Fabre", "Vidal", "Delpech", "Bouscarel", "Cayrou", "Lafon",
    "Rigal", "Couderc", "Marty", "Bessières", "Pélissié", "Laborie", "Garrigues", "Andrieu", "Cazes", "Roques",
    "Nguyen", "Benali", "Moreau", "Girard", "Lefèvre", "Mercier", "Faure", "Rousseau", "Blanc", "Guerin",
]
CITIES = ["Paris", "Lyon", "Bordeaux", "Toulouse", "Lille", "Nantes", "Marseille", "Montpellier", "Bruxelles", "Londres"]
OCCUPATIONS = [
    "Infirmière", "Médecin généraliste", "Ingénieur logiciel", "Boulanger", "Comptable", "Enseignante",
    "Menuisier", "Développeuse web (télétravail)", "Kinésithérapeute", "Chef de projet", "Maraîcher",
    "Électricien", "Graphiste indépendante", "Aide-soignant", "Commercial",
]
# Chambers are departmental: each département has its own, seated in its
# prefecture's EPCI (that EPCI gives the team its département, and routing
# keeps a rule to it: onboarding.routing_decision).
GRAND_CAHORS, AGEN = "200023737", "200096956"
THEMATIC_TEAMS = [
    # (département, team, organisation, kind, members, seat EPCI SIREN)
    ("46", "Équipe CCI du Lot – reprise d'entreprise", "CCI du Lot", Organisation.Kind.CCI, 2, GRAND_CAHORS),
    ("46", "Équipe CMA du Lot – artisanat", "Chambre de métiers et de l'artisanat du Lot", Organisation.Kind.CMA, 2,
     GRAND_CAHORS),
    ("46", "Équipe installation agricole du Lot", "Chambre d'agriculture du Lot", Organisation.Kind.AGRICULTURE, 2,
     GRAND_CAHORS),
    ("46", "Réseau santé – installation des soignants", "Réseau santé du Lot", Organisation.Kind.HEALTH, 2,
     GRAND_CAHORS),
    ("47", "Équipe CCI de Lot-et-Garonne – reprise d'entreprise", "CCI de Lot-et-Garonne", Organisation.Kind.CCI, 2,
     AGEN),
    ("47", "Équipe CMA de Lot-et-Garonne – artisanat", "Chambre de métiers et de l'artisanat – Lot-et-Garonne",
     Organisation.Kind.CMA, 2, AGEN),
    ("47", "Équipe installation agricole de Lot-et-Garonne", "Chambre d'agriculture de Lot-et-Garonne",
     Organisation.Kind.AGRICULTURE, 2, AGEN),
]
# Names an earlier demo gave the Lot's teams (and their rules), renamed in place.
FORMER_TEAM_NAMES = {
    "Équipe CCI – reprise d'entreprise": "Équipe CCI du Lot – reprise d'entreprise",
    "Équipe CMA – artisanat": "Équipe CMA du Lot – artisanat",
    "Équipe installation agricole": "Équipe installation agricole du Lot",
}
# (name, place, organiser, département of its network)
EVENTS = [
    ("Salon Vivre et travailler dans le Lot – Paris", "Paris, Porte de Versailles", "Département du Lot", "46"),
    ("Forum emploi-mobilité Lot-et-Garonne", "Agen, Centre des congrès", "Département de Lot-et-Garonne", "47"),
    ("Journée des nouveaux arrivants Figeac", "Figeac, Espace Mitterrand", "Grand-Figeac", "46"),
]
# Where each walk stops, with its weight: a pipeline has more early projects.
FINAL_STATES = [
    (State.NEW, 14), (State.CONTACTED, 14), (State.QUALIFIED, 12), (State.ACCOMPANIED, 14),
    (State.SETTLING, 8), (State.INSTALLED, 12), (State.INTEGRATED, 6), (State.ON_HOLD, 5),
    (State.ABANDONED, 10), (State.REJECTED, 5),
]
SOURCES = [
    (Source.WEBSITE, 45), (Source.PARTNER_API, 15), (Source.EVENT, 20), (Source.AMBASSADOR, 8),
    (Source.PHONE, 8), (Source.OTHER, 4),
]


@dataclass
class DemoResult:
    coordinators: list
    referents: list
    projects_created: int
    projects_total: int
    networks: list = ()
    regional: object = None


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _staff_user(username, first_name, last_name, group, networks=(), password=DEMO_PASSWORD):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@{DEMO_EMAIL_DOMAIN}"},
    )
    if created:
        # No password at all (benchmarks): nobody can log in with a known one.
        user.set_password(password) if password else user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=group))
    # Demo accounts work for their own network(s) only, whatever an earlier run did.
    user.networks.set(networks)
    return user


@transaction.atomic
def demo_networks():
    """The two programmes, {département code: network}: the Lot's ("Oh my
    Lot !") and the Lot-et-Garonne's, each with its département, brand and
    data controller. A fresh instance's one network (still the default)
    becomes the Lot's, so what it holds stays there."""
    brands = {code: rest for code, *rest in BRANDING}
    departements = {d.code: d for d in Departement.objects.filter(code__in=[n[1] for n in NETWORKS])}
    networks = {}
    for slug, code, name, controller in NETWORKS:
        network = Network.objects.filter(slug=slug).first()
        if network is None and slug == NETWORKS[0][0]:
            network = Network.objects.filter(slug=DEFAULT_NETWORK["slug"], name=DEFAULT_NETWORK["name"]).first()
        network = network or Network(slug=slug)
        programme, welcome_to, tagline, primary, accent = brands[code]
        network.slug, network.name, network.programme, network.welcome_to = slug, name, programme, welcome_to
        network.tagline, network.primary_colour, network.accent_colour = tagline, primary, accent
        network.welcome_to_en, network.tagline_en = BRANDING_EN.get(code, ("", ""))
        network.data_controller = controller
        network.save()
        if code in departements:
            network.departements.set([departements[code]])
        networks[code] = network
    return networks


def _short_slug(name):
    slug = slugify(name)
    for prefix in ("cc-", "ca-", "du-", "des-", "de-la-", "de-", "pays-de-"):
        if slug.startswith(prefix):
            slug = slug[len(prefix):]
    return slug


def _referent(username, first_name, last_name, organisation, title, network, capacity=30, password=DEMO_PASSWORD):
    user = _staff_user(username, first_name, last_name, REFERENT_GROUP, [network], password)
    referent, _ = Referent.objects.get_or_create(
        user=user, defaults={"organisation": organisation, "title": title, "capacity": capacity}
    )
    return referent


@transaction.atomic
def demo_staff(networks, password=DEMO_PASSWORD, extra_per_epci=0):
    """Per network: its coordinator, one territorial referent per EPCI of
    its département, its chambers' thematic teams, rules and events. And a
    regional account that reads counts across both. `password` None: the
    accounts get none (benchmarks); `extra_per_epci` more referents in each
    EPCI's team (a larger programme's)."""
    lot = networks["46"]
    coordinators = []
    for username, first, last, org_name, code in COORDINATORS:
        Organisation.objects.update_or_create(
            name=org_name, defaults={"kind": Organisation.Kind.DEPARTEMENT, "network": networks[code]})
        user = _staff_user(username, first, last, COORDINATOR_GROUP, [networks[code]], password)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        coordinators.append(user)
    regional = _staff_user(*REGIONAL, REGIONAL_GROUP, password=password)

    rng = random.Random(46)
    referents = []
    for index, epci in enumerate(Epci.objects.select_related("departement").order_by("siren")):
        network = networks.get(epci.departement.code, lot)
        org, _ = Organisation.objects.update_or_create(
            name=epci.name, defaults={"kind": Organisation.Kind.EPCI, "epci": epci, "network": network}
        )
        first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
        referent = _referent(
            f"referent.{_short_slug(epci.name)}", first, last, org, f"Référent·e accueil – {epci.name}",
            network, capacity=rng.choice([25, 30, 40]), password=password,
        )
        referents.append(referent)
        team, _ = Team.objects.get_or_create(name=f"Accueil {epci.name}", defaults={"organisation": org})
        team.members.add(referent)
        for extra in range(extra_per_epci):
            colleague = _referent(
                f"referent.{_short_slug(epci.name)}.{extra + 2}", FIRST_NAMES[(index + extra + 1) % len(FIRST_NAMES)],
                LAST_NAMES[(index * 7 + extra) % len(LAST_NAMES)], org, f"Référent·e accueil – {epci.name}",
                network, password=password,
            )
            team.members.add(colleague)
            referents.append(colleague)
        rule, created = RoutingRule.objects.update_or_create(
            name=f"Territoire {epci.name}", defaults={"priority": 100, "target_team": team, "network": network}
        )
        if created:
            rule.epcis.add(epci)

    need_for_team = {
        Organisation.Kind.CCI: ["creation-reprise"],
        Organisation.Kind.CMA: [],
        Organisation.Kind.AGRICULTURE: ["installation-agricole"],
    }
    for old, new in FORMER_TEAM_NAMES.items():
        Team.objects.filter(name=old).update(name=new)
        RoutingRule.objects.filter(name=f"Thématique : {old}").update(name=f"Thématique : {new}")
    seats = {e.siren: e for e in Epci.objects.filter(siren__in={row[-1] for row in THEMATIC_TEAMS})}
    for t_index, (code, team_name, org_name, kind, size, seat) in enumerate(THEMATIC_TEAMS):
        network = networks.get(code, lot)
        org, _ = Organisation.objects.update_or_create(
            name=org_name, defaults={"kind": kind, "network": network, "epci": seats.get(seat)})
        team, _ = Team.objects.get_or_create(name=team_name, defaults={"organisation": org})
        for m in range(size):
            first = FIRST_NAMES[(t_index * 3 + m + 11) % len(FIRST_NAMES)]
            last = LAST_NAMES[(t_index * 5 + m + 13) % len(LAST_NAMES)]
            # The Lot's advisers keep their earlier logins (cci.1); the Lot-et-Garonne's are cci.47.1.
            username = f"{kind}.{m + 1}" if code == "46" else f"{kind}.{code}.{m + 1}"
            referent = _referent(username, first, last, org, f"Conseiller·ère – {team_name}", network,
                                 password=password)
            team.members.add(referent)
            referents.append(referent)
        rule, created = RoutingRule.objects.update_or_create(
            name=f"Thématique : {team_name}",
            defaults={"priority": 10 + t_index, "target_team": team, "network": network},
        )
        if created:
            if kind == Organisation.Kind.HEALTH:
                rule.segments.set(Segment.objects.filter(code="sante"))
            elif need_for_team.get(kind):
                rule.needs.set(Need.objects.filter(code__in=need_for_team[kind]))
            else:
                # The CMA takes business projects of craftsmen: kept inactive as an example.
                rule.needs.set(Need.objects.filter(code="creation-reprise"))
                rule.is_active = False
                rule.save(update_fields=["is_active"])
    today = timezone.localdate()
    for index, (name, place, organiser, code) in enumerate(EVENTS):
        start = today - datetime.timedelta(days=90 + 120 * index)
        event, _ = Event.objects.get_or_create(
            name=name, defaults={"place": place, "organiser": organiser, "starts_on": start,
                                 "ends_on": start + datetime.timedelta(days=1)},
        )
        if event.network_id != networks[code].pk:
            event.network = networks[code]
            event.save(update_fields=["network"])
    return coordinators, referents, regional


def _path_to(final, rng):
    """The transitions (with their fields) that take a new project to `final`."""
    if final == State.REJECTED:
        return [("reject", {"reason": rng.choice([RejectReason.SPAM, RejectReason.OUT_OF_SCOPE])})]
    main = ["make_contact", "qualify", "start_support", "confirm_move", "mark_installed", "close_follow_up"]
    stops = {
        State.NEW: 0, State.CONTACTED: 1, State.QUALIFIED: 2, State.ACCOMPANIED: 3, State.SETTLING: 4,
        State.INSTALLED: 5, State.INTEGRATED: 6,
    }
    if final in stops:
        return [(name, {}) for name in main[: stops[final]]]
    depth = rng.randint(0, 3)
    path = [(name, {}) for name in main[:depth]]
    if final == State.ON_HOLD:
        path.append(("pause", {"reason": "Attend la fin de l'année scolaire"}))
    else:
        if rng.random() < 0.3:
            path.append(("pause", {"reason": "Réflexion en famille"}))
            path.append(("resume", {}))
        path.append(("abandon", {"reason": _weighted(rng, [
            (AbandonReason.JOB, 30), (AbandonReason.HOUSING, 20), (AbandonReason.PARTNER_JOB, 15),
            (AbandonReason.PERSONAL, 15), (AbandonReason.OTHER_TERRITORY, 10), (AbandonReason.UNREACHABLE, 10),
        ])}))
    return path


def _one_project(rng, index, actors, reference):
    """A project in a random commune: its network is the commune's
    département's, and so are its event and the coordinator acting on it."""
    segments, needs, communes, events = reference
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    children = [rng.randint(1, 16) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
    contact = Contact.objects.create(
        first_name=first, last_name=last,
        email=f"{first.lower()}.{last.lower()}.{index}@{DEMO_EMAIL_DOMAIN}".replace(" ", ""),
        phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        current_city=rng.choice(CITIES), occupation=rng.choice(OCCUPATIONS),
        has_partner=rng.random() < 0.6, children_ages=children,
    )
    if contact.current_city == "Londres":
        # Some of those living abroad read English: their e-mails and kit are in it (crm.languages).
        contact.language = "en" if index % 3 else "fr"  # no draw: the rest of the demo stays as it was
        contact.save(update_fields=["language"])
    if contact.has_partner:
        contact.partner_occupation = rng.choice(OCCUPATIONS)
        contact.partner_seeks_job = rng.random() < 0.5
        contact.save(update_fields=["partner_occupation", "partner_seeks_job"])
    source = _weighted(rng, SOURCES)
    commune = rng.choice(communes)
    chosen_needs = rng.sample(needs, k=rng.randint(1, 3))
    project = project_create(
        contact=contact, source=source, channel=Channel.API if source == Source.PARTNER_API else Channel.UI,
        # As intake does: the segment from the declared occupation and needs, never picked by hand.
        segment=segment_for(contact.occupation, chosen_needs), target_epci_id=commune.epci_id,
        target_commune=commune if rng.random() < 0.5 else None,
        horizon=rng.choice(Horizon.values), summary=contact.occupation,
        event=rng.choice(events[commune.departement_id]) if source == Source.EVENT and events.get(
            commune.departement_id) else None,
        referrer="Un ambassadeur du Lot" if source == Source.AMBASSADOR else "",
        needs=chosen_needs,
    )
    route_project(project=project)
    project.refresh_from_db()
    actor = project.referent.user if project.referent_id else actors.get(project.network_id, actors[None])
    final = _weighted(rng, FINAL_STATES)
    installed_on = None
    for name, fields in _path_to(final, rng):
        fields = dict(fields)
        if name == "qualify" and project.segment_id is None:
            # Not told by the occupation (onboarding.segments): the referent files them when qualifying.
            fields["segment"] = rng.choice(segments).code
        if name == "confirm_move":
            fields = {"target_commune": commune.insee, "move_date": timezone.localdate().isoformat()}
        elif name == "mark_installed":
            installed_on = timezone.localdate() - datetime.timedelta(days=1)
            fields = {"installed_commune": commune.insee, "installed_on": installed_on}
        elif name == "close_follow_up":
            Interaction.objects.create(
                project=project, kind=Interaction.Kind.CALL, by=actor,
                summary="Point à six mois : installation réussie, enfants scolarisés.",
            )
        project_transition(project=project, transition=name, user=actor, fields=fields, channel=Channel.UI)
    return project


def _spread_dates(project_ids, rng):
    """Move each project's history into the past, keeping its order."""
    now = timezone.now()
    rows = list(ProjectTransition.objects.filter(project_id__in=project_ids).order_by("project_id", "at", "id"))
    projects = {p.pk: p for p in Project.objects.filter(pk__in=project_ids)}
    by_project = {}
    for row in rows:
        by_project.setdefault(row.project_id, []).append(row)
    for project_id, history in by_project.items():
        steps = len(history)
        start = now - datetime.timedelta(days=rng.randint(5 + 25 * steps, 60 + 60 * steps))
        moment = start
        for position, row in enumerate(history):
            row.at = moment
            # Most first contacts come within the week; later stages take longer.
            days = rng.choice([1, 2, 3, 4, 6, 9]) if position == 0 else rng.randint(2, 45)
            moment += datetime.timedelta(days=days, hours=rng.randint(0, 8))
            if moment > now:
                moment = now - datetime.timedelta(hours=rng.randint(1, 48))
        project = projects[project_id]
        project.created_at = history[0].at
        contacted = [r.at for r in history if r.transition == "make_contact"]
        project.first_contacted_at = contacted[0] if contacted else None
        installed = [r for r in history if r.transition == "mark_installed"]
        # The installation date follows its back-dated log row (reports count by it).
        project.installed_on = timezone.localdate(installed[0].at) if installed else project.installed_on
    ProjectTransition.objects.bulk_update(rows, ["at"], batch_size=1000)
    # The stage times kept with the log follow its new dates.
    stage_times_rebuild(by_project)
    # The six-month follow-up call sits just before the follow-up is closed.
    closings = {r.project_id: r.at for r in rows if r.transition == "close_follow_up"}
    calls = list(Interaction.objects.filter(project_id__in=list(closings)))
    for call in calls:
        call.happened_at = closings[call.project_id] - datetime.timedelta(days=1)
    Interaction.objects.bulk_update(calls, ["happened_at"], batch_size=1000)
    decisions = list(RoutingDecision.objects.filter(project_id__in=project_ids))
    for decision in decisions:
        decision.at = projects[decision.project_id].created_at
    RoutingDecision.objects.bulk_update(decisions, ["at"], batch_size=1000)
    # The state field is protected: update the date columns through the queryset.
    for project in projects.values():
        Project.objects.filter(pk=project.pk).update(
            created_at=project.created_at, first_contacted_at=project.first_contacted_at,
            first_contact_due_on=first_contact_due_on(project.created_at), installed_on=project.installed_on,
        )


# Households who wrote twice, through the real intake: each pair is flagged for
# its referent (onboarding.services.duplicates): a couple sharing a phone, and
# the same person back with another e-mail. (network, commune INSEE, people)
DEMO_DUPLICATES = (
    ("lot", "46102", (("Julie", "Fabre", "julie.fabre", "06 71 42 18 90"),
                      ("Thomas", "Fabre", "thomas.fabre", "06 71 42 18 90"))),
    ("lot-et-garonne", "47001", (("Inès", "Garcia", "ines.garcia", "07 68 12 45 33"),
                                 ("Inès", "Garcia", "ines.g.pro", "07 68 12 45 33"))),
)


MIN_PROJECTS_FOR_DUPLICATES = 20


def demo_likely_duplicates(networks):
    """The pairs of DEMO_DUPLICATES, submitted once (idempotent by e-mail)."""
    by_slug = {network.slug: network for network in networks.values()}
    for slug, insee, people in DEMO_DUPLICATES:
        commune = Commune.objects.filter(insee=insee).first()
        network = by_slug.get(slug)
        if commune is None or network is None:
            continue
        for first_name, last_name, local, phone in people:
            email = f"{local}@{DEMO_EMAIL_DOMAIN}"
            if Contact.objects.filter(email=email).exists():
                continue
            intake_submit(
                data=IntakeData(first_name=first_name, last_name=last_name, email=email, phone=phone,
                                target_commune=commune, consent=True, occupation="Infirmier·e"),
                source=Source.WEBSITE, channel=Channel.UI, network=network,
            )


# Up to this many demo projects, each goes through the real services (the
# small demo's history, e-mails and calls as the application writes them);
# beyond, demo.bulk builds the rest by the same rules, in bulk.
SERVICES_UP_TO = 300
# A benchmark world has one territorial referent for about this many projects.
PROJECTS_PER_REFERENT = 1_000


def demo_load(*, projects=300, seed=2026, services_up_to=SERVICES_UP_TO, benchmark=False, progress=None):
    """The two networks, their staff and `projects` demo projects in all
    (idempotent: only the missing ones are made). With `benchmark`, the
    accounts get no password (so it may run with DEBUG off), each EPCI's
    team grows with the size asked and capacities fit it (demo.bulk)."""
    networks = demo_networks()
    extra = max(0, math.ceil(projects / PROJECTS_PER_REFERENT / Epci.objects.count() - 1)) if benchmark else 0
    coordinators, referents, regional = demo_staff(
        networks, password=None if benchmark else DEMO_PASSWORD, extra_per_epci=extra)
    if benchmark:
        staff_scale(projects=projects)
    demo_housing(networks)
    demo_takeovers(networks)
    by_network = {None: coordinators[0]}
    for (_username, *_rest, code), user in zip(COORDINATORS, coordinators, strict=True):
        by_network[networks[code].pk] = user
    events = {}
    for event in Event.objects.exclude(network=None).prefetch_related("network__departements"):
        for departement in event.network.departements.all():
            events.setdefault(departement.pk, []).append(event)
    # Before the projects: the kits made while they are walked show their stories.
    demo_testimonials(networks, by_network)
    if projects >= MIN_PROJECTS_FOR_DUPLICATES:
        demo_likely_duplicates(networks)  # part of the `projects` asked for
    existing = Project.objects.filter(contact__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").count()
    missing = max(0, projects - existing)
    rng = random.Random(seed + existing)
    reference = (
        list(Segment.objects.filter(is_active=True)),
        list(Need.objects.filter(is_active=True)),
        list(Commune.objects.all()),
        events,
    )
    one_by_one = min(missing, max(0, services_up_to - existing))
    created_ids = []
    for index in range(existing, existing + one_by_one):
        with transaction.atomic():
            created_ids.append(_one_project(rng, index, by_network, reference).pk)
    if created_ids:
        _spread_dates(created_ids, rng)
        demo_follow_up(created_ids, rng)
    if missing > one_by_one:
        projects_bulk_build(rng=rng, count=missing - one_by_one, first_index=existing + one_by_one,
                            email_domain=DEMO_EMAIL_DOMAIN, coordinators=by_network, progress=progress)
    # After the projects: the welcome evenings invite the newcomers installed.
    demo_events(networks)
    # After the projects: some came through an ambassador's link, some are introduced to one.
    demo_ambassadors(networks, by_network)
    return DemoResult(
        coordinators=coordinators, referents=referents, projects_created=missing,
        projects_total=existing + missing, networks=[networks[code] for _s, code, *_ in NETWORKS],
        regional=regional,
    )
