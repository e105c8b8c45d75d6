"""Reads for the services map: the points of a network's territory, filtered.

Every read is one query whatever the number of points: the filters and the
distance are in the database (a bounding box on the indexed coordinates
first, then the exact haversine distance), and the page shows at most
MAX_POINTS (it says so when there are more).
"""

import math
from dataclasses import dataclass, field

from django.db.models import F

from crm.models import Departement, Epci
from services_map.layers import LAYER_OF_CATEGORY, categories_of
from welcome_kits.models import ServicePoint
from welcome_kits.selectors import distance_km_expression

MAX_POINTS = 400
KM_PER_DEGREE = 111.32


@dataclass
class CommuneGroup:
    commune: object
    points: list = field(default_factory=list)
    distance_km: float | None = None


@dataclass
class MapResult:
    points: list
    truncated: bool
    groups: list


def network_departement_ids(network):
    """A network's territory is its départements; one that names none yet (a
    single-programme instance being set up) covers the whole instance."""
    return list(network.departements.values_list("pk", flat=True)) or list(
        Departement.objects.values_list("pk", flat=True))


def network_epcis(departement_ids):
    """The EPCIs of the network's territory (Grand-Figeac counts for the Lot: its département is the Lot's)."""
    return Epci.objects.filter(departement_id__in=departement_ids).order_by("name")


def bounding_box(lat, lon, radius_km):
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


def points_for_map(departement_ids, *, layers, epci=None, around=None, radius_km=None, limit=MAX_POINTS):
    """The active points of the territory in the chosen layers, within the
    EPCI and around the commune if given: nearest first around a commune,
    else by commune. Groups them by commune for the list."""
    points = ServicePoint.objects.filter(
        is_active=True, commune__epci__departement_id__in=departement_ids, category__in=categories_of(layers),
    ).select_related("commune", "commune__departement")
    if epci is not None:
        points = points.filter(commune__epci=epci)
    if around is not None and around.latitude is not None and around.longitude is not None:
        lat, lon = float(around.latitude), float(around.longitude)
        lat_range, lon_range = bounding_box(lat, lon, radius_km)
        points = (
            points.filter(latitude__range=lat_range, longitude__range=lon_range)
            .annotate(distance_km=distance_km_expression(lat, lon))
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "name", "pk")
        )
    else:
        points = points.order_by(F("commune__name_search"), "category", "name", "pk")
    found = list(points[: limit + 1])
    truncated = len(found) > limit
    found = found[:limit]
    for point in found:
        point.layer = LAYER_OF_CATEGORY[point.category]
    return MapResult(points=found, truncated=truncated, groups=group_by_commune(found))


def group_by_commune(points):
    """The list's order: the communes as the points come (nearest first, or by name)."""
    groups = {}
    for point in points:
        group = groups.get(point.commune_id)
        if group is None:
            group = groups[point.commune_id] = CommuneGroup(commune=point.commune,
                                                           distance_km=getattr(point, "distance_km", None))
        group.points.append(point)
    return list(groups.values())


def points_geojson(points):
    """What the map's script draws: the same points as the list, as GeoJSON."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(p.longitude, 5), round(p.latitude, 5)]},
                "properties": {
                    "id": p.pk, "layer": p.layer.key, "name": p.name, "category": p.get_category_display(),
                    "address": p.address, "commune": p.commune.name, "hours": p.hours, "phone": p.phone,
                    "website": p.website,
                },
            }
            for p in points
        ],
    }
