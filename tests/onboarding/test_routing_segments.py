"""The segment comes from what a person declares, at intake, so that a
thematic rule (the health network's) can take a real submission; and the
preview derives it the same way."""

import datetime

import pytest
from django.urls import reverse

from crm.models import Event, Segment
from onboarding.models import Project, RoutingDecision
from onboarding.segments import segment_codes_for, segment_for
from tests.api.fixtures import *  # noqa: F403
from tests.intake.fixtures import *  # noqa: F403

from .routing_helpers import need, referent, rule, segment, team

pytestmark = pytest.mark.django_db


# What a person writes as their occupation or project, the needs they tick,
# and the segment a programme would file them under.
DECLARATIONS = [
    # health professions: the health network's segment
    ("Médecin généraliste", (), "sante"),
    ("médecin", (), "sante"),
    ("MEDECIN urgentiste", (), "sante"),
    ("Interne en médecine générale", (), "sante"),
    ("Infirmière", (), "sante"),
    ("infirmier·e libérale", (), "sante"),
    ("Infirmier", (), "sante"),
    ("kiné", (), "sante"),
    ("Masseur-kinésithérapeute", (), "sante"),
    ("Sage-femme", (), "sante"),
    ("sage femme", (), "sante"),
    ("Pharmacienne d'officine", (), "sante"),
    ("pharmacien·ne", (), "sante"),
    ("Chirurgien-dentiste", (), "sante"),
    ("Orthophoniste", (), "sante"),
    ("Aide-soignant", (), "sante"),
    ("Je suis médecin et je reprends un cabinet", ("creation-reprise",), "sante"),
    # seasonal work
    ("Saisonnière (vendanges, cueillette)", (), "saisonnier"),
    ("travailleur saisonnier", (), "saisonnier"),
    # sought-after profiles
    ("Ingénieur logiciel", (), "talent"),
    ("Développeuse web en télétravail", (), "talent"),
    # a family: the need for childcare and school
    ("Comptable", ("garde-ecole",), "famille"),
    ("Infirmière", ("garde-ecole",), "sante"),  # the profession first: the health network wants to know
    # a business takeover and a farm are needs (CCI, chambre d'agriculture), not segments
    ("Je reprends une entreprise", ("creation-reprise",), None),
    ("Reprise d'une boulangerie", ("creation-reprise",), None),
    ("Je m'installe en agriculture (maraîchage bio)", ("installation-agricole",), None),
    # looking for a doctor is not being one
    ("Comptable", ("sante",), None),
    ("Secrétaire médicale", (), None),
    ("Visiteur médical", (), None),
    ("Vétérinaire", (), None),
    ("Préparatrice en pharmacie", (), None),
    ("Technicienne de surface", (), None),
    ("", (), None),
    ("", ("emploi", "logement-location"), None),
]


@pytest.mark.parametrize(("occupation", "needs", "expected"), DECLARATIONS)
def test_the_segment_follows_what_the_person_declares(occupation, needs, expected):
    found = segment_for(occupation, [need(code) for code in needs])
    assert (found.code if found else None) == expected


def test_a_segment_switched_off_is_not_given_and_the_next_line_may_be():
    Segment.objects.filter(code="sante").update(is_active=False)
    assert segment_for("Infirmière", [need("emploi")]) is None
    assert segment_for("Infirmière", [need("garde-ecole")]).code == "famille"


def test_codes_are_read_as_well_as_needs():
    assert segment_codes_for("Infirmière", ["garde-ecole"]) == ["sante", "famille"]


# --- on a real submission --------------------------------------------------------------

def _health_network():
    nurse_network = team("Réseau santé – installation des soignants", referent("Hélène", "Soin"))
    rule("Réseau santé", priority=1, team=nurse_network, segments=[segment("sante")])
    rule("Tout le reste", priority=100, to=referent("Paul", "Bernard"))
    return nurse_network


def test_the_health_network_rule_takes_a_nurse_from_the_public_form(submit, territory):
    nurse_network = _health_network()
    response = submit(summary="Infirmière libérale", email="ines@example.org")
    assert response.status_code == 302
    project = Project.objects.get(contact__email="ines@example.org")
    assert project.segment.code == "sante"
    assert project.team == nurse_network
    assert project.referent.user.last_name == "Soin"
    decision = RoutingDecision.objects.get(project=project)
    assert decision.rule.name == "Réseau santé"
    assert "Professionnel de santé" in decision.reason


def test_a_baker_from_the_public_form_is_not_sent_to_the_health_network(submit, territory):
    _health_network()
    submit(summary="Reprise d'une boulangerie", email="boris@example.org",
           needs=[str(need("creation-reprise").pk)])
    project = Project.objects.get(contact__email="boris@example.org")
    assert project.segment is None
    assert project.referent.user.last_name == "Bernard"


def test_the_job_fair_capture_derives_the_segment_too(client, bob, territory, django_capture_on_commit_callbacks):
    nurse_network = _health_network()
    event = Event.objects.create(name="Salon de l'emploi de Toulouse", place="Toulouse",
                                 starts_on=datetime.date(2026, 11, 20), ends_on=datetime.date(2026, 11, 21))
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fair_capture", args=[event.pk]), {
            "first_name": "Inès", "last_name": "Garcia", "email": "ines.garcia@example.org",
            "summary": "Sage-femme, cherche un poste à Figeac", "consent": "on",
        })
    assert response.status_code == 302
    project = Project.objects.get(contact__email="ines.garcia@example.org")
    assert project.segment.code == "sante"
    assert project.team == nurse_network


def test_a_partners_lead_derives_the_segment_too(as_, territory):
    nurse_network = _health_network()
    response = as_("partner").post("/api/v1/leads/", {
        "first_name": "Karim", "last_name": "Benali", "email": "karim@example.org",
        "summary": "Masseur-kinésithérapeute", "target_commune": territory["commune"].insee, "consent": True,
    }, format="json")
    assert response.status_code == 202, response.content  # accepted: the receipt
    project = Project.objects.get(contact__email="karim@example.org")
    assert project.segment.code == "sante"
    assert project.team == nurse_network


def test_the_preview_and_a_real_submission_agree(client, alice, submit, territory):
    nurse_network = _health_network()
    client.force_login(alice)
    shown = client.get(reverse("routing_preview"), {
        "occupation": "Infirmière libérale", "commune": territory["commune"].pk,
    })
    decision = shown.context["decision"]
    assert shown.context["facts"].segment.code == "sante"
    assert decision.team == nurse_network
    assert "Segment déduit du métier et des besoins : Professionnel de santé." in shown.content.decode()
    client.logout()
    submit(summary="Infirmière libérale", email="ines@example.org")
    routed = RoutingDecision.objects.get(project__contact__email="ines@example.org")
    assert routed.reason == decision.reason


def test_the_preview_does_not_take_a_segment_by_hand(client, alice):
    _health_network()
    client.force_login(alice)
    response = client.get(reverse("routing_preview"), {"segment": segment("sante").pk, "occupation": "Comptable"})
    assert response.context["facts"].segment is None
    assert response.context["decision"].rule.name == "Tout le reste"

