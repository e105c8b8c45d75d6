"""A kit says only what is true for its household and its place: the
checklist follows the profile, a block that promises nearby places lists
them or is left out, and the job-search contact is the agency nearest to the
project's commune."""

import pytest

from crm.models import Commune, Need
from welcome_kits.checklist import checklist_for
from welcome_kits.models import ContentBlock, PartnerContact, ServicePoint
from welcome_kits.rendering import kit_render_html
from welcome_kits.selectors import KitProfile, kit_profile, kit_sections_for, partners_for

SCHOOL = "Inscrire vos enfants à l'école"
CHILDCARE = "Chercher un mode de garde"
JOB = "France Travail"


def _titles(profile):
    return {str(item.title) for _when, items in checklist_for(profile) for item in items}


# (household, the conditional items it must get), from the rules: school is
# compulsory from 3 to 16 and the lycée ends around 17; childcare is for the
# under-6s; France Travail is for a household where someone looks for work.
CHECKLIST_TABLE = [
    (KitProfile(), set()),
    (KitProfile(children_ages=(1,)), {CHILDCARE}),
    (KitProfile(children_ages=(2,)), {CHILDCARE}),
    (KitProfile(children_ages=(4,)), {CHILDCARE, SCHOOL}),
    (KitProfile(children_ages=(12,)), {SCHOOL}),
    (KitProfile(children_ages=(17,)), {SCHOOL}),
    (KitProfile(children_ages=(19,)), set()),  # a grown-up child moving with them
    (KitProfile(children_ages=(1, 12)), {CHILDCARE, SCHOOL}),
    (KitProfile(need_codes=frozenset({"emploi"})), {JOB}),  # the person looks for work
    (KitProfile(need_codes=frozenset({"emploi-conjoint"})), {JOB}),
    (KitProfile(partner_seeks_job=True), {JOB}),
    (KitProfile(need_codes=frozenset({"teletravail", "logement-achat"})), set()),
    (KitProfile(need_codes=frozenset({"emploi"}), children_ages=(8,)), {JOB, SCHOOL}),
]


@pytest.mark.parametrize("profile, expected", CHECKLIST_TABLE)
def test_the_checklist_follows_the_profile(profile, expected):
    titles = _titles(profile)
    assert titles & {SCHOOL, CHILDCARE, JOB} == expected
    # What everyone moving needs is always there.
    assert {"Faire suivre votre courrier", "Carte grise", "Liste électorale"} <= titles


def test_a_project_that_needs_a_job_gets_the_job_item(kit_content, make_project):
    project = make_project(kit_content["commune"], "seconde-vie", ["emploi"])
    assert JOB in _titles(kit_profile(project))
    other = make_project(kit_content["commune"], "seconde-vie", ["logement-achat"], first_name="Lou")
    assert JOB not in _titles(kit_profile(other))


# --- promises of nearby places -------------------------------------------------

REMOTE = "Travailler à distance"  # "vous trouverez les plus proches dans ce kit"


def _block_titles(project):
    return {block.title for chosen in kit_sections_for(project) for block in chosen.blocks}


def test_a_block_promising_coworking_comes_with_the_coworking_spaces(kit_content, make_project):
    project = make_project(kit_content["commune"], "seconde-vie", ["teletravail"])  # Figeac has one
    assert REMOTE in _block_titles(project)
    html = kit_render_html(project)
    assert "Coworking La Fabrique du Grand-Figeac" in html


def test_without_coworking_near_the_kit_does_not_promise_one(kit_content, make_project):
    ServicePoint.objects.filter(category=ServicePoint.Category.COWORKING).update(is_active=False)
    project = make_project(kit_content["commune"], "seconde-vie", ["teletravail"])
    assert REMOTE not in _block_titles(project)
    html = kit_render_html(project)
    assert REMOTE not in html and "Coworking La Fabrique" not in html


def test_a_block_that_promises_nothing_stays_without_places(kit_content, make_project):
    ServicePoint.objects.update(is_active=False)
    project = make_project(kit_content["commune"], "seconde-vie", ["teletravail"])
    assert "Associations, culture et sport" in _block_titles(project)
    assert ContentBlock.objects.get(title="Associations, culture et sport").promises == ""


# --- the nearest agency --------------------------------------------------------

@pytest.fixture
def agencies(places):
    """Two agencies of one network, one in Figeac and one in Cahors, serving
    everyone (no territory), and a partner that is not an agency."""
    emploi = Need.objects.get(code="emploi")
    made = {}
    for position, (name, commune) in enumerate(
        [("Agence de Figeac", places["commune"]), ("Agence de Cahors", places["cahors"])]
    ):
        made[name] = PartnerContact.objects.create(
            organisation=name, agency_of="France Travail", commune=commune, position=10 + position
        )
        made[name].needs.add(emploi)
    club = PartnerContact.objects.create(organisation="Club d'entreprises", position=5)
    club.needs.add(emploi)
    return made


def _partners(project):
    commune = project.target_commune
    return [
        [p.organisation for p in partners]
        for _need, partners in partners_for(kit_profile(project), list(project.needs.all()), commune)
    ]


# Distances by hand (great circle): Figeac–Cahors 50 km, Agen–Cahors 70 km,
# Agen–Figeac 120 km.
@pytest.mark.parametrize("place, expected", [
    ("commune", "Agence de Figeac"),  # Figeac
    ("cahors", "Agence de Cahors"),
    ("agen", "Agence de Cahors"),  # the Lot-et-Garonne's nearest of the two
])
def test_the_job_search_contact_is_the_nearest_agency(agencies, places, make_project, place, expected):
    project = make_project(places[place], "seconde-vie", ["emploi"])
    assert _partners(project) == [["Club d'entreprises", expected]]


def test_without_coordinates_the_first_agency_stands_for_its_network(agencies, places, make_project):
    project = make_project(places["commune"], "seconde-vie", ["emploi"])
    Commune.objects.filter(pk=places["commune"].pk).update(latitude=None, longitude=None)
    project.target_commune.refresh_from_db()
    assert _partners(project) == [["Club d'entreprises", "Agence de Figeac"]]


def test_a_figeac_job_seekers_kit_names_the_figeac_agency(kit_content, make_project):
    html = kit_render_html(make_project(kit_content["commune"], "seconde-vie", ["emploi"]))
    assert "France Travail – agence de Figeac" in html
    assert "agence de Cahors" not in html
