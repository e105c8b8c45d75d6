"""The committee PDF's pages: the report page asks for it (a form, POST
with its filters), the former address leads to the asking page, the
request's page shows where it is without JavaScript (a status line in a
live region, a progress bar, a refresh link, then the download link), and
only its requester ever sees it: anybody else gets the same 404 as for a
request that does not exist."""

import re
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from crm.access import COORDINATOR_GROUP
from crm.models import Network, Team
from reports.models import ReportPdf
from tests.conftest import join_network

from .pdf_flow import pdf_ask
from .test_dataset import PERIOD_2025

pytestmark = pytest.mark.django_db

FILTERS = {**PERIOD_2025, "source": "website"}
# Session, user, the staff check (the account's groups), the scope key
# (the coordinator check is the same groups, then the account's networks),
# the request's row.
STATUS_PAGE_QUERIES = 5


@pytest.fixture
def published():
    with mock.patch("crm.queue.publish") as publish:
        yield publish


@pytest.fixture
def waiting(client, alice, published):
    """Alice's request, written and not yet built."""
    client.force_login(alice)
    return pdf_ask(client, FILTERS)


@pytest.fixture
def gaelle(db):
    """The coordinator of another network, the Lot-et-Garonne."""
    network = Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="LG Attractivité")
    user = User.objects.create_user("gaelle", password="password")
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    return join_network(user, network)


def status_url(row):
    return reverse("report_pdf_status", args=[row.public_id])


def test_the_report_page_asks_for_the_pdf_with_a_form_that_keeps_its_filters(client, alice):
    client.force_login(alice)
    page = client.get(reverse("report"), FILTERS).content.decode()
    action = reverse("report_pdf_request")
    form = re.search(rf'<form method="post" action="{action}".*?</form>', page, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    assert hidden == {**FILTERS, "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"]}
    assert '<button type="submit"' in form and "Rapport pour le comité de pilotage (PDF)" in form
    assert f'href="{reverse("report_pdf")}' not in page


def test_the_former_address_leads_to_the_asking_page_with_its_filters_and_builds_nothing(client, alice, published):
    client.force_login(alice)
    response = client.get(reverse("report_pdf"), FILTERS)
    assert response.status_code == 302
    assert response["Location"] == reverse("report_pdf_request") + "?start=2025-01-01&end=2025-12-31&source=website"
    page = client.get(response["Location"]).content.decode()
    assert "Préparer le PDF" in page and "Formulaire du site" in page and 'name="csrfmiddlewaretoken"' in page
    assert not ReportPdf.objects.exists() and published.call_count == 0


def test_while_it_is_prepared_the_page_shows_the_status_a_progress_bar_and_a_refresh_link(client, waiting):
    page = client.get(status_url(waiting)).content.decode()
    live = re.search(r'<div aria-live="polite" aria-atomic="true">(.*?)</div>', page, re.S).group(1)
    assert "Votre demande est enregistrée ; la préparation va commencer." in live
    assert '<label for="report-pdf-progress"' in page
    assert '<progress id="report-pdf-progress" class="w-100" max="100" value="0">' in page
    assert f'<a href="{status_url(waiting)}">Actualiser la page</a>' in page
    assert re.search(r'<p id="report-pdf-download-box" class="mb-2" hidden>', page)
    assert f'data-state-url="{reverse("report_pdf_state", args=[waiting.public_id])}"' in page
    assert 'data-status="pending"' in page
    assert "js/poll_status.js" in page and "js/report_pdf.js" in page
    assert "Période du 01/01/2025 au 31/12/2025" in page


def test_each_step_is_named_on_the_page_and_in_its_state(client, waiting):
    ReportPdf.objects.filter(pk=waiting.pk).update(status="running", step="figures", progress=10)
    assert "En préparation : calcul des chiffres…" in client.get(status_url(waiting)).content.decode()
    ReportPdf.objects.filter(pk=waiting.pk).update(step="layout", progress=50)
    assert client.get(reverse("report_pdf_state", args=[waiting.public_id])).json() == {
        "status": "running", "step": "Mise en page", "progress": 50, "message": "En préparation : mise en page…"}


def test_once_ready_the_page_gives_the_download_link(client, alice):
    client.force_login(alice)
    row = pdf_ask(client, FILTERS)
    page = client.get(status_url(row)).content.decode()
    download = reverse("report_pdf_file", args=[row.public_id])
    assert "Votre PDF est prêt." in page
    assert f'<a id="report-pdf-download" class="btn btn-primary" href="{download}" download>' in page
    assert "<progress" not in page and "Actualiser la page" not in page
    assert client.get(reverse("report_pdf_state", args=[row.public_id])).json()["download_url"] == download
    response = client.get(download)
    assert response["Content-Disposition"] == 'attachment; filename="rapport_comite_2025-01-01_2025-12-31.pdf"'
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_an_expired_pdf_is_offered_again_not_served(client, alice):
    client.force_login(alice)
    row = pdf_ask(client, FILTERS)
    ReportPdf.objects.filter(pk=row.pk).update(expires_at=row.finished_at)
    page = client.get(status_url(row)).content.decode()
    assert "Ce PDF a expiré. Vous pouvez le demander à nouveau." in page
    assert "Demander le PDF à nouveau" in page and 'id="report-pdf-download-box" class="mb-2" hidden' in page
    assert client.get(reverse("report_pdf_state", args=[row.public_id])).json()["status"] == "expired"
    assert client.get(reverse("report_pdf_file", args=[row.public_id])).status_code == 404


def _answers(client, public_id):
    # The sign-out form's CSRF token aside (it is random on every page).
    return [(response.status_code, re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content))
            for response in (
        client.get(reverse(name, args=[public_id]))
        for name in ("report_pdf_status", "report_pdf_state", "report_pdf_file"))]


@pytest.mark.parametrize("who", ["a referent of the network", "another coordinator of the network",
                                 "the coordinator of another network"])
def test_anybody_but_the_requester_gets_the_same_404_as_for_no_request(client, waiting, bob, gaelle, who):
    if who == "a referent of the network":
        client.force_login(bob)
    elif who == "another coordinator of the network":
        other = User.objects.create_user("amelie", password="password")
        other.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
        client.force_login(join_network(other))
    else:
        client.force_login(gaelle)
    theirs = _answers(client, waiting.public_id)
    assert [status for status, _ in theirs] == [404, 404, 404]
    assert theirs == _answers(client, uuid.uuid4())


def test_a_requester_whose_scope_changed_no_longer_sees_the_request(client, bob, organisation, published):
    client.force_login(bob)
    row = pdf_ask(client, FILTERS)
    assert client.get(status_url(row)).status_code == 200
    Team.objects.create(name="Accueil Figeac", organisation=organisation).members.add(bob.referent)
    assert client.get(status_url(row)).status_code == 404


@pytest.mark.parametrize("others", [0, 20])
def test_the_page_runs_a_fixed_number_of_queries(client, alice, waiting, django_assert_num_queries, others):
    ReportPdf.objects.bulk_create([
        ReportPdf(public_id=uuid.uuid4(), requested_by=alice, params=FILTERS, scope_key=waiting.scope_key)
        for _ in range(others)])
    with django_assert_num_queries(STATUS_PAGE_QUERIES):
        assert client.get(status_url(waiting)).status_code == 200
    with django_assert_num_queries(STATUS_PAGE_QUERIES):
        assert client.get(reverse("report_pdf_state", args=[waiting.public_id])).status_code == 200
