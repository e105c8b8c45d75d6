"""What goes into one project's kit: reads only.

`blocks_for_profile` is the rule that decides which content a household
gets; it is a pure function of a `KitProfile` and the blocks' scopes, so the
rule is tested without a database and written in one place.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Exists, F, FloatField, OuterRef, Q, Window
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, RowNumber, Sin, Sqrt
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from onboarding.location import project_commune
from welcome_kits.models import ContentBlock, Kit, PartnerContact, ServicePoint

YOUNG_CHILD_MAX_AGE = 5  # under 6: crèche, assistante maternelle, école maternelle
SCHOOL_AGE = range(3, 18)  # school is compulsory from 3; lycée ends around 17
EARTH_RADIUS_KM = 6371.0
# How far a kit looks for the service points near the project's commune.
SERVICES_RADIUS_KM = 40
JOB_NEEDS = frozenset({"emploi", "emploi-conjoint"})


@dataclass(frozen=True)
class KitProfile:
    """The facts about a household that content is scoped on."""

    segment_id: int | None = None
    need_ids: frozenset = frozenset()
    need_codes: frozenset = frozenset()
    children_ages: tuple = ()
    partner_seeks_job: bool = False
    departement_id: int | None = None
    epci_id: int | None = None
    commune_id: int | None = None
    network_id: int | None = None

    @property
    def seeks_job(self):
        """Someone in the household looks for work: the person (need "emploi")
        or their partner (said on the contact, or need "emploi-conjoint")."""
        return self.partner_seeks_job or bool(self.need_codes & JOB_NEEDS)

    @property
    def has_children(self):
        return bool(self.children_ages)

    @property
    def has_young_children(self):
        return any(age <= YOUNG_CHILD_MAX_AGE for age in self.children_ages)

    @property
    def has_school_age_children(self):
        return any(age in SCHOOL_AGE for age in self.children_ages)


@dataclass(frozen=True)
class BlockScope:
    """For whom a block is written; every empty part means "anyone"."""

    segment_ids: frozenset = frozenset()
    need_ids: frozenset = frozenset()
    household: str = ""
    departement_ids: frozenset = frozenset()
    epci_ids: frozenset = frozenset()
    commune_ids: frozenset = frozenset()


@dataclass
class ChosenSection:
    section: object
    blocks: list = field(default_factory=list)


def kit_profile(project):
    """The profile of a project, read from its contact, needs and territory."""
    contact = project.contact
    commune = project_commune(project)  # where the project is: onboarding.location
    needs = list(project.needs.values_list("pk", "code"))
    return KitProfile(
        segment_id=project.segment_id,
        need_ids=frozenset(pk for pk, _code in needs),
        need_codes=frozenset(code for _pk, code in needs),
        children_ages=tuple(sorted(contact.children_ages_now)),  # whole numbers only (crm)
        partner_seeks_job=bool(contact.has_partner and contact.partner_seeks_job),
        departement_id=project.departement_id,
        epci_id=project.epci_id,
        commune_id=commune.pk if commune else None,
        network_id=project.network_id,
    )


def household_matches(household, profile):
    H = ContentBlock.Household
    return {
        H.ANY: True,
        H.CHILDREN: profile.has_children,
        H.YOUNG_CHILDREN: profile.has_young_children,
        H.SCHOOL_AGE: profile.has_school_age_children,
        H.PARTNER_SEEKS_JOB: profile.partner_seeks_job,
    }.get(household, False)  # an unknown condition shows the block to nobody


def scope_matches(scope, profile):
    """Each part of the scope must hold; within a part, one match is enough.

    The territory is one part: a block for the Lot and for Agen's EPCI is
    for anyone in either.
    """
    if scope.segment_ids and profile.segment_id not in scope.segment_ids:
        return False
    if scope.need_ids and not (scope.need_ids & profile.need_ids):
        return False
    if not household_matches(scope.household, profile):
        return False
    if scope.departement_ids or scope.epci_ids or scope.commune_ids:
        return (
            profile.departement_id in scope.departement_ids
            or profile.epci_id in scope.epci_ids
            or profile.commune_id in scope.commune_ids
        )
    return True


def blocks_for_profile(profile, scoped_blocks):
    """[(block, scope)] -> the blocks that apply, grouped into sections in order."""
    chosen = {}
    for block, scope in scoped_blocks:
        if scope_matches(scope, profile):
            chosen.setdefault(block.section_id, ChosenSection(section=block.section)).blocks.append(block)
    sections = sorted(chosen.values(), key=lambda c: (c.section.position, c.section.title, c.section.pk))
    for item in sections:
        item.blocks.sort(key=lambda b: (b.position, b.title, b.pk))
    return sections


def _for_network(network_id):
    """Blocks written for this network or for every network (none named):
    one programme's text never reaches another programme's kits."""
    named = ContentBlock.networks.through.objects.filter(contentblock_id=OuterRef("pk"))
    return Q(~Exists(named)) | Q(Exists(named.filter(network_id=network_id)))


def scoped_blocks(network_id=None):
    """Every published block of the network with its scope, in a fixed number of queries."""
    blocks = (
        ContentBlock.objects.filter(_for_network(network_id), is_active=True, section__is_active=True)
        .select_related("section")
        .prefetch_related("segments", "needs", "departements", "epcis", "communes")
    )
    return [
        (
            block,
            BlockScope(
                segment_ids=frozenset(s.pk for s in block.segments.all()),
                need_ids=frozenset(n.pk for n in block.needs.all()),
                household=block.household,
                departement_ids=frozenset(d.pk for d in block.departements.all()),
                epci_ids=frozenset(e.pk for e in block.epcis.all()),
                commune_ids=frozenset(c.pk for c in block.communes.all()),
            ),
        )
        for block in blocks
    ]


def keep_promises(sections, services):
    """Leave out the blocks that send the reader to nearby places of a
    category the kit lists none of (and the sections left empty): a kit
    never promises what it does not list."""
    listed = {value for value, _label, _points in services}
    kept = []
    for chosen in sections:
        chosen.blocks = [block for block in chosen.blocks if not block.promises or block.promises in listed]
        if chosen.blocks:
            kept.append(chosen)
    return kept


def kit_sections_for(project, services=None):
    """The content of the project's kit; `services` (services_near of its
    commune) when the caller has them already."""
    if services is None:
        services = services_near(project_commune(project))
    return keep_promises(blocks_for_profile(kit_profile(project), scoped_blocks(project.network_id)), services)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance, for checks and for callers without a database."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km_expression(lat, lon):
    """The haversine formula in SQL (PostgreSQL and SQLite both have the functions).

    The square root's argument is capped at 1: rounding can push it just past
    1 for antipodal points, and ASIN would fail. The coordinates are read as
    floats: a commune's are decimals.
    """
    latitude, longitude = Cast("latitude", FloatField()), Cast("longitude", FloatField())
    half_dlat = (Radians(latitude) - math.radians(lat)) / 2
    half_dlon = (Radians(longitude) - math.radians(lon)) / 2
    a = Power(Sin(half_dlat), 2) + math.cos(math.radians(lat)) * Cos(Radians(latitude)) * Power(
        Sin(half_dlon), 2
    )
    return ASin(Sqrt(Least(a, 1.0))) * (2 * EARTH_RADIUS_KM)


def services_near(commune, *, radius_km=SERVICES_RADIUS_KM, per_category=3):
    """The nearest active service points of each category around a commune.

    A bounding box on the indexed coordinates bounds the candidates; the
    distance and the per-category ranking are computed in the database.
    Returns [(category value, label, [points with .distance_km])], in the
    order of the categories.
    """
    if commune is None or commune.latitude is None or commune.longitude is None:
        return []
    lat, lon = float(commune.latitude), float(commune.longitude)
    dlat = radius_km / 111.32
    dlon = radius_km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    points = (
        ServicePoint.objects.filter(
            is_active=True,
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(lon - dlon, lon + dlon),
        )
        .select_related("commune")
        .annotate(distance_km=distance_km_expression(lat, lon))
        .filter(distance_km__lte=radius_km)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("category")], order_by=[F("distance_km").asc(), F("name").asc()]
            )
        )
        .filter(rank__lte=per_category)
        .order_by("category", "distance_km", "name", "pk")
    )
    by_category = {}
    for point in points:
        by_category.setdefault(point.category, []).append(point)
    return [
        (value, label, by_category[value])
        for value, label in ServicePoint.Category.choices
        if value in by_category
    ]


def nearest_agencies(partners, origin):
    """Of the partners that are agencies of one network (`agency_of`), keep
    only the nearest to `origin` (a commune), in the place of the first of
    them; an agency without coordinates counts as farthest. Without an
    origin's coordinates, the first one stays (the list's order: local first)."""
    has_origin = origin is not None and origin.latitude is not None and origin.longitude is not None

    def distance(partner):
        place = partner.commune
        if not has_origin or place is None or place.latitude is None or place.longitude is None:
            return math.inf
        return haversine_km(float(origin.latitude), float(origin.longitude),
                            float(place.latitude), float(place.longitude))

    nearest = {}
    for partner in partners:
        if partner.agency_of:
            key = partner.agency_of.strip().casefold()
            best = nearest.get(key)
            if best is None or distance(partner) < best[1]:
                nearest[key] = (partner, distance(partner))
    kept, placed = [], set()
    for partner in partners:
        if not partner.agency_of:
            kept.append(partner)
            continue
        key = partner.agency_of.strip().casefold()
        if key not in placed:
            placed.add(key)
            kept.append(nearest[key][0])
    return kept


def partners_for(profile, needs, origin=None):
    """[(need, [partners])] for each of the project's needs that has partners.

    A partner tied to the project's EPCI or département comes before one that
    serves everyone; one tied to another territory, or to another network, is
    left out. Of the agencies of one network (France Travail...), only the
    nearest to `origin` (the project's commune) is given.
    """
    if not needs:
        return []
    network = Q(network__isnull=True) | Q(network_id=profile.network_id)
    territory = Q(departement__isnull=True, epci__isnull=True)
    if profile.departement_id:
        territory |= Q(departement_id=profile.departement_id, epci__isnull=True)
    if profile.epci_id:
        territory |= Q(epci_id=profile.epci_id)
    partners = (
        PartnerContact.objects.filter(network, territory, is_active=True, needs__in=needs)
        .annotate(need_id=F("needs__pk"))
        .select_related("commune")
        .order_by("position", "organisation", "pk")
    )
    by_need = {}
    for partner in partners:
        by_need.setdefault(partner.need_id, []).append(partner)

    def local_first(partner):
        return 0 if partner.epci_id else (1 if partner.departement_id else 2)

    return [(need, nearest_agencies(sorted(by_need[need.pk], key=local_first), origin))
            for need in needs if need.pk in by_need]


def kits_of(project):
    return Kit.objects.filter(project=project).select_related("requested_by", "same_as").order_by("-requested_at", "-pk")


def latest_done_kit(project):
    return (
        Kit.objects.filter(project=project, status=Kit.Status.DONE)
        .select_related("same_as")
        .order_by("-finished_at", "-pk")
        .first()
    )



def kit_progress(project, kits=None):
    """Where the project's kit stands, for the staff project page and its
    status endpoint: {"status", "message", "next", "version", "download_url"},
    or None when no kit was ever asked for. `kits`: the project's kits
    already read (with `same_as`), when the page has them. `status` is the latest request's
    (pending, running, done, failed), "scheduled" for a refresh that waits for
    changes to settle; the page asks again while it is pending or running."""
    if kits is None:
        kit = Kit.objects.filter(project=project).select_related("same_as").order_by("-requested_at", "-pk").first()
        if kit is None:
            return None
        ready = latest_done_kit(project)
    else:
        if not kits:
            return None
        kit = max(kits, key=lambda k: (k.requested_at, k.pk))
        done = [k for k in kits if k.status == Kit.Status.DONE]
        ready = max(done, key=lambda k: (k.finished_at, k.pk)) if done else None
    state = {"status": kit.status, "message": "", "next": "", "version": None, "download_url": None}
    if ready is not None:
        state["version"] = ready.shown_version
        state["download_url"] = reverse("kit_staff_download", args=[project.pk, ready.pk])
    told = kit.notify_prospect and bool(project.contact.email)
    if kit.status == Kit.Status.PENDING and kit.not_before and kit.not_before > timezone.now():
        state["status"] = "scheduled"
        state["message"] = _("Une mise à jour du kit est prévue le %(at)s, une fois les changements terminés.") % {
            "at": formats.date_format(timezone.localtime(kit.not_before), "SHORT_DATETIME_FORMAT")}
    elif kit.status in (Kit.Status.PENDING, Kit.Status.RUNNING):
        state["message"] = (_("Le kit de bienvenue est en préparation.") if kit.status == Kit.Status.PENDING
                            else _("Le kit de bienvenue est en cours de création."))
        state["next"] = (_("Il est créé en arrière-plan, en général en moins d'une minute ; le porteur de projet "
                           "recevra son lien par e-mail dès qu'il sera prêt.") if told else
                         _("Il est créé en arrière-plan, en général en moins d'une minute."))
    elif kit.status == Kit.Status.DONE:
        state["message"] = _("Le kit de bienvenue est prêt (version %(v)s).") % {"v": ready.shown_version}
        if kit.notified_at:
            state["next"] = _("Son lien a été envoyé au porteur de projet par e-mail.")
        elif told:
            state["next"] = _("Son lien part par e-mail au porteur de projet.")
    else:
        state["message"] = _("La création du kit de bienvenue a échoué.")
        state["next"] = _("Vous pouvez la relancer depuis la page du kit.")
    return state
