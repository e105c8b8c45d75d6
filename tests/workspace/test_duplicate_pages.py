"""The likely duplicates' pages: who sees a pair, who decides, what a bad
submission gets (a 400 with the form, nothing changed) and the same 404 for
a hidden pair and a missing one."""

import pytest
from django.urls import reverse

from crm.models import Contact, Network
from onboarding.models import LikelyDuplicate, Project
from onboarding.services.intake import IntakeData, intake_submit
from onboarding.states import Channel, Source, State

pytestmark = pytest.mark.django_db


def _submit(**given):
    fields = {"first_name": "Camille", "last_name": "Roux", "email": "camille.roux@example.org",
              "phone": "06 12 34 56 78", "consent": True, **given}
    return intake_submit(data=IntakeData(**fields), source=Source.WEBSITE, channel=Channel.UI,
                         network=Network.objects.order_by("pk").first()).project


@pytest.fixture
def flag(territory, bob, charlie):
    older = _submit(target_commune=territory["commune"])
    newer = _submit(email="sam.roux@example.org", first_name="Sam", target_commune=territory["commune"])
    Project.objects.filter(pk__in=[older.pk, newer.pk]).update(referent=bob.referent)
    return LikelyDuplicate.objects.get()


def test_the_referent_sees_the_pair_on_the_dashboard_the_project_and_the_list(client, bob, flag):
    client.force_login(bob)
    assert "1 doublon probable à examiner" in client.get(reverse("staff_home")).content.decode()
    page = client.get(reverse("project_detail", args=[flag.other_id])).content.decode()
    assert f"Sam Roux, projet n°{flag.project_id} (même numéro de téléphone)" in page
    assert reverse("duplicate_decide", args=[flag.pk]) in client.get(reverse("duplicates")).content.decode()


def test_a_decision_without_a_choice_is_refused_and_changes_nothing(client, bob, flag):
    client.force_login(bob)
    response = client.post(reverse("duplicate_decide", args=[flag.pk]), {"decision": "", "note": "?"})
    assert response.status_code == 400
    assert "Choisissez une décision." in response.content.decode()
    response = client.post(reverse("duplicate_decide", args=[flag.pk]), {"decision": "merge_all"})
    assert response.status_code == 400
    assert LikelyDuplicate.objects.get().decision == ""
    assert Project.objects.filter(state=State.NEW).count() == 2


def test_the_referent_merges_and_lands_on_the_project_that_goes_on(client, bob, flag):
    client.force_login(bob)
    response = client.post(reverse("duplicate_decide", args=[flag.pk]), {"decision": "same_household"})
    assert response.status_code == 302 and response["Location"] == reverse("project_detail", args=[flag.other_id])
    assert Project.objects.get(pk=flag.project_id).duplicate_of_id == flag.other_id
    closed = client.get(reverse("project_detail", args=[flag.project_id])).content.decode()
    assert f"Doublon du projet n°{flag.other_id}" in closed
    # Decided: shown, no form any more, a second POST changes nothing.
    again = client.post(reverse("duplicate_decide", args=[flag.pk]), {"decision": "different"})
    assert again.status_code == 302
    assert LikelyDuplicate.objects.get().decision == "same_household"
    assert Contact.objects.count() == 2


@pytest.mark.parametrize("which", ["hidden", "missing", "not a number"])
def test_a_hidden_pair_answers_as_a_missing_one(client, charlie, flag, which):
    client.force_login(charlie)
    pk = {"hidden": flag.pk, "missing": flag.pk + 1000, "not a number": "x"}[which]
    url = f"/equipe/doublons/{pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "same_person"}).status_code == 404
    assert LikelyDuplicate.objects.get().decision == ""
    assert "doublon" not in client.get(reverse("staff_home")).content.decode().lower()
