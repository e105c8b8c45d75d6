"""The register of processing (RGPD art. 30): a coordinator reads it filled
with their network's controller and DPO; nobody else reads it."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from crm import personal_data
from crm.access import REGIONAL_GROUP
from crm.models import Contact, Network
from tests.conftest import join_network

URL = "/equipe/registre-des-traitements/"


@pytest.fixture
def lot(db):
    network = Network.objects.order_by("pk").first()
    network.data_controller = "Département du Lot, avenue de l'Europe, 46000 Cahors"
    network.dpo_contact = "dpo@lot.example"
    network.save()
    return network


@pytest.fixture
def garonne(db):
    return Network.objects.create(
        slug="lot-et-garonne", name="Lot-et-Garonne", programme="Vivre en Lot-et-Garonne",
        welcome_to="en Lot-et-Garonne", data_controller="Département de Lot-et-Garonne, 47922 Agen",
        dpo_contact="dpo@lotetgaronne.example",
    )


def test_it_shows_a_coordinator_their_networks_controller_and_dpo(client, alice, lot, garonne):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Département du Lot, avenue de l&#x27;Europe, 46000 Cahors" in text
    assert "dpo@lot.example" in text
    assert "Département de Lot-et-Garonne, 47922 Agen" not in text
    assert "dpo@lotetgaronne.example" not in text


def test_it_answers_another_networks_register_as_an_unknown_one(client, alice, lot, garonne):
    client.force_login(alice)
    assert client.get(URL, {"reseau": garonne.slug}).status_code == 404
    assert client.get(URL, {"reseau": "nulle-part"}).status_code == 404


def test_a_coordinator_of_two_networks_chooses_which_register(client, alice, lot, garonne):
    join_network(alice, garonne)
    client.force_login(alice)
    first = client.get(URL).content.decode()
    assert 'name="reseau"' in first
    chosen = client.get(URL, {"reseau": garonne.slug}).content.decode()
    assert "Département de Lot-et-Garonne, 47922 Agen" in chosen
    assert "dpo@lotetgaronne.example" in chosen
    assert "dpo@lot.example" not in chosen


def test_a_coordinator_of_one_network_is_not_offered_a_choice(client, alice, lot, garonne):
    client.force_login(alice)
    assert 'name="reseau"' not in client.get(URL).content.decode()


def test_it_says_what_the_network_has_not_filled_in(client, alice, lot):
    lot.data_controller, lot.dpo_contact = "", ""
    lot.save()
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert text.count("Non renseigné") == 2


def test_it_refuses_a_referent(client, bob, lot):
    client.force_login(bob)
    assert client.get(URL).status_code == 403


def test_it_refuses_the_regional_role(client, db):
    user = User.objects.create_user("region", password="x")
    user.groups.add(Group.objects.get_or_create(name=REGIONAL_GROUP)[0])
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_is_in_the_navigation_of_coordinators_only(client, alice, bob, lot):
    client.force_login(alice)
    assert f'href="{URL}"' in client.get(reverse("staff_home")).content.decode()
    client.force_login(bob)
    assert f'href="{URL}"' not in client.get(reverse("staff_home")).content.decode()


def test_it_lists_the_categories_of_data_the_registry_declares(client, alice, lot, monkeypatch):
    # A declaration as an app makes it: the page names its fields, read from the model.
    declaration = personal_data.PersonalData(
        model=Contact, person=personal_data.PersonKind.PROSPECT, fields=("current_city", "children_ages"),
        subject="pk", purpose="accompagner", retention="trois ans",
    )
    monkeypatch.setitem(personal_data._declared, ("crm.Contact", "prospect"), declaration)
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert "lieu de vie actuel" in text
    assert "âges des enfants" in text
    assert str(personal_data.PersonKind.PROSPECT.label).replace("'", "&#x27;") in text


def test_it_gives_this_instances_retention(client, alice, lot, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    settings.OUTBOX_RETENTION_DAYS = 12
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert "5 ans après la dernière activité" in text
    assert "supprimée 12 jours après son envoi" in text
    assert "PERSONAL_DATA_RETENTION_YEARS" not in text


def test_it_names_the_s3_store_when_kits_go_there(client, alice, lot, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "accueil-kits", "endpoint_url": "https://s3.fr-par.example.net",
                    "region_name": "fr-par"},
    }}
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert "https://s3.fr-par.example.net, fr-par" in text
    assert "accueil-kits" in text


def test_it_says_no_transfer_outside_the_eu(client, alice, lot):
    client.force_login(alice)
    assert "Aucun transfert de données hors de l&#x27;Union européenne." in client.get(URL).content.decode()


def test_it_flags_an_unencrypted_connection_to_the_mail_server(client, alice, lot, settings):
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = False, False
    client.force_login(alice)
    assert "non chiffrée sur cette instance" in client.get(URL).content.decode()
    settings.EMAIL_USE_TLS = True
    text = client.get(URL).content.decode()
    assert "non chiffrée" not in text
    assert "Connexion au serveur d&#x27;envoi chiffrée (TLS)." in text


def test_a_coordinator_of_no_network_is_told_the_register_is_per_network(client, db):
    from crm.access import COORDINATOR_GROUP

    user = User.objects.create_user("sans-reseau", password="x")
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "aucun réseau" in response.content.decode()


def test_a_superuser_chooses_among_every_network(client, lot, garonne):
    admin = User.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    text = client.get(URL).content.decode()
    assert f'value="{garonne.slug}"' in text and f'value="{lot.slug}"' in text
