"""Kits per network: the cover, the content and partners, the link and the e-mail."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from crm.models import Need, Network
from onboarding.tracking_links import tracking_path
from tests.conftest import join_network
from welcome_kits.links import kit_download_path, kit_download_token
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact
from welcome_kits.rendering import kit_render_html
from welcome_kits.services import kit_ready_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot(places):
    network = Network.objects.get(departements__code="46")
    network.slug, network.programme, network.welcome_to = "lot", "Oh my Lot !", "dans le Lot"
    network.tagline, network.primary_colour, network.accent_colour = "Vivre au vert", "#6b1d5c", "#1d5c6b"
    network.email_from, network.reply_to = "Oh my Lot ! <accueil@lot.example>", "contact@lot.example"
    network.save()
    return network


@pytest.fixture
def lg(places):
    network = Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="LG Attractivité",
                                     welcome_to="en Lot-et-Garonne")
    network.departements.add(places["lot_et_garonne"])
    return network


@pytest.fixture
def figeac_project(lot, lg, places, make_project):
    return make_project(places["commune"], "famille", ["emploi"])


def test_the_cover_reads_the_projects_network(figeac_project):
    html = kit_render_html(figeac_project)
    assert "Oh my Lot !" in html and "dans le Lot" in html and "Vivre au vert" in html
    assert "#6b1d5c" in html and "#1d5c6b" in html


def test_another_networks_project_gets_that_networks_cover(lot, lg, places, make_project):
    project = make_project(places["agen"], "famille", ["emploi"])
    assert project.network == lg
    html = kit_render_html(project)
    assert "LG Attractivité" in html and "en Lot-et-Garonne" in html and "Oh my Lot !" not in html


def test_a_block_goes_only_to_the_kits_of_its_networks(figeac_project, lot, lg):
    section = KitSection.objects.create(title="Réseau", position=1)
    ContentBlock.objects.create(section=section, title="Pour tous les réseaux", body="x")
    ContentBlock.objects.create(section=section, title="Pour le Lot", body="x").networks.set([lot])
    ContentBlock.objects.create(section=section, title="Pour le Lot-et-Garonne", body="x").networks.set([lg])
    ContentBlock.objects.create(section=section, title="Pour les deux", body="x").networks.set([lot, lg])
    html = kit_render_html(figeac_project)
    assert "Pour tous les réseaux" in html and "Pour le Lot<" in html and "Pour les deux" in html
    assert "Pour le Lot-et-Garonne" not in html


def test_a_partner_of_another_network_is_left_out(figeac_project, lot, lg):
    emploi = Need.objects.get(code="emploi")
    for name, network in (("Partenaire partagé", None), ("Partenaire du Lot", lot), ("Partenaire de LG", lg)):
        PartnerContact.objects.create(organisation=name, network=network).needs.set([emploi])
    html = kit_render_html(figeac_project)
    assert "Partenaire partagé" in html and "Partenaire du Lot" in html
    assert "Partenaire de LG" not in html


@pytest.fixture
def done_kit(figeac_project):
    name = default_storage.save(f"kits/{figeac_project.public_id}/t.pdf", ContentFile(b"%PDF-1.7 test kit"))
    return Kit.objects.create(project=figeac_project, status=Kit.Status.DONE, version=1, file=name, size=17)


def test_the_kit_link_carries_the_projects_prefix_and_works_only_there(client, done_kit):
    token = kit_download_token(done_kit)
    assert kit_download_path(done_kit) == f"/lot/kit-de-bienvenue/{token}/"
    assert client.get(f"/lot/kit-de-bienvenue/{token}/")["Content-Type"] == "application/pdf"
    wrong = client.get(f"/lot-et-garonne/kit-de-bienvenue/{token}/")
    forged = client.get(f"/lot-et-garonne/kit-de-bienvenue/{token[:-2]}xx/")
    assert wrong.status_code == forged.status_code == 404
    assert "Lien invalide" in wrong.text and "Lien invalide" in forged.text
    assert "LG Attractivité" in wrong.text  # the page of the network asked


def test_an_old_kit_link_goes_to_the_kits_network(client, done_kit):
    token = kit_download_token(done_kit)
    response = client.get(f"/kit-de-bienvenue/{token}/")
    assert response.status_code == 302 and response["Location"] == f"/lot/kit-de-bienvenue/{token}/"


def test_the_tracking_page_links_the_kit_under_the_same_prefix(client, done_kit, figeac_project):
    html = client.get(tracking_path(figeac_project)).text
    assert 'href="/lot/kit-de-bienvenue/' in html and "Oh my Lot !" in html


def test_the_kit_email_comes_from_the_network_and_replies_to_the_referent(done_kit, settings):
    settings.SITE_URL = "http://testserver"
    message = kit_ready_email(kit_id=done_kit.pk)
    assert message.from_email == "Oh my Lot ! <accueil@lot.example>"
    assert message.reply_to == ["bob@example.org"]
    assert "http://testserver/lot/kit-de-bienvenue/" in message.body
    assert "Oh my Lot !" in message.body and "Oh my Lot !" in message.alternatives[0][0]


def test_without_a_referent_the_kit_email_replies_to_the_network(done_kit, figeac_project):
    type(figeac_project).objects.filter(pk=figeac_project.pk).update(referent=None)
    message = kit_ready_email(kit_id=done_kit.pk)
    assert message.reply_to == ["contact@lot.example"]


def test_the_admin_lists_and_changes_only_the_accounts_networks_content(client, alice, lot, lg):
    Network.objects.get(pk=lot.pk).members.remove(alice)  # alice works for the Lot-et-Garonne only
    join_network(alice, lg)
    section = KitSection.objects.create(title="S", position=1)
    shared = ContentBlock.objects.create(section=section, title="Bloc partagé", body="x")
    ContentBlock.objects.create(section=section, title="Bloc du Lot", body="x").networks.set([lot])
    own = ContentBlock.objects.create(section=section, title="Bloc de LG", body="x")
    own.networks.set([lg])
    client.force_login(alice)
    listing = client.get(reverse("admin:welcome_kits_contentblock_changelist")).text
    assert "Bloc de LG" in listing and "Bloc partagé" in listing and "Bloc du Lot" not in listing
    lot_block = ContentBlock.objects.get(title="Bloc du Lot")
    assert client.get(reverse("admin:welcome_kits_contentblock_change", args=[lot_block.pk])).status_code == 302
    # A shared block reaches every programme's kits: she reads it, she cannot change it.
    response = client.post(reverse("admin:welcome_kits_contentblock_change", args=[shared.pk]),
                           {"section": section.pk, "title": "Changé", "body": "x", "position": 1})
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.title == "Bloc partagé"
    # What she writes must name her network.
    form = client.get(reverse("admin:welcome_kits_contentblock_add")).text
    assert "LG Attractivité" in form and "Oh my Lot !" not in form


def test_the_admin_asks_a_network_for_a_new_partner(client, alice, lot):
    client.force_login(alice)
    emploi = Need.objects.get(code="emploi")
    response = client.post(reverse("admin:welcome_kits_partnercontact_add"),
                           {"organisation": "CCI", "needs": [emploi.pk], "position": 1, "is_active": "on"})
    assert response.status_code == 200 and "Choisissez le réseau de ce partenaire" in response.text
    assert not PartnerContact.objects.filter(organisation="CCI").exists()


def test_a_superuser_sees_every_networks_content(admin_client, lot, lg):
    section = KitSection.objects.create(title="S", position=1)
    ContentBlock.objects.create(section=section, title="Bloc du Lot", body="x").networks.set([lot])
    ContentBlock.objects.create(section=section, title="Bloc de LG", body="x").networks.set([lg])
    listing = admin_client.get(reverse("admin:welcome_kits_contentblock_changelist")).text
    assert "Bloc du Lot" in listing and "Bloc de LG" in listing
