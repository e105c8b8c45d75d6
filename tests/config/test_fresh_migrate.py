"""`migrate` alone, on a fresh database, leaves a working app: the database
cache's table (no model's, so no migration's) is made too. Run as a deployer
would, in other processes, on a SQLite file with the default cache (the
database's, as when REDIS_URL is unset). The reference data (segments,
needs) is there too."""

import shutil
import sqlite3

import pytest

from crm.services.reference import NEEDS, SEGMENTS
from tests.fresh_sqlite import fresh_database, run_as_a_deployer, shared_folder

# The public form (its per-address limit) and the API (its throttle) both
# count in the cache: each answered 500 on a missing cache table.
REQUESTS = """
import django
django.setup()
from django.contrib.auth.models import Group, User
from django.test import Client
from crm.access import COORDINATOR_GROUP

client = Client(raise_request_exception=False)
print("form", client.post("/programme/je-depose-mon-projet/", {"first_name": "Lou"}).status_code)
alice = User.objects.create_user("alice", password="x", is_staff=True)
alice.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
client.force_login(alice)
print("api", client.get("/api/v1/projects/").status_code)
"""


def _run(args, database, **env):
    result = run_as_a_deployer(args, database, **env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _tables(database):
    with sqlite3.connect(database) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture(scope="module")
def fresh(request, tmp_path_factory):
    """A fresh database after `migrate` alone, made once for the run (a
    migration from nothing takes a while; under xdist the worker that waits
    for the other to migrate the test database may have run it already,
    tests/fresh_sqlite.py); each test works on its own copy."""
    database, error = fresh_database(shared_folder(request.config, tmp_path_factory))
    assert error == "", error
    return database


@pytest.fixture
def database(fresh, tmp_path):
    copy = tmp_path / "db.sqlite3"
    shutil.copyfile(fresh, copy)
    return copy


def test_migrate_alone_leaves_the_public_form_and_the_api_working(database):
    assert "django_cache" in _tables(database)
    answers = _run(["-c", REQUESTS], database)
    assert answers.split() == ["form", "200", "api", "200"]


def test_a_fresh_database_gets_the_reference_data(database):
    with sqlite3.connect(database) as db:
        segments = {code for (code,) in db.execute("SELECT code FROM crm_segment")}
        needs = {code for (code,) in db.execute("SELECT code FROM crm_need")}
    assert segments == {code for code, _name, _description in SEGMENTS}
    assert needs == {code for code, _name in NEEDS}


def test_a_later_switch_to_the_database_cache_gets_its_table_at_the_next_migrate(database):
    # Deployed with Redis as the cache, a migrate makes no cache table...
    with sqlite3.connect(database) as db:
        db.execute("DROP TABLE django_cache")
    _run(["manage.py", "migrate", "--no-input", "-v", "0"], database, REDIS_URL="redis://127.0.0.1:1/0")
    assert "django_cache" not in _tables(database)
    # ...and the first migrate after Redis is removed makes it.
    _run(["manage.py", "migrate", "--no-input", "-v", "0"], database)
    assert "django_cache" in _tables(database)
