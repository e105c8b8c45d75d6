"""`manage.py migrate` alone on a fresh SQLite file (tests/config/test_fresh_migrate.py),
run once per session and shared by the xdist workers.

The migrate, in another process, takes about as long as migrating the
PostgreSQL template (tests/conftest.py, django_db_setup), during which the
other worker only waits: that worker runs it then, in the background, into
the folder the workers share, and whichever worker runs the module later
takes the file (waiting for the run if it is still going). Without xdist, or
if nobody started it, the module's fixture runs it itself. The same command,
in the same environment, either way."""

import fcntl
import os
import subprocess
import sys
import threading

from django.conf import settings

_LOCK = "fresh-sqlite.lock"
_FOLDER = "fresh-sqlite"


def run_as_a_deployer(args, database, **env):
    """`python args` on the SQLite file `database`, with config.settings.local
    and the cache and broker a deployer without Redis has; returns the
    CompletedProcess."""
    clean = {key: value for key, value in os.environ.items()
             if key not in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{database}",
                 DEBUG="false", ALLOWED_HOSTS="testserver", LOG_LEVEL="CRITICAL", **env)
    return subprocess.run([sys.executable, *args], cwd=settings.BASE_DIR, env=clean, capture_output=True,
                          text=True, timeout=120)


MIGRATE = ["manage.py", "migrate", "--no-input", "-v", "0"]


def _migrated(shared):
    """Under the lock: the fresh file in `shared`, migrated now unless it already is; (path, error)."""
    folder = shared / _FOLDER
    folder.mkdir(exist_ok=True)
    database, outcome = folder / "db.sqlite3", folder / "outcome"
    if not outcome.exists():
        result = run_as_a_deployer(MIGRATE, database)
        outcome.write_text("" if result.returncode == 0 else f"exit {result.returncode}\n{result.stderr[-3000:]}")
    return database, outcome.read_text()


def shared_folder(config, tmp_path_factory):
    """The folder every worker of this run shares (new each run)."""
    if hasattr(config, "workerinput"):
        return tmp_path_factory.getbasetemp().parent
    return tmp_path_factory.getbasetemp()


def _locked(shared, *, wait=True):
    lock = open(shared / _LOCK, "w")  # noqa: SIM115  (released by the caller)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    return lock


def fresh_database_start(shared):
    """Run the migrate into `shared` in a background thread (the lock held until it is done)."""
    lock = _locked(shared, wait=False)
    if lock is None:  # another worker is at it
        return

    def run():
        try:
            _migrated(shared)
        finally:
            lock.close()

    threading.Thread(target=run, daemon=True).start()


def fresh_database(shared):
    """The migrated fresh file in `shared` (made now if no worker started it); (path, error or "")."""
    lock = _locked(shared)
    try:
        return _migrated(shared)
    finally:
        lock.close()
