"""Seed the segments and needs of the programmes; coordinators edit them later."""

from django.db import migrations


def seed(apps, schema_editor):
    from crm.services.reference import reference_data_ensure

    reference_data_ensure(apps.get_model("crm", "Segment"), apps.get_model("crm", "Need"))


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
