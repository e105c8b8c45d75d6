"""The API's side of the dates and states rules (#16): a date out of bounds is
a 400 that names the bound, never a 500; cancel_move and reopen are API
values like any other transition."""

import datetime

import pytest
from django.utils import timezone

from onboarding.models import Project
from onboarding.states import State
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

TRANSITIONS = "/api/v1/projects/{id}/transitions/"


@pytest.fixture
def post(as_):
    def post(who, project_id, body):
        return as_(who).post(TRANSITIONS.format(id=project_id), body, format="json")

    return post


def _in(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(("state", "body", "phrase", "code"), [
    (State.QUALIFIED, {"transition": "confirm_move", "move_date": "2020-06-01"}, "ne peut pas être passée",
     "move_date_not_in_past"),
    (State.QUALIFIED, {"transition": "confirm_move", "move_date": _in(3 * 366 + 1)}, "plus de 3 ans",
     "move_date_within_three_years"),
    (State.SETTLING, {"transition": "mark_installed", "installed_on": "1990-01-01"}, "plus de 12 mois",
     "installation_date_within_a_year_before_creation"),
    (State.SETTLING, {"transition": "mark_installed", "installed_on": _in(1)}, "dans le futur",
     "installation_date_not_in_future"),
    (State.SETTLING, {"transition": "mark_installed", "installed_on": "9999-12-31"}, "dans le futur",
     "installation_date_not_in_future"),
    (State.SETTLING, {"transition": "mark_installed", "installed_on": "0001-01-01"}, "plus de 12 mois",
     "installation_date_within_a_year_before_creation"),
])
def test_a_date_out_of_bounds_is_a_400_naming_the_bound(state, body, phrase, code, post, project, walk_to, territory,
                                                        snapshot):
    walk_to(project, state)
    commune = "installed_commune" if body["transition"] == "mark_installed" else "target_commune"
    before = snapshot(project)

    response = post("bob", project.pk, {**body, commune: territory["commune"].insee})

    error = assert_error(response, 400, "condition_missing")
    date = "installed_on" if body["transition"] == "mark_installed" else "move_date"
    assert error["details"] == {"transition": body["transition"], "missing": [code], "fields": [date]}
    assert phrase in error["message"]
    assert snapshot(project) == before


def test_it_cancels_a_move_through_the_api_with_its_reason(post, project, walk_to):
    walk_to(project, State.SETTLING)
    response = post("bob", project.pk, {"transition": "cancel_move", "reason": "Le bail n'a pas été signé"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.ACCOMPANIED
    assert Project.objects.get(pk=project.pk).state == State.ACCOMPANIED


def test_a_cancelled_move_without_a_reason_is_a_400_on_the_field(post, project, walk_to, snapshot):
    walk_to(project, State.SETTLING)
    before = snapshot(project)
    response = post("bob", project.pk, {"transition": "cancel_move"})
    assert "reason" in assert_error(response, 400)["details"]
    assert snapshot(project) == before


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403)])
def test_reopening_a_rejected_project_is_for_coordinators(who, status, post, project, walk_to):
    walk_to(project, State.REJECTED)
    response = post(who, project.pk, {"transition": "reopen"})
    assert response.status_code == status, response.content
    expected = State.NEW if status == 200 else State.REJECTED
    assert Project.objects.get(pk=project.pk).state == expected


def test_the_schema_offers_cancel_move_with_its_required_reason(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    ref = components["TransitionRequest"]["discriminator"]["mapping"]["cancel_move"]
    variant = components[ref.rsplit("/", 1)[1]]
    assert "reason" in variant["required"]
    assert {"$ref": ref} in components["TransitionRequest"]["oneOf"]
