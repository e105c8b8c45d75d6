"""Search the whole database for a piece of text: every text column (char,
text, JSON...) of every table, whichever app made it. What the erasure tests
use to show that a person's name, address or phone is left nowhere, without
listing the places themselves (a new table is searched as soon as it exists).
"""

from django.db import connection

TEXT_KINDS = {
    "CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField", "FilePathField",
    "GenericIPAddressField",
}


def text_columns():
    """{table: [column, ...]} for every table of the database, by introspection."""
    columns = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # a type Django has no field for: not text
                    continue
                if kind in TEXT_KINDS:
                    columns.setdefault(table, []).append(column.name)
    return columns


def places_holding(*needles):
    """{(table, column)} whose text holds any of `needles` (case-insensitive).

    One query per table. Needles must not hold LIKE's wildcards (% and _)."""
    assert needles and not any(set(n) & {"%", "_"} for n in needles)
    qn = connection.ops.quote_name
    found = set()
    with connection.cursor() as cursor:
        for table, columns in text_columns().items():
            tests, params = [], []
            for column in columns:
                ors = " OR ".join(f"UPPER(CAST({qn(column)} AS TEXT)) LIKE UPPER(%s)" for _ in needles)
                tests.append(f"MAX(CASE WHEN {ors} THEN 1 ELSE 0 END)")
                params.extend(f"%{needle}%" for needle in needles)
            cursor.execute(f"SELECT {', '.join(tests)} FROM {qn(table)}", params)
            row = cursor.fetchone()
            found.update((table, column) for column, hit in zip(columns, row, strict=True) if hit)
    return found
