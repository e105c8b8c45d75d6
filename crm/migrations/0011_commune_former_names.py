"""Former names of communes, and the search key folding œ/æ.

The communes already loaded get their key recomputed ("Cœur de Causse" was
stored as "cœur de causse", which "coeur" never found) and their former
names from the bundled list of changes. A database without communes (a fresh
one) gets them from `load_territories`, which loads both.
"""

import django.db.models.deletion
from django.db import migrations, models

from crm.models.territories import normalize_name
from crm.services.territories import former_names_read


def forwards(apps, schema_editor):
    Commune = apps.get_model("crm", "Commune")
    CommuneFormerName = apps.get_model("crm", "CommuneFormerName")
    communes = list(Commune.objects.only("pk", "name", "name_search"))
    changed = []
    for commune in communes:
        key = normalize_name(commune.name)
        if commune.name_search != key:
            commune.name_search = key
            changed.append(commune)
    Commune.objects.bulk_update(changed, ["name_search"], batch_size=500)
    ids = {c.insee: c.pk for c in Commune.objects.only("pk", "insee")}
    CommuneFormerName.objects.bulk_create([
        CommuneFormerName(commune_id=ids[f.insee], name=f.name, name_search=normalize_name(f.name),
                          former_insee=f.former_insee, change=f.change)
        for f in former_names_read() if f.insee in ids
    ])


class Migration(migrations.Migration):

    dependencies = [
        ('crm', '0010_privacy_requests'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='commune',
            options={'ordering': ['name_search', 'insee'], 'verbose_name': 'commune', 'verbose_name_plural': 'communes'},
        ),
        migrations.CreateModel(
            name='CommuneFormerName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='ancien nom')),
                ('name_search', models.CharField(db_index=True, editable=False, max_length=150)),
                ('former_insee', models.CharField(blank=True, max_length=5, verbose_name='ancien code INSEE')),
                ('change', models.CharField(choices=[('merged', 'commune fusionnée'), ('renamed', 'ancien nom')], max_length=10, verbose_name='changement')),
                ('commune', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='former_names', to='crm.commune', verbose_name='commune actuelle')),
            ],
            options={
                'verbose_name': 'ancien nom de commune',
                'verbose_name_plural': 'anciens noms de communes',
                'ordering': ['name_search'],
                'constraints': [models.UniqueConstraint(fields=('commune', 'name_search'), name='commune_former_name_once')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
