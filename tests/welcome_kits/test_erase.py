"""Kits hold personal data (names, household): deleting them deletes their PDFs."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from welcome_kits.models import Kit
from welcome_kits.services import kits_erase


@pytest.fixture
def kits(project):
    name = default_storage.save(f"kits/{project.public_id}/erase.pdf", ContentFile(b"%PDF-1.7"))
    first = Kit.objects.create(project=project, status=Kit.Status.DONE, version=1, file=name)
    repeat = Kit.objects.create(project=project, status=Kit.Status.DONE, same_as=first, file=name)
    return first, repeat


def test_erasing_a_projects_kits_deletes_rows_and_files(project, kits, django_capture_on_commit_callbacks):
    name = kits[0].file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert kits_erase(project_ids=[project.pk]) == 2
    assert not Kit.objects.filter(project=project).exists()
    assert not default_storage.exists(name)


def test_a_file_shared_by_an_identical_request_stays_while_one_row_needs_it(kits, django_capture_on_commit_callbacks):
    first, repeat = kits
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert default_storage.exists(repeat.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        repeat.delete()
    assert not default_storage.exists(repeat.file.name)


def test_nothing_is_deleted_if_the_deletion_rolls_back(kits):
    # Without a commit the on_commit callbacks never run.
    kits[0].delete()
    assert default_storage.exists(kits[1].file.name)
