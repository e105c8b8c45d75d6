"""POST /api/v1/projects/{id}/transitions/: each answer the journey can give."""

import pytest

from crm.models import Team
from onboarding.models import Project, ProjectTransition
from onboarding.states import Channel, State
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error


def url(project_id):
    return f"/api/v1/projects/{project_id}/transitions/"


@pytest.fixture
def post(as_):
    def post(who, project_id, body):
        return as_(who).post(url(project_id), body, format="json")

    return post


def test_it_applies_a_transition_and_answers_the_new_state(post, project, bob):
    response = post("bob", project.pk, {"transition": "make_contact", "note": "Appel de 20 minutes"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == State.CONTACTED
    assert body["from_state"] == State.NEW
    assert body["transition"] == "make_contact"
    assert "qualify" in body["available_transitions"]
    log = ProjectTransition.objects.get(project=project, transition="make_contact")
    assert (log.by, log.channel, log.note) == (bob, Channel.API, "Appel de 20 minutes")
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED


def test_it_passes_the_transitions_fields(post, project, walk_to, good_fields):
    walk_to(project, State.CONTACTED)

    response = post("bob", project.pk, {"transition": "qualify", **good_fields("qualify")})

    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.state == State.QUALIFIED
    assert project.segment.code == good_fields("qualify")["segment"]
    assert list(project.needs.values_list("code", flat=True)) == good_fields("qualify")["needs"]


def test_it_names_the_missing_conditions(post, project, walk_to, snapshot):
    walk_to(project, State.CONTACTED)
    before = snapshot(project)

    response = post("bob", project.pk, {"transition": "qualify"})

    error = assert_error(response, 400, "condition_missing")
    # Programs read codes; people read the action's French label and what to fill in.
    assert error["details"] == {
        "transition": "qualify",
        "missing": ["has_segment", "has_need", "has_target_territory"],
        "fields": ["segment", "needs", "target_epci", "target_commune"],
    }
    assert error["message"].startswith("« Qualifier le projet » n'est pas encore possible : un segment (cible) "
                                       "doit être choisi ; au moins un besoin doit être renseigné ; ")
    assert error["message"].endswith("À renseigner : Segment, Besoins, Intercommunalité visée, Commune visée.")
    assert "qualify" not in error["message"]
    assert snapshot(project) == before


def test_it_names_a_field_the_transition_does_not_take(post, project, snapshot):
    before = snapshot(project)

    response = post("bob", project.pk, {"transition": "make_contact", "move_date": "2026-05-01"})

    error = assert_error(response, 400, "invalid_field")
    assert error["details"]["field"] == "move_date"
    assert snapshot(project) == before


def test_it_names_an_unknown_field(post, project):
    response = post("bob", project.pk, {"transition": "make_contact", "colour": "blue"})

    assert assert_error(response, 400, "invalid_field")["details"]["field"] == "colour"


def test_it_names_a_field_with_an_unknown_value(post, project, walk_to):
    walk_to(project, State.CONTACTED)

    response = post("bob", project.pk, {"transition": "qualify", "segment": "astronaute"})

    assert assert_error(response, 400, "invalid_field")["details"]["field"] == "segment"


def test_it_names_a_field_with_a_malformed_value(post, project, walk_to):
    walk_to(project, State.QUALIFIED)

    response = post("bob", project.pk, {"transition": "confirm_move", "move_date": "demain"})

    assert "move_date" in assert_error(response, 400, "invalid")["details"]


def test_it_refuses_an_unknown_transition(post, project):
    response = post("bob", project.pk, {"transition": "teleport"})

    assert "transition" in assert_error(response, 400, "invalid")["details"]


def test_it_refuses_a_body_without_a_transition(post, project):
    response = post("bob", project.pk, {"note": "?"})

    assert "transition" in assert_error(response, 400, "invalid")["details"]


def test_it_forbids_a_teammate_who_sees_the_project_but_does_not_follow_it(post, project, charlie, organisation,
                                                                           snapshot):
    team = Team.objects.create(name="Accueil Figeac", organisation=organisation)
    team.members.add(charlie.referent)
    Project.objects.filter(pk=project.pk).update(team=team)
    before = snapshot(project)

    response = post("charlie", project.pk, {"transition": "make_contact"})

    assert_error(response, 403, "permission_denied")
    assert snapshot(project) == before


def test_it_forbids_a_partner_token(post, project, snapshot):
    before = snapshot(project)

    response = post("partner", project.pk, {"transition": "make_contact"})

    assert_error(response, 403, "permission_denied")
    assert snapshot(project) == before


def test_it_hides_a_project_the_user_cannot_see(post, project, snapshot):
    before = snapshot(project)

    response = post("charlie", project.pk, {"transition": "make_contact"})

    assert_error(response, 404, "not_found")
    assert snapshot(project) == before


def test_it_answers_the_same_for_a_hidden_and_a_missing_project(post, project):
    hidden = post("charlie", project.pk, {"transition": "make_contact"})
    missing = post("charlie", project.pk + 1000, {"transition": "make_contact"})

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_it_hides_the_project_before_judging_the_body(post, project):
    response = post("charlie", project.pk, {"transition": "teleport"})

    assert_error(response, 404, "not_found")


def test_it_lists_the_allowed_transitions_when_not_allowed_from_the_state(post, project, walk_to, snapshot):
    walk_to(project, State.CONTACTED)
    before = snapshot(project)

    response = post("bob", project.pk, {"transition": "make_contact"})

    error = assert_error(response, 409, "not_allowed_from_state")
    assert set(error["details"]["allowed"]) == {"qualify", "pause", "abandon"}
    assert error["details"]["state"] == State.CONTACTED
    assert error["details"]["transition"] == "make_contact"
    # People read the actions' labels; the codes are in details.
    assert error["message"].startswith("« Premier contact établi » n'est pas possible depuis l'état « Premier contact »")
    assert "« Qualifier le projet »" in error["message"]
    assert "make_contact" not in error["message"] and "qualify" not in error["message"]
    assert snapshot(project) == before


@pytest.mark.parametrize("channel", ["call", "email", "meeting"])
def test_a_first_contact_records_how_the_person_was_reached(post, project, channel):
    response = post("bob", project.pk, {"transition": "make_contact", "contact_channel": channel})
    assert response.status_code == 200, response.content
    log = ProjectTransition.objects.get(project=project, transition="make_contact")
    assert log.fields == {"contact_channel": channel}


def test_an_unknown_first_contact_channel_is_refused(post, project, snapshot):
    before = snapshot(project)
    response = post("bob", project.pk, {"transition": "make_contact", "contact_channel": "pigeon"})
    error = assert_error(response, 400, "invalid")
    assert "contact_channel" in error["details"]
    assert snapshot(project) == before


def test_it_says_when_the_project_changed_meanwhile(post, project, walk_to, snapshot):
    walk_to(project, State.CONTACTED)  # someone else moved it after the caller read "new"
    before = snapshot(project)

    response = post("bob", project.pk, {"transition": "pause", "reason": "Attend", "expected_state": State.NEW})

    assert_error(response, 409, "changed_meanwhile")
    assert snapshot(project) == before


def test_it_accepts_the_expected_state_when_it_still_holds(post, project):
    response = post("bob", project.pk, {"transition": "make_contact", "expected_state": State.NEW})

    assert response.status_code == 200


def test_it_asks_an_anonymous_caller_to_authenticate(post, project, snapshot):
    before = snapshot(project)

    response = post("anonymous", project.pk, {"transition": "make_contact"})

    assert_error(response, 401, "not_authenticated")
    assert snapshot(project) == before


def test_it_lets_a_coordinator_act(post, project, alice):
    response = post("alice", project.pk, {"transition": "reject", "reason": "spam"})

    assert response.status_code == 200
    assert Project.objects.get(pk=project.pk).state == State.REJECTED
