"""A referent picks a commune on a staff form, in headless Chromium: with
JavaScript, a text field whose suggestions name the département (the public
form's component); without it, a plain list whose options do too. Both
submit the commune meant, not its namesake."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from crm.models import Commune, Departement, Epci
from onboarding.models import Project
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cambes(world):
    figeac = Commune.objects.get(insee="46102")
    lg = Departement.objects.create(code="47", name="Lot-et-Garonne")
    duras = Epci.objects.create(siren="244701447", name="CC du Pays de Duras", nature="CC", departement=lg)
    return {
        "46": Commune.objects.create(insee="46044", name="Cambes", departement=figeac.departement, epci=figeac.epci),
        "47": Commune.objects.create(insee="47045", name="Cambes", departement=lg, epci=duras),
    }


def test_a_referent_types_a_commune_and_picks_the_suggestion(page, world, cambes):
    log_in(page)
    page.goto(reverse("project_edit", args=[world["project"].pk]))
    field = page.get_by_role("combobox", name="Commune visée")
    expect(field).to_have_attribute("type", "text")
    suggestions = page.locator(f"datalist#{field.get_attribute('id')}-suggestions option")
    values = suggestions.evaluate_all("options => options.map(o => o.value)")
    assert {"Cambes (46)", "Cambes (47)", "Figeac (46)"} <= set(values)
    # The hint the field is described by says how the names are written.
    expect(field).to_have_accessible_description(re.compile("département suit entre parenthèses"))

    field.fill("Cambes (46)")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/equipe/projets/{world['project'].pk}/")
    assert Project.objects.get(pk=world["project"].pk).target_commune == cambes["46"]


def test_a_name_two_communes_share_comes_back_with_the_question(page, world, cambes):
    log_in(page)
    page.goto(reverse("project_edit", args=[world["project"].pk]))
    page.get_by_role("combobox", name="Commune visée").fill("Cambes")
    page.get_by_role("button", name="Enregistrer").click()

    field = page.get_by_role("combobox", name="Commune visée")
    expect(field).to_have_value("Cambes")  # what was typed, in the text field again
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Plusieurs communes s'appellent ainsi"))
    assert Project.objects.get(pk=world["project"].pk).target_commune is None


def test_without_javascript_the_list_names_the_departement(browser, live_server, world, cambes):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page)
        page.goto(reverse("project_edit", args=[world["project"].pk]))
        select = page.get_by_label("Commune visée")
        assert select.evaluate("el => el.tagName") == "SELECT"
        labels = select.locator("option").all_inner_texts()
        assert "Cambes (46)" in labels and "Cambes (47)" in labels and "Cambes" not in labels
        select.select_option(label="Cambes (47)")
        page.get_by_label("Garder le projet").check()
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_url(f"**/equipe/projets/{world['project'].pk}/")
    finally:
        context.close()
    assert Project.objects.get(pk=world["project"].pk).target_commune == cambes["47"]
