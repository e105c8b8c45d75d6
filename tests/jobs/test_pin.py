"""A referent proposes an offer to a project: a snapshot row, in the history,
on the tracking page and in the kit; only those who may act on the project."""

import re

import pytest
from django.urls import reverse

from crm.access import REFERENT_GROUP
from crm.models import Contact, Organisation, Team
from jobs.models import PinnedOffer
from onboarding.models import Project
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import project_create
from onboarding.states import Source
from onboarding.timeline import project_timeline
from onboarding.tracking_links import tracking_path
from tests.network_world import lot_et_garonne, staff
from welcome_kits.rendering import kit_render_html

OFFER = "180TEST"


@pytest.fixture
def nurse_project(project, territory, client, bob, france_travail, django_capture_on_commit_callbacks):
    """Camille, a nurse aiming at Figeac; her project's page has been shown once (offers fetched)."""
    Project.objects.filter(pk=project.pk).update(target_commune=territory["commune"])
    project.contact.occupation = "Infirmière"
    project.contact.save()
    project.refresh_from_db()
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("project_detail", args=[project.pk]))
    client.logout()
    return project


def without_token(response):
    """The page, its CSRF token (random letters, different each time) left out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def pin(client, user, project, offer_id=OFFER, for_whom="prospect"):
    client.force_login(user)
    return client.post(reverse("jobs_offer_pin", args=[project.pk]), {"offer_id": offer_id, "for_whom": for_whom})


def test_the_referent_proposes_an_offer_and_a_copy_of_it_is_kept(client, bob, nurse_project):
    response = pin(client, bob, nurse_project)

    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[nurse_project.pk]) + "#offres"
    row = PinnedOffer.objects.get()
    assert (row.project, row.offer_id, row.title, row.employer, row.commune, row.pinned_by, row.for_whom) == (
        nurse_project, OFFER, "Infirmier / Infirmière en soins généraux (H/F)", "CENTRE HOSPITALIER DE FIGEAC",
        "46 - FIGEAC", bob, "prospect")
    assert row.url == f"https://candidat.francetravail.fr/offres/recherche/detail/{OFFER}"


def test_what_is_kept_comes_from_the_source_never_from_the_browser(client, bob, nurse_project):
    client.force_login(bob)
    client.post(reverse("jobs_offer_pin", args=[nurse_project.pk]),
                {"offer_id": OFFER, "for_whom": "prospect", "title": "<script>", "url": "javascript:alert(1)"})

    row = PinnedOffer.objects.get()
    assert row.title.startswith("Infirmier") and row.url.startswith("https://")


def test_proposing_it_twice_keeps_one_row(client, bob, nurse_project):
    pin(client, bob, nurse_project)
    response = pin(client, bob, nurse_project)

    assert PinnedOffer.objects.count() == 1
    assert "avait déjà été proposée" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("offer_id", ["INCONNU", "<b>", ""], ids=["not-in-results", "bad-id", "empty"])
def test_an_offer_not_in_the_results_is_refused_in_french(client, bob, nurse_project, offer_id):
    response = pin(client, bob, nurse_project, offer_id=offer_id)

    assert response.status_code == 302
    assert not PinnedOffer.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert "actualisez la page" in html


def test_a_coordinator_may_propose_too(client, alice, nurse_project):
    pin(client, alice, nurse_project)

    assert PinnedOffer.objects.get().pinned_by == alice


def test_a_referent_without_access_gets_404(client, charlie, nurse_project):
    assert pin(client, charlie, nurse_project).status_code == 404
    assert not PinnedOffer.objects.exists()


def test_another_network_s_project_answers_as_one_that_does_not_exist(client, bob, nurse_project):
    network_b, territory_b = lot_et_garonne()
    org_b = Organisation.objects.create(name="CCI 47", kind=Organisation.Kind.CCI)
    eve = staff("eve", REFERENT_GROUP, network_b, org_b)
    contact_b = Contact.objects.create(first_name="Paulin", last_name="Garonne", email="paulin@example.org",
                                       occupation="Infirmier")
    project_b = project_create(contact=contact_b, source=Source.WEBSITE, referent=eve.referent, network=network_b,
                               target_commune=territory_b["commune"])

    other = pin(client, bob, project_b)
    missing = client.post(reverse("jobs_offer_pin", args=[999999]), {"offer_id": OFFER, "for_whom": "prospect"})

    assert other.status_code == missing.status_code == 404
    assert without_token(other) == without_token(missing)
    assert not PinnedOffer.objects.exists()


def test_a_team_colleague_who_only_reads_gets_403(client, nurse_project, organisation):
    colleague = staff("denis", REFERENT_GROUP, nurse_project.network, organisation)
    team = Team.objects.create(name="Équipe santé", organisation=organisation)
    team.members.add(colleague.referent, nurse_project.referent)
    Project.objects.filter(pk=nurse_project.pk).update(team=team)

    assert pin(client, colleague, nurse_project).status_code == 403
    assert not PinnedOffer.objects.exists()


def test_only_post(client, bob, nurse_project):
    client.force_login(bob)
    assert client.get(reverse("jobs_offer_pin", args=[nurse_project.pk])).status_code == 405


def test_the_proposal_is_in_the_project_s_history(client, bob, nurse_project):
    pin(client, bob, nurse_project)

    [entry] = [entry for entry in project_timeline(nurse_project) if entry.kind == "job_offer"]
    assert entry.title == ("Offre d'emploi proposée (porteur du projet) : "
                           "Infirmier / Infirmière en soins généraux (H/F)")
    assert entry.by == "Bob Durand"
    assert "CENTRE HOSPITALIER DE FIGEAC" in entry.body


def test_the_project_page_marks_it_proposed(client, bob, nurse_project):
    pin(client, bob, nurse_project)
    html = client.get(reverse("project_detail", args=[nurse_project.pk])).content.decode()

    assert "Offres proposées au projet" in html
    assert "déjà proposée" in html


def test_the_tracking_page_shows_the_proposed_offer_and_a_live_search(client, bob, nurse_project):
    pin(client, bob, nurse_project)
    client.logout()

    html = client.get(tracking_path(nurse_project)).content.decode()

    assert "Les offres que votre référent vous a proposées" in html
    assert "proposée le" in html
    assert "Offres récentes pour « Infirmière » près de Figeac" in html
    assert html.count("CENTRE HOSPITALIER DE FIGEAC") >= 2


def test_the_kit_lists_the_proposed_offers(client, bob, nurse_project):
    pin(client, bob, nurse_project)

    html = kit_render_html(Project.objects.get(pk=nurse_project.pk))

    assert "Offres d'emploi proposées par votre référent" in html
    assert "CENTRE HOSPITALIER DE FIGEAC" in html
    assert f"https://candidat.francetravail.fr/offres/recherche/detail/{OFFER}" in html


def test_a_kit_without_proposed_offers_has_no_such_section(nurse_project):
    assert "Offres d'emploi proposées" not in kit_render_html(nurse_project)


def test_erasing_the_person_removes_the_offers_proposed_to_them(client, bob, alice, nurse_project):
    pin(client, bob, nurse_project)

    contact_erase(contact=nurse_project.contact, user=alice)

    assert not PinnedOffer.objects.exists()


def test_the_kit_with_proposed_offers_stays_a_tagged_pdf(client, bob, nurse_project):
    from tests.tagged_pdf import assert_tagged
    from tests.welcome_kits.helpers import pdf_text
    from welcome_kits.rendering import kit_render_pdf

    pin(client, bob, nurse_project)

    data = kit_render_pdf(Project.objects.get(pk=nurse_project.pk))

    # Tagged, its headings in order with the offers' chapter among them.
    assert_tagged(data, title="Kit de bienvenue")  # no territory: the project's place was set behind its back
    assert "CENTRE HOSPITALIER DE FIGEAC" in pdf_text(data)
