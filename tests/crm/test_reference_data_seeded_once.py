"""Segments and needs are seeded once, in a fresh database; after that they
are the coordinators' to change, and a later `migrate` leaves them alone.
(The fresh database's seeding is checked with the other first-migrate
checks, in tests/config/test_fresh_migrate.py.)"""

import pytest
from django.core.management import call_command

from crm.models import Need, Segment
from crm.services.reference import NEEDS, SEGMENTS


@pytest.mark.django_db
def test_a_segment_and_a_need_a_coordinator_deleted_stay_deleted_after_migrate():
    Segment.objects.filter(code="touriste").delete()
    Need.objects.filter(code="mobilite").delete()
    Segment.objects.filter(code="jeune").update(name="Jeunes du territoire")

    call_command("migrate", verbosity=0)

    assert not Segment.objects.filter(code="touriste").exists()
    assert not Need.objects.filter(code="mobilite").exists()
    assert Segment.objects.get(code="jeune").name == "Jeunes du territoire"


@pytest.mark.django_db(transaction=True)
def test_a_flush_brings_the_reference_data_back():
    # A flush empties every table, as if the database were new (the
    # transactional tests' reset): the reference data comes back with it.
    Segment.objects.all().delete()
    call_command("flush", interactive=False, verbosity=0)
    assert Segment.objects.count() == len(SEGMENTS)
    assert Need.objects.count() == len(NEEDS)
