"""The staff pages: the list (search, kind, period), an event with its
counts, the form, the figures; each in a bounded number of queries."""

from django.utils import timezone

from crm.models import Event
from events.links import invitation_token
from tests.events.conftest import day, invite, person


def test_the_list_filters_and_the_event_page_counts_in_bounded_queries(world, client, django_assert_max_num_queries):
    Event.objects.create(name="Salon de Paris", place="Paris", starts_on=day(40), ends_on=day(41), network=world.lot)
    invite(world, registered_at=timezone.now(), household_size=3)
    invite(world, contact=person(world.lot, "Zoe", text=world.text), declined_at=timezone.now())
    client.force_login(world.bob)

    with django_assert_max_num_queries(10):
        listed = client.get("/equipe/evenements/", {"q": "figeac", "kind": "welcome", "start": day(0).isoformat()})
    assert "Soirée d&#x27;accueil de Figeac" in listed.content.decode()
    assert "Salon de Paris" not in listed.content.decode()
    assert client.get("/equipe/evenements/", {"start": "pas une date", "page": "x"}).status_code == 200

    with django_assert_max_num_queries(12):
        detail = client.get(f"/equipe/evenements/{world.evening.pk}/")
    text = detail.content.decode()
    assert "Inscrits : 1 (3 personnes)" in text and "Ont décliné : 1" in text


def test_a_coordinator_creates_a_welcome_evening_in_an_area_of_communes(world, client):
    client.force_login(world.alice)
    data = {"network": world.lot.pk, "kind": "welcome", "name": "Accueil à Cahors", "place": "Mairie",
            "starts_on": day(20).isoformat(), "ends_on": day(20).isoformat(), "starts_at": "18:30",
            "capacity": "50", "communes": "46042; Figeac"}
    assert client.post("/equipe/evenements/nouveau/", data).status_code == 302
    event = Event.objects.get(name="Accueil à Cahors")
    assert {c.name for c in event.area_communes.all()} == {"Cahors", "Figeac"}

    refused = client.post("/equipe/evenements/nouveau/", {**data, "communes": "Marmande",
                                                          "ends_on": day(19).isoformat()})
    assert refused.status_code == 400
    assert "La fin doit être le jour du début ou après." in refused.content.decode()
    elsewhere = client.post("/equipe/evenements/nouveau/", {**data, "communes": "Marmande"})
    assert elsewhere.status_code == 400
    assert "Choisissez des communes du territoire du réseau." in elsewhere.content.decode()


def test_the_figures_count_invited_registered_and_attended_by_kind_and_epci(world, client):
    invite(world, registered_at=timezone.now(), household_size=3, attended=True)
    invite(world, contact=person(world.lot, "Zoe", text=world.text))
    client.force_login(world.alice)

    lines = client.get("/equipe/evenements/chiffres/", {"start": day(0).isoformat(),
                                                        "end": day(30).isoformat()}).context["lines"]

    assert lines == [{"kind": "Événement d'accueil des nouveaux arrivants", "epci": "CC Grand-Figeac", "events": 1,
                      "invited": 2, "registered": 1, "people": 3, "attended": 1}]
    client.force_login(world.dora)
    assert client.get("/equipe/evenements/chiffres/").context["lines"] == []


def test_the_invitation_page_reads_in_few_queries(world, client, django_assert_max_num_queries):
    path = f"/{world.lot.slug}/invitation/{invitation_token(invite(world))}/"
    with django_assert_max_num_queries(8):
        assert client.get(path).status_code == 200
