"""Data-migration tests: move the test database to a migration and back."""

import contextlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to `targets` ([(app, migration)]); returns the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextlib.contextmanager
def database_at(targets):
    """The database at `targets` for the block, then migrated to the latest again."""
    try:
        yield migrate_to(targets)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
