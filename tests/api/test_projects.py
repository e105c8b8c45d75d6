"""GET /api/v1/projects/, /{id}/ and /{id}/history/."""

import datetime

import pytest
from django.utils import timezone

from crm.models import Contact, Need, Segment, Team
from onboarding.models import Project, RoutingDecision
from onboarding.services.projects import project_create
from onboarding.states import Source, State
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

LIST = "/api/v1/projects/"


def _project(referent, n, **details):
    contact = Contact.objects.create(first_name=f"P{n}", last_name="Test", email=f"p{n}@example.org")
    return project_create(contact=contact, source=Source.WEBSITE, referent=referent, **details)


def ids(response):
    assert response.status_code == 200, response.content
    return [p["id"] for p in response.json()["results"]]


@pytest.fixture
def rich_projects(bob, territory, organisation):
    """make(n): n projects of Bob's with every related object set, as the list shows them."""
    team = Team.objects.create(name="Accueil", organisation=organisation)
    needs = list(Need.objects.all()[:3])
    segment = Segment.objects.first()

    def make(n):
        made = []
        for i in range(n):
            project = _project(
                bob.referent, i, segment=segment, target_epci=territory["epci"],
                target_commune=territory["commune"], installed_commune=territory["commune"], team=team,
            )
            project.needs.set(needs)
            made.append(project)
        return made

    return make


# --- the list -------------------------------------------------------------------

def test_it_lists_every_project_to_a_coordinator(as_, bob, charlie):
    mine, theirs = _project(bob.referent, 1), _project(charlie.referent, 2)

    assert set(ids(as_("alice").get(LIST))) == {mine.pk, theirs.pk}


def test_it_lists_only_a_referents_projects_and_their_teams(as_, bob, charlie, organisation):
    mine, theirs = _project(bob.referent, 1), _project(charlie.referent, 2)
    team = Team.objects.create(name="Accueil", organisation=organisation)
    team.members.add(bob.referent)
    teams = _project(None, 3, team=team)

    assert set(ids(as_("bob").get(LIST))) == {mine.pk, teams.pk}
    assert set(ids(as_("charlie").get(LIST))) == {theirs.pk}


def test_it_lists_the_most_recently_changed_first(as_, bob):
    old, new = _project(bob.referent, 1), _project(bob.referent, 2)
    Project.objects.filter(pk=old.pk).update(updated_at=timezone.now() + datetime.timedelta(hours=1))

    assert ids(as_("bob").get(LIST)) == [old.pk, new.pk]


def test_it_shows_the_project_fields(as_, rich_projects):
    project = rich_projects(1)[0]

    item = as_("alice").get(LIST).json()["results"][0]

    assert item["id"] == project.pk
    assert item["state"] == "new" and item["state_label"] == "Nouveau"
    assert item["segment"]["code"] == project.segment.code
    assert sorted(n["code"] for n in item["needs"]) == sorted(project.needs.values_list("code", flat=True))
    assert item["target_epci"] == {"siren": "200067361", "name": "CC Grand-Figeac"}
    assert item["target_commune"] == {"insee": "46102", "name": "Figeac"}
    assert item["referent"]["name"] == "Bob Durand"
    assert item["contact"]["email"] == "p0@example.org"
    assert "make_contact" in item["available_transitions"]


def test_it_paginates_by_fifty(as_, bob):
    for i in range(51):
        _project(bob.referent, i)

    first = as_("bob").get(LIST).json()
    second = as_("bob").get(LIST, {"page": 2}).json()

    assert first["count"] == 51
    assert len(first["results"]) == 50 and first["next"].endswith("page=2")
    assert len(second["results"]) == 1 and second["next"] is None


def test_it_answers_404_for_a_page_past_the_end(as_, project):
    assert_error(as_("bob").get(LIST, {"page": 9}), 404, "not_found")


@pytest.mark.parametrize("size", [2, 40])
def test_it_lists_in_a_bounded_number_of_queries(as_, rich_projects, django_assert_max_num_queries, size):
    rich_projects(size)
    client = as_("bob")

    # Token (and its last use), role, referent, teams, count, page, needs: as many for 2 projects as for 40;
    # then the access log's one row (SAVEPOINT, INSERT, RELEASE in a test's transaction).
    with django_assert_max_num_queries(8 + 3):
        response = client.get(LIST)

    assert len(response.json()["results"]) == size


# --- filters --------------------------------------------------------------------

def test_it_filters_on_state(as_, bob, walk_to):
    new, contacted = _project(bob.referent, 1), _project(bob.referent, 2)
    walk_to(contacted, State.CONTACTED)

    assert ids(as_("bob").get(LIST, {"state": "contacted"})) == [contacted.pk]
    assert ids(as_("bob").get(LIST, {"state": "new"})) == [new.pk]


def test_it_filters_on_segment_code(as_, bob):
    jeune = Segment.objects.get(code="jeune")
    young, other = _project(bob.referent, 1, segment=jeune), _project(bob.referent, 2)

    assert ids(as_("bob").get(LIST, {"segment": "jeune"})) == [young.pk]
    assert other.pk not in ids(as_("bob").get(LIST, {"segment": "jeune"}))


def test_it_filters_on_need_code_once_per_project(as_, bob):
    with_needs, other = _project(bob.referent, 1), _project(bob.referent, 2)
    with_needs.needs.set(Need.objects.filter(code__in=["emploi", "emploi-conjoint"]))
    other.needs.set(Need.objects.filter(code="mobilite"))

    assert ids(as_("bob").get(LIST, {"need": "emploi"})) == [with_needs.pk]
    assert ids(as_("bob").get(LIST, {"need": "mobilite"})) == [other.pk]


def test_it_filters_on_epci_directly_or_through_the_commune(as_, bob, territory):
    by_epci = _project(bob.referent, 1, target_epci=territory["epci"])
    by_commune = _project(bob.referent, 2, target_commune=territory["commune"])
    _project(bob.referent, 3)

    assert set(ids(as_("bob").get(LIST, {"epci": "200067361"}))) == {by_epci.pk, by_commune.pk}


def test_it_filters_on_referent(as_, bob, charlie):
    mine, _theirs = _project(bob.referent, 1), _project(charlie.referent, 2)

    assert ids(as_("alice").get(LIST, {"referent": bob.referent.pk})) == [mine.pk]


def test_it_never_widens_visibility_with_a_filter(as_, bob, charlie):
    _project(bob.referent, 1)

    assert ids(as_("charlie").get(LIST, {"referent": bob.referent.pk})) == []


def test_it_filters_on_updated_since(as_, bob):
    old, recent = _project(bob.referent, 1), _project(bob.referent, 2)
    Project.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=10))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    assert ids(as_("bob").get(LIST, {"updated_since": since})) == [recent.pk]


def test_it_accepts_any_iso_offset_in_updated_since(as_, project):
    # Found by schemathesis: PostgreSQL refuses an offset past ±15:59 that ISO 8601 allows.
    response = as_("bob").get(LIST, {"updated_since": "2020-05-28T04:42:47+17:14"})

    assert ids(response) == [project.pk]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"state": "flying"}, "state"),
        ({"referent": "bob"}, "referent"),
        ({"referent": "99999999999999999999999"}, "referent"),
        ({"updated_since": "last tuesday"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
    ],
)
def test_it_names_an_invalid_filter(as_, project, params, field):
    error = assert_error(as_("bob").get(LIST, params), 400, "invalid")

    assert field in error["details"]


# --- one project ------------------------------------------------------------------

def test_it_shows_a_visible_project(as_, project):
    response = as_("bob").get(f"{LIST}{project.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == project.pk
    assert body["pause_reason"] == "" and body["duplicate_of"] is None


def test_it_hides_a_project_from_another_referent(as_, project):
    hidden = as_("charlie").get(f"{LIST}{project.pk}/")
    missing = as_("charlie").get(f"{LIST}{project.pk + 1000}/")

    assert_error(hidden, 404, "not_found")
    assert hidden.json() == missing.json()


@pytest.mark.parametrize("project_id", ["0", "9223372036854775808", "99999999999999999999999999"])
def test_it_answers_404_for_an_impossible_id(as_, project, project_id):
    assert_error(as_("alice").get(f"{LIST}{project_id}/"), 404, "not_found")


# --- history -------------------------------------------------------------------------

def test_it_gives_the_projects_timeline_newest_first(as_, project, bob, walk_to):
    RoutingDecision.objects.create(
        project=project, kind=RoutingDecision.Kind.AUTOMATIC, referent=bob.referent,
        reason="Grand-Figeac + emploi → Bob Durand, 3 projets ouverts",
    )
    walk_to(project, State.CONTACTED)

    response = as_("bob").get(f"{LIST}{project.pk}/history/")

    assert response.status_code == 200
    entries = response.json()["results"]
    assert [(e["kind"], e["extra"].get("transition")) for e in entries] == [
        ("transition", "make_contact"), ("routing", None), ("transition", "create"),
    ]
    assert entries[1]["body"].startswith("Grand-Figeac")
    assert entries[0]["by"] == "Alice Martin" and entries[0]["title"] == "Nouveau → Premier contact"
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)


def test_the_api_timeline_is_the_project_pages(as_, client, project, bob, walk_to):
    from django.urls import reverse

    from onboarding.services.activity import interaction_log, task_create

    walk_to(project, State.CONTACTED)
    interaction_log(project=project, user=bob, kind="call", summary="Appel : projet d'infirmière")
    task_create(project=project, user=bob, title="Rappeler", due_on=project.created_at.date(),
                assignee=bob.referent)

    api_entries = as_("bob").get(f"{LIST}{project.pk}/history/").json()["results"]
    client.force_login(bob)
    page = client.get(reverse("project_detail", args=[project.pk])).context["history"]

    assert [(e["kind"], e["title"], e["body"]) for e in api_entries] == [
        (e.kind, str(e.title), e.body) for e in page
    ]
    assert {e["kind"] for e in api_entries} >= {"transition", "interaction", "task"}


def test_the_timeline_is_paginated(as_, project, walk_to):
    from onboarding.models import Interaction

    Interaction.objects.bulk_create([
        Interaction(project=project, kind="note", summary=f"Note {i}") for i in range(60)
    ])
    first = as_("bob").get(f"{LIST}{project.pk}/history/").json()
    assert first["count"] == 61 and len(first["results"]) == 50 and first["next"]
    second = as_("bob").get(first["next"]).json()
    assert len(second["results"]) == 11 and second["next"] is None


def test_it_hides_the_history_of_a_project_from_another_referent(as_, project):
    assert_error(as_("charlie").get(f"{LIST}{project.pk}/history/"), 404, "not_found")


def test_it_reads_a_history_in_a_bounded_number_of_queries(as_, project, walk_to, django_assert_max_num_queries):
    walk_to(project, State.ON_HOLD)
    client = as_("bob")

    # Token (and its last use), role, referent, teams, project, then one query
    # per kind of entry: log, routing decisions, exchanges, tasks, edits, kits,
    # offers proposed (jobs), nudges, proposals (their events only when there
    # are some), stays (housing), event invitations, the ambassador's referral,
    # check-ins (followup); then the access log's one row (SAVEPOINT, INSERT,
    # RELEASE in a test's transaction).
    with django_assert_max_num_queries(19 + 3):
        response = client.get(f"{LIST}{project.pk}/history/")

    assert len(response.json()["results"]) == 3
