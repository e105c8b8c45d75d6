"""The fixed cast (after healthchecks): Alice coordinates and sees everything,
Bob is the referent of the project, Charlie is another referent with no
access to it, and an anonymous visitor has no account."""

import contextlib
import fcntl

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.management import create_contenttypes
from django.core.cache import cache
from django.core.management.commands import flush as flush_command
from django.db.backends.postgresql.operations import DatabaseOperations
from django.db.models.signals import post_migrate
from django.dispatch.dispatcher import _make_id
from django.utils import translation

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP
from crm.models import Commune, Contact, Departement, Epci, Network, Organisation, Referent
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.fresh_sqlite import fresh_database_start, shared_folder
from tests.migrations import copies_drop

# Journey helpers (walk_to, good_fields, snapshot...) for every app's tests.
pytest_plugins = ["tests.journey_fixtures"]

_truncate_all = DatabaseOperations.sql_flush
_MIGRATIONS_OWN = {"django_content_type", "auth_permission"}


def _delete_all(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """A transactional test (transaction=True, the live server's) ends with a
    flush that empties every table. PostgreSQL's TRUNCATE of the ~70 tables
    costs about two seconds whatever they hold; DELETE of their few rows,
    in the flush's one transaction (the foreign keys are checked at its
    commit), a few hundredths. Same tables, same empty result; a flush that
    must also restart the sequences still truncates."""
    _delete_all.kept_migrations_own = False
    if reset_sequences or allow_cascade or not tables:
        return _truncate_all(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    # The content types and permissions are the migrations' (no test makes
    # any): kept, the flush's post_migrate finds them all and writes none.
    tables = [table for table in tables if table not in _MIGRATIONS_OWN]
    _delete_all.kept_migrations_own = True
    # One statement string (the client-side cursor sends it in one round
    # trip), not a hundred.
    return ["; ".join(["SET CONSTRAINTS ALL DEFERRED"] + [
        f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} {style.SQL_FIELD(self.quote_name(table))}"
        for table in tables
    ])]


DatabaseOperations.sql_flush = _delete_all

# The flush's post_migrate: auth's and contenttypes' receivers look, app by
# app, for the permissions and content types the DELETE above kept, find
# them all and write nothing (a tenth of a second a flush); after that
# DELETE they are left out, every other receiver runs, in its order. After a
# TRUNCATE (which empties those tables too) they all run.
_emit_post_migrate = flush_command.emit_post_migrate_signal
_KEPT_TABLES_RECEIVERS = {"django.contrib.auth.management.create_permissions", _make_id(create_contenttypes)}


def _post_migrate_after_flush(*args, **kwargs):
    if not _delete_all.kept_migrations_own:
        return _emit_post_migrate(*args, **kwargs)
    every = post_migrate.receivers
    post_migrate.receivers = [entry for entry in every if entry[0][0] not in _KEPT_TABLES_RECEIVERS]
    post_migrate.sender_receivers_cache.clear()
    try:
        return _emit_post_migrate(*args, **kwargs)
    finally:
        post_migrate.receivers = every
        post_migrate.sender_receivers_cache.clear()


_delete_all.kept_migrations_own = False
flush_command.emit_post_migrate_signal = _post_migrate_after_flush


@contextlib.contextmanager
def _workers_lock(folder, *, while_waiting=None):
    """One xdist worker at a time in the block (all of them share `folder`);
    `while_waiting()` is called first if another worker holds the lock."""
    with open(folder / "test-database.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if while_waiting:
                while_waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations, django_db_keepdb,
                    django_db_createdb, django_db_modify_db_settings, tmp_path_factory):
    """Under xdist on PostgreSQL the workers' test databases are copies of one.

    Migrating an empty database takes about twenty seconds; `CREATE DATABASE
    ... TEMPLATE` copies a migrated one in a fraction of one. So the first
    worker to get here migrates a template database (Django's own test
    database setup, under another name), the others wait for it, and each
    worker's database (test_<name>_gwN, as pytest-django names it) is made
    as a copy of the template: the same tables, rows, and sequences that
    worker would have migrated itself. The folder xdist's workers share
    (their base temporary folder's parent) is new each run, so a template
    is made afresh in every run and never left from an earlier one. Without
    xdist, or with --reuse-db, or on another database, Django's usual setup.
    """
    from django.db import connection
    from django.test.utils import setup_databases

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    keepdb = django_db_keepdb and not django_db_createdb
    if (worker is None or keepdb or not django_db_use_migrations or connection.vendor != "postgresql"
            or len(settings.DATABASES) != 1):
        yield from _django_db_setup_usual(request, django_db_blocker, django_db_use_migrations, keepdb)
        return

    shared = shared_folder(request.config, tmp_path_factory)
    database_name = connection.settings_dict["TEST"]["NAME"]  # test_<name>_gwN
    template_name = f"{database_name.removesuffix(f'_{worker}')}_template"
    made_template = False
    with django_db_blocker.unblock():
        # Waiting for another worker to migrate the template, this one has a
        # core to spare: it runs the fresh SQLite migrate of
        # tests/config/test_fresh_migrate.py meanwhile (tests/fresh_sqlite.py).
        with _workers_lock(shared, while_waiting=lambda: fresh_database_start(shared)):
            marker = shared / "test-database.template"
            state = marker.read_text() if marker.exists() else ""
            if state == "":
                # The first worker here: Django's setup, under the template's name.
                connection.settings_dict["TEST"]["NAME"] = template_name
                setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases={"default"},
                                serialized_aliases=set())
                connection.settings_dict["TEST"]["NAME"] = database_name
                marker.write_text("ready")
                made_template = True
                state = "ready"
            if state == "ready":
                _database_copy(connection, template_name, database_name)
    if state != "ready":
        # The template is already dropped (a worker whose first database test
        # came after the template's maker had finished): the usual setup.
        yield from _django_db_setup_usual(request, django_db_blocker, django_db_use_migrations, keepdb)
        return
    yield
    with django_db_blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
            if made_template:
                with _workers_lock(shared):
                    cursor.execute(f'DROP DATABASE IF EXISTS "{template_name}" WITH (FORCE)')
                    marker.write_text("dropped")


def _database_copy(connection, template_name, database_name):
    """This process's database becomes a copy of the template, and is the one it uses."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        # A template must have no session: the maker's connection is closed.
        cursor.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database_name}" TEMPLATE "{template_name}"')
    settings.DATABASES["default"]["NAME"] = database_name
    connection.settings_dict["NAME"] = database_name
    connection.ensure_connection()


def _django_db_setup_usual(request, django_db_blocker, use_migrations, keepdb):
    """pytest-django's django_db_setup, for the cases the copies leave alone."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    if not use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases=aliases,
                                 serialized_aliases=serialized_aliases, keepdb=keepdb)
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session", autouse=True)
def _migration_copies_dropped(django_db_blocker):
    """Data-migration tests keep copies of the test database (tests/migrations.py)."""
    yield
    with django_db_blocker.unblock():
        copies_drop()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (settings.test: in memory, one
    per process): no report, data version or throttle count left by another."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _french_afterwards():
    """A request in English leaves English active in the thread (LocaleMiddleware
    activates, nothing deactivates): the next test starts in the site's French."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def organisation_create():
    return Organisation.objects.create(name="Département du Lot", kind=Organisation.Kind.DEPARTEMENT)


@pytest.fixture
def organisation(db):
    return organisation_create()


def _user(username, group, first_name, last_name):
    user = User.objects.create_user(
        username=username, password="password", first_name=first_name, last_name=last_name,
        email=f"{username}@example.org",
    )
    user.groups.add(Group.objects.get(name=group))
    join_network(user)
    return user


def join_network(user, network=None):
    """Staff work for a network: the instance's first one unless told."""
    (network or Network.objects.order_by("pk").first()).members.add(user)
    return user


def alice_create():
    user = _user("alice", COORDINATOR_GROUP, "Alice", "Martin")
    user.is_staff = True
    user.save()
    return user


def referent_create(username, first_name, last_name, organisation):
    user = _user(username, REFERENT_GROUP, first_name, last_name)
    Referent.objects.create(user=user, organisation=organisation, capacity=30)
    return user


def territory_create():
    lot = Departement.objects.create(code="46", name="Lot")
    figeac_epci = Epci.objects.create(siren="200067361", name="CC Grand-Figeac", nature="CC", departement=lot)
    figeac = Commune.objects.create(
        insee="46102", name="Figeac", departement=lot, epci=figeac_epci, population=9800,
        latitude="44.6086", longitude="2.0317",
    )
    return {"departement": lot, "epci": figeac_epci, "commune": figeac}


@pytest.fixture
def alice(db):
    """A coordinator."""
    return alice_create()


@pytest.fixture
def bob(db, organisation):
    """The referent assigned to `project`."""
    return referent_create("bob", "Bob", "Durand", organisation)


@pytest.fixture
def charlie(db, organisation):
    """Another referent, with no access to `project`."""
    return referent_create("charlie", "Charlie", "Petit", organisation)


@pytest.fixture
def territory(db):
    """A small slice of the real data: the Lot, Grand-Figeac, Figeac."""
    return territory_create()


@pytest.fixture
def contact(db):
    return Contact.objects.create(first_name="Camille", last_name="Roux", email="camille.roux@example.org")


@pytest.fixture
def project(db, contact, bob):
    """A new project assigned to Bob."""
    return project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)


@pytest.fixture
def real_broker():
    """This process sends tasks to the broker instead of running them itself."""
    from config.celery_app import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = saved
