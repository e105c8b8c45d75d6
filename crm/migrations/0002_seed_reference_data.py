"""Seed the segments and needs of the programmes; coordinators edit them later."""

from django.db import migrations

SEGMENTS = [
    ("seconde-vie", "Seconde vie", "Actifs urbains en reconversion ou en quête d'une autre qualité de vie."),
    ("jeune", "Jeune", "Jeunes ayant vécu ou étudié sur le territoire, à faire revenir."),
    ("talent", "Talent recherché", "Profils recherchés : ingénieurs, techniciens, cadres, médecins."),
    ("touriste", "Touriste fidèle", "Vacanciers réguliers qui envisagent de s'installer."),
    ("famille", "Famille", "Familles avec enfants (stratégie du Lot-et-Garonne)."),
    ("sante", "Professionnel de santé", "Médecins, soignants et professions paramédicales."),
    ("saisonnier", "Travailleur saisonnier", "Saisonniers agricoles et touristiques."),
]

NEEDS = [
    ("emploi", "Emploi"),
    ("emploi-conjoint", "Emploi du conjoint"),
    ("creation-reprise", "Création ou reprise d'entreprise"),
    ("installation-agricole", "Installation agricole"),
    ("logement-location", "Logement à louer"),
    ("logement-achat", "Logement à acheter"),
    ("logement-temporaire", "Logement temporaire"),
    ("garde-ecole", "Garde d'enfants et école"),
    ("sante", "Santé (médecin traitant)"),
    ("mobilite", "Mobilité"),
    ("teletravail", "Télétravail et coworking"),
]


def seed(apps, schema_editor):
    Segment = apps.get_model("crm", "Segment")
    Need = apps.get_model("crm", "Need")
    for position, (code, name, description) in enumerate(SEGMENTS):
        Segment.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )
    for position, (code, name) in enumerate(NEEDS):
        Need.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
