"""The staff project page's offers section: offers near the target for the
prospect's and the partner's occupations, read from the shared cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import PinnedOffer
from jobs.offers import offers_near, place_of
from onboarding.models import Project


@pytest.fixture
def nurse_project(project, territory):
    """Camille is a nurse, her partner a baker; they aim at Figeac."""
    Project.objects.filter(pk=project.pk).update(target_commune=territory["commune"])
    project.contact.occupation = "Infirmière"
    project.contact.partner_occupation = "boulanger"
    project.contact.save()
    project.refresh_from_db()
    return project


def page(client, user, project):
    client.force_login(user)
    response = client.get(reverse("project_detail", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def fetched_page(client, user, project, capture):
    """The page once the fetch its first view queued has run (a worker's job, after the commit)."""
    with capture(execute=True):
        page(client, user, project)
    return page(client, user, project)


def test_it_shows_offers_for_the_prospect_and_the_partner_near_the_target(
        client, bob, nurse_project, france_travail, django_capture_on_commit_callbacks):
    html = fetched_page(client, bob, nurse_project, django_capture_on_commit_callbacks)

    assert "Pour le porteur du projet" in html and "Pour son conjoint ou sa conjointe" in html
    assert "Infirmier / Infirmière en soins généraux (H/F)" in html
    assert "CENTRE HOSPITALIER DE FIGEAC" in html
    assert "Boulanger / Boulangère (H/F)" in html
    assert "10 offres affichées sur 160." in html
    searched = {search["codeROME"].split(",")[0] for search in france_travail.searches()}
    assert searched == {"J1506", "D1102"}
    assert all(search["commune"] == "46102" and search["distance"] == "20" for search in france_travail.searches())


def test_the_result_is_shared_by_every_page_until_it_expires(
        client, bob, alice, nurse_project, france_travail, django_capture_on_commit_callbacks):
    fetched_page(client, bob, nurse_project, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page(client, alice, nurse_project)
        page(client, bob, nurse_project)

    assert callbacks == []

    assert len(france_travail.searches()) == 2  # one per occupation


def test_a_miss_queues_the_fetch_and_the_page_does_not_wait(client, bob, nurse_project, france_travail):
    html = page(client, bob, nurse_project)  # the fetch is queued after the commit (never, in this test)

    assert "Recherche des offres en cours" in html
    assert france_travail.searches() == []


@pytest.mark.parametrize("answer", [(429, {"Retry-After": "120"}, {}), (500, {}, {}), (503, {}, {})],
                         ids=["429", "500", "503"])
def test_a_failing_source_says_offers_are_unavailable_never_an_error(
        client, bob, nurse_project, france_travail, django_capture_on_commit_callbacks, answer):
    france_travail.script = [answer] * 8
    html = fetched_page(client, bob, nurse_project, django_capture_on_commit_callbacks)

    assert "Offres indisponibles pour le moment." in html


def test_without_credentials_it_says_not_configured_and_calls_nobody(
        client, bob, nurse_project, settings, django_capture_on_commit_callbacks):
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        html = page(client, bob, nurse_project)

    assert "Recherche d'offres non configurée" in html
    assert callbacks == []


def test_an_occupation_the_rome_does_not_know_is_said(client, bob, nurse_project, france_travail):
    nurse_project.contact.occupation = "zzzqqq"
    nurse_project.contact.save()

    assert "Aucun métier du répertoire ROME ne correspond à « zzzqqq »." in page(client, bob, nurse_project)


def test_without_a_commune_it_looks_around_the_intercommunality_s_largest_commune(
        nurse_project, territory, settings):
    Project.objects.filter(pk=nurse_project.pk).update(target_commune=None, target_epci=territory["epci"])
    nurse_project.refresh_from_db()

    assert place_of(nurse_project) == ("46102", "", settings.JOBS_SEARCH_RADIUS_KM + 10, "Figeac")


def test_without_a_territory_it_says_so(nurse_project, france_travail):
    Project.objects.filter(pk=nurse_project.pk).update(target_commune=None, target_epci=None, departement=None)
    nurse_project.refresh_from_db()

    assert offers_near("infirmière", place_of(nurse_project)).status == "no_place"


def test_the_page_s_queries_do_not_grow_with_the_offers_shown(
        client, bob, nurse_project, france_travail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page(client, bob, nurse_project)  # warm the cache
    client.force_login(bob)
    url = reverse("project_detail", args=[nurse_project.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for offer_id in ("180TEST", "181TEST", "182TEST"):
        client.post(reverse("jobs_offer_pin", args=[nurse_project.pk]), {"offer_id": offer_id, "for_whom": "prospect"})
    assert PinnedOffer.objects.count() == 3
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after) == len(before)


def test_the_state_of_the_searches_is_pending_until_they_are_fetched(
        client, bob, nurse_project, france_travail, django_capture_on_commit_callbacks):
    client.force_login(bob)
    url = reverse("jobs_offers_status", args=[nurse_project.pk])
    with django_capture_on_commit_callbacks() as queued:
        assert client.get(url).json() == {"status": "pending"}
        assert client.get(url).json() == {"status": "pending"}
    assert len(queued) == 2  # one fetch per occupation, queued once
    for fetch in queued:
        fetch()  # what the worker does

    assert client.get(url).json() == {"status": "done"}


def test_the_state_of_the_searches_is_another_s_project_s_404(client, charlie, nurse_project, france_travail):
    client.force_login(charlie)

    assert client.get(reverse("jobs_offers_status", args=[nurse_project.pk])).status_code == 404


def test_a_pending_page_follows_its_searches_from_a_script_file_and_keeps_a_link(
        client, bob, nurse_project, france_travail):
    html = page(client, bob, nurse_project)

    assert 'data-status="pending"' in html
    assert "/static/js/job_offers.js" in html
    assert f'href="/equipe/projets/{nurse_project.pk}/?offres=1#offres"' in html


def test_a_failure_is_remembered_so_pages_do_not_ask_again_at_once(
        client, bob, nurse_project, france_travail, django_capture_on_commit_callbacks):
    france_travail.script = [(500, {}, {})] * 2
    fetched_page(client, bob, nurse_project, django_capture_on_commit_callbacks)
    asked = len(france_travail.searches())

    with django_capture_on_commit_callbacks(execute=True) as queued:
        html = page(client, bob, nurse_project)

    assert queued == []
    assert len(france_travail.searches()) == asked == 2
    assert "Offres indisponibles pour le moment." in html


def test_the_task_fetches_a_search_into_the_shared_cache(db, france_travail):
    from jobs.offers import Search
    from jobs.tasks import fetch_offers

    search = Search(rome_codes=("J1506", "J1505"), commune="46102", radius_km=20)  # "infirmière"
    assert fetch_offers.delay(search.as_dict()).get() == 10
    assert offers_near("infirmière", ("46102", "", 20, "Figeac")).status == "ready"


def test_the_offers_can_be_kept_to_some_contract_types(
        client, bob, nurse_project, france_travail, django_capture_on_commit_callbacks):
    url = reverse("jobs_project_offers", args=[nurse_project.pk]) + "?contrat=CDD&contrat=SAI"
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    html = client.get(url).content.decode()

    assert {search["typeContrat"] for search in france_travail.searches()} == {"CDD,SAI"}
    assert "Boulanger / Boulangère (H/F)" in html  # the baker's offers are CDDs
    assert "CENTRE HOSPITALIER DE FIGEAC" not in html  # the nurses' are CDIs
    assert 'name="contrat" value="CDD" id="offres-contrat-CDD" checked' in html
    # The unfiltered search is another cache entry: the project page asks for it afresh.
    assert "Recherche des offres en cours" in page(client, bob, nurse_project)


def test_an_unknown_contract_type_is_a_french_error_and_nothing_is_asked(client, bob, nurse_project, france_travail,
                                                                           django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("jobs_project_offers", args=[nurse_project.pk]) + "?contrat=XYZ")

    assert response.status_code == 400
    assert "Type de contrat inconnu (« XYZ »)" in response.content.decode()
    assert france_travail.searches() == []
