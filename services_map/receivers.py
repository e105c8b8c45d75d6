"""How the services map plugs into the project's pages (connected in apps.ready)."""

from urllib.parse import urlencode

from crm.validators import commune_label
from onboarding.extensions import Section, register_section
from onboarding.location import project_commune
from onboarding.public_site import network_reverse
from welcome_kits.selectors import services_near

SECTION_RADIUS_KM = 20
PER_CATEGORY = 2


def _around(project):
    """The services nearest the project's commune, and the public map around it."""
    commune = project_commune(project)
    if commune is None:
        return None
    services = services_near(commune, radius_km=SECTION_RADIUS_KM, per_category=PER_CATEGORY)
    map_url = ""
    if project.network_id is not None:
        query = urlencode({"autour_de": commune_label(commune), "rayon": SECTION_RADIUS_KM})
        map_url = f"{network_reverse(project.network.slug, 'services_map')}?{query}#liste"
    return {"commune": commune, "services": services, "map_url": map_url, "radius_km": SECTION_RADIUS_KM}


def project_section(project):
    """The staff project page: the services around the target commune."""
    context = _around(project)
    return Section("services_map/_project_section.html", context) if context else None


def tracking_section(project):
    """The prospect's tracking page: the same, in their words."""
    context = _around(project)
    return Section("services_map/_tracking_section.html", context) if context else None


def connect():
    register_section("project_page", project_section)
    register_section("tracking_page", tracking_section)
