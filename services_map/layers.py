"""The map's layers: the categories of ServicePoint, grouped as a newcomer looks for them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from welcome_kits.models import PlaceCategory as C


@dataclass(frozen=True)
class Layer:
    key: str
    label: str
    categories: tuple


# Each layer's colour is in static/css/services_map.css (.swatch-<key>), where
# the legend takes it and the map's script reads it for the markers.
LAYERS = (
    Layer("sante", _("Santé : maisons de santé, pharmacies, hôpitaux"), (C.HEALTH, C.PHARMACY, C.HOSPITAL)),
    Layer("ecoles", _("Écoles et garde d'enfants"), (C.SCHOOL, C.CHILDCARE)),
    Layer("france-services", _("France Services"), (C.FRANCE_SERVICES,)),
    Layer("transports", _("Transports : gares, cars, transport à la demande"), (C.STATION, C.TRANSPORT)),
    Layer("coworking", _("Coworking"), (C.COWORKING,)),
    Layer("commerces", _("Commerces"), (C.SHOP,)),
    Layer("accueil", _("Bureaux d'accueil des nouveaux arrivants"), (C.WELCOME_OFFICE,)),
    Layer("autres", _("Autres services"), (C.OTHER,)),
)
BY_KEY = {layer.key: layer for layer in LAYERS}
LAYER_OF_CATEGORY = {category: layer for layer in LAYERS for category in layer.categories}


def categories_of(keys):
    return [category for key in keys for category in BY_KEY[key].categories]
