"""The indirect ways across the network boundary: whom a task may go to,
duplicate references, people choices and filters, job-fair and partner
dedup, the sticky referent, routing and its preview, reassignment, the
admin's choices and the Network admin."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from api.models import ApiToken
from crm.models import Contact, Event, Network
from onboarding.exceptions import ReassignmentInvalid
from onboarding.models import Interaction, Project, RoutingRule, Task
from onboarding.services.routing import project_reassign
from onboarding.states import RejectReason, State
from tests.api.fixtures import make_token
from tests.conftest import join_network
from tests.network_world import *  # noqa: F403

MISSING = 2**31 - 7


def _api(user):
    _token, key = make_token(ApiToken.Kind.STAFF, user, network=user.networks.get())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _errors(response, prefix):
    form = response.context[f"{prefix}_form"] if prefix else response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_a_task_cannot_go_to_the_other_networks_referent(client, world):
    client.force_login(world.alice)
    url = reverse("task_add", args=[world.project_a.pk])
    data = {"task-title": "Rappeler", "task-due_on": "2030-01-01"}
    theirs = client.post(url, {**data, "task-assignee": world.eve.referent.pk})
    nothing = client.post(url, {**data, "task-assignee": MISSING})

    assert theirs.status_code == nothing.status_code == 400
    assert _errors(theirs, "task") == _errors(nothing, "task")
    assert not Task.objects.filter(project=world.project_a).exists()
    page = client.get(reverse("project_detail", args=[world.project_a.pk])).content.decode()
    assert "Eve" not in page


def test_a_duplicate_of_the_other_networks_project_answers_as_a_missing_one(world):
    client = _api(world.alice)
    url = reverse("api_project_transitions", args=[world.project_a.pk])
    body = {"transition": "reject", "reason": RejectReason.DUPLICATE, "expected_state": State.NEW}
    theirs = client.post(url, {**body, "duplicate_of": world.project_b.pk}, format="json")
    nothing = client.post(url, {**body, "duplicate_of": MISSING}, format="json")

    assert theirs.status_code == 400
    assert theirs.json() == nothing.json()
    assert str(world.project_b.pk) not in theirs.content.decode()
    world.project_a.refresh_from_db()
    assert world.project_a.state == State.NEW and world.project_a.duplicate_of_id is None


@pytest.mark.parametrize("name", ["referent", "event"])
def test_the_api_filters_answer_the_other_networks_ids_as_unknown(world, name):
    client = _api(world.alice)
    theirs_id = world.eve.referent.pk if name == "referent" else world.b_rows.event.pk
    theirs = client.get("/api/v1/projects/", {name: theirs_id})
    nothing = client.get("/api/v1/projects/", {name: MISSING})

    assert theirs.status_code == nothing.status_code == 400
    assert theirs.json()["error"]["code"] == nothing.json()["error"]["code"]
    assert theirs.json()["error"]["details"].keys() == nothing.json()["error"]["details"].keys() == {name}


def test_the_staff_list_offers_only_people_and_events_of_the_users_networks(client, world):
    client.force_login(world.alice)
    content = client.get(reverse("project_index")).content.decode()
    start = content.index('<form method="get"')
    offered = content[start:content.index("</form>", start)]

    assert f">{escape(str(world.eve.referent))}</option>" not in offered
    assert f">{escape(str(world.bob.referent))}</option>" in offered
    assert escape(world.b_rows.event.name) not in offered
    theirs = client.get(reverse("project_index"), {"referent": world.eve.referent.pk})
    nothing = client.get(reverse("project_index"), {"referent": MISSING})
    assert _errors(theirs, None) == _errors(nothing, None) != {}


def test_the_dashboard_loads_name_only_the_users_networks_staff(client, world):
    client.force_login(world.alice)
    loads = client.get(reverse("staff_home")).context["loads"]

    assert {r.pk for r in loads} == {world.bob.referent.pk, world.charlie.referent.pk}


def test_a_fair_capture_of_a_person_known_to_the_other_network_makes_a_new_contact(client, world):
    today = timezone.localdate()
    fair = Event.objects.create(name="Salon de Cahors", place="Cahors", starts_on=today, ends_on=today,
                                network=world.a)
    client.force_login(world.alice)
    response = client.post(reverse("fair_capture", args=[fair.pk]), {
        "first_name": "Paulin", "last_name": "Autre", "email": "PAULIN@example.org", "consent": "on",
    }, follow=True)

    assert response.status_code == 200
    mine = Contact.objects.get(email__iexact="paulin@example.org", network=world.a)
    assert mine.last_name == "Autre"
    world.contact_b.refresh_from_db()
    assert world.contact_b.last_name == "Garonnais"  # untouched, and its project got nothing
    assert not Interaction.objects.filter(project=world.project_b, kind=Interaction.Kind.SUBMISSION).exists()
    project = Project.objects.get(contact=mine)
    assert project.network == world.a and project.referent_id != world.eve.referent.pk
    assert "créé" in response.content.decode()


def test_the_fair_pages_list_only_the_users_networks_events(client, world):
    client.force_login(world.alice)
    response = client.get(reverse("fair_events"))

    assert world.b_rows.event not in response.context["events"]
    assert world.b_rows.event not in response.context["form"].fields["event"].queryset


@pytest.mark.parametrize("territory_given", [True, False])
def test_a_partner_of_the_other_network_never_reaches_the_lot_s_person(world, territory_given):
    """A Lot-et-Garonne key posts an e-mail the Lot knows: a new person in the
    Lot-et-Garonne, routed there (never to the Lot's referent, even one who
    works for both), and the Lot's project is untouched."""
    join_network(world.bob, world.b)  # the sticky referent would be bob, if it crossed the boundary
    known = world.project_a.contact
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.key_b}")
    body = {"first_name": "Camille", "last_name": "Roux", "email": known.email.upper(), "consent": True}
    if territory_given:
        body["target_commune"] = world.b_territory["commune"].insee
    response = client.post("/api/v1/leads/", body, format="json")

    assert response.status_code == 202, response.content
    theirs = Contact.objects.get(email__iexact=known.email, network=world.b)
    project = Project.objects.get(contact=theirs)
    assert project.network == world.b
    assert project.referent == world.eve.referent
    assert not Interaction.objects.filter(project=world.project_a, kind=Interaction.Kind.SUBMISSION).exists()


def test_a_partner_key_names_only_its_networks_events(world):
    client = APIClient()
    _token, key = make_token(ApiToken.Kind.PARTNER, network=world.a)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"first_name": "Léa", "last_name": "Nouvelle", "email": "lea@example.org", "consent": True}
    theirs = client.post("/api/v1/leads/", {**body, "event": world.b_rows.event.pk}, format="json")
    nothing = client.post("/api/v1/leads/", {**body, "event": MISSING}, format="json")

    assert theirs.status_code == nothing.status_code == 400
    assert theirs.content.decode().replace(str(world.b_rows.event.pk), "ID") == \
        nothing.content.decode().replace(str(MISSING), "ID")


def test_a_coordinator_cannot_post_a_lead_for_the_other_networks_territory(world):
    response = _api(world.alice).post("/api/v1/leads/", {
        "first_name": "Paulin", "last_name": "Garonnais", "email": "paulin@example.org", "consent": True,
        "target_commune": world.b_territory["commune"].insee,
    }, format="json")

    assert response.status_code == 400
    assert Contact.objects.filter(email__iexact="paulin@example.org").count() == 1


def test_the_preview_takes_the_network_like_routing_and_hides_the_other_one(client, world):
    marmande = world.b_territory["commune"].pk
    client.force_login(world.dora)
    theirs = client.get(reverse("routing_preview"), {"commune": marmande})
    assert theirs.context["decision"].referent == world.eve.referent

    client.force_login(world.alice)
    response = client.get(reverse("routing_preview"), {"commune": marmande})
    assert response.context["decision"] is None
    assert "autre programme" in response.content.decode()
    assert "Eve" not in response.content.decode()


def test_the_rules_pages_show_the_users_networks_rules_and_shared_ones_read_only(client, world):
    shared = RoutingRule.objects.create(name="Partagée", target_referent=world.bob.referent)
    mine = RoutingRule.objects.create(name="Lot", network=world.a, target_referent=world.bob.referent)
    client.force_login(world.alice)

    rules = list(client.get(reverse("routing_rules")).context["rules"])
    assert set(rules) == {shared, mine}
    assert client.get(reverse("routing_rule_edit", args=[shared.pk])).status_code == 403
    assert client.get(reverse("routing_rule_edit", args=[mine.pk])).status_code == 200
    form = client.get(reverse("routing_rule_create")).context["form"]
    assert world.eve.referent not in form.fields["target_referent"].queryset
    assert world.team_b not in form.fields["target_team"].queryset


def test_a_rule_is_saved_in_the_users_network(client, world):
    client.force_login(world.alice)
    data = {"name": "Lot", "priority": 5, "is_active": "on", "target_referent": world.bob.referent.pk}
    refused = client.post(reverse("routing_rule_create"), {**data, "network": world.b.pk})
    assert refused.status_code == 200 and "network" in _errors(refused, None)
    assert not RoutingRule.objects.filter(name="Lot").exists()

    response = client.post(reverse("routing_rule_create"), data)  # alice works for one network: hers
    assert response.status_code == 302, _errors(response, None)
    assert RoutingRule.objects.get(name="Lot").network == world.a


def test_reassigning_to_the_other_networks_referent_answers_as_an_unknown_one(client, world):
    client.force_login(world.alice)
    url = reverse("project_reassign", args=[world.project_a.pk])
    theirs = client.post(url, {"referent": world.eve.referent.pk, "reason": "Déménage"})
    nothing = client.post(url, {"referent": MISSING, "reason": "Déménage"})

    assert theirs.status_code == nothing.status_code == 200
    assert _errors(theirs, None) == _errors(nothing, None) != {}
    with pytest.raises(ReassignmentInvalid) as refused:
        project_reassign(project=world.project_a, referent=world.eve.referent, user=world.alice, reason="Déménage")
    assert refused.value.details.get("field") == "referent"
    world.project_a.refresh_from_db()
    assert world.project_a.referent == world.bob.referent


def test_the_admin_offers_only_the_users_networks_people(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("admin:onboarding_task_add"))
    assert world.eve.referent not in page.context["adminform"].form.fields["assignee"].queryset
    page = client.post(reverse("admin:onboarding_project_changelist"),
                       {"action": "reassign", "_selected_action": [world.project_a.pk]})
    assert world.eve.referent not in page.context["form"].fields["referent"].queryset
    page = client.get(reverse("admin:crm_team_add"))
    assert world.eve.referent not in page.context["adminform"].form.fields["members"].queryset
    assert world.org_b not in page.context["adminform"].form.fields["organisation"].queryset


def test_a_coordinator_edits_their_networks_brand_but_not_its_slug_nor_its_staff(client, world):
    client.force_login(world.alice)
    url = reverse("admin:crm_network_change", args=[world.a.pk])
    form = client.get(url).context["adminform"].form
    assert "slug" not in form.fields and "members" not in form.fields and "departements" not in form.fields
    response = client.post(url, {
        "programme": "Oh my Lot !", "welcome_to": "dans le Lot", "primary_colour": "#a4343a",
        "accent_colour": "#1f4e79", "slug": "pirate", "members": [world.dora.pk],
    })
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert (world.a.programme, world.a.slug) == ("Oh my Lot !", "programme")
    assert not world.a.members.filter(pk=world.dora.pk).exists()
    assert client.get(reverse("admin:crm_network_add")).status_code == 403


def test_a_partner_key_needs_a_network(client, world):
    client.force_login(world.alice)
    response = client.post(reverse("admin:api_apitoken_add"), {"name": "sans réseau", "kind": "partner"})
    assert response.status_code == 200
    assert "network" in response.context["adminform"].form.errors
    response = client.post(reverse("admin:api_apitoken_add"),
                           {"name": "chez l'autre", "kind": "partner", "network": world.b.pk})
    assert "network" in response.context["adminform"].form.errors  # not one of alice's
    assert not ApiToken.objects.filter(name__in=["sans réseau", "chez l'autre"]).exists()


def test_an_address_known_to_the_other_network_is_free_in_this_one(client, world):
    client.force_login(world.alice)
    contact = world.project_a.contact
    response = client.post(reverse("project_edit", args=[world.project_a.pk]), {
        "contact-first_name": contact.first_name, "contact-last_name": contact.last_name,
        "contact-email": world.contact_b.email, "project-horizon": world.project_a.horizon,
    })
    assert response.status_code == 302, _errors(response, "contact")
    contact.refresh_from_db()
    assert contact.email == world.contact_b.email


def test_the_superuser_sees_both_networks(client, world):
    world.alice.is_superuser = True
    world.alice.save()
    client.force_login(world.alice)
    response = client.get(reverse("admin:onboarding_project_changelist"))
    assert {p.pk for p in response.context["cl"].result_list} == {world.project_a.pk, world.project_b.pk}
    assert Network.objects.count() == 2



def test_a_shared_event_asks_an_account_of_two_networks_for_the_territory(client, world):
    """A shared event (no network), an account working for both: no programme
    to put the person in, so the stand is told, and nothing is saved (no 500)."""
    join_network(world.alice, world.b)
    today = timezone.localdate()
    shared = Event.objects.create(name="Salon régional", place="Toulouse", starts_on=today, ends_on=today)
    client.force_login(world.alice)
    response = client.post(reverse("fair_capture", args=[shared.pk]), {
        "first_name": "Nina", "last_name": "Sansterre", "email": "nina@example.org", "consent": "on",
    })

    assert response.status_code == 200
    assert "plusieurs programmes" in response.content.decode()
    assert not Contact.objects.filter(email="nina@example.org").exists()
