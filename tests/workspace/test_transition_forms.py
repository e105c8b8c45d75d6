"""The staff transition forms, made from the contract: what a person sees
and what happens when they submit it as it comes."""

import datetime

import pytest
from django.urls import reverse

from onboarding.models import Project
from onboarding.states import State
from onboarding.transitions import SPECS, TRANSITION_NAMES, Choice
from workspace.forms import EMPTY_CHOICE, transition_form_class, transition_initial

# A state from which each transition that takes fields is declared.
FROM = {
    "qualify": State.CONTACTED,
    "confirm_move": State.QUALIFIED,
    "cancel_move": State.SETTLING,
    "mark_installed": State.SETTLING,
    "pause": State.CONTACTED,
    "abandon": State.CONTACTED,
    "reject": State.NEW,
}
REQUIRED = [
    (spec.name, field.name) for spec in (SPECS[n] for n in TRANSITION_NAMES) for field in spec.fields if field.required
]
REQUIRED_CHOICES = [(n, f) for n, f in REQUIRED if isinstance(SPECS[n].field(f).kind, Choice)]


def _url(project, name):
    return reverse("project_transition", kwargs={"pk": project.pk, "name": name})


def test_it_knows_a_state_for_every_transition_that_takes_fields():
    assert {name for name in TRANSITION_NAMES if SPECS[name].takes_fields} == set(FROM)
    # The walk below is not empty: abandon's and reject's reasons at least.
    assert {("abandon", "reason"), ("reject", "reason")} <= set(REQUIRED_CHOICES)


@pytest.mark.parametrize(("name", "field"), REQUIRED_CHOICES)
def test_every_required_choice_starts_empty_and_is_selected_by_nobody(name, field, client, bob, project, walk_to):
    walk_to(project, FROM[name])
    form = transition_form_class(name)(initial=transition_initial(project, name))
    assert form.fields[field].choices[0] == ("", EMPTY_CHOICE)

    client.force_login(bob)
    content = client.get(_url(project, name)).content.decode()
    assert f'<option value="" selected>{EMPTY_CHOICE}</option>' in content


@pytest.mark.parametrize(("name", "field"), REQUIRED)
def test_every_required_field_submitted_as_it_comes_is_refused_and_saves_nothing(name, field, client, bob, project,
                                                                                  walk_to, snapshot):
    walk_to(project, FROM[name])
    before = snapshot(project)
    client.force_login(bob)
    # The page's own first values, as a browser submits them untouched.
    data = {key: ("" if value is None else value) for key, value in transition_initial(project, name).items()}
    response = client.post(_url(project, name), data)
    assert response.status_code == 200
    assert snapshot(project) == before


def test_abandoning_from_the_page_without_choosing_records_no_reason(client, bob, project, walk_to):
    walk_to(project, State.CONTACTED)
    client.force_login(bob)
    response = client.post(_url(project, "abandon"), {"expected_state": "contacted", "reason": ""})
    assert "« Motif d&#x27;abandon » : choisissez un motif dans la liste." in response.content.decode()
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.abandon_reason) == (State.CONTACTED, "")


def test_abandoning_with_a_chosen_reason_records_it(client, bob, project):
    client.force_login(bob)
    client.post(_url(project, "abandon"), {"expected_state": "new", "reason": "other_territory"})
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.abandon_reason) == (State.ABANDONED, "other_territory")


@pytest.mark.parametrize(("name", "from_state", "data", "message"), [
    ("mark_installed", State.SETTLING, {"installed_on": "1990-01-01"},
     "la date d&#x27;installation ne peut pas précéder de plus de 12 mois la création du projet"),
    ("mark_installed", State.SETTLING, {"installed_on": "2999-01-01"},
     "la date d&#x27;installation ne peut pas être dans le futur"),
    ("confirm_move", State.QUALIFIED, {"move_date": "2020-06-01"},
     "la date d&#x27;emménagement prévue ne peut pas être passée"),
    ("confirm_move", State.QUALIFIED, {"move_date": "2099-06-01"},
     "la date d&#x27;emménagement prévue ne peut pas être à plus de 3 ans"),
])
def test_a_date_out_of_bounds_is_refused_on_the_page_with_its_reason(name, from_state, data, message, client, bob,
                                                                    project, walk_to, territory, snapshot):
    walk_to(project, from_state)
    before = snapshot(project)
    client.force_login(bob)
    commune = "installed_commune" if name == "mark_installed" else "target_commune"
    response = client.post(_url(project, name), {
        "expected_state": from_state, commune: territory["commune"].pk, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(project) == before


def test_clearing_the_target_commune_when_qualifying_applies_it(client, bob, project, walk_to, territory, segment,
                                                                 need):
    walk_to(project, State.CONTACTED)
    Project.objects.filter(pk=project.pk).update(segment=segment, target_epci=territory["epci"],
                                                 target_commune=territory["commune"])
    project.needs.set([need])
    client.force_login(bob)
    response = client.post(_url(project, "qualify"), {
        "expected_state": "contacted", "segment": segment.pk, "needs": [need.pk],
        "target_epci": territory["epci"].pk, "target_commune": ""})
    assert response.status_code == 302
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.target_commune_id, saved.target_epci_id) == (State.QUALIFIED, None,
                                                                             territory["epci"].pk)


def test_clearing_the_commune_when_confirming_the_move_is_refused_with_a_message(client, bob, project, walk_to,
                                                                                  territory, snapshot):
    walk_to(project, State.QUALIFIED)
    Project.objects.filter(pk=project.pk).update(target_commune=territory["commune"])
    before = snapshot(project)
    client.force_login(bob)
    response = client.post(_url(project, "confirm_move"), {
        "expected_state": "qualified", "target_commune": "",
        "move_date": (datetime.date.today() + datetime.timedelta(days=40)).isoformat()})
    assert response.status_code == 200
    assert "une commune d&#x27;installation visée doit être renseignée" in response.content.decode()
    assert snapshot(project) == before


def test_a_move_that_fell_through_goes_back_to_support_from_the_page(client, bob, project, walk_to):
    walk_to(project, State.SETTLING)
    client.force_login(bob)
    page = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    assert "Annuler l&#x27;installation prévue" in page
    response = client.post(_url(project, "cancel_move"), {
        "expected_state": "settling", "reason": "Le poste à Cahors a été pourvu en interne"})
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).state == State.ACCOMPANIED


@pytest.mark.parametrize(("who", "offered"), [("alice", True), ("bob", False)])
def test_only_a_coordinator_is_offered_to_reopen_a_rejected_project(who, offered, client, alice, bob, project,
                                                                     walk_to):
    walk_to(project, State.REJECTED)
    client.force_login({"alice": alice, "bob": bob}[who])
    page = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    assert (_url(project, "reopen") in page) is offered
