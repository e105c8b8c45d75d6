"""The current outlines of the territory (crm/data/outlines/, IGN ADMIN EXPRESS COG).

Read once per process: a checked-in file of about 240 kB. The services map
serves them as its base layer, the kit draws the commune's surroundings from
them; both ask here, by the codes they need.
"""

import functools
import json

from crm.services.territories import DATA_DIR

OUTLINES_GEOJSON = DATA_DIR / "outlines" / "territory-outlines.geojson"
ATTRIBUTION = "Contours : IGN – ADMIN EXPRESS COG, Licence Ouverte 2.0"


@functools.cache
def _features():
    return tuple(json.loads(OUTLINES_GEOJSON.read_text(encoding="utf-8"))["features"])


def outlines_for(*, departements=(), epcis=()):
    """The features of the départements named (INSEE codes) and of the EPCIs
    (SIREN), and the communes of either (Grand-Figeac's Aveyron communes come
    with their EPCI)."""
    departements, epcis = set(departements), set(epcis)
    chosen = []
    for feature in _features():
        props = feature["properties"]
        level = props["level"]
        if (
            (level == "departement" and props["code"] in departements)
            or (level == "epci" and props["code"] in epcis)
            or (level == "commune" and (props["epci"] in epcis or props["dep"] in departements))
        ):
            chosen.append(feature)
    # Communes first: drawn in order, their fill would hide the lines above them.
    order = {"commune": 0, "epci": 1, "departement": 2}
    chosen.sort(key=lambda feature: order[feature["properties"]["level"]])
    return {"type": "FeatureCollection", "features": chosen}


def communes_outlines():
    """Every commune's feature, by INSEE code."""
    return {f["properties"]["code"]: f for f in _features() if f["properties"]["level"] == "commune"}
