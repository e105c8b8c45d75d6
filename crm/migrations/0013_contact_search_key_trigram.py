from django.db import migrations, models

from crm.models.people import contact_search_key

TRIGRAM_INDEX = "crm_contact_search_key_trgm"


def search_keys_fill(apps, schema_editor):
    """The search key of the contacts already there (erased ones stay blank)."""
    Contact = apps.get_model("crm", "Contact")
    changed = []
    rows = Contact.objects.filter(erased_at__isnull=True).only("pk", "first_name", "last_name", "email")
    for contact in rows.iterator(chunk_size=2000):
        contact.search_key = contact_search_key(contact.first_name, contact.last_name, contact.email)
        changed.append(contact)
        if len(changed) >= 1000:
            Contact.objects.bulk_update(changed, ["search_key"])
            changed = []
    Contact.objects.bulk_update(changed, ["search_key"])


def trigram_index_create(apps, schema_editor):
    # PostgreSQL only: `LIKE '%martin%'` on the key then reads a GIN trigram
    # index instead of every contact. SQLite (the zero-setup default) keeps
    # the plain scan. pg_trgm is a trusted extension: the database's owner
    # may create it.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON crm_contact USING gin (search_key gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("crm", "0012_contact_keys_children_ages_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="search_key",
            field=models.TextField(blank=True, db_default="", default="", editable=False,
                                   verbose_name="recherche (forme normalisée)"),
        ),
        migrations.RunPython(search_keys_fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index_create, trigram_index_drop),
    ]
