"""Reads that span relations. Visibility is decided in onboarding.access."""

import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
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
    """A (filtered) visible queryset as the staff list shows it, its rows
    joined to their contact only; the caller paginates, then gives the page's
    rows to `with_list_names`. Each reads only the columns a row shows
    (PROJECT_LIST_FIELDS): a field left out and read by a row would cost a
    query per row, which the list's query-count tests catch."""
    return projects.select_related("contact").only(*PROJECT_LIST_FIELDS).order_by("-updated_at", "-pk")


# The names a list row shows, by id, in one statement: four plain scans.
_LIST_NAMES = {
    "segment": "SELECT 'segment', id, name, '', '', '' FROM {segment} WHERE id IN ({ids})",
    "commune": "SELECT 'commune', id, name, '', '', '' FROM {commune} WHERE id IN ({ids})",
    "epci": "SELECT 'epci', id, name, '', '', '' FROM {epci} WHERE id IN ({ids})",
    "referent": "SELECT 'referent', r.id, '', u.first_name, u.last_name, u.username "
                "FROM {referent} r JOIN {user} u ON u.id = r.user_id WHERE r.id IN ({ids})",
}

_NAMED = {"segment": Segment, "commune": Commune, "epci": Epci}


def with_list_names(rows):
    """The rows (a page of `project_list`) with their segment, referent (and
    account), communes (aimed at, installed in) and EPCI set, read in one
    statement: the four tables by id, a UNION ALL written out.

    Joined to the page's query (nine tables with the visibility rule's),
    PostgreSQL spent 45–120 ms *planning* what it ran in 1 ms (200,000
    projects): the join order search grows with the tables, whatever the
    rows; joined by id alone (eight tables), still 3 ms of planning. Read by
    id through the ORM (five prefetches, or one union of four querysets),
    PostgreSQL's part was small but Django's compilation was a third of the
    list's time. Written out (ids as parameters, tables by their models'
    names; plain SQL that SQLite runs too), it costs neither."""
    rows = list(rows)
    wanted = {kind: set() for kind in _LIST_NAMES}
    for row in rows:
        for kind, value in (("segment", row.segment_id), ("referent", row.referent_id),
                            ("commune", row.target_commune_id), ("commune", row.installed_commune_id),
                            ("epci", row.target_epci_id)):
            if value is not None:
                wanted[kind].add(value)
    tables = {"segment": Segment._meta.db_table, "commune": Commune._meta.db_table, "epci": Epci._meta.db_table,
              "referent": Referent._meta.db_table, "user": User._meta.db_table}
    parts, params = [], []
    for kind, sql in _LIST_NAMES.items():
        if wanted[kind]:
            parts.append(sql.format(**tables, ids=", ".join(["%s"] * len(wanted[kind]))))
            params.extend(sorted(wanted[kind]))
    found = {kind: {} for kind in _LIST_NAMES}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for kind, pk, name, first, last, login in cursor.fetchall():
                if kind == "referent":
                    found[kind][pk] = Referent(pk=pk, user=User(first_name=first, last_name=last, username=login))
                else:
                    found[kind][pk] = _NAMED[kind](pk=pk, name=name)
    for row in rows:
        # A row whose segment (…) was deleted between the two reads shows none.
        row.segment = found["segment"].get(row.segment_id)
        row.referent = found["referent"].get(row.referent_id)
        row.target_commune = found["commune"].get(row.target_commune_id)
        row.installed_commune = found["commune"].get(row.installed_commune_id)
        row.target_epci = found["epci"].get(row.target_epci_id)
    return rows


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
