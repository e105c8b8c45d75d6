"""Segments and needs are seeded once, in a fresh database; after that they
are the coordinators' to change, and a later `migrate` leaves them alone."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
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


def test_a_fresh_database_gets_the_reference_data(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=settings.BASE_DIR,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as db:
        segments = {code for (code,) in db.execute("SELECT code FROM crm_segment")}
        needs = {code for (code,) in db.execute("SELECT code FROM crm_need")}
    assert segments == {code for code, _name, _description in SEGMENTS}
    assert needs == {code for code, _name in NEEDS}


@pytest.mark.django_db(transaction=True)
def test_a_flush_brings_the_reference_data_back():
    # A flush empties every table, as if the database were new (the
    # transactional tests' reset): the reference data comes back with it.
    Segment.objects.all().delete()
    call_command("flush", interactive=False, verbosity=0)
    assert Segment.objects.count() == len(SEGMENTS)
    assert Need.objects.count() == len(NEEDS)
