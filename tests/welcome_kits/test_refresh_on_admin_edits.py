"""Kits that stay true to what staff edit in the admin: a service point, a
partner, a section, the network's brand... (welcome_kits.concerned). An
edit queues one new version of each done kit that shows the row, none of
the others; edits within KIT_REFRESH_DELAY make one version; the prospect
is e-mailed (through the outbox) only when staff tick "announce"; the old
version stays for staff and the prospect's link serves the new one.

The clock is frozen and Celery runs in-process: no test sleeps. Whether a
version is new is decided on the HTML; the PDF, not at stake here, is a
stand-in made from it (WeasyPrint is tested in test_kit_pdfs)."""

import datetime
import hashlib
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from crm.models import OutboxEmail, Segment
from welcome_kits.concerned import KIT_SUBJECTS
from welcome_kits.links import kit_download_path
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact, ServicePoint
from welcome_kits.services import kit_refresh_for, kit_request, kit_requeue_stale

T0 = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def at(minutes):
    return T0 + datetime.timedelta(minutes=minutes)


@contextmanager
def clock(minutes):
    with mock.patch("django.utils.timezone.now", return_value=at(minutes)):
        yield


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    monkeypatch.setattr("welcome_kits.rendering.html_to_pdf",
                        lambda html, **kwargs: b"%PDF-1.7 " + hashlib.sha256(html.encode()).hexdigest().encode())


@pytest.fixture
def kits(kit_content, make_project, django_capture_on_commit_callbacks):
    """Two projects with a done kit (version 1) at T0: one in Figeac, one in Agen."""
    figeac = make_project(kit_content["commune"], "famille", ["garde-ecole"], children_ages=[7])
    agen = make_project(kit_content["agen"], "famille", ["garde-ecole"], children_ages=[7],
                        first_name="Lou", email="lou@example.org")
    for project in (figeac, agen):
        with clock(0), django_capture_on_commit_callbacks(execute=True):
            kit_request(project=project)
    mail.outbox.clear()
    return {"figeac": figeac, "agen": agen}


@pytest.fixture
def root(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "password"))
    return client


def _point():
    return ServicePoint.objects.get(name="France Services de Figeac")


def _edit_point(client, capture, minutes, *, phone, announce=False):
    point = _point()
    data = {"category": point.category, "name": point.name, "address": point.address, "commune": point.commune_id,
            "latitude": point.latitude, "longitude": point.longitude, "phone": phone, "website": point.website,
            "hours": point.hours, "is_active": "on"}
    if announce:
        data["announce"] = "on"
    with clock(minutes), capture(execute=True):
        response = client.post(f"/admin/welcome_kits/servicepoint/{point.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _sweep(minutes, capture):
    with clock(minutes), capture(execute=True):
        kit_requeue_stale(now=at(minutes))


def _refreshes(project):
    return Kit.objects.filter(project=project, refresh=True).count()


def _versions(project):
    return sorted(Kit.objects.filter(project=project, version__isnull=False).values_list("version", flat=True))


def _kit_emails(project):
    return OutboxEmail.objects.filter(kind="welcome_kits.kit_ready", project_id=project.pk).count()


def test_the_kits_record_the_service_points_they_list(kits):
    figeac_kit = Kit.objects.get(project=kits["figeac"], version=1)
    agen_kit = Kit.objects.get(project=kits["agen"], version=1)
    assert _point().pk in figeac_kit.facts["services"]
    assert _point().pk not in agen_kit.facts["services"]


def test_editing_a_listed_service_point_queues_one_version_of_the_kits_that_list_it(
    kits, root, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _edit_point(root, capture, 1, phone="05 65 00 00 01")
    assert (_refreshes(kits["figeac"]), _refreshes(kits["agen"])) == (1, 0)
    # A second edit within the delay joins the same refresh.
    _edit_point(root, capture, 5, phone="05 65 00 00 02")
    assert (_refreshes(kits["figeac"]), _refreshes(kits["agen"])) == (1, 0)
    _sweep(16, capture)
    assert _versions(kits["figeac"]) == [1, 2] and _versions(kits["agen"]) == [1]
    # Not announced: no e-mail beyond the first kit's.
    assert _kit_emails(kits["figeac"]) == 1 and mail.outbox == []


def test_an_announced_edit_emails_the_prospect_once_and_their_link_serves_the_new_version(
    kits, root, client, alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    project = kits["figeac"]
    v1 = Kit.objects.get(project=project, version=1)
    _edit_point(root, capture, 1, phone="05 65 00 00 03", announce=True)
    _sweep(12, capture)
    assert _versions(project) == [1, 2]
    v2 = Kit.objects.get(project=project, version=2)
    assert _kit_emails(project) == 2  # version 1's and version 2's
    assert [m.to for m in mail.outbox] == [[project.contact.email]]
    assert _kit_emails(kits["agen"]) == 1
    # The prospect's old link serves the new version...
    root.logout()
    with clock(13):
        response = client.get(kit_download_path(v1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == default_storage.open(v2.file.name).read()
    # ...and staff still download the old one.
    client.force_login(alice)
    response = client.get(f"/equipe/projets/{project.pk}/kit/{v1.pk}/telecharger/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == default_storage.open(v1.file.name).read()


def test_an_edit_that_changes_nothing_a_kit_prints_queues_nothing(kits, root, django_capture_on_commit_callbacks):
    point = _point()
    _edit_point(root, django_capture_on_commit_callbacks, 1, phone=point.phone)
    assert _refreshes(kits["figeac"]) == 0


def test_deleting_a_listed_service_point_refreshes_the_kits_that_listed_it(
    kits, root, django_capture_on_commit_callbacks
):
    point = _point()
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        response = root.post(f"/admin/welcome_kits/servicepoint/{point.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ServicePoint.objects.filter(pk=point.pk).exists()
    assert (_refreshes(kits["figeac"]), _refreshes(kits["agen"])) == (1, 0)
    _sweep(12, django_capture_on_commit_callbacks)
    assert point.pk not in Kit.objects.get(project=kits["figeac"], version=2).facts["services"]
    assert mail.outbox == []


def test_a_new_brand_for_the_network_refreshes_its_kits(kits, root, django_capture_on_commit_callbacks):
    network = kits["figeac"].network
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        response = root.post("/admin/crm/network/", {
            "action": "refresh_and_announce", "_selected_action": [network.pk],
        })
    assert response.status_code == 302
    for project in (kits["figeac"], kits["agen"]):
        row = Kit.objects.get(project=project, refresh=True)
        assert row.announce


def _queued(kits):
    """Which of the projects have a refresh waiting."""
    return {name for name, project in kits.items() if Kit.objects.filter(project=project, refresh=True).exists()}


def test_a_kit_records_every_kind_of_row_it_shows(kits):
    facts = Kit.objects.get(project=kits["figeac"], version=1).facts
    assert {subject.key for subject in KIT_SUBJECTS.values()} <= set(facts)


@pytest.mark.parametrize("partner_name, concerned", [
    ("Relais Petite Enfance du Grand-Figeac", {"figeac"}),  # tied to Figeac's EPCI
    ("Mon Enfant (CAF)", {"figeac", "agen"}),  # everyone's
    ("Relais Petite Enfance du Grand Cahors", set()),  # another EPCI: in no kit here
    ("CPAM du Lot", set()),  # a need neither project has
], ids=["epci-partner", "shared-partner", "other-epci", "other-need"])
def test_a_partner_edit_refreshes_the_kits_that_list_it(kits, partner_name, concerned,
                                                         django_capture_on_commit_callbacks):
    partner = PartnerContact.objects.get(organisation=partner_name)
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        assert kit_refresh_for(model=PartnerContact, ids=[partner.pk]) == len(concerned)
    assert _queued(kits) == concerned


def test_a_partner_moved_into_a_projects_territory_refreshes_its_kit(kits, kit_content,
                                                                      django_capture_on_commit_callbacks):
    partner = PartnerContact.objects.get(organisation="Relais Petite Enfance du Grand Cahors")
    partner.epci = kit_content["epci"]  # now Grand-Figeac's
    partner.save()
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        kit_refresh_for(model=PartnerContact, ids=[partner.pk])
    assert _queued(kits) == {"figeac"}


def test_of_the_agencies_of_one_network_only_the_listed_one_refreshes_a_kit(
    kit_content, make_project, django_capture_on_commit_callbacks
):
    seeker = make_project(kit_content["commune"], "talent", ["emploi"])
    with clock(0), django_capture_on_commit_callbacks(execute=True):
        kit_request(project=seeker)
    figeac = PartnerContact.objects.get(organisation="France Travail – agence de Figeac")
    cahors = PartnerContact.objects.get(organisation="France Travail – agence de Cahors")
    assert figeac.pk in Kit.objects.get(project=seeker, version=1).facts["partners"]
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        assert kit_refresh_for(model=PartnerContact, ids=[cahors.pk]) == 0  # farther: not in the kit
        assert kit_refresh_for(model=PartnerContact, ids=[figeac.pk]) == 1


def test_a_new_service_point_near_a_project_refreshes_its_kit_only(kits, kit_content,
                                                                    django_capture_on_commit_callbacks):
    figeac = kit_content["commune"]
    point = ServicePoint.objects.create(
        category=ServicePoint.Category.COWORKING, name="Tiers-lieu du port", commune=figeac,
        latitude=float(figeac.latitude) + 0.001, longitude=float(figeac.longitude),
    )
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        assert kit_refresh_for(model=ServicePoint, ids=[point.pk]) == 1
    assert _queued(kits) == {"figeac"}


def test_a_section_renamed_refreshes_the_kits_that_show_it(kits, django_capture_on_commit_callbacks):
    section = ContentBlock.objects.get(title="Inscrire vos enfants à l'école").section
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        kit_refresh_for(model=KitSection, ids=[section.pk])
    assert "figeac" in _queued(kits)
    assert all(section.pk in Kit.objects.get(project=kits[name], version=1).facts["sections"]
               for name in _queued(kits))


def _segment_form(segment, **changes):
    return {"name": segment.name, "code": segment.code, "position": segment.position, "is_active": "on", **changes}


@pytest.mark.parametrize("changes, concerned", [
    ({"name": "Familles avec enfants"}, {"figeac", "agen"}),  # printed in the kit
    ({"position": 99}, set()),  # not printed
], ids=["renamed", "reordered"])
def test_a_segment_edit_in_crms_admin_refreshes_the_kits_that_print_what_changed(
    kits, root, changes, concerned, django_capture_on_commit_callbacks
):
    segment = Segment.objects.get(code="famille")
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        response = root.post(f"/admin/crm/segment/{segment.pk}/change/", _segment_form(segment, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _queued(kits) == concerned
