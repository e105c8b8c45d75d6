"""The PDF itself, read back with pypdf: each profile gets its sections and
none of the others'. Rendered once per profile (WeasyPrint takes ~0.5 s)."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from crm.models import Organisation, Referent
from demo.kit_content import kit_content_seed
from welcome_kits.rendering import kit_render_pdf

from .helpers import create_places, new_project, pdf_pages, pdf_text

# The mark makes pytest-django set up the test database for the module
# fixture below, even when this module runs alone.
pytestmark = pytest.mark.django_db

FAMILY = "Scolariser vos enfants"
TAKEOVER = "Reprendre une entreprise"
HEALTH = "S'installer comme professionnel de santé"
FARM = "S'installer en agriculture"


@pytest.fixture(scope="module")
def kits(django_db_setup, django_db_blocker):
    """The three profiles' kits, rendered once for the module, in a
    transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        places = create_places()
        kit_content_seed()
        user = User.objects.create_user("bob", email="bob@example.org", first_name="Bob", last_name="Durand")
        bob = Referent.objects.create(
            user=user, organisation=Organisation.objects.create(name="Département du Lot", kind="departement"),
            title="Référent accueil", phone="05 65 00 00 00",
        )
        profiles = {
            # A family with a toddler and a pupil moving to Figeac; the partner looks for a job.
            "family": new_project(bob, places["commune"], "famille", ["garde-ecole", "logement-location"],
                                  first_name="Léa", last_name="Fabre", has_partner=True, partner_seeks_job=True,
                                  children_ages=[2, 7]),
            # A single person taking over a business in Agen.
            "takeover": new_project(bob, places["agen"], "seconde-vie", ["creation-reprise"],
                                    first_name="Karim", last_name="Benali"),
            # A GP coming to Cahors who needs somewhere to stay first.
            "health": new_project(bob, places["cahors"], "sante", ["logement-temporaire"],
                                  first_name="Inès", last_name="Marty"),
        }
        rendered = {name: kit_render_pdf(project) for name, project in profiles.items()}
        transaction.set_rollback(True)
    return {name: {"text": pdf_text(data), "pages": pdf_pages(data)} for name, data in rendered.items()}


@pytest.fixture
def family_kit(kits):
    return kits["family"]["text"]


@pytest.fixture
def takeover_kit(kits):
    return kits["takeover"]["text"]


@pytest.fixture
def health_kit(kits):
    return kits["health"]["text"]


def test_it_gives_a_family_with_young_children_school_and_childcare(family_kit):
    assert FAMILY in family_kit
    assert "Faire garder les tout-petits" in family_kit
    assert "Inscrire vos enfants à l'école" in family_kit
    assert "Transports scolaires dans le Lot" in family_kit
    assert "Votre conjoint cherche aussi un emploi" in family_kit
    assert "Louer : les bons réflexes" in family_kit


def test_it_gives_a_family_nothing_meant_for_takers_or_doctors(family_kit):
    for title in (TAKEOVER, HEALTH, FARM, "Transports scolaires en Lot-et-Garonne", "Bienvenue en Lot-et-Garonne"):
        assert title not in family_kit


def test_it_gives_a_business_taker_the_takeover_section_and_the_chambers(takeover_kit):
    assert TAKEOVER in takeover_kit
    assert "Les aides à la reprise" in takeover_kit
    assert "CCI de Lot-et-Garonne" in takeover_kit
    assert "Bienvenue en Lot-et-Garonne" in takeover_kit


def test_it_gives_a_business_taker_nothing_about_children_or_health(takeover_kit):
    for title in (FAMILY, "Faire garder les tout-petits", HEALTH, FARM, "Bienvenue dans le Lot", "CCI du Lot"):
        assert title not in takeover_kit
    assert "Inscrire vos enfants à l'école" not in takeover_kit  # nor in the checklist


def test_it_gives_a_health_professional_the_installation_aids(health_kit):
    assert HEALTH in health_kit
    assert "Exercer en maison de santé" in health_kit
    assert "Se loger le temps de chercher" in health_kit
    assert "Habitat Jeunes du Grand Cahors" in health_kit


def test_it_gives_a_health_professional_nothing_meant_for_others(health_kit):
    for title in (FAMILY, TAKEOVER, FARM, "Louer : les bons réflexes", "Bienvenue en Lot-et-Garonne"):
        assert title not in health_kit


def test_the_three_kits_differ_visibly(family_kit, takeover_kit, health_kit):
    assert len({family_kit, takeover_kit, health_kit}) == 3


def test_the_cover_names_the_household_the_programme_and_the_referent(family_kit):
    assert "Oh my Lot !".upper() in family_kit.upper()
    assert "Votre kit de bienvenue dans le Lot" in family_kit
    assert "Léa Fabre et sa famille" in family_kit
    assert "Installation à Figeac · 1er septembre 2026" in family_kit
    assert "Bob Durand" in family_kit
    assert "bob@example.org" in family_kit


def test_the_table_of_contents_gives_a_page_number_to_every_chapter(family_kit):
    toc = family_kit.split("Sommaire", 1)[1]
    for chapter in ("Votre projet et votre contact", FAMILY, "Les services près de chez vous",
                    "Vos interlocuteurs, besoin par besoin", "Vos démarches pour le déménagement"):
        assert re.search(re.escape(chapter) + r" \.{3,}\s*\d+", toc), chapter


def test_pages_are_numbered_out_of_the_total(kits):
    total = kits["family"]["pages"]
    assert total >= 4
    assert f"2 / {total}" in kits["family"]["text"]
    assert f"{total} / {total}" in kits["family"]["text"]


def test_it_lists_the_nearest_services_by_distance(family_kit):
    services = family_kit.split("Les services près de chez vous", 2)[2]
    assert "Les lieux les plus proches de Figeac" in services
    assert services.index("Gare de Figeac") > 0
    assert "Centre hospitalier de Figeac" in services
    assert "Gare de Cahors" not in services  # 48 km away: outside the radius


def test_it_gives_partners_for_each_need_of_the_family(family_kit):
    partners = family_kit.split("Vos interlocuteurs, besoin par besoin", 2)[2]
    assert "Relais Petite Enfance du Grand-Figeac" in partners
    assert "ADIL du Lot" in partners
    assert "Relais Petite Enfance du Grand Cahors" not in partners  # another EPCI
    assert "ADIL de Lot-et-Garonne" not in partners


def test_the_moving_checklist_fits_the_household(family_kit, takeover_kit):
    for item in ("Déclarer votre changement d'adresse en une fois", "Assurance maladie (CPAM)",
                 "Allocations familiales (CAF ou MSA)", "Liste électorale"):
        assert item in family_kit
        assert item in takeover_kit
    assert "Inscrire vos enfants à l'école" in family_kit
    assert "Chercher un mode de garde" in family_kit
    assert "Chercher un mode de garde" not in takeover_kit


def test_a_project_known_only_by_name_still_gets_a_kit(project):
    """No segment, need nor commune yet (a staff request early on): its
    network's brand, the referent, the checklist."""
    text = pdf_text(kit_render_pdf(project))
    network = project.network
    assert f"{network.programme.upper()} Votre kit de bienvenue {network.welcome_to}" in text
    assert "Camille Roux" in text
    assert "Bob Durand" in text
    assert "Les services près de chez vous" not in text
    assert "Vos démarches pour le déménagement" in text
