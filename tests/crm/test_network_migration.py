"""An instance from before networks is split by territory when it migrates
(crm 0004, onboarding 0003, api 0003, reports 0002): one network per
département with projects or a kit branding, everything placed where its
territory says, what cannot be placed left shared and listed."""

import datetime

import pytest

from tests.migrations import database_at, migrate_to

BEFORE = [
    ("crm", "0003_outbox"),
    ("onboarding", "0002_detail_changes_and_erasure"),
    ("api", "0002_lead_receipt"),
    ("reports", "0001_initial"),
    ("welcome_kits", "0002_outbox"),
]
AFTER = [
    ("crm", "0004_networks"),
    ("onboarding", "0003_networks"),
    ("api", "0003_networks"),
    ("reports", "0002_networks"),
]


@pytest.fixture
def before():
    """The database as it was before networks; put back to the latest
    migrations afterwards (the test's flush then empties it)."""
    with database_at(BEFORE) as apps:
        yield apps


def _seed(apps):
    """Two départements with projects and brandings (46, 47), one with
    neither (82); staff, people, rules, an event, a key and a target."""
    get = apps.get_model
    Departement, Epci = get("crm", "Departement"), get("crm", "Epci")
    User, Group = get("auth", "User"), get("auth", "Group")
    coordinators, _ = Group.objects.get_or_create(name="coordinator")
    referents, _ = Group.objects.get_or_create(name="referent")
    lot = Departement.objects.create(code="46", name="Lot")
    lg = Departement.objects.create(code="47", name="Lot-et-Garonne")
    tg = Departement.objects.create(code="82", name="Tarn-et-Garonne")
    cauvaldor = Epci.objects.create(siren="200066389", name="Cauvaldor", nature="CC", departement=lot)
    agen = Epci.objects.create(siren="200035459", name="Agglomération d'Agen", nature="CA", departement=lg)
    montauban = Epci.objects.create(siren="200066587", name="Grand Montauban", nature="CA", departement=tg)
    Branding = get("welcome_kits", "TerritoryBranding")
    Branding.objects.create(departement=lot, programme="Oh my Lot !", welcome_to="dans le Lot",
                            tagline="Le Lot vous accueille", primary_colour="#a4343a", accent_colour="#f2c14e")
    Branding.objects.create(departement=lg, programme="Lot-et-Garonne Attractivité",
                            welcome_to="en Lot-et-Garonne", primary_colour="#00594f", accent_colour="#e87722")

    Organisation, Referent = get("crm", "Organisation"), get("crm", "Referent")
    org_lot = Organisation.objects.create(name="Cauvaldor (EPCI)", kind="epci", epci=cauvaldor)
    org_lg = Organisation.objects.create(name="Agen (EPCI)", kind="epci", epci=agen)
    org_none = Organisation.objects.create(name="Réseau santé", kind="health")

    def user(username, group):
        account = User.objects.create(username=username)
        account.groups.add(group)
        return account

    coordination = user("coordination", coordinators)
    boss = User.objects.create(username="root", is_superuser=True)
    follows_lot = Referent.objects.create(user=user("ref.lot", referents), organisation=org_lot)
    follows_lg = Referent.objects.create(user=user("ref.sante", referents), organisation=org_none)
    Referent.objects.create(user=user("ref.agen", referents), organisation=org_lg)
    Referent.objects.create(user=user("ref.nulle.part", referents), organisation=org_none)

    Contact, Project = get("crm", "Contact"), get("onboarding", "Project")
    in_lot = Contact.objects.create(first_name="A", last_name="Martin", email="a@example.org")
    in_lg = Contact.objects.create(first_name="B", last_name="Durand", email="b@example.org")
    nowhere = Contact.objects.create(first_name="C", last_name="Nulle part", email="c@example.org")
    lonely = Contact.objects.create(first_name="D", last_name="Sans projet", email="d@example.org")
    projects = {
        "lot": Project.objects.create(contact=in_lot, source="form", departement=lot, referent=follows_lot),
        # Without a département: its contact's other project says the Lot.
        "lot_unknown": Project.objects.create(contact=in_lot, source="form"),
        "lg": Project.objects.create(contact=in_lg, source="form", departement=lg, referent=follows_lg),
        "lg_unknown": Project.objects.create(contact=in_lg, source="form"),
        "nowhere": Project.objects.create(contact=nowhere, source="form"),
    }

    Rule = get("onboarding", "RoutingRule")
    rules = {name: Rule.objects.create(name=name, target_referent=follows_lot)
             for name in ("lot", "lg", "both", "all", "tg")}
    rules["lot"].departements.add(lot)
    rules["lg"].epcis.add(agen)
    rules["both"].departements.add(lot)
    rules["both"].epcis.add(agen)
    rules["tg"].epcis.add(montauban)
    get("crm", "Event").objects.create(name="Salon de l'installation", place="Paris",
                                      starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 2))
    get("api", "ApiToken").objects.create(name="Outil du partenaire", kind="partner", key_hash="0" * 64)
    get("reports", "ReportTarget").objects.create(year=2026, installations=120)
    return {"users": {"coordination": coordination, "root": boss}, "contacts": {
        "in_lot": in_lot, "in_lg": in_lg, "nowhere": nowhere, "lonely": lonely}, "projects": projects, "rules": rules}


@pytest.mark.django_db(transaction=True)
def test_an_instance_with_two_departements_is_split_into_two_networks_by_territory(before, capsys):
    seeded = _seed(before)
    apps = migrate_to(AFTER)
    get = apps.get_model
    Network = get("crm", "Network")

    lot, lg = Network.objects.order_by("pk")
    assert Network.objects.count() == 2
    assert (lot.name, lot.slug, lot.programme, lot.welcome_to, lot.tagline, lot.primary_colour, lot.accent_colour) == (
        "Lot", "lot", "Oh my Lot !", "dans le Lot", "Le Lot vous accueille", "#a4343a", "#f2c14e")
    assert (lg.name, lg.slug, lg.programme, lg.welcome_to, lg.primary_colour, lg.accent_colour) == (
        "Lot-et-Garonne", "lot-et-garonne", "Lot-et-Garonne Attractivité", "en Lot-et-Garonne", "#00594f", "#e87722")
    assert list(lot.departements.values_list("code", flat=True)) == ["46"]
    assert list(lg.departements.values_list("code", flat=True)) == ["47"]

    def network_of(model, row):
        return get(*model).objects.get(pk=row.pk).network_id

    projects = seeded["projects"]
    assert {name: network_of(("onboarding", "Project"), p) for name, p in projects.items()} == {
        "lot": lot.pk, "lot_unknown": lot.pk, "lg": lg.pk, "lg_unknown": lg.pk, "nowhere": lot.pk}
    assert {name: network_of(("crm", "Contact"), c) for name, c in seeded["contacts"].items()} == {
        "in_lot": lot.pk, "in_lg": lg.pk, "nowhere": lot.pk, "lonely": lot.pk}
    assert {name: network_of(("onboarding", "RoutingRule"), r) for name, r in seeded["rules"].items()} == {
        "lot": lot.pk, "lg": lg.pk, "both": None, "all": None, "tg": None}

    def members(network):
        return set(network.members.values_list("username", flat=True))

    # Coordinators everywhere; referents where they follow projects or where
    # their organisation's EPCI is; one with neither is left out and named.
    assert members(lot) == {"coordination", "root", "ref.lot"}
    assert members(lg) == {"coordination", "root", "ref.sante", "ref.agen"}

    for model in (("crm", "Event"), ("crm", "Organisation"), ("api", "ApiToken"), ("reports", "ReportTarget")):
        assert not get(*model).objects.exclude(network=None).exists(), model
    out = capsys.readouterr().out
    for listed in ("ref.nulle.part", "Salon de l'installation", "Réseau santé", "Outil du partenaire", "2026",
                   "Règles d'orientation laissées partagées", "tg", "Lot (/lot/)"):
        assert listed in out
    for person in ("a@example.org", "Martin", "Durand", "Nulle part", "Sans projet"):
        assert person not in out


@pytest.mark.django_db(transaction=True)
def test_an_instance_with_one_departement_becomes_one_network_holding_everything(before):
    get = before.get_model
    lot = get("crm", "Departement").objects.create(code="46", name="Lot")
    get("crm", "Departement").objects.create(code="47", name="Lot-et-Garonne")
    referent = get("auth", "User").objects.create(username="ref")
    referent.groups.add(get("auth", "Group").objects.get_or_create(name="referent")[0])
    contact = get("crm", "Contact").objects.create(first_name="A", last_name="B", email="a@example.org")
    project = get("onboarding", "Project").objects.create(contact=contact, source="form", departement=lot)
    event = get("crm", "Event").objects.create(name="Salon", place="Cahors", starts_on=datetime.date(2026, 3, 1),
                                               ends_on=datetime.date(2026, 3, 1))
    rule = get("onboarding", "RoutingRule").objects.create(
        name="Partout", target_referent=get("crm", "Referent").objects.create(
            user=referent, organisation=get("crm", "Organisation").objects.create(name="CC", kind="epci")))
    target = get("reports", "ReportTarget").objects.create(year=2026, installations=10)

    apps = migrate_to(AFTER)
    (network,) = apps.get_model("crm", "Network").objects.all()
    assert (network.name, network.slug, network.programme) == ("Lot", "lot", "Lot")
    assert set(network.members.values_list("username", flat=True)) == {"ref"}
    for model, row in ((("onboarding", "Project"), project), (("crm", "Contact"), contact), (("crm", "Event"), event),
                       (("onboarding", "RoutingRule"), rule), (("reports", "ReportTarget"), target)):
        assert apps.get_model(*model).objects.get(pk=row.pk).network_id == network.pk


@pytest.mark.django_db(transaction=True)
def test_a_fresh_database_gets_exactly_one_network_as_before(before):
    get = before.get_model
    get("crm", "Departement").objects.create(code="46", name="Lot")
    apps = migrate_to(AFTER)
    (network,) = apps.get_model("crm", "Network").objects.all()
    assert (network.slug, network.name) == ("programme", "Mon programme")
    assert list(network.departements.values_list("code", flat=True)) == ["46"]
