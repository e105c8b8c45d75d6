"""Which stories resemble a project, and what staff read as the reason:
a truth table written from what a referent would say of the two people."""

import datetime

import pytest
from django.utils import timezone

from crm.models import Contact, Departement, Epci, Need, Network, Segment
from onboarding.services.projects import project_create
from onboarding.states import Source
from testimonials.regions import region_of_place
from testimonials.selectors import testimonials_for_project as matches_of
from testimonials.services import testimonial_consent_withdraw as consent_withdraw
from testimonials.services import testimonial_transition as moderate
from tests.module_rows import kept_for_the_module
from tests.testimonials.stories import story

pytestmark = pytest.mark.django_db

# The prospect: a nurse from Paris, with a child, « Talent recherché »,
# looking for a job and a house to rent, aiming at Grand-Figeac.
PROSPECT = {"occupation": "Infirmière", "current_city": "75011 Paris", "children_ages": [4]}


@pytest.fixture(scope="module")
def rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        lot = Departement.objects.create(code="46", name="Lot")
        figeac = Epci.objects.create(siren="200067361", name="CC Grand-Figeac", nature="CC", departement=lot)
        cahors = Epci.objects.create(siren="200023737", name="CA du Grand Cahors", nature="CA", departement=lot)
        contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille@example.org",
                                         **PROSPECT)
        project = project_create(contact=contact, source=Source.WEBSITE, target_epci=figeac,
                                 segment=Segment.objects.get(code="talent"))
        project.needs.set(Need.objects.filter(code__in=["emploi", "logement-location"]))
        yield {"project": project, "epcis": {"figeac": figeac, "cahors": cahors}}


def reasons_for(rows, **traits):
    epci = traits.pop("epci", None)
    segment = traits.pop("segment", None)
    made = story(epci=rows["epcis"][epci] if epci else None,
                 segment=Segment.objects.get(code=segment) if segment else None, **traits)
    found = {m.testimonial.pk: m.reason for m in matches_of(rows["project"])}
    return found.get(made.pk)


TRUTH_TABLE = [
    # what the story shares with the nurse from Paris -> what her referent reads
    ({}, None),
    ({"occupation": "Infirmière"}, "même métier"),
    ({"occupation": "infirmier"}, "même métier"),
    ({"occupation": "Boulanger"}, None),
    ({"epci": "figeac"}, "même intercommunalité"),
    ({"epci": "cahors"}, None),
    ({"segment": "talent"}, "même profil"),
    ({"segment": "seconde-vie"}, None),
    ({"needs": ["emploi"]}, "un besoin en commun (emploi)"),
    ({"needs": ["emploi", "logement-location", "mobilite"]}, "2 besoins en commun (emploi, logement à louer)"),
    ({"needs": ["mobilite"]}, None),
    ({"household": "children"}, "même foyer (avec des enfants)"),
    ({"household": "couple"}, None),
    ({"former_region": "11"}, "même région d'origine (Île-de-France)"),
    ({"former_region": "76"}, None),
    ({"occupation": "Infirmier", "epci": "figeac"}, "même métier, même intercommunalité"),
]


@pytest.mark.parametrize(("traits", "reason"), TRUTH_TABLE)
def test_a_story_is_matched_by_what_it_shares_with_the_project(rows, traits, reason):
    assert reasons_for(rows, **traits) == reason


def test_the_closest_story_comes_first(rows):
    figeac = rows["epcis"]["figeac"]
    region_only = story(former_region="11")
    job_and_place = story(occupation="Infirmière", epci=figeac)
    place_only = story(epci=figeac)

    found = [m.testimonial for m in matches_of(rows["project"])]

    assert found == [job_and_place, place_only, region_only]


SHOWN = [
    # (status, published from, until (days from today), consent withdrawn, other network) -> shown
    ("published", -30, None, False, False, True),
    ("published", -30, 10, False, False, True),
    ("published", -30, 0, False, False, True),
    ("published", 5, None, False, False, False),  # not yet
    ("published", -30, -1, False, False, False),  # over
    ("published", -30, None, True, False, False),  # consent withdrawn
    ("published", -30, None, False, True, False),  # another network's
    ("draft", -30, None, False, False, False),
    ("archived", -30, None, False, False, False),
]


@pytest.mark.parametrize(("status", "start", "end", "withdrawn", "elsewhere", "shown"), SHOWN)
def test_only_published_stories_within_their_period_with_consent_of_the_network_are_offered(
        rows, status, start, end, withdrawn, elsewhere, shown):
    today = timezone.localdate()
    network = Network.objects.create(slug="ailleurs", name="Ailleurs", programme="Ailleurs",
                                     welcome_to="ailleurs") if elsewhere else None
    made = story(network=network, occupation="Infirmière", publish=status != "draft",
                 published_from=today + datetime.timedelta(days=start),
                 published_until=None if end is None else today + datetime.timedelta(days=end))
    if status == "archived":
        moderate(testimonial=made, by=None, action="archive")
    if withdrawn:
        consent_withdraw(testimonial=made, by=None)

    assert (made in [m.testimonial for m in matches_of(rows["project"])]) is shown


def test_matching_takes_the_same_queries_for_two_stories_or_twenty(rows, django_assert_max_num_queries):
    for number in range(20):
        story(occupation="Infirmière", needs=["emploi"], shown_name=f"Personne {number}")
    project = type(rows["project"]).objects.get(pk=rows["project"].pk)

    # the project's contact and needs, the place read in its text, the stories and their needs
    with django_assert_max_num_queries(5):
        assert len(matches_of(project)) == 20


PLACES = [
    ("75011 Paris", "11"), ("Paris", "11"), ("Brive (19)", "75"), ("Saint-Étienne", "84"), ("Bruxelles", "etranger"),
    ("La Réunion", "om"), ("Bretagne", "53"), ("97400 Saint-Denis", "om"), ("Ajaccio", "94"), ("", ""),
    ("quelque part", ""),
]


@pytest.mark.parametrize(("typed", "region"), PLACES)
def test_the_former_region_is_read_from_where_the_prospect_lives(db, typed, region):
    assert region_of_place(typed) == region
