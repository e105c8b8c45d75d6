from django.db import migrations

SHARES = [
    ("reseau-pro", "Mon réseau professionnel", 10),
    ("vie-scolaire", "La vie scolaire et les activités des enfants", 20),
    ("associations", "Les associations et la vie locale", 30),
    ("cafe", "Un café avec un nouvel arrivant", 40),
]


def seed(apps, schema_editor):
    Share = apps.get_model("ambassadors", "Share")
    for code, name, position in SHARES:
        Share.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("ambassadors", "0001_ambassadors_network")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
