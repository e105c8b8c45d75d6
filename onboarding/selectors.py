"""Reads that span relations. Visibility is decided in onboarding.access."""

import datetime

from django.db.models import Count, Prefetch
from django.utils import timezone

from crm.access import referent_of
from crm.models import Commune, Epci, Referent, Segment
from onboarding.access import projects_visible_to
from onboarding.models import Project, Task, referent_open_projects
from onboarding.states import OPEN_STATES, State


def project_state_counts(projects):
    """[{state, label, count}] for every state, zeros included, in one query."""
    counts = dict(
        projects.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [
        {"state": value, "label": label, "count": counts.get(value, 0)}
        for value, label in State.choices
    ]


# What a row of the list shows (workspace/templatetags/project_rows.py): the
# projects' and contacts' long texts (message, summary, notes) are not read:
# half the rows' width, and their model instances built faster.
PROJECT_LIST_FIELDS = (
    "state", "updated_at", "contact", "segment", "referent", "target_commune", "installed_commune",
    "target_epci", "contact__first_name", "contact__last_name",
)


def project_list(projects):
    """A (filtered) visible queryset as the staff list shows it; the caller paginates.

    The page's rows join their contact only; segments, referents (with their
    account), communes (aimed at, installed in) and EPCIs come by id in five
    small queries. Joined all at once (nine
    tables with the visibility rule's), PostgreSQL spent 45–120 ms *planning*
    the query it then ran in 1 ms (200,000 projects): the join order search
    grows with the tables, whatever the rows. Each reads only the columns a
    row shows (PROJECT_LIST_FIELDS): a field left out and read by a row would
    cost a query per row, which the list's query-count tests catch."""
    return (
        projects
        .select_related("contact")
        .only(*PROJECT_LIST_FIELDS)
        .prefetch_related(
            Prefetch("segment", Segment.objects.only("name")),
            Prefetch("referent", Referent.objects.select_related("user").only(
                "user", "user__first_name", "user__last_name", "user__username")),
            Prefetch("target_commune", Commune.objects.only("name")),
            Prefetch("installed_commune", Commune.objects.only("name")),
            Prefetch("target_epci", Epci.objects.only("name")),
        )
        .order_by("-updated_at", "-pk")
    )


def first_contact_overdue(projects, *, today=None):
    today = today or timezone.localdate()
    return projects.filter(state=State.NEW, first_contact_due_on__lt=today)


def tasks_due(user, *, today=None, within_days=7):
    """Open tasks assigned to the user's referent profile, due within a week or
    late, on projects the user may still see (a project handed over to
    another team takes its tasks out of sight: they name the prospect)."""
    referent = referent_of(user)
    if referent is None:
        return Task.objects.none()
    today = today or timezone.localdate()
    return (
        Task.objects.filter(assignee=referent, done_at__isnull=True,
                            due_on__lte=today + datetime.timedelta(days=within_days),
                            project__in=projects_visible_to(user))
        .select_related("project__contact")
        .order_by("due_on", "pk")
    )


def referent_loads():
    """Every active referent with their open projects, in one query (each
    referent's count read from the index, not a GROUP BY over every project)."""
    return (
        Referent.objects.filter(is_active=True)
        .select_related("user", "organisation")
        .annotate(open_projects=referent_open_projects())
        .order_by("user__last_name", "user__first_name")
    )


def unassigned_queue(projects=None):
    """The coordinators' queue: open projects that nobody follows yet."""
    projects = Project.objects.all() if projects is None else projects
    return projects.filter(referent__isnull=True, state__in=OPEN_STATES)
