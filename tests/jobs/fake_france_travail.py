"""A local stand-in for France Travail's OAuth2 server and "Offres d'emploi v2" API.

It replays the answers France Travail documents, so the connector is tested
over real HTTP without reaching the internet:

- the token: POST .../access_token?realm=/partenaire, form `grant_type=client_credentials`,
  `client_id`, `client_secret`, `scope=api_offresdemploiv2 o2dsoffre`; answer
  `{"scope", "expires_in", "token_type": "Bearer", "access_token"}`
  (francetravail.io, "Se connecter avec un compte partenaire : Client Credentials");
- the search: GET .../v2/offres/search with `range=p-d` (at most 150, "La plage de
  résultats est limitée à 150"), `codeROME`, `commune`, `distance`, `departement`,
  `typeContrat`; answer 200 (all), 206 (partial) with `Content-Range: offres p-d/N`
  and `Accept-Range: offres 150`, 204 (no result), 400 (bad range), a `resultats` list
  whose elements carry `id`, `intitule`, `dateCreation`, `lieuTravail`
  (`libelle` "46 - FIGEAC", `commune` INSEE code, `codePostal`, `latitude`, `longitude`),
  `romeCode`, `entreprise.nom`, `typeContrat`, `typeContratLibelle`, `origineOffre.urlOrigine`
  (documentation "API Offres d'emploi v2 – Rechercher par critères",
  https://www.emploi-store-dev.fr/portail-developpeur-cms/home/catalogue-des-api/documentation-des-api/api/api-offres-demploi-v2/rechercher-par-criteres.html,
  and its OpenAPI description "Offres d'emploi" v2, server https://api.francetravail.io/partenaire/offresdemploi);
- a 429 "Too Many Requests" with `Retry-After`, a 401 once the token has expired.

`script` queues answers to give instead of the normal one, first in first out.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

TOKEN_PATH = "/connexion/oauth2/access_token"
SEARCH_PATH = "/partenaire/offresdemploi/v2/offres/search"
CLIENT_ID = "PAR_accueil_0123456789"
CLIENT_SECRET = "secret-de-test"

PLACES = {
    "46102": ("46 - FIGEAC", "46100", 44.6086, 2.0317),
    "46042": ("46 - CAHORS", "46000", 44.4475, 1.4419),
}


def documented_offer(number, *, rome="J1506", title="Infirmier / Infirmière en soins généraux (H/F)",
                     employer="CENTRE HOSPITALIER DE FIGEAC", insee="46102", contract="CDI"):
    libelle, postcode, latitude, longitude = PLACES.get(insee, (f"{insee[:2]} - COMMUNE", insee, 44.5, 1.6))
    offer_id = f"{180 + number:03d}TEST"
    return {
        "id": offer_id,
        "intitule": title,
        "description": "Au sein d'un service de médecine polyvalente, vous assurez les soins...",
        "dateCreation": "2026-11-20T09:12:03.000Z",
        "dateActualisation": "2026-11-25T10:01:44.000Z",
        "lieuTravail": {"libelle": libelle, "latitude": latitude, "longitude": longitude,
                        "codePostal": postcode, "commune": insee},
        "romeCode": rome,
        "romeLibelle": "Soins infirmiers généralistes",
        "appellationlibelle": "Infirmier / Infirmière en soins généraux (IDE)",
        "entreprise": {"nom": employer, "entrepriseAdaptee": False},
        "typeContrat": contract,
        "typeContratLibelle": {"CDI": "Contrat à durée indéterminée", "CDD": "Contrat à durée déterminée - 6 Mois"}
        .get(contract, contract),
        "natureContrat": "Contrat travail",
        "experienceExige": "D",
        "experienceLibelle": "Débutant accepté",
        "origineOffre": {"origine": "1",
                         "urlOrigine": f"https://candidat.francetravail.fr/offres/recherche/detail/{offer_id}"},
    }


def default_offers():
    """160 nurses' offers around Figeac (one 206 page of 150 and more), 3 bakers' in Cahors."""
    nurses = [documented_offer(n) for n in range(160)]
    bakers = [documented_offer(200 + n, rome="D1102", title="Boulanger / Boulangère (H/F)",
                               employer="BOULANGERIE DU MARCHÉ", insee="46042", contract="CDD") for n in range(3)]
    return nurses + bakers


class FakeFranceTravail:
    def __init__(self):
        self.offers = default_offers()
        self.script = []  # (status, headers, body) answers to the next searches
        self.requests = []  # (method, path, query or form)
        self.tokens = set()
        self.issued = 0
        self.expires_in = 1499
        self.delay = 0.0
        self._server = None

    # --- what a test does -------------------------------------------------
    @property
    def url(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    @property
    def token_url(self):
        return f"{self.url}{TOKEN_PATH}?realm=/partenaire"

    @property
    def api_url(self):
        return f"{self.url}/partenaire/offresdemploi"

    def expire_tokens(self):
        """Every token issued so far is refused from now on (401)."""
        self.tokens.clear()

    def searches(self):
        return [query for method, path, query in self.requests if path == SEARCH_PATH]

    def token_requests(self):
        return [form for method, path, form in self.requests if path == TOKEN_PATH]

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                fake._token(self)

            def do_GET(self):
                fake._search(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll: shutdown() at the end of each test waits for the loop to look (0.5 s by default).
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # --- the server's side --------------------------------------------------
    @staticmethod
    def _answer(handler, status, headers=None, body=None):
        payload = b"" if body is None else json.dumps(body).encode()
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if body is not None:
            handler.send_header("Content-Type", "application/json;charset=UTF-8")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _token(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        form = {key: values[0] for key, values in parse_qs(handler.rfile.read(length).decode()).items()}
        path = urlparse(handler.path).path
        self.requests.append(("POST", path, form))
        if path != TOKEN_PATH:
            return self._answer(handler, 404, body={"error": "not_found"})
        if (form.get("grant_type") != "client_credentials" or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET):
            return self._answer(handler, 401, body={"error": "invalid_client",
                                                    "error_description": "Client authentication failed"})
        self.issued += 1
        token = f"jeton-{self.issued}"
        self.tokens.add(token)
        return self._answer(handler, 200, body={"scope": form.get("scope", ""), "expires_in": self.expires_in,
                                                "token_type": "Bearer", "access_token": token})

    def _search(self, handler):
        parsed = urlparse(handler.path)
        query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
        self.requests.append(("GET", parsed.path, query))
        if self.delay:
            import time

            time.sleep(self.delay)
        if parsed.path != SEARCH_PATH:
            return self._answer(handler, 404, body={"message": "Not found"})
        bearer = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
        if bearer not in self.tokens:
            return self._answer(handler, 401, body={"message": "Invalid access token"})
        if self.script:
            return self._answer(handler, *self.script.pop(0))
        found = [offer for offer in self.offers if self._matches(offer, query)]
        first, last = (int(part) for part in query.get("range", "0-149").split("-"))
        if last < first or last - first >= 150:
            return self._answer(handler, 400, body={"message": "La plage de résultats demandée est trop importante."})
        if not found:
            return self._answer(handler, 204)
        page = found[first:last + 1]
        end = first + len(page) - 1
        status = 206 if end + 1 < len(found) else 200
        return self._answer(handler, status, {"Content-Range": f"offres {first}-{end}/{len(found)}",
                                              "Accept-Range": "offres 150"},
                            {"resultats": page, "filtresPossibles": []})

    @staticmethod
    def _matches(offer, query):
        codes = [code for code in query.get("codeROME", "").split(",") if code]
        if codes and offer["romeCode"] not in codes:
            return False
        contracts = [code for code in query.get("typeContrat", "").split(",") if code]
        if contracts and offer["typeContrat"] not in contracts:
            return False
        if "departement" in query and not offer["lieuTravail"]["commune"].startswith(query["departement"]):
            return False
        # A commune and its radius: the fake knows two places, each within the other's 200 km.
        return True


@pytest.fixture
def france_travail(settings):
    """The fake server, and the settings pointing at it."""
    fake = FakeFranceTravail().start()
    settings.FRANCE_TRAVAIL_CLIENT_ID = CLIENT_ID
    settings.FRANCE_TRAVAIL_CLIENT_SECRET = CLIENT_SECRET
    settings.FRANCE_TRAVAIL_TOKEN_URL = fake.token_url
    settings.FRANCE_TRAVAIL_API_URL = fake.api_url
    yield fake
    fake.stop()
