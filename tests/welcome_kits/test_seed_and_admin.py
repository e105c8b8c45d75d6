"""The demo content command, and the admin where coordinators edit content."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from crm.models import Network
from welcome_kits.models import ContentBlock, KitSection, PartnerContact, ServicePoint


def _counts():
    return [m.objects.count() for m in (KitSection, ContentBlock, PartnerContact, ServicePoint)]


def test_seeding_twice_creates_nothing_more(places):
    call_command("seed_kit_content", stdout=io.StringIO(), stderr=io.StringIO())
    first = _counts()
    call_command("seed_kit_content", stdout=io.StringIO(), stderr=io.StringIO())
    assert _counts() == first
    assert first[0] >= 10 and first[1] >= 20 and first[2] >= 15
    # The Lot's network wears the Lot's brand.
    assert Network.objects.get(departements__code="46").programme == "Oh my Lot !"


def test_seeding_keeps_what_coordinators_added(places):
    call_command("seed_kit_content", stdout=io.StringIO(), stderr=io.StringIO())
    mine = KitSection.objects.create(title="Notre marché de Noël", position=90)
    call_command("seed_kit_content", stdout=io.StringIO(), stderr=io.StringIO())
    assert KitSection.objects.filter(pk=mine.pk).exists()


def test_it_skips_and_reports_service_points_of_communes_not_loaded(places):
    err = io.StringIO()
    call_command("seed_kit_content", stdout=io.StringIO(), stderr=err)
    # Only Figeac, Cahors and Agen exist in the test map.
    assert set(ServicePoint.objects.values_list("commune__name", flat=True)) == {"Figeac", "Cahors", "Agen"}
    assert "skipped" in err.getvalue()


@pytest.mark.parametrize("model", ["kitsection", "contentblock", "partnercontact", "servicepoint", "kit"])
def test_coordinators_reach_every_kit_page_of_the_admin(client, alice, kit_content, model):
    client.force_login(alice)
    assert client.get(reverse(f"admin:welcome_kits_{model}_changelist")).status_code == 200


def test_a_block_page_previews_the_sanitised_text(client, alice, kit_content):
    block = ContentBlock.objects.create(
        section=KitSection.objects.first(), title="Essai", body="**gras** <script>alert(1)</script>"
    )
    client.force_login(alice)
    response = client.get(reverse("admin:welcome_kits_contentblock_change", args=[block.pk]))
    assert response.status_code == 200
    assert "<strong>gras</strong>" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_referents_cannot_edit_kit_content(client, bob):
    client.force_login(bob)
    response = client.get(reverse("admin:welcome_kits_contentblock_changelist"))
    assert response.status_code in (302, 403)
