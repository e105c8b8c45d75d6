"""Data-migration tests: move the test database to a migration and back.

Moving a database through the migrations takes seconds (Django works out
every state on the way, forwards and backwards); copying a database with
PostgreSQL's `CREATE DATABASE ... TEMPLATE` takes a fraction of one. So on
PostgreSQL each test process reaches a given state once, from an empty
database migrated forwards to it (the few migrations before it, not every
migration since unapplied), and keeps a copy of the database there (the next test wanting that state starts from the
copy), and a test's database comes back to the latest migrations as a copy of
what it was before the test moved it, instead of migrating forwards again.
"""

import contextlib
import hashlib
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# What a copy holds ("latest", or the targets it was migrated back to) -> its database.
_copies = {}


def migrate_to(targets):
    """Migrate to `targets` ([(app, migration)]); returns the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _copy(source, target):
    """Database `target` becomes a copy of database `source`."""
    connection.close()  # a template must have no session, and so must a dropped database
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _migrated_from_empty(database, targets):
    """`database` made anew and migrated forwards to `targets` only: the few
    migrations before them, where going back from the latest state would
    unapply (and work out the state of) every migration since."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
    executor = MigrationExecutor(connection)
    # Django's and the libraries' apps at their latest, as they are when our
    # migrations run on a real instance (a test makes a user as today's
    # auth.User); ours at `targets`.
    ours = {label for label, _name in executor.loader.graph.leaf_nodes() if _is_ours(label)}
    theirs = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ours]
    executor.migrate([*targets, *theirs])
    return MigrationLoader(connection).project_state(targets).apps


def _is_ours(label):
    # The project's apps are the checkout's top-level folders (a virtualenv
    # kept inside the checkout holds Django's own apps deeper down).
    return Path(django_apps.get_app_config(label).path).parent == Path(settings.BASE_DIR)


def _kept(key):
    """The database holding a copy of the test database at `key` (made now if there is none)."""
    if key not in _copies:
        test_database = connection.settings_dict["NAME"]
        digest = hashlib.sha1(repr(key).encode()).hexdigest()[:8]
        _copy(test_database, f"{test_database[:50]}_at_{digest}")
        _copies[key] = f"{test_database[:50]}_at_{digest}"
    return _copies[key]


def copies_drop():
    """Drop the copies this process made (at the end of the session)."""
    if not _copies:
        return
    with connection._nodb_cursor() as cursor:
        for name in _copies.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _copies.clear()


@contextlib.contextmanager
def database_at(targets):
    """The database at `targets` for the block, then at the latest migrations again."""
    if connection.vendor != "postgresql":
        try:
            yield migrate_to(targets)
        finally:
            _migrate_to_latest()
        return
    test_database = connection.settings_dict["NAME"]
    latest = _kept("latest")
    key = tuple(sorted(targets))
    try:
        if key in _copies:
            _copy(_copies[key], test_database)
            apps = MigrationLoader(connection).project_state(targets).apps
        else:
            apps = _migrated_from_empty(test_database, targets)
            _kept(key)
        yield apps
    finally:
        _copy(latest, test_database)
