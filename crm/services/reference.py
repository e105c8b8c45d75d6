"""The programmes' segments and needs, seeded once; coordinators edit them."""

from crm.models import Need, Segment

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


def reference_data_ensure(segment_model=Segment, need_model=Need):
    """Create the missing segments and needs; never overwrite a coordinator's edits."""
    existing = set(segment_model.objects.values_list("code", flat=True))
    segment_model.objects.bulk_create([
        segment_model(code=code, name=name, description=description, position=position)
        for position, (code, name, description) in enumerate(SEGMENTS) if code not in existing
    ])
    existing = set(need_model.objects.values_list("code", flat=True))
    need_model.objects.bulk_create([
        need_model(code=code, name=name, position=position)
        for position, (code, name) in enumerate(NEEDS) if code not in existing
    ])


DEFAULT_NETWORK = {"slug": "programme", "name": "Mon programme", "programme": "Mon programme",
                   "welcome_to": "sur le territoire"}


def network_default_ensure(network_model=None):
    """A fresh instance has one network, for coordinators to rename and
    brand in the admin; an instance with networks is left as it is."""
    if network_model is None:
        from crm.models import Network as network_model
    if network_model.objects.exists():
        return None
    return network_model.objects.create(**DEFAULT_NETWORK)
