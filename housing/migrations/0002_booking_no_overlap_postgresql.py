"""No two accepted stays of one offer share a night, held by PostgreSQL itself.

An exclusion constraint over the stay's half-open date range [start_on,
end_on): a stay ending on the day another starts does not overlap it (the
departure day is free). It needs btree_gist for the equality on the offer's
id inside a GiST index; btree_gist is a trusted extension: the database's
owner may create it. SQLite (the zero-setup default) has no such
constraint: there housing.services.booking_decide's check under a lock on
the offer is the rule (it runs on PostgreSQL too, and says why in French).
"""

from django.db import migrations

CONSTRAINT = "housing_booking_no_overlap"


def exclusion_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE housing_housingbooking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(offer_id WITH =, daterange(start_on, end_on, '[)') WITH &&) WHERE (status = 'accepted')"
    )


def exclusion_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE housing_housingbooking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):

    dependencies = [
        ("housing", "0001_offers_and_stays"),
    ]

    operations = [
        migrations.RunPython(exclusion_create, exclusion_drop),
    ]
