"""Journey helpers: walk a project to any state through the one service, and
read back what the database holds so that a refusal can be shown to change
nothing."""

import datetime

import pytest
from django.utils import timezone

from crm.models import Need, Segment
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State

# How to reach each state from new, one transition at a time.
ROUTES = {
    State.NEW: [],
    State.CONTACTED: ["make_contact"],
    State.QUALIFIED: ["make_contact", "qualify"],
    State.ACCOMPANIED: ["make_contact", "qualify", "start_support"],
    State.SETTLING: ["make_contact", "qualify", "confirm_move"],
    State.INSTALLED: ["make_contact", "qualify", "confirm_move", "mark_installed"],
    State.INTEGRATED: ["make_contact", "qualify", "confirm_move", "mark_installed", "close_follow_up"],
    State.ON_HOLD: ["make_contact", "pause"],
    State.ABANDONED: ["abandon"],
    State.REJECTED: ["reject"],
}


@pytest.fixture
def segment(db):
    return Segment.objects.get(code="seconde-vie")


@pytest.fixture
def need(db):
    return Need.objects.get(code="emploi")


@pytest.fixture
def good_fields(territory, segment, need):
    """fields(name): what `name` needs for its conditions to hold."""
    installed_on = timezone.localdate() - datetime.timedelta(days=30)
    fields = {
        "qualify": {"segment": segment.code, "needs": [need.code], "target_epci": territory["epci"].siren},
        # A planned move may not be in the past (it is made "today", in tests).
        "confirm_move": {"target_commune": territory["commune"].insee,
                         "move_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()},
        "cancel_move": {"reason": "La vente de la maison à Figeac n'a pas abouti"},
        "mark_installed": {"installed_commune": territory["commune"].insee, "installed_on": installed_on.isoformat()},
        "pause": {"reason": "Attend la réponse d'un employeur"},
        "abandon": {"reason": "job"},
        "reject": {"reason": "spam"},
    }

    def for_transition(name, project=None):
        if name == "close_follow_up" and project is not None:
            # The follow-up condition reads an exchange logged after the installation.
            Interaction.objects.get_or_create(
                project=project, kind=Interaction.Kind.CALL, summary="Appel de suivi à 6 mois",
                defaults={"happened_at": timezone.now()},
            )
        return dict(fields.get(name, {}))

    return for_transition


@pytest.fixture
def walk_to(alice, good_fields):
    """walk_to(project, state, user=alice): move `project` to `state` from new."""

    def walk(project, state, user=None):
        assert project.state == State.NEW
        for name in ROUTES[state]:
            project_transition(
                project=project, transition=name, user=user or alice, fields=good_fields(name, project)
            )
        assert Project.objects.get(pk=project.pk).state == state
        return project

    return walk


def db_state(project):
    """What the database holds for `project`: its row, its needs, its log."""
    return {
        "row": Project.objects.filter(pk=project.pk).values().get(),
        "needs": sorted(Project.objects.get(pk=project.pk).needs.values_list("code", flat=True)),
        "log": list(
            ProjectTransition.objects.filter(project=project).values_list("transition", "from_state", "to_state")
        ),
    }


@pytest.fixture
def snapshot():
    return db_state

