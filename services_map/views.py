"""The public services map of a network: thin views over services_map.selectors."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crm.models import Departement
from crm.outlines import ATTRIBUTION, outlines_for
from onboarding.public_site import public_network
from services_map.forms import MapFilterForm
from services_map.layers import LAYERS
from services_map.selectors import (
    MAX_POINTS,
    network_departement_ids,
    network_epcis,
    points_for_map,
    points_geojson,
)


@public_network
@require_GET
def services_map(request, network):
    departement_ids = network_departement_ids(network)
    epcis = network_epcis(departement_ids)
    data = request.GET.copy()
    if not data.getlist("couches"):
        data.setlist("couches", [layer.key for layer in LAYERS])  # nothing ticked: every layer
    form = MapFilterForm(data, epcis=epcis, departement_ids=departement_ids)
    if form.is_valid():
        around = form.cleaned_data["autour_de"]
        result = points_for_map(departement_ids, layers=form.layers(), epci=form.cleaned_data["epci"],
                                around=around, radius_km=form.radius_km())
    else:
        around = None
        result = points_for_map(departement_ids, layers=[layer.key for layer in LAYERS])
    return render(request, "services_map/map.html", {
        "network": network, "form": form, "result": result, "around": around,
        "radius_km": form.radius_km() if form.is_valid() else None,
        "layers": LAYERS, "max_points": MAX_POINTS, "points_geojson": points_geojson(result.points),
        "attribution": ATTRIBUTION, "tile_url": settings.SERVICES_MAP_TILE_URL,
        "tile_attribution": settings.SERVICES_MAP_TILE_ATTRIBUTION,
    })


@public_network
@require_GET
def services_map_outlines(request, network):
    """The base layer: the outlines of the network's territory (a day in caches: they change yearly)."""
    departement_ids = network_departement_ids(network)
    departements = list(Departement.objects.filter(pk__in=departement_ids).values_list("code", flat=True))
    epcis = list(network_epcis(departement_ids).values_list("siren", flat=True))
    response = JsonResponse(outlines_for(departements=departements, epcis=epcis))
    response["Cache-Control"] = "public, max-age=86400"
    return response
