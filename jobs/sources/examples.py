"""Example offers for the embedded default (config.settings.local), so that
someone trying the app sees the offers sections work without a France
Travail account. Made up from the ROME fiche's name and the place asked
for, each one marked « exemple »; their link opens France Travail's own
search for the occupation. Never used when credentials are set, nor in
production (JOBS_EXAMPLE_OFFERS is off there)."""

from urllib.parse import quote

from django.utils import timezone

from crm.models import Commune
from jobs.rome import fiches
from jobs.sources import Offer, OffersPage

EMPLOYERS = (
    ("Entreprise exemple du territoire", "Contrat à durée indéterminée"),
    ("Collectivité exemple", "Contrat à durée déterminée - 12 Mois"),
    ("Association exemple", "Contrat à durée indéterminée"),
)


class ExampleOffers:
    name = "exemple"
    configured = True

    def search(self, query):
        names = fiches()
        place = ""
        if query.commune:
            place = Commune.objects.filter(insee=query.commune).values_list("name", flat=True).first() or ""
        place = place or query.departement
        today = timezone.localdate().isoformat()
        offers = [
            Offer(id=f"EX{code}{number}", title=f"{names.get(code, code)} (H/F)", employer=employer, commune=place,
                  contract=contract, url=f"https://candidat.francetravail.fr/offres/recherche?motsCles="
                  f"{quote(names.get(code, code))}", published_on=today, rome_code=code, example=True)
            for code in query.rome_codes for number, (employer, contract) in enumerate(EMPLOYERS)
        ]
        shown = tuple(offers[query.start:query.start + query.count])
        return OffersPage(offers=shown, total=len(offers), start=query.start)
