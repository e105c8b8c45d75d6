"""France Travail's "Offres d'emploi v2" API (https://francetravail.io).

- OAuth2 client credentials on FRANCE_TRAVAIL_TOKEN_URL, scopes
  `api_offresdemploiv2 o2dsoffre`; the token is kept in the shared cache
  until a minute before it expires, and a 401 (a token revoked or expired
  early) costs one new token and one new try, never more.
- GET {FRANCE_TRAVAIL_API_URL}/v2/offres/search with `commune` (INSEE) and
  `distance` (km) or `departement`, `codeROME`, `motsCles`, `typeContrat`
  and `range` ("0-149": at most 150 a call). The answer is 200 (everything),
  206 (a part, `Content-Range: offres 0-149/353`) or 204 (nothing).
- At most FRANCE_TRAVAIL_RATE_PER_SECOND calls a second for the whole
  instance (jobs.sources.limiter); a 429 pauses every process for its
  Retry-After.
- Timeouts on every call; connection errors and 502/503/504 retried twice
  with a short backoff by urllib3; anything else the remote side gets wrong
  raises SourceUnavailable. Logs name the failure, never a person.
"""

import hashlib
import logging
import re

import requests
from django.conf import settings
from django.core.cache import cache
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from jobs.sources import Offer, OffersPage, SourceNotConfigured, SourceUnavailable
from jobs.sources.limiter import RateLimiter

logger = logging.getLogger(__name__)

SCOPES = "api_offresdemploiv2 o2dsoffre"
# (connect, read) seconds: a worker never hangs on a silent server.
TIMEOUT = (3.05, 10)
MAX_RANGE = 150
CONTENT_RANGE = re.compile(r"(\d+)-(\d+)/(\d+)")
OFFER_PAGE = "https://candidat.francetravail.fr/offres/recherche/detail/{id}"


def _session():
    retry = Retry(
        total=2, connect=2, read=1, status=2, backoff_factor=0.3, status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "POST"}),  # the token request is safe to repeat
        respect_retry_after_header=False, raise_on_status=False,  # 429 is ours to handle
    )
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.mount("http://", HTTPAdapter(max_retries=retry))
    return session


def _https_or_empty(url):
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""


def offer_from(raw):
    """One element of `resultats`, as the API documents it."""
    place = raw.get("lieuTravail") or {}
    company = raw.get("entreprise") or {}
    origin = raw.get("origineOffre") or {}
    offer_id = str(raw.get("id") or "")
    return Offer(
        id=offer_id,
        title=(raw.get("intitule") or "").strip(),
        employer=(company.get("nom") or "").strip(),
        commune=(place.get("libelle") or "").strip(),
        commune_insee=str(place.get("commune") or ""),
        contract=(raw.get("typeContratLibelle") or raw.get("typeContrat") or "").strip(),
        url=_https_or_empty(origin.get("urlOrigine")) or OFFER_PAGE.format(id=offer_id),
        published_on=(raw.get("dateCreation") or "")[:10],
        rome_code=raw.get("romeCode") or "",
    )


class FranceTravail:
    name = "france_travail"

    def __init__(self, *, client_id, client_secret, token_url, api_url, rate_per_second=10):
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_url = token_url
        self.api_url = api_url.rstrip("/")
        self.limiter = RateLimiter("jobs:france-travail:rate", rate_per_second)
        digest = hashlib.sha256(f"{client_id}|{token_url}".encode()).hexdigest()[:16]
        self._token_key = f"jobs:france-travail:token:{digest}"
        self._session = None

    @classmethod
    def from_settings(cls):
        return cls(
            client_id=settings.FRANCE_TRAVAIL_CLIENT_ID, client_secret=settings.FRANCE_TRAVAIL_CLIENT_SECRET,
            token_url=settings.FRANCE_TRAVAIL_TOKEN_URL, api_url=settings.FRANCE_TRAVAIL_API_URL,
            rate_per_second=settings.FRANCE_TRAVAIL_RATE_PER_SECOND,
        )

    @property
    def configured(self):
        return bool(self.client_id and self.client_secret and self.token_url and self.api_url)

    @property
    def session(self):
        if self._session is None:
            self._session = _session()
        return self._session

    def search(self, query):
        if not self.configured:
            raise SourceNotConfigured
        start = max(0, query.start)
        count = min(max(1, query.count), MAX_RANGE)
        response = self._get("/v2/offres/search", self._params(query, start, count))
        if response.status_code == 204:
            return OffersPage(offers=(), total=0, start=start)
        try:
            results = response.json().get("resultats") or []
        except (ValueError, AttributeError):
            raise SourceUnavailable("unreadable answer") from None
        offers = tuple(offer_from(raw) for raw in results if isinstance(raw, dict))
        found = CONTENT_RANGE.search(response.headers.get("Content-Range", ""))
        total = int(found.group(3)) if found else start + len(offers)
        return OffersPage(offers=offers, total=total, start=start)

    @staticmethod
    def _params(query, start, count):
        params = {"range": f"{start}-{start + count - 1}"}
        if query.rome_codes:
            params["codeROME"] = ",".join(query.rome_codes[:3])
        if query.keywords:
            params["motsCles"] = query.keywords
        if query.commune:
            params["commune"] = query.commune
            if query.distance_km is not None:
                params["distance"] = str(query.distance_km)
        elif query.departement:
            params["departement"] = query.departement
        if query.contract_types:
            params["typeContrat"] = ",".join(query.contract_types)
        return params

    def _get(self, path, params):
        for attempt in (1, 2):
            token = self._token()
            self.limiter.acquire()
            try:
                response = self.session.get(
                    self.api_url + path, params=params, timeout=TIMEOUT,
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                )
            except requests.RequestException as exc:
                raise self._unavailable(type(exc).__name__) from None
            if response.status_code == 401 and attempt == 1:
                cache.delete(self._token_key)  # expired or revoked early: one new token, one new try
                continue
            if response.status_code == 429:
                retry_after = _seconds(response.headers.get("Retry-After"))
                self.limiter.block(retry_after)
                raise self._unavailable("429", retry_after=retry_after)
            if response.status_code in (200, 204, 206):
                return response
            raise self._unavailable(f"HTTP {response.status_code}")
        raise self._unavailable("HTTP 401 after a new token")

    def _token(self):
        token = cache.get(self._token_key)
        if token:
            return token
        try:
            response = self.session.post(self.token_url, timeout=TIMEOUT, data={
                "grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self.client_secret, "scope": SCOPES,
            })
        except requests.RequestException as exc:
            raise self._unavailable(f"token: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise self._unavailable(f"token: HTTP {response.status_code}")
        try:
            body = response.json()
            token = body["access_token"]
            expires_in = int(body.get("expires_in", 1499))
        except (ValueError, KeyError, TypeError):
            raise self._unavailable("token: unreadable answer") from None
        # A minute early, so that a token never expires between the cache and the call.
        cache.set(self._token_key, token, timeout=max(expires_in - 60, 1))
        return token

    @staticmethod
    def _unavailable(reason, *, retry_after=None):
        logger.warning("France Travail unavailable: %s", reason)
        return SourceUnavailable(reason, retry_after=retry_after)


def _seconds(value, default=1, ceiling=3600):
    try:
        return min(max(int(value), 1), ceiling)
    except (TypeError, ValueError):
        return default
