"""WCAG 2.1 A and AA rules checked by axe-core (vendored in tests/browser/vendor,
MPL 2.0) in headless Chromium, on the public and the staff pages, including a
form showing its errors. Automated rules catch only part of RGAA: keyboard
use and the wording still need a person."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, Contact, Departement, Epci, Event, Organisation, Referent
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.tracking_links import tracking_path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page):
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.fixture
def world(db):
    lot = Departement.objects.create(code="46", name="Lot")
    epci = Epci.objects.create(siren="200067361", name="CC Grand-Figeac", nature="CC", departement=lot)
    Commune.objects.create(insee="46102", name="Figeac", departement=lot, epci=epci, population=9800,
                           latitude="44.6086", longitude="2.0317")
    org = Organisation.objects.create(name="Département du Lot", kind=Organisation.Kind.DEPARTEMENT)
    user = User.objects.create_user("coord", password="motdepasse-solide", first_name="Claire",
                                    last_name="Delmas", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    referent = Referent.objects.create(user=user, organisation=org)
    today = timezone.localdate()
    Event.objects.create(name="Salon de Paris", place="Paris", starts_on=today, ends_on=today)
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille@example.org",
                                     children_ages=[4, 9])
    project = project_create(contact=contact, source="website", referent=referent, target_epci=epci)
    project_transition(project=project, transition="make_contact", user=user, note="Premier appel")
    return {"project": project}


def _login(page):
    page.goto("/connexion/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", "motdepasse-solide")
    page.click("button[type=submit]")
    page.wait_for_url("**/equipe/")


def test_the_public_pages_pass_the_wcag_rules(page, world):
    paths = ["/", "/je-depose-mon-projet/", "/donnees-personnelles/", "/connexion/", "/suivi/nouveau-lien/",
             tracking_path(world["project"])]
    failures = {}
    for path in paths:
        page.goto(path)
        found = _violations(page)
        if found:
            failures[path] = found
    assert failures == {}


def test_the_project_form_with_its_errors_passes_the_wcag_rules(page, world):
    page.goto("/je-depose-mon-projet/")
    page.click("form button[type=submit]")
    page.wait_for_selector("[role=alert]")
    assert _violations(page) == []


def test_the_staff_pages_pass_the_wcag_rules(page, world):
    _login(page)
    pk = world["project"].pk
    paths = ["/equipe/", "/equipe/projets/", f"/equipe/projets/{pk}/", f"/equipe/projets/{pk}/modifier/",
             f"/equipe/projets/{pk}/transitions/qualify/", f"/equipe/projets/{pk}/reassigner/",
             f"/equipe/projets/{pk}/kit/", "/equipe/parcours/", "/equipe/orientation/regles/",
             "/equipe/orientation/apercu/", "/equipe/salons/", "/equipe/rapports/"]
    failures = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        found = _violations(page)
        if found:
            failures[path] = found
    assert failures == {}
