"""Reads that span relations. Visibility is decided here, once, for every
page, the API and every export."""

from django.db.models import Count, Q

from crm.access import is_coordinator, referent_of
from onboarding.models import Project
from onboarding.states import State


def projects_visible_to(user):
    """Coordinators see every project; a referent sees the projects assigned
    to them and those of their teams; anybody else sees nothing."""
    if is_coordinator(user):
        return Project.objects.all()
    referent = referent_of(user)
    if referent is None:
        return Project.objects.none()
    team_ids = list(referent.teams.values_list("pk", flat=True))
    return Project.objects.filter(Q(referent=referent) | Q(team_id__in=team_ids))


def project_state_counts(projects):
    """[{state, label, count}] for every state, zeros included, in one query."""
    counts = dict(
        projects.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [
        {"state": value, "label": label, "count": counts.get(value, 0)}
        for value, label in State.choices
    ]
