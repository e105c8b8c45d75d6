"""Who sees which figures: coordinators everything, a referent the projects
of their own and of their teams (projects_visible_to), nobody else anything."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from crm.models import Team
from reports.models import ReportTarget

from .test_dataset import PERIOD_2025, build_dataset

pytestmark = pytest.mark.django_db

SOMEBODY_S_PDF = "0b7f1a52-4c8e-4d0e-9a57-3f7c2e1d9b10"
REPORT_URLS = [
    reverse("report"),
    reverse("report_data"),
    reverse("report_pdf"),
    reverse("report_pdf_request"),
    reverse("report_pdf_status", args=[SOMEBODY_S_PDF]),
    reverse("report_pdf_state", args=[SOMEBODY_S_PDF]),
    reverse("report_pdf_file", args=[SOMEBODY_S_PDF]),
    reverse("report_workbook"),
    reverse("report_table_export", args=["etats", "csv"]),
    reverse("report_table_export", args=["referents", "xlsx"]),
]


@pytest.fixture
def data(alice, bob, charlie, territory):
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)


def total_projects(client):
    body = client.get(reverse("report_data"), PERIOD_2025).json()
    return body["tables"]["etats"]["total"]["projects"], body


def test_it_shows_a_coordinator_every_project(client, alice, data):
    client.force_login(alice)
    total, body = total_projects(client)
    assert total == 8
    names = [row["name"] for row in body["tables"]["referents"]["rows"]]
    assert names == ["Bob Durand", "Charlie Petit"]


def test_it_shows_a_referent_only_their_projects(client, bob, data):
    client.force_login(bob)
    total, body = total_projects(client)
    assert total == 5  # P1, P2, P4, P6, P8
    assert [row["name"] for row in body["tables"]["referents"]["rows"]] == ["Bob Durand"]
    assert body["tables"]["entonnoir"]["rows"][0]["projects"] == 4  # P1, P2, P4, P8 created in 2025


def test_it_shows_a_referent_the_projects_of_their_team(client, bob, charlie, organisation, data):
    from onboarding.models import Project

    team = Team.objects.create(name="Accueil Agenais", organisation=organisation)
    team.members.add(bob.referent)
    Project.objects.filter(pk=data.p3.pk).update(team=team)
    client.force_login(bob)
    assert total_projects(client)[0] == 6


def test_a_referent_filtering_on_a_colleague_sees_only_what_they_may_see(client, bob, charlie, data):
    client.force_login(bob)
    body = client.get(reverse("report_data"), {**PERIOD_2025, "referent": charlie.referent.pk}).json()
    assert body["tables"]["etats"]["total"]["projects"] == 0


def test_the_page_says_whose_figures_it_shows(client, alice, bob, data):
    client.force_login(bob)
    assert "Vos projets et ceux de vos équipes" in client.get(reverse("report"), PERIOD_2025).content.decode()
    client.force_login(alice)
    assert "Tous les projets" in client.get(reverse("report"), PERIOD_2025).content.decode()


@pytest.mark.parametrize("url", REPORT_URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", REPORT_URLS)
def test_it_refuses_a_user_without_a_staff_role(client, url):
    client.force_login(User.objects.create_user("dave", password="password"))
    assert client.get(url).status_code == 403


def test_a_coordinator_sets_the_yearly_target(client, alice):
    client.force_login(alice)
    response = client.post(reverse("report_target_edit"), {"year": 2025, "installations": 120, "next": "?start=2025-01-01"})
    assert response.status_code == 302
    assert response["Location"] == reverse("report") + "?start=2025-01-01"
    assert ReportTarget.objects.get(year=2025).installations == 120
    client.post(reverse("report_target_edit"), {"year": 2025, "installations": 150})
    assert list(ReportTarget.objects.values_list("year", "installations")) == [(2025, 150)]


def test_the_target_form_never_redirects_elsewhere(client, alice):
    client.force_login(alice)
    response = client.post(reverse("report_target_edit"), {"year": 2025, "installations": 1,
                                                           "next": "https://evil.example/"})
    assert response["Location"] == reverse("report")


def test_a_wrong_target_is_refused(client, alice):
    client.force_login(alice)
    client.post(reverse("report_target_edit"), {"year": 1850, "installations": -3})
    assert not ReportTarget.objects.exists()


def test_a_referent_may_not_set_the_target(client, bob):
    client.force_login(bob)
    assert client.post(reverse("report_target_edit"), {"year": 2025, "installations": 10}).status_code == 403
    assert not ReportTarget.objects.exists()


def test_only_coordinators_see_the_target_form(client, alice, bob):
    client.force_login(bob)
    assert "Fixer l'objectif annuel" not in client.get(reverse("report")).content.decode()
    client.force_login(alice)
    assert "Fixer l'objectif annuel" in client.get(reverse("report")).content.decode()
