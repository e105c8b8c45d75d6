"""The services map in a real browser: the map draws the territory's outlines
and the points, a layer box hides its layer at once; without JavaScript the
same points are a list grouped by commune; the staff project page has the
section around the target commune. Every page keeps the WCAG rules axe checks
and the Content-Security-Policy (no inline script)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from onboarding.models import Project
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations
from tests.services_map.conftest import map_world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def places(world):
    return map_world_create()


def _watch_csp(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def test_the_map_draws_the_outlines_and_a_layer_box_hides_its_points(page, places, screenshot):
    violations = _watch_csp(page)
    page.goto(reverse("services_map", args=[places["network"].slug]))

    expect(page.locator("#carte[data-outlines='loaded']")).to_be_attached()
    expect(page.locator("path.outline-departement")).to_have_count(1)
    expect(page.locator("path.service-point")).to_have_count(4)
    expect(page.locator("#carte-etat")).to_have_text("4 lieux sur la carte.")
    screenshot("services-map")

    page.get_by_label("Santé : maisons de santé, pharmacies, hôpitaux").uncheck()

    expect(page.locator("path.service-point")).to_have_count(2)
    expect(page.locator("path.service-point-sante")).to_have_count(0)
    expect(page.locator("#carte-etat")).to_have_text("2 lieux sur la carte.")
    page.locator("path.service-point-ecoles").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("École de Capdenac")
    # Leaflet fades the popup in (0.2 s of opacity): axe reads the colours once it is fully shown,
    # not half-transparent (a contrast it measured mid-fade failed a CI run).
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert _violations(page) == []
    assert violations == []


def test_without_javascript_the_list_groups_the_points_by_commune(page, places):
    # No script reaches the page (a browser without JavaScript, or one whose
    # scripts failed to load): the map stays hidden, the list says it all.
    page.route("**/*.js", lambda route: route.abort())
    page.goto(reverse("services_map", args=[places["network"].slug]))
    expect(page.locator("#carte")).to_be_hidden()

    page.get_by_label("Autour de la commune").fill("Figeac")
    page.get_by_label("Rayon (km)").fill("10")
    page.get_by_role("button", name="Afficher").click()

    listing = page.get_by_role("region", name="Les lieux à moins de 10 km de Figeac, commune par commune")
    expect(listing.get_by_role("heading", level=3)).to_have_text(["Figeac (46) — moins de 1 km",
                                                                   "Capdenac-Gare (12) — 6 km"])
    expect(listing.get_by_role("listitem")).to_have_count(3)
    expect(listing).to_contain_text("Horaires : Du lundi au vendredi, 8 h – 20 h")
    expect(page.locator("#carte")).to_be_hidden()


def test_the_project_page_shows_the_services_around_the_target_commune(page, world, places):  # noqa: F811
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(target_commune=places["figeac"])
    log_in(page)

    page.goto(f"/equipe/projets/{project.pk}/")

    section = page.get_by_role("region", name="Services autour de Figeac")
    expect(section.get_by_role("heading", name="Médecin ou maison de santé")).to_be_visible()
    expect(section).to_contain_text("Maison de santé de Figeac, Figeac — moins de 1 km")
    expect(section).to_contain_text("École de Capdenac, Capdenac-Gare — 6 km")
    assert _violations(page) == []
    section.get_by_role("link", name="Voir la carte des services autour de Figeac").click()
    expect(page.get_by_role("heading", name="Les lieux à moins de 20 km de Figeac, commune par commune")).to_be_visible()
