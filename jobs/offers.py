"""Offers near a project, for an occupation: what the pages show, never waiting on the source.

A search is (the ROME fiches of the occupation, the place, the radius). Its
result lives in the shared cache for JOBS_OFFERS_CACHE_HOURS, for every
page and every user that asks the same: the instance stays well under the
source's limit however many pages are opened. A page reads the cache; on a
miss it queues the fetch (crm.queue, once per search thanks to a short
"pending" mark) and says the offers are on their way. The fetch runs in a
Celery worker (jobs.tasks.fetch_offers); a failure is remembered a few
minutes (the 429's Retry-After when the source gave one), so pages say
« Offres indisponibles pour le moment » instead of asking again at once.

Where: the target commune (INSEE code, JOBS_SEARCH_RADIUS_KM around it);
else the most populated commune of the target intercommunality, with a
wider radius; else the project's département.

A search may keep only some contract types (France Travail's `typeContrat`
codes, CONTRACT_TYPES): they are part of what is searched and of the cache
key; a code the source does not know is refused before anything is asked.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.models import Commune
from crm.queue import enqueue_on_commit
from jobs.models import PinnedOffer
from jobs.rome import rome_matches
from jobs.sources import Offer, OfferQuery, SourceNotConfigured, SourceUnavailable, job_source

CACHE_VERSION = 1
PENDING_SECONDS = 120
UNAVAILABLE_SECONDS = 300
EPCI_EXTRA_RADIUS_KM = 10
SHOWN = 10
CODES_PER_OCCUPATION = 2

# France Travail's contract types (the `typeContrat` referential of "Offres d'emploi v2").
CONTRACT_TYPES = {
    "CDI": _l("CDI"),
    "CDD": _l("CDD"),
    "MIS": _l("Mission intérimaire"),
    "SAI": _l("Saisonnier"),
    "LIB": _l("Profession libérale"),
    "DIN": _l("CDI intérimaire"),
    "CCE": _l("Profession commerciale"),
    "FRA": _l("Franchise"),
}


class UnknownContractType(ValueError):
    def __init__(self, code):
        super().__init__(code)
        self.message = _("Type de contrat inconnu : choisissez parmi %(codes)s.") % {
            "codes": ", ".join(CONTRACT_TYPES)}


def contract_types_clean(codes):
    """The codes as a sorted tuple without repeats; UnknownContractType for one France Travail does not know."""
    codes = tuple(sorted({code.strip().upper() for code in codes if code.strip()}))
    for code in codes:
        if code not in CONTRACT_TYPES:
            raise UnknownContractType(code)
    return codes


class Status:
    READY = "ready"
    PENDING = "pending"
    UNAVAILABLE = "unavailable"
    NOT_CONFIGURED = "not_configured"
    NO_OCCUPATION = "no_occupation"  # nothing typed, or nothing the ROME knows
    NO_PLACE = "no_place"


@dataclass(frozen=True)
class Search:
    rome_codes: tuple
    commune: str = ""
    departement: str = ""
    radius_km: int | None = None
    contract_types: tuple = ()

    @property
    def key(self):
        place = self.commune or f"d{self.departement}"
        key = f"jobs:offers:v{CACHE_VERSION}:{','.join(self.rome_codes)}:{place}:{self.radius_km}"
        return f"{key}:c{','.join(self.contract_types)}" if self.contract_types else key

    def query(self):
        return OfferQuery(rome_codes=self.rome_codes, commune=self.commune, departement=self.departement,
                          distance_km=self.radius_km if self.commune else None, count=SHOWN,
                          contract_types=self.contract_types)

    def as_dict(self):
        return {**asdict(self), "rome_codes": list(self.rome_codes), "contract_types": list(self.contract_types)}


@dataclass
class Offers:
    """What a page shows for one occupation."""

    status: str
    occupation: str = ""
    fiches: tuple = ()  # RomeMatch: the codes searched, with their names
    offers: tuple = ()
    total: int = 0
    place: str = ""


def place_of(project):
    """(commune INSEE, département code, radius, words for the page) of where the project looks, or None."""
    radius = settings.JOBS_SEARCH_RADIUS_KM
    if project.target_commune_id:
        # Read with the project already on its page (workspace.views._project_for); else by id.
        loaded = type(project)._meta.get_field("target_commune").is_cached(project)
        commune = (project.target_commune if loaded
                   else Commune.objects.only("insee", "name").get(pk=project.target_commune_id))
        return commune.insee, "", radius, commune.name
    if project.target_epci_id:
        commune = (Commune.objects.filter(epci_id=project.target_epci_id).only("insee", "name")
                   .order_by("-population", "insee").first())
        if commune is not None:
            return commune.insee, "", radius + EPCI_EXTRA_RADIUS_KM, commune.name
    if project.departement_id:
        code = project.departement.code
        return "", code, None, code
    return None


def offers_near(occupation, place, contract_types=()):
    """The offers for `occupation` near `place` (place_of), of these contract types (all when empty; checked by
    contract_types_clean), from the cache; a miss queues the fetch."""
    occupation = (occupation or "").strip()
    fiches = tuple(rome_matches(occupation, limit=CODES_PER_OCCUPATION)) if occupation else ()
    if not fiches:
        return Offers(Status.NO_OCCUPATION, occupation=occupation)
    if place is None:
        return Offers(Status.NO_PLACE, occupation=occupation, fiches=fiches)
    words = place[3]
    found = Offers(Status.PENDING, occupation=occupation, fiches=fiches, place=words)
    if not job_source().configured:
        found.status = Status.NOT_CONFIGURED
        return found
    search = _search(fiches, place, contract_types)
    cached = cache.get(search.key)
    if cached is None and cache.get(_unavailable_key(search)) is None and cache.add(
            _pending_key(search), 1, timeout=PENDING_SECONDS):
        enqueue_on_commit("jobs.tasks.fetch_offers", search.as_dict())
        cached = cache.get(search.key)  # in-process tasks (the embedded default, the tests) have run
    if cached is not None:
        found.status = Status.READY
        found.offers = tuple(Offer(**offer) for offer in cached["offers"])
        found.total = cached["total"]
    elif cache.get(_unavailable_key(search)) is not None:
        found.status = Status.UNAVAILABLE
    return found


def offers_for_project(project, pinned=(), contract_types=()):
    """The prospect's and, when there is one, the partner's offers near the
    project's target, as the pages show them (cache reads; a miss queues)."""
    contact = project.contact
    place = place_of(project)
    pinned_ids = {row.offer_id for row in pinned}
    searches = [(PinnedOffer.For.PROSPECT, _("Pour le porteur du projet"),
                 offers_near(contact.occupation, place, contract_types))]
    if contact.partner_occupation:
        searches.append((PinnedOffer.For.PARTNER, _("Pour son conjoint ou sa conjointe"),
                         offers_near(contact.partner_occupation, place, contract_types)))
    return [{"for_whom": for_whom, "title": title, "found": found, "pinned_ids": pinned_ids}
            for for_whom, title, found in searches]


def offers_fetch(search):
    """Ask the source and keep the answer (the Celery task's work)."""
    page = None
    try:
        page = job_source().search(search.query())
    except SourceNotConfigured:
        pass
    except SourceUnavailable as exc:
        cache.set(_unavailable_key(search), 1, timeout=exc.retry_after or UNAVAILABLE_SECONDS)
    else:
        cache.set(search.key, {"offers": [offer.as_dict() for offer in page.offers], "total": page.total},
                  timeout=settings.JOBS_OFFERS_CACHE_HOURS * 3600)
    # Only now: a page in between finds the result (or the failure), never a gap to queue again into.
    cache.delete(_pending_key(search))
    return page


def offer_cached(occupation, place, offer_id, contract_types=()):
    """The offer `offer_id` as the cached search for `occupation` near `place` shows it, or None."""
    fiches = rome_matches(occupation or "", limit=CODES_PER_OCCUPATION)
    if not fiches or place is None:
        return None
    cached = cache.get(_search(fiches, place, contract_types).key) or {"offers": []}
    return next((Offer(**offer) for offer in cached["offers"] if offer["id"] == offer_id), None)


def _search(fiches, place, contract_types=()):
    commune, departement, radius, _words = place
    return Search(rome_codes=tuple(match.code for match in fiches), commune=commune, departement=departement,
                  radius_km=radius, contract_types=tuple(contract_types))


def _pending_key(search):
    return f"{search.key}:pending"


def _unavailable_key(search):
    return f"{search.key}:unavailable"
