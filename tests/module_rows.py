"""Rows a whole module's tests read, made once for the module.

`with django_db_blocker.unblock(), kept_for_the_module(): make rows; yield`
in a module-scoped fixture: the rows are made in a transaction that stays
open while the module's tests run (each test runs in its own savepoint,
rolled back after it as usual, so a test's changes never reach the next
one) and is rolled back after the module's last test. Only for modules
whose tests are all plain `db` tests: a transactional test (transaction=True,
the live server) would flush the tables under the open transaction.
"""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def kept_for_the_module():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
