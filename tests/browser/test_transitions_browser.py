"""The transition pages in headless Chromium, as a referent uses them: a
refused transition says what to fill in once, in French, on the field, with
the focus on the summary; nothing is done by one click (a page asks, with
and without JavaScript), destructive actions look so; after confirming the
move the project page follows the kit until it is ready."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_transition_says_once_in_french_what_to_fill_in(page, world):
    log_in(page)
    page.goto(f"/equipe/projets/{world['project'].pk}/")
    page.get_by_role("link", name="Qualifier le projet…").click()
    page.get_by_role("button", name="Qualifier le projet").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("« Qualifier le projet » n'a pas été fait")
    expect(summary.get_by_role("link", name="Segment")).to_have_attribute("href", "#id_segment")
    text = page.locator("main").inner_text()
    assert "qualify" not in text
    message = "Un segment (cible) doit être choisi."
    assert text.count(message) == 1
    segment = page.locator("#id_segment")
    expect(segment).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{segment.get_attribute('aria-describedby')}")).to_have_text(message)
    assert _violations(page) == []


def _new_project(world):
    """A project nobody has contacted yet, followed by the coordinator."""
    from crm.models import Contact
    from onboarding.services.projects import project_create

    contact = Contact.objects.create(first_name="Noé", last_name="Vidal", email="noe@example.org")
    return project_create(contact=contact, source="website", referent=world["project"].referent,
                          target_epci=world["project"].target_epci)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_first_contact_is_confirmed_on_its_page_with_its_channel_and_note(browser, live_server, world, javascript):
    from onboarding.models import Project, ProjectTransition

    project = _new_project(world)
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    try:
        log_in(page)
        page.goto(f"/equipe/projets/{project.pk}/")
        page.get_by_role("link", name="Premier contact établi…").click()

        # The page asks before doing anything: still new.
        expect(page.get_by_role("heading", level=1)).to_have_text("Premier contact établi")
        expect(page.get_by_text("ce passage ne peut pas être annulé")).to_be_visible()
        assert Project.objects.get(pk=project.pk).state == "new"
        assert _violations(page) == [] if javascript else True

        page.get_by_label("Appel téléphonique").check()
        page.get_by_label("Note (facultative)").fill("Joint sur son portable, rappel jeudi")
        page.get_by_role("button", name="Premier contact établi").click()

        expect(page.get_by_text("C'est enregistré")).to_be_visible()
        expect(page.get_by_text("Nouveau → Premier contact, par appel téléphonique")).to_be_visible()
        expect(page.get_by_text("Joint sur son portable, rappel jeudi")).to_be_visible()
    finally:
        context.close()
    row = ProjectTransition.objects.get(project=project, transition="make_contact")
    assert (row.fields, row.note) == ({"contact_channel": "call"}, "Joint sur son portable, rappel jeudi")


def test_abandoning_looks_destructive_and_is_confirmed_on_its_page(page, world):
    from onboarding.models import Project

    project = world["project"]
    log_in(page)
    page.goto(f"/equipe/projets/{project.pk}/")
    actions = page.locator("#actions-title + ul")
    for label in ("Déclarer un abandon…", "Annuler l'installation prévue…", "Déclarer non recevable…"):
        link = actions.get_by_role("link", name=label)
        if link.count():
            expect(link).to_have_class("btn btn-outline-danger")
    expect(actions.get_by_role("link", name="Qualifier le projet…")).to_have_class("btn btn-primary")
    assert actions.locator("form").count() == 0  # no transition is done by one click
    assert _violations(page) == []

    actions.get_by_role("link", name="Déclarer un abandon…").click()
    expect(page.get_by_text("Le projet sera classé « Abandonné »")).to_be_visible()
    submit = page.get_by_role("button", name="Déclarer un abandon")
    expect(submit).to_have_class("btn btn-danger")
    assert _violations(page) == []
    page.get_by_role("link", name="Revenir au projet sans rien changer").click()
    assert Project.objects.get(pk=project.pk).state == "contacted"

    page.go_back()
    page.get_by_label("Motif d'abandon").select_option(label="A choisi un autre territoire")
    page.get_by_role("button", name="Déclarer un abandon").click()
    expect(page.get_by_text("C'est enregistré : le projet est maintenant « Abandonné ».")).to_be_visible()
    assert Project.objects.get(pk=project.pk).state == "abandoned"


def test_the_project_page_follows_the_kit_until_it_is_ready_without_a_reload(page, world):
    from welcome_kits.models import Kit
    from welcome_kits.services import kit_generate

    project = world["project"]
    # The move is confirmed and the kit asked for; no worker has taken it yet (written without queueing it).
    kit = Kit.objects.create(project=project, notify_prospect=False)
    log_in(page)
    page.goto(f"/equipe/projets/{project.pk}/")
    status = page.locator("#kit-status")
    expect(status.get_by_role("status")).to_contain_text("Le kit de bienvenue est en préparation.")
    expect(status.get_by_role("link", name="Actualiser pour voir où en est le kit")).to_be_visible()
    assert _violations(page) == []
    page.evaluate("window.__same_page = true")

    kit_generate(kit_id=kit.pk)  # the worker's job, while the page waits

    expect(status.get_by_role("status")).to_contain_text("Le kit de bienvenue est prêt (version 1).", timeout=10_000)
    expect(status.get_by_role("link", name="Télécharger le PDF du kit")).to_be_visible()
    expect(status.get_by_role("link", name="Actualiser pour voir où en est le kit")).to_be_hidden()
    assert page.evaluate("window.__same_page") is True  # updated in place, not reloaded
    with page.expect_download() as pdf:
        status.get_by_role("link", name="Télécharger le PDF du kit").click()
    assert open(pdf.value.path(), "rb").read().startswith(b"%PDF")


def test_without_javascript_the_kit_has_a_status_line_and_a_refresh_link(browser, live_server, world):
    from welcome_kits.models import Kit
    from welcome_kits.services import kit_generate

    project = world["project"]
    kit = Kit.objects.create(project=project, notify_prospect=False)
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page)
        page.goto(f"/equipe/projets/{project.pk}/")
        expect(page.get_by_text("Le kit de bienvenue est en préparation.")).to_be_visible()
        kit_generate(kit_id=kit.pk)
        page.get_by_role("link", name="Actualiser pour voir où en est le kit").click()
        expect(page.get_by_text("Le kit de bienvenue est prêt (version 1).")).to_be_visible()
        expect(page.get_by_role("link", name="Télécharger le PDF du kit")).to_be_visible()
    finally:
        context.close()
