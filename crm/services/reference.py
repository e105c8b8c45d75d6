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

# The shipped rows' names in English (crm.languages), filled where blank;
# coordinators edit them in the admin like the French ones.
SEGMENTS_EN = {
    "seconde-vie": ("Second life", "Urban workers changing careers or looking for another quality of life."),
    "jeune": ("Young person", "Young people who lived or studied in the area, to bring back."),
    "talent": ("Sought-after talent", "Sought-after profiles: engineers, technicians, managers, doctors."),
    "touriste": ("Loyal holidaymaker", "Regular holidaymakers who are thinking of settling here."),
    "famille": ("Family", "Families with children (the Lot-et-Garonne's strategy)."),
    "sante": ("Health professional", "Doctors, carers and allied health professions."),
    "saisonnier": ("Seasonal worker", "Seasonal workers in farming and tourism."),
}
NEEDS_EN = {
    "emploi": "Work",
    "emploi-conjoint": "A job for my partner",
    "creation-reprise": "Starting or taking over a business",
    "installation-agricole": "Setting up a farm",
    "logement-location": "A home to rent",
    "logement-achat": "A home to buy",
    "logement-temporaire": "Temporary accommodation",
    "garde-ecole": "Childcare and school",
    "sante": "Health (a regular doctor)",
    "mobilite": "Getting around",
    "teletravail": "Remote work and coworking",
}


def reference_translations_ensure(segment_model=Segment, need_model=Need):
    """The English names of the shipped segments and needs, where none is written."""
    for code, (name, description) in SEGMENTS_EN.items():
        segment_model.objects.filter(code=code, name_en="").update(name_en=name)
        segment_model.objects.filter(code=code, description_en="").update(description_en=description)
    for code, name in NEEDS_EN.items():
        need_model.objects.filter(code=code, name_en="").update(name_en=name)


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


def network_default_english_ensure(network_model=None):
    """The default network's wording in English, where none is written."""
    if network_model is None:
        from crm.models import Network as network_model
    network_model.objects.filter(welcome_to=DEFAULT_NETWORK["welcome_to"], welcome_to_en="").update(
        welcome_to_en="in the area")


def network_default_ensure(network_model=None):
    """A fresh instance has one network, for coordinators to rename and
    brand in the admin; an instance with networks is left as it is."""
    if network_model is None:
        from crm.models import Network as network_model
    if network_model.objects.exists():
        return None
    return network_model.objects.create(**DEFAULT_NETWORK)
