"""Demo businesses to take over: a few per département, as the chambers would
send them (jobs.takeovers, the API's rules). Idempotent: each is named by a
reference of its own and made once."""

import datetime

from django.utils import timezone

from crm.models import Commune
from jobs.models import TakeoverBusiness
from jobs.takeovers import takeover_save

# (activity, sector, price from, price to, premises, housing included, available in days, chamber)
BUSINESSES = (
    ("Boulangerie-pâtisserie", "trade", 90_000, 130_000, "leased", True, 90, "CCI"),
    ("Hôtel-restaurant de 12 chambres", "hospitality", 250_000, 320_000, "sold", True, 180, "CCI"),
    ("Garage automobile et station-service", "trade", 60_000, 90_000, "leased", False, 120, "CMA"),
    ("Menuiserie-ébénisterie (3 salariés)", "construction", 140_000, None, "sold", False, 240, "CMA"),
)
PER_DEPARTEMENT = 4
CHAMBERS = {"CCI": "CCI du %(name)s", "CMA": "Chambre de métiers et de l'artisanat du %(name)s"}


def demo_takeovers(networks):
    """The demo businesses of each network's départements; returns how many were made this time."""
    today = timezone.localdate()
    made = 0
    for network in networks.values():
        for departement in network.departements.order_by("code"):
            communes = list(Commune.objects.filter(departement=departement).order_by("-population", "insee")
                            [1:PER_DEPARTEMENT + 1])  # the bourgs after the préfecture
            for index, commune in enumerate(communes):
                reference = f"demo-reprise-{commune.insee}-{index}"
                if TakeoverBusiness.objects.filter(network=network, reference=reference).exists():
                    continue
                activity, sector, low, high, premises, housing, days, chamber = BUSINESSES[index % len(BUSINESSES)]
                takeover_save(network=network, consent=True, user=None, reference=reference, data={
                    "activity": activity, "sector": sector, "commune": commune, "price_min": low, "price_max": high,
                    "premises": premises, "housing_included": housing,
                    "available_on": today + datetime.timedelta(days=days),
                    "description": "Entreprise de démonstration.",
                    "contact_organisation": CHAMBERS[chamber] % {"name": departement.name},
                    "contact_name": "Conseil transmission", "contact_phone": "",
                    "contact_email": f"transmission.{chamber.lower()}{departement.code}@example.org",
                    "status": TakeoverBusiness.Status.OPEN,
                })
                made += 1
    return made
