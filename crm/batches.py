"""Reading a large set of rows a bounded batch at a time, for the passes
that run over every row due (the purge, the reminders, the kit sweep).

By keyset (primary key above the last one read) rather than by offset: each
batch is read fresh, so rows changed or gone meanwhile are seen as they are
now, and memory holds one batch whatever the number due.
"""


def keyset_batches(queryset, size, *fields):
    """Lists of `queryset`'s rows, `size` at a time, in primary-key order:
    their ids, or tuples (id, *fields) when fields are named."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields, flat=not fields)[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1][0] if fields else rows[-1]
