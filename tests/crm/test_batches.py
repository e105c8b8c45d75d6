"""Reading rows a batch at a time, by keyset."""

import pytest

from crm.batches import keyset_batches
from crm.models import Contact


@pytest.mark.django_db
@pytest.mark.parametrize("count, size, sizes", [(0, 3, []), (5, 3, [3, 2]), (6, 3, [3, 3]), (2, 5, [2])])
def test_every_row_comes_once_in_batches_of_at_most_the_size(count, size, sizes):
    made = [Contact.objects.create(first_name=f"P{i}", last_name="Batch").pk for i in range(count)]
    batches = list(keyset_batches(Contact.objects.filter(last_name="Batch"), size))
    assert [len(batch) for batch in batches] == sizes
    assert [pk for batch in batches for pk in batch] == sorted(made)


@pytest.mark.django_db
def test_named_fields_come_with_the_id_and_each_batch_is_read_fresh():
    first, second, third = (Contact.objects.create(first_name=name, last_name="Batch") for name in ("A", "B", "C"))
    batches = keyset_batches(Contact.objects.filter(last_name="Batch").order_by("-pk"), 1, "first_name")
    assert next(batches) == [(first.pk, "A")]
    second.delete()  # gone before its batch is read: never returned
    assert list(batches) == [[(third.pk, "C")]]
