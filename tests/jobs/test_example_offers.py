"""The embedded default without a France Travail account: example offers,
marked as such, and no call to anybody."""

import pytest
import requests
from django.urls import reverse

from jobs.models import PinnedOffer
from jobs.sources import job_source
from jobs.sources.examples import ExampleOffers
from onboarding.models import Project
from onboarding.tracking_links import tracking_path


@pytest.fixture
def examples(settings, monkeypatch):
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    settings.FRANCE_TRAVAIL_CLIENT_SECRET = ""
    settings.JOBS_EXAMPLE_OFFERS = True

    def no_call(*args, **kwargs):
        raise AssertionError("the examples call nobody")

    monkeypatch.setattr(requests.Session, "request", no_call)


@pytest.fixture
def nurse_project(project, territory):
    Project.objects.filter(pk=project.pk).update(target_commune=territory["commune"])
    project.contact.occupation = "Infirmière"
    project.contact.save()
    project.refresh_from_db()
    return project


def test_without_credentials_the_embedded_default_shows_examples_marked_as_such(
        client, bob, nurse_project, examples, django_capture_on_commit_callbacks):
    client.force_login(bob)
    url = reverse("project_detail", args=[nurse_project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    html = client.get(url).content.decode()

    assert "Infirmier / Infirmière en soins généraux (IDE) (H/F)" in html
    assert 'badge text-bg-secondary">exemple<' in html
    assert "Offres d'exemple : la recherche France Travail n'est pas configurée" in html


def test_an_example_offer_proposed_stays_an_example_on_the_tracking_page(
        client, bob, nurse_project, examples, django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("project_detail", args=[nurse_project.pk]))
    client.post(reverse("jobs_offer_pin", args=[nurse_project.pk]), {"offer_id": "EXJ15060", "for_whom": "prospect"})

    row = PinnedOffer.objects.get()
    assert (row.source, row.commune, row.employer) == ("exemple", "Figeac", "Entreprise exemple du territoire")
    client.logout()
    html = client.get(tracking_path(nurse_project)).content.decode()
    assert "Offres d'exemple, pour découvrir le service." in html


def test_examples_are_never_used_with_credentials_nor_when_off(settings):
    settings.JOBS_EXAMPLE_OFFERS = False
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    assert not job_source().configured

    settings.JOBS_EXAMPLE_OFFERS = True
    settings.FRANCE_TRAVAIL_CLIENT_ID = "PAR_accueil"
    settings.FRANCE_TRAVAIL_CLIENT_SECRET = "secret"
    assert job_source().name == "france_travail"

    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    assert isinstance(job_source(), ExampleOffers)


def test_production_keeps_examples_off():
    from config.settings import base

    assert base.JOBS_EXAMPLE_OFFERS is False
