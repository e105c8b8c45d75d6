"""`migrate` alone, on a fresh database, leaves a working app: the database
cache's table (no model's, so no migration's) is made too. Run as a deployer
would, in other processes, on a SQLite file with the default cache (the
database's, as when REDIS_URL is unset)."""

import os
import sqlite3
import subprocess
import sys

from django.conf import settings

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
    clean = {key: value for key, value in os.environ.items()
             if key not in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{database}",
                 DEBUG="false", ALLOWED_HOSTS="testserver", LOG_LEVEL="CRITICAL", **env)
    result = subprocess.run([sys.executable, *args], cwd=settings.BASE_DIR, env=clean, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _tables(database):
    with sqlite3.connect(database) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrate_alone_leaves_the_public_form_and_the_api_working(tmp_path):
    database = tmp_path / "db.sqlite3"
    _run(["manage.py", "migrate", "--no-input", "-v", "0"], database)
    assert "django_cache" in _tables(database)
    answers = _run(["-c", REQUESTS], database)
    assert answers.split() == ["form", "200", "api", "200"]


def test_a_later_switch_to_the_database_cache_gets_its_table_at_the_next_migrate(tmp_path):
    database = tmp_path / "db.sqlite3"
    # First deployed with Redis as the cache: no table to make.
    _run(["manage.py", "migrate", "--no-input", "-v", "0"], database, REDIS_URL="redis://127.0.0.1:1/0")
    assert "django_cache" not in _tables(database)
    _run(["manage.py", "migrate", "--no-input", "-v", "0"], database)
    assert "django_cache" in _tables(database)
