"""The staff transition forms, made from the contract: what a person sees
and what happens when they submit it as it comes."""

import datetime
import re

import pytest
from django.urls import reverse

from onboarding.models import Project, ProjectTransition
from onboarding.states import State
from onboarding.transitions import SPECS, TRANSITION_NAMES, Choice
from workspace.forms import EMPTY_CHOICE, transition_form_class, transition_initial

# A state from which each transition that takes fields is declared.
FROM = {
    "make_contact": State.NEW,
    "qualify": State.CONTACTED,
    "confirm_move": State.QUALIFIED,
    "cancel_move": State.SETTLING,
    "mark_installed": State.SETTLING,
    "close_follow_up": State.INSTALLED,  # an early close's reason (followup's check-ins)
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


def _input_tag(content, field_id):
    """The opening tag of the element with this id."""
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', content)
    assert match, f"no field {field_id}"
    return match.group(0)


def assert_said_once_on_the_field(content, field, message):
    """The refusal's words appear once, in the field's error (linked to the
    field, which is marked invalid), and the summary links to the field."""
    assert content.count(message) == 1, content
    tag = _input_tag(content, f"id_{field}")
    assert 'aria-invalid="true"' in tag
    described_by = re.search(r'aria-describedby="([^"]*)"', tag)
    assert described_by and f"id_{field}_error" in described_by.group(1).split(), tag
    error = re.search(rf'<div id="id_{field}_error"[^>]*>(.*?)</div>', content, re.S)
    assert error and message in error.group(1)
    summary = re.search(r'<div[^>]*id="error-summary".*?</div>', content, re.S).group(0)
    assert f'href="#id_{field}"' in summary


@pytest.mark.parametrize(("name", "from_state", "data", "message"), [
    ("mark_installed", State.SETTLING, {"installed_on": "1990-01-01"},
     "La date d&#x27;installation ne peut pas précéder de plus de 12 mois la création du projet"),
    ("mark_installed", State.SETTLING, {"installed_on": "2999-01-01"},
     "La date d&#x27;installation ne peut pas être dans le futur"),
    ("confirm_move", State.QUALIFIED, {"move_date": "2020-06-01"},
     "La date d&#x27;emménagement prévue ne peut pas être passée"),
    ("confirm_move", State.QUALIFIED, {"move_date": "2099-06-01"},
     "La date d&#x27;emménagement prévue ne peut pas être à plus de 3 ans"),
], ids=["installed-too-early", "installed-in-future", "move-in-past", "move-too-far"])
def test_a_date_out_of_bounds_is_refused_on_the_page_with_its_reason(name, from_state, data, message, client, bob,
                                                                    project, walk_to, territory, snapshot):
    walk_to(project, from_state)
    before = snapshot(project)
    client.force_login(bob)
    commune = "installed_commune" if name == "mark_installed" else "target_commune"
    response = client.post(_url(project, name), {
        "expected_state": from_state, commune: territory["commune"].pk, **data})
    assert response.status_code == 200
    assert_said_once_on_the_field(response.content.decode(), next(iter(data)), message)
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
    assert_said_once_on_the_field(response.content.decode(), "target_commune",
                                  "Une commune d&#x27;installation visée doit être renseignée.")
    assert snapshot(project) == before


def test_a_refusal_names_the_action_by_its_french_label_never_its_code(client, bob, project, walk_to):
    walk_to(project, State.CONTACTED)
    client.force_login(bob)
    content = client.post(_url(project, "qualify"), {"expected_state": "contacted"}).content.decode()
    assert "« Qualifier le projet » n'a pas été fait" in content
    assert "qualify" not in re.sub(r'(href|action)="[^"]*"', "", content)
    assert_said_once_on_the_field(content, "segment", "Un segment (cible) doit être choisi.")
    # Either an EPCI or a commune: said once, on the first.
    assert_said_once_on_the_field(content, "target_epci",
                                  "Un territoire visé (EPCI ou commune) doit être renseigné.")


def test_a_refusal_that_no_field_can_meet_is_said_once_above_the_form(client, bob, project, walk_to):
    walk_to(project, State.INSTALLED)
    client.force_login(bob)
    content = client.post(_url(project, "close_follow_up"), {"expected_state": "installed"}).content.decode()
    summary = re.search(r'<div[^>]*id="error-summary".*?</div>', content, re.S).group(0)
    message = "Un échange de suivi doit être enregistré après la date d&#x27;installation."
    assert message in summary
    assert content.count(message) == 1
    assert "Pour cette étape, il faut" not in content  # the hint before sending is not said again


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


@pytest.mark.parametrize(("channel", "said"), [
    ("call", "par appel téléphonique"), ("email", "par e-mail"), ("meeting", "par rendez-vous"),
])
def test_a_first_contact_from_its_page_records_its_channel_and_note_for_the_history(channel, said, client, bob,
                                                                                     project):
    client.force_login(bob)
    response = client.post(_url(project, "make_contact"), {
        "expected_state": "new", "contact_channel": channel, "note": "Premier échange"})
    assert response.status_code == 302
    row = ProjectTransition.objects.get(project=project, transition="make_contact")
    assert (row.fields, row.note, row.by) == ({"contact_channel": channel}, "Premier échange", bob)
    page = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    assert f"Nouveau → Premier contact, {said}" in page


def test_a_first_contact_without_its_channel_says_no_channel(client, bob, project):
    client.force_login(bob)
    client.post(_url(project, "make_contact"), {"expected_state": "new"})
    row = ProjectTransition.objects.get(project=project, transition="make_contact")
    assert row.fields == {"contact_channel": ""}
    page = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    assert "Nouveau → Premier contact</strong>" in page


@pytest.mark.parametrize("name", ["make_contact", "abandon", "reject", "pause"])
def test_opening_a_transitions_page_asks_and_changes_nothing(name, client, bob, project, snapshot):
    before = snapshot(project)
    client.force_login(bob)
    content = client.get(_url(project, name)).content.decode()
    assert f'<button type="submit" class="btn btn-{"danger" if SPECS[name].destructive else "primary"}"' in content
    assert snapshot(project) == before


def test_the_project_page_does_nothing_in_one_click_and_marks_what_closes_the_project(client, bob, project):
    client.force_login(bob)
    content = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    assert "/transitions/" not in "".join(re.findall(r'<form[^>]*>', content))
    links = {name: css for css, name in re.findall(r'<a class="btn ([^"]*)" href="[^"]*/transitions/([a-z_]+)/"',
                                                   content)}
    assert links == {"make_contact": "btn-primary", "pause": "btn-primary",
                     "abandon": "btn-outline-danger", "reject": "btn-outline-danger"}
    # The destructive ones come last.
    assert content.index("/transitions/abandon/") > content.index("/transitions/pause/")
