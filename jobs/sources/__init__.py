"""Where job offers come from: one small interface, one module per source.

A source answers `search(query) -> OffersPage` and says whether it is
`configured`. France Travail's "Offres d'emploi v2" (france_travail.py) is
the first; another board (APEC, Hellowork, a regional one) is a module
beside it with the same two members. A source raises `SourceUnavailable`
for anything that is the remote side's fault (a timeout, a 429, a 5xx, an
answer it cannot read): the callers show « Offres indisponibles pour le
moment », never an error page.
"""

from dataclasses import asdict, dataclass, field


class SourceNotConfigured(Exception):
    """No credentials: nothing is called."""


class SourceUnavailable(Exception):
    """The source could not answer now; `retry_after` seconds when it said so (429)."""

    def __init__(self, reason, *, retry_after=None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class OfferQuery:
    """What to look for, and where: a commune (INSEE code) and a radius, or a département."""

    rome_codes: tuple = ()
    keywords: str = ""
    commune: str = ""
    distance_km: int | None = None
    departement: str = ""
    contract_types: tuple = ()  # CDI, CDD, MIS (intérim), SAI (saisonnier)...
    start: int = 0
    count: int = 20


@dataclass(frozen=True)
class Offer:
    id: str
    title: str
    employer: str = ""
    commune: str = ""  # as the source words it: "46 - FIGEAC"
    commune_insee: str = ""
    contract: str = ""
    url: str = ""
    published_on: str = ""  # ISO date
    rome_code: str = ""
    example: bool = False  # served by the local fake server: shown as « exemple »

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class OffersPage:
    offers: tuple = field(default_factory=tuple)
    total: int = 0
    start: int = 0

    @property
    def has_more(self):
        return self.start + len(self.offers) < self.total


def job_source():
    """The configured source: France Travail; without its credentials, the
    example offers when JOBS_EXAMPLE_OFFERS is on (the embedded default)."""
    from django.conf import settings

    from jobs.sources.france_travail import FranceTravail

    source = FranceTravail.from_settings()
    if not source.configured and settings.JOBS_EXAMPLE_OFFERS:
        from jobs.sources.examples import ExampleOffers

        return ExampleOffers()
    return source
