"""Businesses to take over: which projects they fit (a truth table), the chambers' API and its French
400s, the public list that names neither the seller nor the adviser, the chamber written to once the
person accepts, the pages' queries bounded."""

import datetime

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from crm.models import Commune, Contact, Departement, Epci, Need, OutboxEmail
from jobs.models import TakeoverBusiness
from jobs.proposals import TAKEOVER_KIND
from jobs.receivers import takeovers_kit_section
from jobs.takeovers import (
    TAKEOVER_NEED,
    businesses_for_project,
    expired_contacts_erase,
    projects_for_business,
    takeover_save,
)
from onboarding.models import Project
from onboarding.services.proposals import PUT_IN_TOUCH_EMAIL, proposal_accept, proposal_create
from onboarding.tracking_links import tracking_path
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error
from tests.jobs.employers import lot_network

API = "/api/v1/takeover-businesses/"
BODY = {"reference": "CCI46-2026-014", "activity": "Boulangerie-pâtisserie", "sector": "trade", "commune": "46102",
        "price_min": 90000, "price_max": 120000, "premises": "leased", "housing_included": True,
        "contact_organisation": "CCI du Lot", "contact_name": "Hélène Vidal", "contact_email": "transmission@cci.example.org",
        "contact_consent": True}


@pytest.fixture
def places(territory):
    """Figeac (Grand-Figeac); Capdenac-Gare, same EPCI; Cajarc, 23 km away in another EPCI; Gourdon, 60 km away."""
    lot = territory["departement"]
    other = Epci.objects.create(siren="200023737", name="CC du Grand Cahors", nature="CA", departement=lot)
    far_epci = Epci.objects.create(siren="244600573", name="CC Quercy Bouriane", nature="CC", departement=lot)
    return {
        "figeac": territory["commune"],
        "capdenac": Commune.objects.create(insee="46042", name="Capdenac-Gare", departement=lot, epci=territory["epci"],
                                           latitude="44.5772", longitude="2.0817"),
        "cajarc": Commune.objects.create(insee="46045", name="Cajarc", departement=lot, epci=other,
                                         latitude="44.4850", longitude="1.8419"),
        "gourdon": Commune.objects.create(insee="46127", name="Gourdon", departement=lot, epci=far_epci,
                                          latitude="44.7375", longitude="1.3833"),
    }


def business(network, commune, **fields):
    return TakeoverBusiness.objects.create(**{
        "network": network, "activity": "Boulangerie-pâtisserie", "sector": "trade", "commune": commune,
        "premises": "leased", "price_min": 90000, "price_max": 120000, "contact_organisation": "CCI du Lot",
        "contact_name": "Hélène Vidal", "contact_email": "transmission@cci.example.org",
        "contact_consent_at": timezone.now(), **fields})


def with_need(project, code=TAKEOVER_NEED):
    project.needs.add(Need.objects.get_or_create(code=code, defaults={"name": code})[0])


# What the territory expects: a business is shown to the projects that want to take one over, near it.
@pytest.mark.parametrize(("where", "need", "status", "state", "fits"), [
    ("figeac", TAKEOVER_NEED, "open", "new", True),          # same commune
    ("capdenac", TAKEOVER_NEED, "open", "new", True),        # same EPCI
    ("cajarc", TAKEOVER_NEED, "open", "new", True),          # another EPCI, 23 km away
    ("gourdon", TAKEOVER_NEED, "open", "new", False),        # 60 km away
    ("departement", TAKEOVER_NEED, "open", "new", True),     # only the département, no commune yet
    ("figeac", "emploi", "open", "new", False),              # without the takeover need
    ("figeac", TAKEOVER_NEED, "taken", "new", False),        # taken over already
    ("figeac", TAKEOVER_NEED, "withdrawn", "new", False),    # withdrawn by the chamber
    ("figeac", TAKEOVER_NEED, "open", "abandoned", False),   # the project was given up
])
def test_a_business_fits_the_projects_the_territory_expects(project, places, territory, where, need, status, state,
                                                            fits):
    network = lot_network(territory)
    target = {"target_commune": places[where]} if where != "departement" else {"target_commune": None}
    Project.objects.filter(pk=project.pk).update(network=network, state=state, departement=territory["departement"],
                                                 epci=None if where == "departement" else places[where].epci, **target)
    project.refresh_from_db()
    with_need(project, need)
    found = business(network, places["figeac"], status=status)

    assert [p.pk for p, _ in projects_for_business(found)] == ([project.pk] if fits else [])
    assert [b.pk for b, _ in businesses_for_project(project) if need == TAKEOVER_NEED] == (
        [found.pk] if fits else [])


@pytest.fixture
def chamber(as_, territory):
    lot_network(territory)
    agen = Departement.objects.create(code="47", name="Lot-et-Garonne")
    epci = Epci.objects.create(siren="200035459", name="Agglomération d'Agen", nature="CA", departement=agen)
    Commune.objects.create(insee="47001", name="Agen", departement=agen, epci=epci)
    return as_("partner")


def test_a_chamber_sends_a_business_and_sending_it_again_updates_it(chamber):
    first = chamber.post(API, BODY, format="json")
    second = chamber.post(API, {**BODY, "price_max": 110000}, format="json")

    assert (first.status_code, second.status_code) == (201, 200), first.content
    assert TakeoverBusiness.objects.get().price_max == 110000
    assert second.json() == {"id": TakeoverBusiness.objects.get().pk, "reference": BODY["reference"], "created": False}


@pytest.mark.parametrize(("body", "field", "words"), [
    ({**BODY, "commune": "47001"}, "commune", "pas sur le territoire du réseau (Lot)"),
    ({**BODY, "commune": "99999"}, "commune", ""),
    ({**BODY, "contact_consent": False}, "contact_consent", "sans l'accord de la personne"),
    ({**BODY, "price_min": 200000}, "price_max", "supérieur ou égal au prix minimum"),
    ({**BODY, "seller_name": "M. Dupont"}, "seller_name", "Champ inconnu"),
])
def test_what_the_chamber_must_fix_is_a_french_400_and_nothing_is_kept(chamber, body, field, words):
    error = assert_error(chamber.post(API, body, format="json"), 400, "invalid")

    assert words in str(error["details"][field])
    assert not TakeoverBusiness.objects.exists()


def test_the_public_list_names_neither_the_seller_nor_the_adviser(client, territory, places,
                                                                  django_assert_max_num_queries):
    network = lot_network(territory)
    for index in range(3):
        business(network, places["capdenac"], description=f"Cédée par M. Dupont {index}")
    business(network, places["figeac"], status="taken", activity="Garage déjà repris")

    with django_assert_max_num_queries(4):
        response = client.get(f"/{network.slug}/reprises/")

    page = response.content.decode()
    assert response.status_code == 200 and page.count("Boulangerie-pâtisserie") == 3
    assert "de 90 000 à 120 000 €" in page.replace("\u202f", " ").replace("\xa0", " ")
    for hidden in ("Hélène Vidal", "transmission@cci.example.org", "Dupont", "Garage déjà repris"):
        assert hidden not in page


def test_the_chamber_is_written_to_once_the_person_accepts(project, territory, places, bob, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    network = lot_network(territory)
    Project.objects.filter(pk=project.pk).update(network=network)
    found = business(network, places["figeac"])
    proposal, _ = proposal_create(project=project, kind=TAKEOVER_KIND, target_id=found.pk, user=bob)
    assert not [m for m in mailoutbox if "transmission@cci.example.org" in m.to]

    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)

    to_chamber = [m for m in mailoutbox if m.to == ["transmission@cci.example.org"]]
    assert len(to_chamber) == 1 and "camille.roux@example.org" in to_chamber[0].body
    assert OutboxEmail.objects.filter(kind=PUT_IN_TOUCH_EMAIL).count() == 1
    # The kit's takeover chapter lists it, with what accepting meant, and never the adviser.
    section = takeovers_kit_section(project)
    chapter = render_to_string(section.template, {"section": section.context})
    assert "Boulangerie-pâtisserie" in chapter and "vous avez accepté la mise en relation" in chapter
    assert "Hélène Vidal" not in chapter


def test_the_staff_pages_stay_bounded(client, alice, territory, places, project, django_assert_max_num_queries):
    network = lot_network(territory)
    Project.objects.filter(pk=project.pk).update(network=network, target_commune=places["figeac"],
                                                 epci=territory["epci"])
    with_need(project)
    found = [business(network, places["figeac"], activity=f"Commerce {index}") for index in range(5)]
    client.force_login(alice)

    with django_assert_max_num_queries(12):
        listing = client.get("/equipe/reprises/?sector=trade")
    with django_assert_max_num_queries(12):
        detail = client.get(f"/equipe/reprises/{found[0].pk}/")

    assert listing.status_code == 200 and listing.content.decode().count("Commerce ") == 5
    assert detail.status_code == 200 and "Camille Roux" in detail.content.decode()
    # The other way: the project's page lists them, its tracking page leads to the public list.
    section = client.get(f"/equipe/projets/{project.pk}/").content.decode()
    assert "Entreprises à reprendre qui correspondent" in section and section.count(">Commerce ") == 5
    client.logout()
    tracking = client.get(tracking_path(project)).content.decode()
    assert f'href="/{network.slug}/reprises/"' in tracking


def test_the_adviser_is_blanked_a_year_after_the_business_is_taken(territory, places, alice):
    network = lot_network(territory)
    taken, still_open = business(network, places["figeac"]), business(network, places["figeac"])
    data = {"commune": places["figeac"], "status": "taken"}
    takeover_save(network=network, data=data, consent=True, user=alice, business=taken)
    TakeoverBusiness.objects.filter(pk=taken.pk).update(closed_at=timezone.now() - datetime.timedelta(days=366))

    assert expired_contacts_erase() == 1
    assert TakeoverBusiness.objects.get(pk=taken.pk).contact_email == ""
    assert TakeoverBusiness.objects.get(pk=still_open.pk).contact_email == "transmission@cci.example.org"


def test_the_public_list_and_the_tracking_section_speak_english_and_the_chamber_stays_french(
        client, territory, places, project, bob, django_capture_on_commit_callbacks):
    network = lot_network(territory)
    Project.objects.filter(pk=project.pk).update(network=network)
    Contact.objects.filter(pk=project.contact_id).update(language="en")
    with_need(project)
    found = business(network, places["figeac"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(f"/{network.slug}/reprises/").content.decode()
    assert '<html lang="en">' in page and "1 business to take over at the moment." in page
    assert "Retail, crafts" in page and "Rented premises (commercial lease)" in page
    assert '<h2 class="h5 mb-1" lang="fr">Boulangerie-pâtisserie</h2>' in page  # typed by the chamber, in French
    assert f'value="/{network.slug}/reprises/"' in page  # the switch comes back to this list
    tracking = client.get(tracking_path(project)).content.decode()
    assert "Taking over a business" in tracking and "The businesses to take over" in tracking

    proposal, _ = proposal_create(project=project, kind=TAKEOVER_KIND, target_id=found.pk, user=bob)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)
    # The chamber is a partner: written to in French whatever the person reads.
    assert OutboxEmail.objects.get(kind=PUT_IN_TOUCH_EMAIL).language == "fr"
