"""Kits that stay true: what a done kit shows changes (its referent, its
territory, the household, content scoped to it), and a new version follows,
one per burst of changes (KIT_REFRESH_DELAY), served by every link the
prospect holds; the prospect hears of a new referent or territory, and of a
content edit only when staff announce it.

The clock is frozen (`clock`) and Celery runs in-process: no test sleeps."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from crm.models import Contact
from onboarding.services.projects import contact_update_details, project_update_details
from onboarding.services.routing import project_reassign
from welcome_kits.links import kit_download_path
from welcome_kits.models import ContentBlock, Kit
from welcome_kits.services import kit_refresh_for, kit_refresh_request, kit_request, kit_requeue_stale

T0 = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def at(minutes):
    return T0 + datetime.timedelta(minutes=minutes)


@pytest.fixture
def clock():
    """clock(minutes): the time is T0 + minutes inside the block."""

    @contextmanager
    def frozen(minutes):
        with mock.patch("django.utils.timezone.now", return_value=at(minutes)):
            yield

    return frozen


@pytest.fixture
def project(kit_content, make_project):
    return make_project(kit_content["commune"], "famille", ["garde-ecole"], children_ages=[7])


@pytest.fixture
def kit_v1(project, clock, django_capture_on_commit_callbacks):
    """The project's first kit, done and e-mailed at T0; the mailbox emptied."""
    with clock(0), django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project)
    kit.refresh_from_db()
    assert kit.version == 1 and len(mail.outbox) == 1
    mail.outbox.clear()
    return kit


def _sweep(clock, minutes, capture):
    with clock(minutes), capture(execute=True):
        return kit_requeue_stale(now=at(minutes))


def _versions(project):
    return sorted(Kit.objects.filter(project=project, version__isnull=False).values_list("version", flat=True))


def _prospect_mail(project):
    return [m for m in mail.outbox if m.to == [project.contact.email]]


def _reassign(project, alice, charlie, clock, minutes, capture):
    with clock(minutes), capture(execute=True):
        project_reassign(project=project, referent=charlie.referent, user=alice, reason="Bob part en congé")


def test_a_reassignment_makes_one_new_version_after_the_delay_served_by_the_old_link(
    project, kit_v1, alice, charlie, clock, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _reassign(project, alice, charlie, clock, 1, capture)
    assert _versions(project) == [1]  # nothing before the changes settle
    assert _sweep(clock, 10, capture) == 0  # 9 minutes after the change: still waiting
    assert _versions(project) == [1]

    _sweep(clock, 12, capture)
    assert _versions(project) == [1, 2]
    v2 = Kit.objects.get(project=project, version=2)
    assert v2.facts["referent"] == charlie.referent.pk
    # The prospect: one e-mail, saying the kit is updated.
    [message] = _prospect_mail(project)
    assert message.subject == "Votre kit de bienvenue est mis à jour"
    # The link of version 1 (the first e-mail's) now serves version 2.
    with clock(13):
        response = client.get(kit_download_path(kit_v1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == default_storage.open(v2.file.name).read()
    assert "kit-de-bienvenue-v2.pdf" in response["Content-Disposition"]

    # Sweeping again changes nothing and sends nothing.
    _sweep(clock, 30, capture)
    assert _versions(project) == [1, 2] and len(_prospect_mail(project)) == 1


def test_staff_still_download_the_old_version(project, kit_v1, alice, charlie, clock, client,
                                              django_capture_on_commit_callbacks):
    _reassign(project, alice, charlie, clock, 1, django_capture_on_commit_callbacks)
    _sweep(clock, 12, django_capture_on_commit_callbacks)
    client.force_login(alice)
    response = client.get(f"/equipe/projets/{project.pk}/kit/{kit_v1.pk}/telecharger/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == default_storage.open(kit_v1.file.name).read()


def test_changes_within_the_delay_make_one_version(project, kit_v1, alice, bob, charlie, kit_content, clock,
                                                   django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    _reassign(project, alice, charlie, clock, 1, capture)
    # Eight minutes later the target commune changes (Charlie keeps the
    # project: no re-routing): the refresh waits ten more minutes.
    with clock(9), capture(execute=True):
        project_update_details(project=project, user=alice, keep_referent=True,
                               project_fields={"target_commune": kit_content["cahors"],
                                               "target_epci": kit_content["grand_cahors"]})
    assert Kit.objects.filter(project=project, status=Kit.Status.PENDING).count() == 1
    assert _sweep(clock, 12, capture) == 0  # 11 after the first change, 3 after the last
    _sweep(clock, 20, capture)
    assert _versions(project) == [1, 2]
    v2 = Kit.objects.get(project=project, version=2)
    assert (v2.facts["referent"], v2.facts["commune"]) == (charlie.referent.pk, kit_content["cahors"].pk)
    assert len(_prospect_mail(project)) == 1


def test_a_burst_of_changes_waits_no_longer_than_the_maximum(project, kit_v1, clock):
    for minutes in range(1, 120, 5):  # a change every five minutes for two hours
        with clock(minutes):
            row = kit_refresh_request(project_id=project.pk, now=at(minutes))
    assert row.not_before == at(1) + datetime.timedelta(hours=1)
    assert Kit.objects.filter(project=project, refresh=True).count() == 1


def test_a_project_never_given_a_kit_is_not_given_one_by_an_edit(project, alice, charlie, clock,
                                                                 django_capture_on_commit_callbacks):
    _reassign(project, alice, charlie, clock, 1, django_capture_on_commit_callbacks)
    _sweep(clock, 30, django_capture_on_commit_callbacks)
    assert not Kit.objects.filter(project=project).exists()


def test_a_household_edit_updates_the_kit_without_an_email(project, kit_v1, alice, clock,
                                                           django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    contact = Contact.objects.get(pk=project.contact_id)
    with clock(1), capture(execute=True):
        contact_update_details(contact=contact, user=alice, fields={"children_ages": [1, 7]})
    _sweep(clock, 12, capture)
    assert _versions(project) == [1, 2]  # a baby: the childcare item appears
    assert _prospect_mail(project) == []


def test_a_change_undone_within_the_delay_makes_no_version(project, kit_v1, alice, bob, charlie, clock,
                                                           django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    _reassign(project, alice, charlie, clock, 1, capture)
    with clock(3), capture(execute=True):
        project_reassign(project=project, referent=bob.referent, user=alice, reason="Finalement non")
    _sweep(clock, 14, capture)
    assert _versions(project) == [1]
    assert Kit.objects.get(project=project, refresh=True).same_as == kit_v1
    assert _prospect_mail(project) == []


def _edit_family_block(clock, minutes):
    block = ContentBlock.objects.get(title="Inscrire vos enfants à l'école")
    with clock(minutes):
        block.body += "\n\nNouveau : les inscriptions ouvrent en mars."
        block.save()
    return block


@pytest.mark.parametrize("announce, emails", [(False, 0), (True, 1)])
def test_a_content_edit_makes_a_new_version_and_an_email_only_when_announced(
    project, kit_v1, clock, announce, emails, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    block = _edit_family_block(clock, 1)
    assert block.pk in kit_v1.facts["blocks"]
    with clock(1), capture(execute=True):
        assert kit_refresh_for(model=ContentBlock, ids=[block.pk], announce=announce) == 1
    _sweep(clock, 12, capture)
    assert _versions(project) == [1, 2]
    assert len(_prospect_mail(project)) == emails


def test_a_content_edit_leaves_the_kits_it_does_not_concern(project, kit_v1, clock,
                                                            django_capture_on_commit_callbacks):
    block = ContentBlock.objects.get(title="Exercer en maison de santé")  # health professionals only
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        assert kit_refresh_for(model=ContentBlock, ids=[block.pk], announce=True) == 0
    assert not Kit.objects.filter(project=project, refresh=True).exists()


def test_the_content_admin_refreshes_and_announces_only_when_asked(
    project, kit_v1, clock, client, django_user_model, django_capture_on_commit_callbacks
):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "password")
    client.force_login(root)
    block = ContentBlock.objects.get(title="Inscrire vos enfants à l'école")
    with clock(1), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/welcome_kits/contentblock/", {
            "action": "refresh_and_announce", "_selected_action": [block.pk],
        })
    assert response.status_code == 302
    row = Kit.objects.get(project=project, refresh=True)
    assert row.announce and row.not_before == at(11)
