"""The programmes' segments and needs, once, in a fresh database.

From then on they are the coordinators' (added, renamed, deleted in the
admin); nothing seeds them again. A database seeded by an earlier release
(which did it on every migrate) already has rows and is left as it is.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from crm.services.reference import reference_data_ensure

    Segment = apps.get_model("crm", "Segment")
    Need = apps.get_model("crm", "Need")
    if Segment.objects.exists() or Need.objects.exists():
        return
    reference_data_ensure(Segment, Need)


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
