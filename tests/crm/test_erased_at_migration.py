"""Contacts erased before `Contact.erased_at` existed are recognised by their
exact erased shape (the name "Anonyme n°<their own id>", no e-mail, no
phone) and marked erased when the database migrates (crm 0007); a real
person called Anonyme is not."""

import pytest

from tests.migrations import database_at, migrate_to

BEFORE = [("crm", "0006_network_slug_not_reserved")]
AFTER = [("crm", "0007_contact_erased_at")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def before():
    with database_at(BEFORE) as apps:
        yield apps


def test_earlier_erasures_are_marked_and_a_real_anonyme_is_not(before):
    Contact = before.get_model("crm", "Contact")
    erased = Contact.objects.create(first_name="Anonyme", last_name="n°0", email="", phone="")
    Contact.objects.filter(pk=erased.pk).update(last_name=f"n°{erased.pk}")
    real = Contact.objects.create(first_name="Anonyme", last_name="Dupuis", email="", phone="0612345678")
    namesake = Contact.objects.create(first_name="Anonyme", last_name="", email="", phone="")
    Contact.objects.filter(pk=namesake.pk).update(last_name=f"n°{namesake.pk + 1000}")  # not its own id

    after = migrate_to(AFTER).get_model("crm", "Contact")

    assert after.objects.get(pk=erased.pk).erased_at is not None
    assert after.objects.get(pk=real.pk).erased_at is None
    assert after.objects.get(pk=namesake.pk).erased_at is None
