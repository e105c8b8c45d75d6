"""Demo housing offers: a few per département, managed by its EPCIs'
organisations (the ones demo.services.demo_staff makes). Idempotent: each
offer is named by a reference of its own and made once."""

import datetime

from django.db import transaction
from django.utils import timezone

from crm.models import Commune, Organisation
from housing.models import HousingOffer
from housing.services import offer_save

# (kind, housing type, rooms, surface, price, title, starts in days, lasts days)
OFFERS = (
    (HousingOffer.Kind.TEMPORARY, HousingOffer.HousingType.BRIDGE, 3, 60, 300, "Logement passerelle communal", -15, 240),
    (HousingOffer.Kind.RENT, HousingOffer.HousingType.HOUSE, 4, 95, 720, "Maison avec jardin", 10, 120),
    (HousingOffer.Kind.SALE, HousingOffer.HousingType.HOUSE, 5, 130, 168_000, "Maison de bourg à rénover", -30, 365),
    (HousingOffer.Kind.TEMPORARY, HousingOffer.HousingType.GITE, 2, 45, 450, "Gîte pour les premiers mois", 0, 180),
)
PER_DEPARTEMENT = 4


def demo_housing(networks):
    """The demo offers of each network; returns how many were made this time."""
    today = timezone.localdate()
    made = 0
    for network in networks.values():
        for departement in network.departements.order_by("code"):
            communes = list(Commune.objects.filter(departement=departement).select_related("epci")
                            .order_by("-population", "insee")[:PER_DEPARTEMENT])
            for index, commune in enumerate(communes):
                organisation = Organisation.objects.filter(epci=commune.epci_id, network=network).first()
                if organisation is None:
                    continue
                reference = f"demo-{commune.insee}-{index}"
                if HousingOffer.objects.filter(network=network, organisation=organisation,
                                               external_ref=reference).exists():
                    continue
                kind, housing_type, rooms, surface, price, title, starts, lasts = OFFERS[index % len(OFFERS)]
                with transaction.atomic():
                    offer_save(HousingOffer(
                        network=network, organisation=organisation, external_ref=reference, kind=kind,
                        housing_type=housing_type, rooms=rooms, surface=surface, price=price,
                        title=f"{title} à {commune.name}", commune=commune,
                        available_from=today + datetime.timedelta(days=starts),
                        available_until=today + datetime.timedelta(days=starts + lasts),
                        contact_name="Service habitat", contact_email=f"habitat.{commune.insee}@example.org",
                        description="Offre de démonstration.",
                    ))
                made += 1
    return made
