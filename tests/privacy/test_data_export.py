"""The right of access and portability through the person's own link:
"Télécharger mes données" gathers everything held about them (the registry
of personal data), as JSON and as a readable, tagged PDF, built in the
background with its progress shown, and expiring."""

import datetime
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from crm.models import Contact, Network, PrivacyRequest
from onboarding.services.activity import interaction_log
from onboarding.services.journey import project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import project_create
from onboarding.states import Source
from onboarding.tracking_links import tracking_path, tracking_token
from privacy.models import DataExport
from privacy.services import data_exports_sweep
from tests.tagged_pdf import assert_tagged
from welcome_kits.models import Kit

pytestmark = pytest.mark.django_db


def export_path(project, suffix=""):
    return f"/{project.network.slug}/suivi/{tracking_token(project)}/mes-donnees/{suffix}"


@pytest.fixture
def lived_project(project, bob):
    """Camille's project with a history: a first contact with a note, an exchange, a request, a kit."""
    project_transition(project=project, transition="make_contact", user=bob, note="Appel du mardi, très motivée")
    interaction_log(project=project, user=bob, kind="call", summary="Cherche une maison avec jardin à Figeac")
    PrivacyRequest.objects.create(contact=project.contact, message="Je voudrais savoir ce que vous avez sur moi")
    Kit.objects.create(project=project, status=Kit.Status.DONE, version=1, finished_at=timezone.now(),
                       file="kits/camille.pdf")
    return project


def ask(client, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(export_path(project))
    assert response.status_code == 302
    return DataExport.objects.get(contact=project.contact)


def test_the_tracking_page_leads_to_the_persons_data(client, project):
    page = client.get(tracking_path(project)).content.decode()
    assert "Télécharger mes données" in page
    assert f"/{project.network.slug}/suivi/" in page and "/mes-donnees/" in page


def test_the_copy_holds_everything_about_the_person_and_nothing_of_anyone_else(
        client, lived_project, bob, django_capture_on_commit_callbacks):
    other = project_create(contact=Contact.objects.create(first_name="Dominique", last_name="Vidal",
                                                          email="dominique.vidal@example.org"),
                           source=Source.WEBSITE, referent=bob.referent, summary="Boulanger")
    interaction_log(project=other, user=bob, kind="call", summary="Veut ouvrir une boulangerie")

    export = ask(client, lived_project, django_capture_on_commit_callbacks)

    assert export.status == DataExport.Status.DONE and export.progress == 100
    page = client.get(export_path(lived_project)).content.decode()
    assert "Votre copie est prête." in page
    data = json.loads(b"".join(client.get(export_path(lived_project, f"{export.public_id}.json")).streaming_content))
    sections = {section["key"]: section for section in data["sections"]}
    assert sections["crm.contact"]["rows"][0]["first_name"] == "Camille"
    assert sections["crm.contact"]["rows"][0]["email"] == "camille.roux@example.org"
    assert [row["note"] for row in sections["onboarding.projecttransition"]["rows"]] == ["", "Appel du mardi, très motivée"]
    assert [row["summary"] for row in sections["onboarding.interaction"]["rows"]] == [
        "Cherche une maison avec jardin à Figeac"]
    assert sections["crm.privacyrequest"]["rows"][0]["message"] == "Je voudrais savoir ce que vous avez sur moi"
    assert sections["welcome_kits.kit"]["rows"][0]["version"] == 1
    assert sections["onboarding.project"]["rows"][0]["state"] == "Premier contact"
    assert data["controller"]["programme"] == lived_project.network.programme
    text = json.dumps(data, ensure_ascii=False)
    assert "Dominique" not in text and "boulangerie" not in text
    # What only concerns the institution is not part of it (the admin's log, partners' retry keys).
    assert "admin.logentry" not in sections and "api.idempotencykey" not in sections


def test_the_pdf_is_readable_and_tagged(client, lived_project, django_capture_on_commit_callbacks):
    export = ask(client, lived_project, django_capture_on_commit_callbacks)
    response = client.get(export_path(lived_project, f"{export.public_id}.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    data = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Camille" in text and "Cherche une maison avec jardin" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Copie de vos données personnelles")
    # Headings in order, tables as Table/TR/TH/TD, language and title (tests/tagged_pdf.py).
    assert_tagged(data, title=reader.metadata.title)


def test_progress_is_shown_while_it_is_prepared(client, project):
    client.post(export_path(project))  # the worker has not run (no commit in this test)
    export = DataExport.objects.get(contact=project.contact)
    assert export.status == DataExport.Status.PENDING
    page = client.get(export_path(project)).content.decode()
    assert '<progress id="data-export-progress"' in page and "Actualiser la page" in page
    assert client.get(export_path(project, "etat/")).json() == {
        "status": "pending", "progress": 0,
        "message": "Votre demande est enregistrée ; la préparation va commencer."}
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.RUNNING, progress=40)
    assert client.get(export_path(project, "etat/")).json()["progress"] == 40


def test_asking_twice_while_it_is_prepared_makes_one(client, project):
    client.post(export_path(project))
    client.post(export_path(project))
    assert DataExport.objects.filter(contact=project.contact).count() == 1


@pytest.mark.parametrize("how", ["tampered", "other network", "erased"])
def test_a_link_that_is_not_valid_there_gets_nothing(client, project, how, django_capture_on_commit_callbacks):
    export = ask(client, project, django_capture_on_commit_callbacks)
    good = export_path(project)
    if how == "tampered":
        bad = good.replace("/mes-donnees/", "x/mes-donnees/")
    elif how == "other network":
        other = Network.objects.create(slug="autre", name="Autre", programme="Autre programme")
        bad = good.replace(f"/{project.network.slug}/", f"/{other.slug}/")
    else:
        contact_erase(contact=project.contact)
        bad = good
    response = client.get(bad)
    assert response.status_code == 302 and "/mes-donnees/" not in response["Location"]
    assert client.get(bad + f"{export.public_id}.json").status_code == 404
    assert client.get(bad + "etat/").status_code == 404
    assert client.post(bad).status_code == 302


def test_another_persons_file_is_not_served_under_my_link(client, project, bob, django_capture_on_commit_callbacks):
    other = project_create(contact=Contact.objects.create(first_name="Dominique", last_name="Vidal",
                                                          email="dominique.vidal@example.org"),
                           source=Source.WEBSITE, referent=bob.referent)
    theirs = ask(client, other, django_capture_on_commit_callbacks)
    ask(client, project, django_capture_on_commit_callbacks)
    assert client.get(export_path(project, f"{theirs.public_id}.json")).status_code == 404
    assert client.get(export_path(project, f"{theirs.public_id}.exe")).status_code == 404


def test_the_files_expire_and_are_deleted(client, project, django_capture_on_commit_callbacks):
    export = ask(client, project, django_capture_on_commit_callbacks)
    names = [export.json_file.name, export.pdf_file.name]
    assert all(default_storage.exists(name) for name in names)
    later = export.expires_at + datetime.timedelta(seconds=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert data_exports_sweep(now=later) == (0, 1)

    assert not DataExport.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert client.get(export_path(project, f"{export.public_id}.pdf")).status_code == 404


def test_the_erasure_takes_the_copies_with_the_person(client, project, django_capture_on_commit_callbacks):
    export = ask(client, project, django_capture_on_commit_callbacks)
    names = [export.json_file.name, export.pdf_file.name]
    with django_capture_on_commit_callbacks(execute=True):
        contact_erase(contact=project.contact)
    assert not DataExport.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_pending_copy_left_by_a_lost_message_is_sent_again(project, django_capture_on_commit_callbacks):
    from privacy.services import data_export_request

    export = data_export_request(project=project)  # queued after a commit that never comes: lost
    DataExport.objects.filter(pk=export.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert data_exports_sweep() == (1, 0)
    export.refresh_from_db()
    assert export.status == DataExport.Status.DONE
