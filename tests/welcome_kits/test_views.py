"""The staff kit page (the cast: Alice coordinates, Bob follows the project,
Charlie sees nothing of it) and the prospect's signed link."""

import time

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from welcome_kits.links import kit_download_path, latest_kit_link_for
from welcome_kits.models import Kit


@pytest.fixture
def done_kit(project):
    name = default_storage.save(f"kits/{project.public_id}/test.pdf", ContentFile(b"%PDF-1.7 test kit"))
    return Kit.objects.create(project=project, status=Kit.Status.DONE, version=1, file=name, size=17)


def _page(project):
    return reverse("kit_project", args=[project.pk])


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_staff_who_see_the_project_see_its_kits(request, client, project, done_kit, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_page(project))
    assert response.status_code == 200
    assert reverse("kit_staff_download", args=[project.pk, done_kit.pk]) in response.text
    assert "Générer le kit maintenant" in response.text


def test_charlie_gets_a_404_for_a_project_he_cannot_see(client, charlie, project, done_kit):
    client.force_login(charlie)
    assert client.get(_page(project)).status_code == 404
    assert client.get(reverse("kit_staff_download", args=[project.pk, done_kit.pk])).status_code == 404
    assert client.post(reverse("kit_generate", args=[project.pk])).status_code == 404
    assert not Kit.objects.exclude(pk=done_kit.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, project):
    response = client.get(_page(project))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_bob_asks_for_a_kit_from_the_page(client, bob, project, django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("kit_generate", args=[project.pk]), {"notify": "on"})
    assert response.status_code == 302
    kit = Kit.objects.get(project=project)
    assert (kit.status, kit.requested_by, kit.notify_prospect) == (Kit.Status.PENDING, bob, True)
    assert len(queued) == 1


def test_unticking_the_box_sends_no_email(client, bob, project, django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks():
        client.post(reverse("kit_generate", args=[project.pk]))
    assert Kit.objects.get(project=project).notify_prospect is False


def test_generating_needs_a_post(client, bob, project):
    client.force_login(bob)
    assert client.get(reverse("kit_generate", args=[project.pk])).status_code == 405


def test_the_page_shows_pending_and_failed_kits_with_a_retry_button(client, alice, project):
    Kit.objects.create(project=project, status=Kit.Status.PENDING)
    failed = Kit.objects.create(project=project, status=Kit.Status.FAILED, error="RuntimeError: boom")
    client.force_login(alice)
    text = client.get(_page(project)).text
    assert "En attente" in text and "Échec" in text and "RuntimeError: boom" in text
    assert reverse("kit_retry", args=[project.pk, failed.pk]) in text


def test_bob_retries_a_failed_kit(client, bob, project, django_capture_on_commit_callbacks):
    failed = Kit.objects.create(project=project, status=Kit.Status.FAILED, error="boom", attempts=4)
    client.force_login(bob)
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("kit_retry", args=[project.pk, failed.pk]))
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == (Kit.Status.PENDING, 0, "")
    assert len(queued) == 1


def test_a_team_member_may_read_but_not_generate(client, charlie, project, done_kit):
    from crm.models import Team

    team = Team.objects.create(name="Accueil Figeac", organisation=charlie.referent.organisation)
    team.members.add(charlie.referent)
    project.team = team
    project.save()
    client.force_login(charlie)
    page = client.get(_page(project))
    assert page.status_code == 200
    assert "Générer le kit maintenant" not in page.text
    assert client.post(reverse("kit_generate", args=[project.pk])).status_code == 403


def test_staff_download_the_pdf(client, bob, project, done_kit):
    client.force_login(bob)
    response = client.get(reverse("kit_staff_download", args=[project.pk, done_kit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test kit"


def test_the_signed_link_downloads_the_kit_without_an_account(client, done_kit):
    response = client.get(kit_download_path(done_kit))
    assert response.status_code == 200
    assert 'filename="kit-de-bienvenue-v1.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_tampered_link_gets_a_french_404_page(client, done_kit):
    path = kit_download_path(done_kit)
    response = client.get(path[:-3] + "abc/")
    assert response.status_code == 404
    assert "Lien invalide" in response.text


def test_a_link_for_another_kit_id_cannot_be_forged(client, done_kit):
    token = signing.dumps({"kit": done_kit.pk}, salt="another.salt")
    response = client.get(reverse("kit_download", args=["programme", token]))
    assert response.status_code == 404


def test_an_expired_link_gets_a_french_410_page(client, done_kit, settings, monkeypatch):
    settings.KIT_LINK_MAX_AGE_DAYS = 30
    now = time.time()
    with monkeypatch.context() as m:
        m.setattr(signing.time, "time", lambda: now - 31 * 24 * 3600)
        path = kit_download_path(done_kit)  # signed 31 days ago
    response = client.get(path)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.text


def test_a_link_still_works_just_before_it_expires(client, done_kit, settings, monkeypatch):
    settings.KIT_LINK_MAX_AGE_DAYS = 30
    now = time.time()
    with monkeypatch.context() as m:
        m.setattr(signing.time, "time", lambda: now - 29 * 24 * 3600)
        path = kit_download_path(done_kit)
    assert client.get(path).status_code == 200


def test_a_link_to_a_deleted_file_says_the_kit_is_unavailable(client, done_kit):
    default_storage.delete(done_kit.file.name)
    response = client.get(kit_download_path(done_kit))
    assert response.status_code == 404
    assert "Kit indisponible" in response.text


def test_a_link_to_a_kit_not_done_says_so(client, project):
    kit = Kit.objects.create(project=project, status=Kit.Status.PENDING)
    assert client.get(kit_download_path(kit)).status_code == 404


def test_latest_kit_link_for_points_to_the_newest_done_kit(client, project, done_kit):
    assert latest_kit_link_for(project).version == 1
    Kit.objects.create(project=project, status=Kit.Status.PENDING)
    link = latest_kit_link_for(project)
    assert link.url == kit_download_path(done_kit)
    assert client.get(link.url).status_code == 200


def test_latest_kit_link_for_is_none_before_any_kit(project):
    assert latest_kit_link_for(project) is None
