"""A kit downloaded by staff is a read of the project, in the access log with
the kit's version; the prospect downloading their own kit through their link
(they have no account) is not a staff read and leaves no row."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from crm.models import AccessLog
from welcome_kits.links import kit_download_path
from welcome_kits.models import Kit

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_kit(project):
    name = default_storage.save(f"kits/{project.public_id}/test.pdf", ContentFile(b"%PDF-1.7 test kit"))
    return Kit.objects.create(project=project, status=Kit.Status.DONE, version=2, file=name, size=17)


def test_a_staff_download_is_logged_with_the_kit(client, bob, project, done_kit):
    client.force_login(bob)
    response = client.get(reverse("kit_staff_download", args=[project.pk, done_kit.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    row = AccessLog.objects.get()
    assert (row.user, row.kind, row.project_id, row.network_id) == (bob, "kit_download", project.pk,
                                                                    project.network_id)
    assert row.what == {"kit": done_kit.pk, "version": done_kit.shown_version}


def test_the_prospects_own_download_is_not_a_staff_read(client, done_kit):
    response = client.get(kit_download_path(done_kit))
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


def test_a_signed_in_account_using_the_prospects_link_is_logged(client, alice, project, done_kit):
    # The link is the person's; staff who use it instead of their own page still read the project.
    client.force_login(alice)
    assert client.get(kit_download_path(done_kit)).status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.kind, row.project_id) == (alice, "kit_download", project.pk)
    assert row.what == {"kit": done_kit.pk, "version": done_kit.shown_version, "link": "prospect"}


def test_another_referent_gets_404_and_no_row(client, charlie, project, done_kit):
    client.force_login(charlie)
    assert client.get(reverse("kit_staff_download", args=[project.pk, done_kit.pk])).status_code == 404
    assert not AccessLog.objects.exists()
