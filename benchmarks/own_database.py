"""Each benchmark's database of its own: created from DATABASE_URL's name and a
suffix (migrated by Django's test-database utilities), dropped at the end unless
kept, never the database DATABASE_URL names itself."""

import sys
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases, teardown_databases


@contextmanager
def own_database(script, suffix, *, keep=False):
    """Within: the default connection on a fresh `<name>_<suffix>` database (PostgreSQL only)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"benchmarks/{script} needs DATABASE_URL=postgres://... (PostgreSQL).")
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_{suffix}"
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield connection.settings_dict["NAME"]
    finally:
        if keep:
            print(f"Kept database {connection.settings_dict['NAME']}.")
        else:
            teardown_databases(old_config, verbosity=0)
