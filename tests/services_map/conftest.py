"""The territory the map tests read: the Lot's network with Figeac and
Capdenac-Gare (Aveyron, in Grand-Figeac) and Cahors, Agen outside it, real
coordinates; a few service points of each kind around them."""

from crm.models import Commune, Departement, Epci, Network
from welcome_kits.models import ServicePoint

S = ServicePoint.Category


def map_world_create():
    """Made beside what a fixture may already hold (the browser tests' `world` has Figeac)."""

    def departement(code, name):
        return Departement.objects.get_or_create(code=code, defaults={"name": name})[0]

    def epci(siren, name, nature, where):
        return Epci.objects.get_or_create(siren=siren, defaults={"name": name, "nature": nature, "departement": where})[0]

    def commune(insee, name, where, epci, lat, lon):
        return Commune.objects.get_or_create(insee=insee, defaults={
            "name": name, "departement": where, "epci": epci, "latitude": lat, "longitude": lon})[0]

    lot, aveyron, lg = departement("46", "Lot"), departement("12", "Aveyron"), departement("47", "Lot-et-Garonne")
    network = Network.objects.order_by("pk").first()
    network.departements.add(lot)
    grand_figeac = epci("200067361", "CC Grand-Figeac", "CC", lot)
    grand_cahors = epci("200023737", "CA du Grand Cahors", "CA", lot)
    agen_agglo = epci("200096956", "CA Agglomération d'Agen", "CA", lg)

    figeac = commune("46102", "Figeac", lot, grand_figeac, "44.6086", "2.0317")
    capdenac = commune("12052", "Capdenac-Gare", aveyron, grand_figeac, "44.5729", "2.0817")
    cahors = commune("46042", "Cahors", lot, grand_cahors, "44.45072", "1.44062")
    agen = commune("47001", "Agen", lg, agen_agglo, "44.20284", "0.62575")

    def point(name, category, where, lat, lon, **fields):
        return ServicePoint.objects.create(name=name, category=category, commune=where, latitude=lat, longitude=lon,
                                           **fields)

    point("Maison de santé de Figeac", S.HEALTH, figeac, 44.6070, 2.0350, address="Avenue de Nayrac",
          hours="Du lundi au vendredi, 8 h – 20 h", phone="05 65 34 77 10", website="https://msp-figeac.example.fr")
    point("Pharmacie de la Halle", S.PHARMACY, figeac, 44.6090, 2.0320, phone="05 65 34 10 87")
    point("École de Capdenac", S.SCHOOL, capdenac, 44.5735, 2.0810)
    point("France Services du Grand Cahors", S.FRANCE_SERVICES, cahors, 44.4490, 1.4420,
          hours="Du lundi au vendredi, 9 h – 17 h")
    point("Gare d'Agen", S.STATION, agen, 44.2070, 0.6210)
    point("Ancienne école de Figeac", S.SCHOOL, figeac, 44.6086, 2.0317, is_active=False)
    return {"network": network, "figeac": figeac, "capdenac": capdenac, "cahors": cahors, "agen": agen,
            "grand_cahors": grand_cahors, "grand_figeac": grand_figeac}
