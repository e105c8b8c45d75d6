"""A project whose territory changes is routed again inside its network.

What the territory expects: a prospect first placed in the Figeac area who
in fact aims at Cahors belongs to the Grand Cahors referent, unless the
Grand-Figeac referent has a rule that still covers Cahors (a Lot-wide team
of theirs) or chooses to keep the project. A move into another network's
département is that network's to accept (a transfer is proposed), never a
silent re-route. The same decision whichever way the territory changes:
a transition, the edit form, the API.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import Commune, Epci, Need, Network, OutboxEmail, Referent, Segment
from onboarding.location import project_locate
from onboarding.models import Project, ProjectTransfer, RoutingDecision
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_update_details
from onboarding.services.routing import (
    QUEUED_EMAIL,
    REASSIGNED_EMAIL,
    REROUTE_MAX_QUERIES,
    project_reroute_on_move,
    reassignment_email,
)
from onboarding.states import State
from tests.api.fixtures import make_token

from .routing_helpers import lot_et_garonne, referent, routed, rule, team

pytestmark = pytest.mark.django_db

REROUTE = RoutingDecision.Kind.REROUTE


@pytest.fixture
def world(territory, alice):
    """The Lot network: Marie follows Grand-Figeac (a team of one), Paul
    Grand Cahors; Cauvaldor has no rule. Camille's project, in Figeac, is
    Marie's and has been contacted."""
    lot = Network.objects.order_by("pk").first()
    lot.departements.add(territory["departement"])
    dep = territory["departement"]
    cahors_epci = Epci.objects.create(siren="200023737", name="CA du Grand Cahors", nature="CA", departement=dep)
    cahors = Commune.objects.create(insee="46042", name="Cahors", departement=dep, epci=cahors_epci, population=19000)
    cauvaldor_epci = Epci.objects.create(siren="200066389", name="CC Cauvaldor", nature="CC", departement=dep)
    souillac = Commune.objects.create(insee="46309", name="Souillac", departement=dep, epci=cauvaldor_epci)
    lacapelle = Commune.objects.create(insee="46143", name="Lacapelle-Marival", departement=dep,
                                       epci=territory["epci"])
    marie = referent("Marie", "Dupont")
    paul = referent("Paul", "Bernard")
    figeac_team = team("Accueil Grand-Figeac", marie)
    rule("Grand-Figeac", priority=10, team=figeac_team, epcis=[territory["epci"]])
    rule("Grand Cahors", priority=10, to=paul, epcis=[cahors_epci])
    project, first = routed(target_commune=territory["commune"])
    assert project.referent == marie and first.kind == RoutingDecision.Kind.AUTOMATIC
    Project.objects.filter(pk=project.pk).update(state=State.CONTACTED)
    return {
        "lot": lot, "alice": alice, "marie": marie, "paul": paul, "figeac_team": figeac_team,
        "figeac": territory["commune"], "lacapelle": lacapelle, "cahors": cahors, "souillac": souillac,
        "project": Project.objects.get(pk=project.pk),
    }


def qualify(world, commune, *, keep=False, user=None):
    project = world["project"]
    project_transition(
        project=project, transition="qualify", user=user or world["alice"], keep_referent=keep,
        fields={"segment": "seconde-vie", "needs": ["emploi"], "target_epci": commune.epci.siren,
                "target_commune": commune.insee},
    )
    project.refresh_from_db()
    return project


def reroutes(project):
    return list(RoutingDecision.objects.filter(project=project, kind=REROUTE))


# --- the truth table: where the target goes, who follows the project -------------------------

@pytest.mark.parametrize(("target", "keep", "referent", "decided"), [
    ("lacapelle", False, "marie", False),  # the same EPCI: nothing to decide
    ("figeac", False, "marie", False),
    ("cahors", False, "paul", True),  # Grand Cahors is Paul's
    ("cahors", True, "marie", True),  # Marie keeps it, and it is said
    ("souillac", False, None, True),  # no rule for Cauvaldor: the coordinators' queue
    ("souillac", True, "marie", True),
])
def test_a_new_target_routes_the_project_again(world, target, keep, referent, decided):
    project = qualify(world, world[target], keep=keep)
    assert project.referent == (world[referent] if referent else None)
    assert len(reroutes(project)) == (1 if decided else 0)
    assert project.state == State.QUALIFIED


def test_the_decision_says_where_from_where_to_and_why(world):
    project = qualify(world, world["cahors"])
    decision = reroutes(project)[0]
    assert decision.referent == world["paul"]
    assert decision.previous_referent == world["marie"]
    assert decision.rule.name == "Grand Cahors"
    assert decision.by == world["alice"]
    assert decision.reason.startswith("Territoire changé : CC Grand-Figeac → CA du Grand Cahors ; ")
    assert "Marie Dupont non repris" in decision.reason  # none of her rules covers Cahors
    assert decision.reason.endswith("→ Paul Bernard (0 projet ouvert / 30)")  # his load before this one
    assert project.team is None  # Paul's rule names him, not a team


def test_a_kept_project_says_who_kept_it(world):
    project = qualify(world, world["cahors"], keep=True)
    decision = reroutes(project)[0]
    assert project.team == world["figeac_team"]
    assert decision.referent == decision.previous_referent == world["marie"]
    assert decision.reason == (
        "Territoire changé : CC Grand-Figeac → CA du Grand Cahors ; projet gardé par Marie Dupont "
        "(« Garder le projet » coché), sans nouvelle orientation."
    )
    assert not OutboxEmail.objects.filter(kind=REASSIGNED_EMAIL).exists()


def test_a_rule_of_the_referents_team_that_still_covers_the_target_keeps_them(world, territory):
    # A Lot-wide team Marie belongs to: her own rule still covers Cahors.
    rule("Tout le Lot", priority=50, team=team("Département du Lot", marie := world["marie"], world["paul"]),
         departements=[territory["departement"]])
    project = qualify(world, world["cahors"])
    decision = reroutes(project)[0]
    assert project.referent == marie
    assert "sa règle « Tout le Lot » couvre ce projet" in decision.reason


def test_the_new_referent_is_emailed_like_a_reassignment(world):
    project = qualify(world, world["cahors"])
    decision = reroutes(project)[0]
    row = OutboxEmail.objects.get(kind=REASSIGNED_EMAIL)
    assert row.args == {"decision_id": decision.pk}
    message = reassignment_email(decision_id=decision.pk)
    assert message.to == [world["paul"].user.email]
    assert "son territoire a changé" in message.body
    assert "CA du Grand Cahors" in message.body


def test_a_project_sent_to_the_queue_tells_the_coordinators(world):
    qualify(world, world["souillac"])
    assert OutboxEmail.objects.filter(kind=QUEUED_EMAIL).count() == 1
    assert not OutboxEmail.objects.filter(kind=REASSIGNED_EMAIL).exists()


def test_the_page_shows_the_rerouting(world, client):
    qualify(world, world["cahors"])
    client.force_login(world["alice"])
    page = client.get(reverse("project_detail", args=[world["project"].pk])).content.decode()
    assert "Réorientation après changement de territoire" in page
    assert "Territoire changé : CC Grand-Figeac → CA du Grand Cahors" in page


def test_a_closed_project_is_not_rerouted(world, alice):
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(state=State.INSTALLED)
    project.refresh_from_db()
    project.installed_commune = world["cahors"]
    project_locate(project)
    project.save()
    assert project_reroute_on_move(project=project, previous_epci_id=world["figeac"].epci_id, user=alice) is None


# --- another network: a transfer, never a re-route ------------------------------------------

def test_a_target_in_another_network_proposes_a_transfer_and_keeps_the_referent(world):
    other = Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="LG Attractivité")
    agen = lot_et_garonne()
    other.departements.add(agen["departement"])
    project = qualify(world, agen["commune"])
    assert project.referent == world["marie"]
    assert reroutes(project) == []
    transfer = ProjectTransfer.objects.get(project=project)
    assert transfer.to_network == other


# --- the edit form and the API: the same decision ----------------------------------------------

def test_editing_the_target_routes_again(world):
    project = world["project"]
    project_update_details(project=project, user=world["alice"],
                           project_fields={"target_commune": world["cahors"], "target_epci": world["cahors"].epci})
    project.refresh_from_db()
    assert project.referent == world["paul"]
    assert len(reroutes(project)) == 1


def test_editing_something_else_decides_nothing(world):
    project = world["project"]
    project_update_details(project=project, user=world["alice"], project_fields={"summary": "Cherche une maison"})
    assert reroutes(project) == []


def _edit_post(world, commune, keep):
    project = world["project"]
    data = {
        "contact-first_name": project.contact.first_name, "contact-last_name": project.contact.last_name,
        "contact-email": project.contact.email, "project-target_commune": commune.pk,
        "project-target_epci": commune.epci_id, "project-horizon": project.horizon or "",
    }
    if keep:
        data["project-keep_referent"] = "on"
    return data


@pytest.mark.parametrize(("keep", "referent"), [(False, "paul"), (True, "marie")])
def test_the_edit_form_routes_again_unless_kept(world, client, keep, referent):
    client.force_login(world["alice"])
    url = reverse("project_edit", args=[world["project"].pk])
    assert "Garder le projet" in client.get(url).content.decode()
    response = client.post(url, _edit_post(world, world["cahors"], keep))
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(pk=world["project"].pk)
    assert project.referent == world[referent]
    assert len(reroutes(project)) == 1


@pytest.mark.parametrize(("keep", "referent"), [(False, "paul"), (True, "marie")])
def test_the_transition_form_routes_again_unless_kept(world, client, keep, referent):
    client.force_login(world["alice"])
    url = reverse("project_transition", args=[world["project"].pk, "qualify"])
    assert "Garder le projet" in client.get(url).content.decode()
    data = {"expected_state": State.CONTACTED, "segment": "", "needs": [], "target_epci": world["cahors"].epci_id,
            "target_commune": world["cahors"].pk, "note": ""}
    data["segment"] = Segment.objects.get(code="seconde-vie").pk
    data["needs"] = [Need.objects.get(code="emploi").pk]
    if keep:
        data["keep_referent"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(pk=world["project"].pk)
    assert project.referent == world[referent]
    assert project.state == State.QUALIFIED


@pytest.mark.parametrize(("keep", "referent"), [(None, "paul"), (False, "paul"), (True, "marie")])
def test_the_api_routes_again_unless_keep_referent(world, keep, referent):
    from rest_framework.test import APIClient

    from api.models import ApiToken

    key = make_token(ApiToken.Kind.STAFF, world["alice"])[1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"transition": "qualify", "segment": "seconde-vie", "needs": ["emploi"],
            "target_epci": world["cahors"].epci.siren, "target_commune": world["cahors"].insee}
    if keep is not None:
        body["keep_referent"] = keep
    response = api.post(f"/api/v1/projects/{world['project'].pk}/transitions/", body, format="json")
    assert response.status_code == 200, response.content
    project = Project.objects.get(pk=world["project"].pk)
    assert project.referent == world[referent]
    decision = reroutes(project)[0]
    assert ("gardé par Marie Dupont" in decision.reason) is bool(keep)


# --- bounded work --------------------------------------------------------------------------------

def _moved_to_cahors(world):
    project = world["project"]
    previous = project.epci_id
    project.target_commune = world["cahors"]
    project_locate(project)
    project.save()
    return project, previous


def test_the_rerouting_runs_a_bounded_number_of_queries(world, territory):
    for n in range(8):  # more referents, teams and rules change nothing
        rule(f"Autre {n}", priority=200 + n, team=team(f"Équipe {n}", referent("R", f"N{n}"), referent("S", f"M{n}")),
             epcis=[territory["epci"]])
    project, previous = _moved_to_cahors(world)
    with CaptureQueriesContext(connection) as queries:
        decision = project_reroute_on_move(project=project, previous_epci_id=previous, user=world["alice"])
    assert decision.referent == world["paul"]
    assert len(queries) <= REROUTE_MAX_QUERIES


def test_an_unchanged_epci_costs_no_query(world):
    project = world["project"]
    with CaptureQueriesContext(connection) as queries:
        assert project_reroute_on_move(project=project, previous_epci_id=project.epci_id, user=None) is None
    assert len(queries) == 0


def test_the_system_channel_reroutes_without_a_person(world):
    project, previous = _moved_to_cahors(world)
    decision = project_reroute_on_move(project=project, previous_epci_id=previous, user=None)
    assert decision.by is None and decision.referent == world["paul"]


def test_a_territory_stated_for_the_first_time_keeps_whoever_has_the_project(world, alice):
    # Routed (or assigned by hand) on what was known: the referent carries on.
    project, _ = routed()
    Project.objects.filter(pk=project.pk).update(referent=world["marie"], state=State.CONTACTED)
    project.refresh_from_db()
    assert project.epci_id is None
    project_transition(project=project, transition="qualify", user=alice,
                       fields={"segment": "seconde-vie", "needs": ["emploi"],
                               "target_epci": world["cahors"].epci.siren, "target_commune": world["cahors"].insee})
    project.refresh_from_db()
    assert project.referent == world["marie"]
    assert reroutes(project) == []


def test_a_referent_at_capacity_whose_rule_covers_the_target_keeps_the_project(world, territory):
    # Her one place is this very project: it does not make her "full" for itself.
    Referent.objects.filter(pk=world["marie"].pk).update(capacity=1)
    rule("Tout le Lot", priority=50, team=team("Département du Lot", world["marie"]),
         departements=[territory["departement"]])
    project = qualify(world, world["cahors"])
    assert project.referent == world["marie"]
    assert "(0 projet ouvert / 1)" in reroutes(project)[0].reason


def test_the_api_refuses_keep_referent_where_nothing_can_move(world):
    from rest_framework.test import APIClient

    from api.models import ApiToken

    key = make_token(ApiToken.Kind.STAFF, world["alice"])[1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(f"/api/v1/projects/{world['project'].pk}/transitions/",
                        {"transition": "pause", "reason": "Attend une réponse", "keep_referent": True}, format="json")
    assert response.status_code == 400, response.content
    assert "keep_referent" in response.content.decode()
