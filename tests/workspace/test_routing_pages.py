"""Coordinators' pages: the rules and the preview."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding.models import Project, RoutingDecision, RoutingRule
from tests.onboarding.routing_helpers import contact, fill, need, referent, routed, rule, segment, team

pytestmark = pytest.mark.django_db

PAGES = ["routing_rules", "routing_rule_create", "routing_preview"]


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_asked_to_log_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
def test_a_referent_is_refused(client, bob, page):
    client.force_login(bob)
    assert client.get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_coordinator_sees_the_page(client, alice, page):
    client.force_login(alice)
    assert client.get(reverse(page)).status_code == 200


def test_a_referent_cannot_edit_a_rule(client, bob):
    existing = rule("Tout", to=bob.referent)
    client.force_login(bob)
    response = client.post(reverse("routing_rule_edit", args=[existing.pk]), {"name": "Piraté"})
    assert response.status_code == 403
    assert RoutingRule.objects.get().name == "Tout"


def test_the_list_shows_rules_in_priority_order(client, alice, bob, charlie):
    rule("Filet", priority=900, to=charlie.referent)
    rule("Création", priority=10, team=team("CCI", bob.referent), needs=[need("creation-reprise")])
    client.force_login(alice)
    body = client.get(reverse("routing_rules")).content.decode()
    assert body.index("Création") < body.index("Filet")
    assert "équipe CCI" in body
    assert "Création ou reprise d&#x27;entreprise" in body


def test_a_team_named_equipe_is_not_called_equipe_twice(client, alice, bob, territory):
    cci = team("Équipe CCI – reprise d'entreprise", bob.referent)
    rule("Création", priority=10, team=cci, needs=[need("creation-reprise")])
    client.force_login(alice)
    for body in (
        client.get(reverse("routing_rules")).content.decode(),
        preview(client, needs=[need("creation-reprise").pk]).content.decode(),
    ):
        assert "Équipe CCI" in body
        assert "équipe Équipe" not in body


def test_a_coordinator_creates_a_rule(client, alice, bob, territory):
    client.force_login(alice)
    response = client.post(reverse("routing_rule_create"), {
        "name": "Création à Figeac", "priority": 20, "is_active": "on",
        "needs": [need("creation-reprise").pk], "epcis": [territory["epci"].pk],
        "target_referent": bob.referent.pk,
    })
    assert response.status_code == 302
    created = RoutingRule.objects.get()
    assert (created.name, created.priority, created.target_referent) == ("Création à Figeac", 20, bob.referent)
    assert list(created.needs.all()) == [need("creation-reprise")]
    assert list(created.epcis.all()) == [territory["epci"]]


def test_a_coordinator_sets_the_keep_previous_referent_option(client, alice, bob):
    client.force_login(alice)
    assert "Garder le référent précédent" in client.get(reverse("routing_rule_create")).content.decode()
    client.post(reverse("routing_rule_create"), {
        "name": "Filet", "priority": 900, "is_active": "on", "target_referent": bob.referent.pk,
        "keep_previous_referent": "on",
    })
    assert RoutingRule.objects.get().keep_previous_referent is True
    assert "garde le référent précédent" in client.get(reverse("routing_rules")).content.decode()


def test_a_coordinator_edits_a_rule(client, alice, bob, charlie):
    existing = rule("Tout", to=bob.referent)
    existing.network = alice.networks.get()
    existing.save()
    client.force_login(alice)
    response = client.post(reverse("routing_rule_edit", args=[existing.pk]), {
        "name": "Tout (Charlie)", "priority": 5, "target_referent": charlie.referent.pk,
    })
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.name, existing.priority, existing.is_active, existing.target_referent) == (
        "Tout (Charlie)", 5, False, charlie.referent
    )


@pytest.mark.parametrize("targets", ["none", "both"])
def test_a_rule_needs_exactly_one_target(client, alice, bob, targets):
    cci = team("CCI", bob.referent)
    data = {"name": "Sans cible", "priority": 1}
    if targets == "both":
        data.update(target_referent=bob.referent.pk, target_team=cci.pk)
    client.force_login(alice)
    response = client.post(reverse("routing_rule_create"), data)
    assert response.status_code == 200
    assert "Choisissez soit un référent, soit une équipe" in response.content.decode()
    assert not RoutingRule.objects.exists()


# --- the preview --------------------------------------------------------------------

def preview(client, **params):
    return client.get(reverse("routing_preview"), params)


def test_the_preview_shows_where_a_project_would_go_and_why(client, alice, territory):
    marie = referent("Marie", "Dupont", capacity=30)
    fill(marie, 12)
    rule("Jeunes", priority=1, to=referent("Paul", "Bernard"), segments=[segment("jeune")])
    rule("Création à Figeac", priority=2, team=team("CCI", marie), epcis=[territory["epci"]],
         needs=[need("creation-reprise")])
    client.force_login(alice)
    response = preview(client, needs=[need("creation-reprise").pk], commune=territory["commune"].pk)
    decision = response.context["decision"]
    assert decision.referent == marie
    body = response.content.decode()
    assert (
        "CC Grand-Figeac + Création ou reprise d&#x27;entreprise → équipe CCI → Marie Dupont (12 projets ouverts / 30)"
        in body
    )
    assert "non (segments)" in body
    assert "oui, retenue" in body


def test_the_preview_writes_nothing(client, alice, territory):
    rule("Tout", team=team("CCI", referent("Marie", "Dupont")))
    client.force_login(alice)
    before = (Project.objects.count(), RoutingDecision.objects.count())
    with CaptureQueriesContext(connection) as queries:
        response = preview(client, needs=[need("emploi").pk], epci=territory["epci"].pk,
                           occupation="Ingénieur", contact_email="x@example.org")
    assert response.context["decision"] is not None
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    # The session row is Django's own bookkeeping of the login, not routing.
    assert [sql for sql in writes if "django_session" not in sql] == []
    assert not any("FOR UPDATE" in q["sql"] for q in queries)
    assert (Project.objects.count(), RoutingDecision.objects.count()) == before


def test_the_preview_finds_the_previous_referent_by_e_mail(client, alice):
    marie = referent("Marie", "Dupont")
    rule("Tout", team=team("Accueil", referent("Paul", "Bernard"), marie))
    camille = contact(email="Camille@Example.org")
    project, _ = routed(who=camille)
    Project.objects.filter(pk=project.pk).update(referent=marie)
    client.force_login(alice)
    decision = preview(client, contact_email="camille@example.org").context["decision"]
    assert decision.referent == marie
    assert decision.sticky


def test_the_preview_reflects_a_rule_just_edited(client, alice):
    marie, paul = referent("Marie", "Dupont"), referent("Paul", "Bernard")
    edited = rule("Tout", to=marie)
    client.force_login(alice)
    assert preview(client, occupation="Ingénieur").context["decision"].referent == marie
    edited.target_referent = paul
    edited.save()
    assert preview(client, occupation="Ingénieur").context["decision"].referent == paul


def test_the_preview_form_rejects_an_unknown_commune(client, alice):
    client.force_login(alice)
    response = preview(client, commune=999999)
    assert response.context["decision"] is None
    assert response.context["form"].errors["commune"]


def test_a_coordinator_lets_a_rule_work_outside_its_departement(client, alice, bob):
    client.force_login(alice)
    assert "Hors de son département" in client.get(reverse("routing_rule_create")).content.decode()
    client.post(reverse("routing_rule_create"), {
        "name": "CCI partout", "priority": 10, "is_active": "on", "target_referent": bob.referent.pk,
        "any_departement": "on",
    })
    assert RoutingRule.objects.get().any_departement is True
    assert "hors de son département" in client.get(reverse("routing_rules")).content.decode()
