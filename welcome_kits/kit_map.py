"""The kit's map of the commune's surroundings: an SVG drawn on the server from
the territory's outlines (crm.outlines), the listed points numbered on it.

Deterministic (the kit's checksum tells a change of content), and nothing
fetched: the SVG goes inline into the kit's HTML, which WeasyPrint draws.
"""

import functools
import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from crm.outlines import communes_outlines

WIDTH, HEIGHT = 170.0, 110.0  # millimetres, the kit's text width
MIN_HALF_SPAN_KM = 6.0
MARGIN = 0.15  # of the span, around the farthest point
# Presentation attributes, not classes: WeasyPrint draws inline SVG with its own styles only.
COMMUNE_STYLE = 'fill="#ffffff" stroke="#8a96a3" stroke-width="0.25"'
TARGET_STYLE = 'fill="#fde9b6" stroke="#28536b" stroke-width="0.7"'


def number_points(services):
    """Number the kit's points in the order it lists them (category by category); returns them."""
    numbered = []
    for _value, _label, points in services:
        for point in points:
            numbered.append(point)
            point.number = len(numbered)
    return numbered


def _rings(geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


@functools.cache
def _boxes():
    """Each commune's outline and its bounding box (lon, lat), read once."""
    boxes = []
    for code, feature in communes_outlines().items():
        rings = _rings(feature["geometry"])
        lons = [x for ring in rings for x, _y in ring]
        lats = [y for ring in rings for _x, y in ring]
        boxes.append((code, rings, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(boxes)


def surroundings_svg(commune, points):
    """The SVG (safe HTML) of the commune and its neighbours with the numbered
    points; "" without the commune's coordinates."""
    if commune is None or commune.latitude is None or commune.longitude is None:
        return ""
    lat0, lon0 = float(commune.latitude), float(commune.longitude)
    km_per_lon = 111.32 * math.cos(math.radians(lat0))
    half_x = max([MIN_HALF_SPAN_KM] + [abs(p.longitude - lon0) * km_per_lon for p in points]) * (1 + MARGIN)
    half_y = max([MIN_HALF_SPAN_KM] + [abs(p.latitude - lat0) * 111.32 for p in points]) * (1 + MARGIN)
    # One scale on both axes: the box widens to the paper's proportions.
    scale = min(WIDTH / (2 * half_x), HEIGHT / (2 * half_y))
    half_x, half_y = WIDTH / 2 / scale, HEIGHT / 2 / scale
    west, east = lon0 - half_x / km_per_lon, lon0 + half_x / km_per_lon
    south, north = lat0 - half_y / 111.32, lat0 + half_y / 111.32

    def xy(lon, lat):
        return (round((lon - lon0) * km_per_lon * scale + WIDTH / 2, 2),
                round(HEIGHT / 2 - (lat - lat0) * 111.32 * scale, 2))

    shapes = []
    for code, rings, (x0, y0, x1, y1) in _boxes():
        if x1 < west or x0 > east or y1 < south or y0 > north:
            continue
        path = " ".join("M" + " L".join("{} {}".format(*xy(lon, lat)) for lon, lat in ring) + " Z" for ring in rings)
        style = TARGET_STYLE if code == commune.insee else COMMUNE_STYLE
        shapes.append(format_html('<path {} d="{}"/>', mark_safe(style), path))
    cx, cy = xy(lon0, lat0)
    markers = format_html_join("", '<g><circle cx="{}" cy="{}" r="2.6" fill="#28536b" stroke="#ffffff" '
                                   'stroke-width="0.5"/><text x="{}" y="{}" fill="#ffffff" font-size="3.2" '
                                   'font-weight="bold" font-family="DejaVu Sans" text-anchor="middle">{}</text></g>',
                               ((x, y, x, round(y + 1.2, 2), p.number)
                                for p in points for x, y in [xy(p.longitude, p.latitude)]))
    return format_html(
        '<svg class="surroundings" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}mm" '
        'height="{h}mm" role="img" aria-labelledby="carte-kit-titre"><title id="carte-kit-titre">{title}</title>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="#eef2f5"/>{shapes}'
        '<path fill="#b3261e" stroke="#ffffff" stroke-width="0.4" d="M{hx} {hy} l2.5 2.5 h-1.2 v2.5 h-2.6 v-2.5 '
        'h-1.2 z"/>{markers}</svg>',
        w=WIDTH, h=HEIGHT, title=f"Carte des environs de {commune.name}", shapes=mark_safe("".join(shapes)),
        hx=cx, hy=round(cy - 2.5, 2), markers=markers,
    )
