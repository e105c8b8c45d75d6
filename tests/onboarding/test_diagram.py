"""The journey's picture is generated from the declared transitions."""

from django.contrib.auth.models import User
from django.urls import reverse
from django_fsm import RETURN_VALUE

from onboarding.diagram import journey_edges, journey_mermaid
from onboarding.models import Project
from onboarding.states import State
from onboarding.transitions import TRANSITION_NAMES

# Written out from DESIGN.md: (from, to, transition); resume goes back where it came from.
ACTIVE = ["new", "contacted", "qualified", "accompanied", "settling"]
EXPECTED_EDGES = {
    ("new", "contacted", "make_contact"),
    ("contacted", "qualified", "qualify"),
    ("qualified", "accompanied", "start_support"),
    ("qualified", "settling", "confirm_move"),
    ("accompanied", "settling", "confirm_move"),
    ("settling", "installed", "mark_installed"),
    ("settling", "accompanied", "cancel_move"),
    ("installed", "integrated", "close_follow_up"),
    *{(state, "on_hold", "pause") for state in ACTIVE},
    *{("on_hold", state, "resume") for state in ACTIVE},
    *{(state, "abandoned", "abandon") for state in [*ACTIVE, "on_hold"]},
    ("abandoned", "contacted", "reopen"),  # the person was contacted
    ("abandoned", "new", "reopen"),  # nobody ever reached them
    ("rejected", "new", "reopen"),  # rejected by mistake (coordinators only)
    ("new", "rejected", "reject"),
    # The system's own: erasing a person's data closes each of their open projects.
    *{(state, "abandoned", "close_on_erasure") for state in [*ACTIVE, "on_hold"]},
    # And a project accepted by another network is closed on the sending side.
    *{(state, "abandoned", "close_on_transfer") for state in [*ACTIVE, "on_hold"]},
    # And a referent's decision that it is another project's person or household closes the newer one.
    *{(state, "rejected", "close_as_duplicate") for state in [*ACTIVE, "on_hold"]},
}


def _mermaid_edges():
    lines = [line.strip() for line in journey_mermaid().splitlines()]
    edges = set()
    for line in lines:
        if "-->" in line and ":" in line and not line.startswith("[*]"):
            arrow, name = line.split(" : ")
            source, target = arrow.split(" --> ")
            edges.add((source, target, name))
    return edges


def test_it_draws_an_edge_for_every_declared_transition():
    edges = _mermaid_edges()
    for t in Project._meta.get_field("state").get_all_transitions(Project):
        targets = t.target.allowed_states if isinstance(t.target, RETURN_VALUE) else [t.target]
        for target in targets:
            assert (str(t.source), str(target), t.name) in edges


def test_it_draws_exactly_the_journey_of_the_design():
    assert _mermaid_edges() == EXPECTED_EDGES
    assert set(journey_edges()) == EXPECTED_EDGES


def test_it_names_every_state_in_the_mermaid_text():
    text = journey_mermaid()
    assert text.startswith("stateDiagram-v2\n    [*] --> new")
    for value, label in State.choices:
        assert f"{value} : {value} ({label})" in text


def test_it_shows_the_help_page_to_a_referent(client, bob):
    client.force_login(bob)
    response = client.get(reverse("journey_help"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content
    for name in TRANSITION_NAMES:
        assert name in content


def test_it_shows_the_help_page_to_a_coordinator(client, alice):
    client.force_login(alice)
    assert client.get(reverse("journey_help")).status_code == 200


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    url = reverse("journey_help")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_it_refuses_the_help_page_to_a_user_who_is_not_staff(client, db):
    client.force_login(User.objects.create_user(username="eve", password="password"))
    assert client.get(reverse("journey_help")).status_code == 403
