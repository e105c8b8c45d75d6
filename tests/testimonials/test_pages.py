"""Where a story is read: the prospect's tracking page, the kit, the staff
project page, the network's public page; and how a withdrawn consent takes
it out of all of them at once."""

import pytest
from django.urls import reverse

from crm.models import Contact, Network
from onboarding.models import Project
from onboarding.tracking_links import tracking_path
from testimonials.models import TestimonialEvent as Event
from testimonials.services import testimonial_consent_withdraw as consent_withdraw
from tests.network_world import lot_et_garonne
from tests.testimonials.photos import photo
from tests.testimonials.stories import story
from welcome_kits.rendering import kit_render_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(project, territory):
    """Camille, a nurse with a child, aims at Grand-Figeac."""
    Contact.objects.filter(pk=project.contact_id).update(occupation="Infirmière", children_ages=[4])
    Project.objects.filter(pk=project.pk).update(target_epci=territory["epci"], epci=territory["epci"])
    return Project.objects.select_related("contact", "network").get(pk=project.pk)


@pytest.fixture
def lea(nurse, territory, alice):
    return story(by=alice, shown_name="Léa", occupation="Infirmière", epci=territory["epci"], household="children",
                 text="Infirmière à Figeac depuis 2024, nous avons trouvé une école à deux pas.", photo=photo())


def public(client, network, **params):
    return client.get(reverse("testimonials_public", args=[network.slug]), params)


def pages(client, project, lea, staff):
    network = project.network
    client.force_login(staff)
    staff_page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    client.logout()
    return {
        "tracking": "Infirmière à Figeac" in client.get(tracking_path(project)).content.decode(),
        "public": "Infirmière à Figeac" in public(client, network).content.decode(),
        "photo": client.get(reverse("testimonial_photo", args=[network.slug, lea.pk])).status_code == 200,
        "kit": "Infirmière à Figeac" in kit_render_html(project),
        "staff": "Léa" in staff_page and "Même métier, même intercommunalité" in staff_page,
    }


def test_a_withdrawn_consent_takes_the_story_out_of_every_page_and_later_kits(client, nurse, lea, alice):
    everywhere = {"tracking": True, "public": True, "photo": True, "kit": True, "staff": True}
    assert pages(client, nurse, lea, alice) == everywhere

    consent_withdraw(testimonial=lea, by=alice, note="Courriel de Léa du 2 décembre")

    assert pages(client, nurse, lea, alice) == dict.fromkeys(everywhere, False)
    last = lea.events.last()
    assert (last.action, last.by, last.to_status) == (Event.Action.WITHDRAW, alice, "archived")


def test_the_tracking_page_shows_no_reason_meant_for_staff(client, nurse, lea):
    page = client.get(tracking_path(nurse)).content.decode()
    assert "Ils ont fait le même choix" in page
    assert "même intercommunalité" not in page


def test_the_public_page_filters_by_profile_with_a_plain_form(client, nurse, lea, territory):
    story(shown_name="Marc", occupation="Menuisier", household="couple", text="Un atelier à Cajarc.")
    network = nurse.network

    page = public(client, network, household="children").content.decode()

    assert 'method="get"' in page and 'type="submit"' in page and "<script" not in page.split("<main")[1].split("</main>")[0]
    assert "Léa" in page and "Marc" not in page
    by_place = public(client, network, epci=territory["epci"].siren).content.decode()
    assert "Léa" in by_place and "Marc" not in by_place
    # What names nothing we know is left aside, never an error.
    nonsense = public(client, network, epci="<b>", household="tous", page="x")
    assert nonsense.status_code == 200 and "Marc" in nonsense.content.decode()


def test_the_public_page_is_paginated_and_keeps_its_filter(client, nurse):
    for number in range(12):
        story(shown_name=f"Personne {number}", household="couple")

    second = public(client, nurse.network, household="couple", page=2).content.decode()

    assert "Page 2 sur 2" in second
    assert "?household=couple&amp;page=1" in second


def test_the_public_page_takes_the_same_queries_for_two_stories_or_twelve(
        client, nurse, django_assert_max_num_queries):
    for number in range(12):
        story(shown_name=f"Personne {number}", photo=None)
    # the network, its segments and EPCIs for the form, the count, the page of stories and their needs
    with django_assert_max_num_queries(8):
        assert public(client, nurse.network).status_code == 200


def test_another_networks_story_answers_as_a_missing_one(client, nurse, lea):
    garonne, places = lot_et_garonne()
    theirs = story(network=garonne, shown_name="Hugo", photo=photo())
    mine = nurse.network

    crossed = client.get(reverse("testimonial_photo", args=[mine.slug, theirs.pk]))
    missing = client.get(reverse("testimonial_photo", args=[mine.slug, 999_999]))

    assert crossed.status_code == missing.status_code == 404
    assert crossed.content == missing.content
    assert "Hugo" not in public(client, mine).content.decode()
    assert client.get(reverse("testimonial_photo", args=[garonne.slug, theirs.pk])).status_code == 200


def test_a_story_of_another_network_is_never_matched(nurse):
    garonne, places = lot_et_garonne()
    story(network=garonne, shown_name="Hugo", occupation="Infirmière")
    assert "Hugo" not in kit_render_html(nurse)
    assert Network.objects.count() == 2
