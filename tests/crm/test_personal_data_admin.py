"""The rights of the people who are not prospects, from the admin: a
coordinator gives a referent or a partner's interlocutor the copy of what
the registry of personal data holds about them, and erases an
interlocutor's details (the partner's entry stays)."""

import json

import pytest
from django.urls import reverse

from crm.models import Absence, AccessLog, Network
from welcome_kits.models import PartnerContact

pytestmark = pytest.mark.django_db


def _action(client, model_url, action, pks):
    return client.post(reverse(model_url), {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_a_referent_gets_a_copy_of_their_own_data(client, alice, bob):
    Absence.objects.create(referent=bob.referent, starts_on="2026-08-01", ends_on="2026-08-15", note="Congés d'été")
    client.force_login(alice)
    response = _action(client, "admin:crm_referent_changelist", "export_personal_data", [bob.referent.pk])

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    [person] = data["people"]
    sections = {s["key"]: s for s in person["sections"]}
    assert sections["auth.user"]["rows"][0]["username"] == "bob"
    assert sections["crm.absence"]["rows"][0]["note"] == "Congés d'été"
    assert "crm.contact" not in sections  # a prospect's tables are not a referent's data
    # The copy is a read of personal data: the access log has it.
    read = AccessLog.objects.get(kind=AccessLog.Kind.DATA_EXPORT)
    assert (read.user, read.what) == (alice, {"people": "staff", "ids": [bob.pk]})


def test_a_partners_interlocutor_is_copied_then_erased(client, alice):
    partner = PartnerContact.objects.create(organisation="Mission locale de Figeac", contact_name="Inès Bardou",
                                            phone="05 65 00 11 22", email="ines.bardou@example.org",
                                            network=Network.objects.get())
    client.force_login(alice)
    response = _action(client, "admin:welcome_kits_partnercontact_changelist", "export_personal_data", [partner.pk])
    [person] = json.loads(response.content)["people"]
    sections = {s["key"]: s for s in person["sections"]}
    assert sections["welcome_kits.partnercontact"]["rows"][0]["contact_name"] == "Inès Bardou"
    assert sections["housing.housingoffer"]["rows"] == []  # an offer's id is never taken for a partner's

    response = _action(client, "admin:welcome_kits_partnercontact_changelist", "erase_personal_data", [partner.pk])
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.organisation, partner.contact_name, partner.phone, partner.email) == (
        "Mission locale de Figeac", "", "", "")
