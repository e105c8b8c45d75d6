"""Contacts erased before `Contact.erased_at` existed are recognised by their
exact erased shape (the name "Anonyme n°<their own id>", no e-mail, no
phone) and marked erased when the database migrates (crm 0007); a real
person called Anonyme is not."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("crm", "0006_network_slug_not_reserved")]
AFTER = [("crm", "0007_contact_erased_at")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before():
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_earlier_erasures_are_marked_and_a_real_anonyme_is_not(before):
    Contact = before.get_model("crm", "Contact")
    erased = Contact.objects.create(first_name="Anonyme", last_name="n°0", email="", phone="")
    Contact.objects.filter(pk=erased.pk).update(last_name=f"n°{erased.pk}")
    real = Contact.objects.create(first_name="Anonyme", last_name="Dupuis", email="", phone="0612345678")
    namesake = Contact.objects.create(first_name="Anonyme", last_name="", email="", phone="")
    Contact.objects.filter(pk=namesake.pk).update(last_name=f"n°{namesake.pk + 1000}")  # not its own id

    after = _migrate(AFTER).get_model("crm", "Contact")

    assert after.objects.get(pk=erased.pk).erased_at is not None
    assert after.objects.get(pk=real.pk).erased_at is None
    assert after.objects.get(pk=namesake.pk).erased_at is None
