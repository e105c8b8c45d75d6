"""The documented extension points (onboarding.extensions): an app above
onboarding adds timeline entries and page sections without onboarding, the
workspace or intake importing it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from onboarding import extensions
from onboarding.extensions import Section, register_section, register_timeline_provider
from onboarding.timeline import TimelineEntry
from onboarding.tracking_links import tracking_path
from welcome_kits.rendering import kit_render_html


class FakeLink:
    url = "/kit-de-bienvenue/extension-test/"
    version = 1
    prepared_at = timezone.now()
    expires_on = datetime.date(2030, 1, 1)


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, the apps' own registrations put back after."""
    monkeypatch.setattr(extensions, "_timeline_providers", [])
    monkeypatch.setattr(extensions, "_sections", {page: [] for page in extensions.PAGES})


def _section(project):
    return Section("welcome_kits/_tracking_section.html", {"kit_link": FakeLink})


@pytest.mark.parametrize("page", ["project_page", "tracking_page"])
def test_a_registered_section_shows_on_its_page_only(client, bob, project, registry, page):
    register_section(page, _section)
    client.force_login(bob)
    staff = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    public = client.get(tracking_path(project)).content.decode()
    assert (FakeLink.url in staff, FakeLink.url in public) == (page == "project_page", page == "tracking_page")


def test_a_registered_section_goes_into_the_kit(project, registry):
    register_section("welcome_kit", _section)
    assert FakeLink.url in kit_render_html(project)


def test_a_section_may_decline(client, project, registry):
    register_section("tracking_page", lambda project: None)
    assert client.get(tracking_path(project)).status_code == 200


def test_an_unknown_page_is_refused(registry):
    with pytest.raises(ValueError):
        register_section("home_page", _section)


def test_a_timeline_provider_feeds_the_page_and_the_api_alike(client, bob, project, registry):
    register_timeline_provider(lambda p: [TimelineEntry(at=timezone.now(), kind="visit", title="Visite d'un logement")])
    client.force_login(bob)
    page = client.get(reverse("project_detail", args=[project.pk])).context["history"]
    api = APIClient()
    api.force_authenticate(bob)
    entries = api.get(f"/api/v1/projects/{project.pk}/history/").json()["results"]
    assert [e.kind for e in page][0] == "visit" and entries[0]["kind"] == "visit"
    assert entries[0]["title"] == "Visite d'un logement"
