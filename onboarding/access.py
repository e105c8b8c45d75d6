"""Who may see and do what: the one place.

Every page, the API, the admin, the exports and the services ask here.
The answers are consistent everywhere:

- somebody who may not see a project gets 404, never its data nor a hint
  that it exists (`project_for`);
- somebody who may see it but not act on it (a team colleague, read-only)
  gets 403 on every write (`project_for(..., write=True)`, or the services'
  own checks with `may_act` / `may_reassign`);
- pages for staff answer 403 to a signed-in account with no staff role
  (`staff_required`), pages for coordinators to anybody else
  (`coordinator_required`).

Roles themselves (coordinator, referent profile) are read by `crm.access`.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from crm.access import COORDINATOR_GROUP, is_coordinator, is_staff_member, networks_of, referent_of
from crm.models import Event, Referent, Team
from crm.scope import in_networks_of, scoped
from onboarding.models import Project, RoutingRule

__all__ = [
    "coordinator_required",
    "events_of_networks_of",
    "project_filter_narrow",
    "referents_of_networks_of",
    "routing_rules_of",
    "is_coordinator",
    "is_staff_member",
    "may_act",
    "may_complete",
    "may_manage_event",
    "may_manage_housing_offer",
    "may_mark_attendance",
    "may_reassign",
    "may_see",
    "may_see_access_log",
    "project_for",
    "projects_visible_to",
    "visibility_key",
    "referent_of",
    "referents_who_may_see",
    "require_staff",
    "staff_required",
]


def projects_visible_to(user):
    """Within the networks the account works for (crm.access.networks_of):
    coordinators see every project; a referent sees the projects assigned to
    them and those of their teams; anybody else sees nothing."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Project.objects.all()
    # A join on the membership table, not a list of ids read first: no extra query.
    mine = Project.objects.filter(network__members=user) if getattr(user, "is_authenticated", False) else None
    if is_coordinator(user):
        return mine
    referent = referent_of(user)
    if referent is None:
        return Project.objects.none()
    team_ids = list(referent.teams.values_list("pk", flat=True))
    return mine.filter(Q(referent=referent) | Q(team_id__in=team_ids))


def visibility_key(user):
    """What `projects_visible_to(user)` selects, as a string: two accounts with
    the same key see the same projects (and draw against the same networks'
    targets), two that see different projects never share one. For caches of
    figures computed over what a reader may see (reports/cache.py). Up to
    three small queries (the account's networks, group, teams)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return "all"
    if not getattr(user, "is_authenticated", False):
        return "none"
    networks = ",".join(str(pk) for pk in sorted(user.networks.values_list("pk", flat=True)))
    if is_coordinator(user):
        return f"networks={networks}"
    referent = referent_of(user)
    if referent is None:
        return f"none;networks={networks}"
    teams = ",".join(str(pk) for pk in sorted(referent.teams.values_list("pk", flat=True)))
    return f"referent={referent.pk};teams={teams};networks={networks}"


def referents_who_may_see(project):
    """The referents whose account may see `project`: projects_visible_to
    read the other way round (a test holds the two together), for choosing
    who a task on it may go to. Inactive referent profiles included: callers
    that offer a choice narrow to the active ones."""
    # is_coordinator: a superuser or the group, on an active account;
    # referent_of: an active account with a referent profile.
    follows = Q(pk=project.referent_id) if project.referent_id else Q(pk__in=[])
    if project.team_id:
        follows |= Q(teams=project.team_id)
    coordinator = Q(user__groups__name=COORDINATOR_GROUP)
    in_network = Q(user__networks=project.network_id) if project.network_id else Q(pk__in=[])
    return (
        Referent.objects.filter(user__is_active=True)
        .filter(Q(user__is_superuser=True) | (in_network & (follows | coordinator)))
        .distinct()
    )


def referents_of_networks_of(user):
    """Referent profiles of the staff of the user's networks: every choice of
    a person on a staff page (a filter, an assignee, a rule's target)."""
    return scoped(Referent.objects.all(), user)


def referents_of_network(network_id):
    """Referent profiles of one network's staff: who may take its projects."""
    return Referent.objects.filter(user__networks=network_id) if network_id else Referent.objects.none()


def teams_of_networks_of(user):
    return scoped(Team.objects.all(), user)


def events_of_networks_of(user):
    """The events of the user's networks, and the shared ones."""
    return scoped(Event.objects.all(), user)


def routing_rules_of(user, *, shared=True):
    """The routing rules of the user's networks; `shared`: and the ones every
    network uses (read-only for anybody but a superuser)."""
    return in_networks_of(RoutingRule.objects.all(), user, shared=shared)


def project_filter_narrow(filterset, user):
    """The project filter set's choices of people and events, within the
    user's networks: another network's referent id answers as an unknown one."""
    for name in ("referent", "event"):
        narrowed = filterset.filters.get(name)
        if narrowed is not None:
            narrowed.queryset = scoped(narrowed.queryset, user)
            narrowed.__dict__.pop("_field", None)  # a form field built earlier holds the old choices
    return filterset


def may_see(project, user):
    """projects_visible_to, asked of one project in hand (one query)."""
    return projects_visible_to(user).filter(pk=project.pk).exists()


def may_act(project, user):
    """Move, edit, note or task a project: its assigned referent and coordinators."""
    if is_coordinator(user):
        return True
    referent = referent_of(user)
    return referent is not None and project.referent_id == referent.pk


def may_complete(task, user, *, sees_project=None):
    """Tick a task done: whoever may act on its project, and its assignee
    while they may see the project (`sees_project`: already known, as on the
    project's own page)."""
    if may_act(task.project, user):
        return True
    referent = referent_of(user)
    if referent is None or task.assignee_id != referent.pk:
        return False
    return may_see(task.project, user) if sees_project is None else sees_project


def may_reassign(project, user):
    """Hand a project over: coordinators, and its current referent (to a
    colleague); the same people as may_act, named for what they do."""
    return may_act(project, user)


def may_manage_housing_offer(offer, user):
    """Edit a housing offer and accept or decline its stays (the housing app):
    the coordinators of its network, and the staff of its managing
    organisation (a referent profile of that organisation) who work for its
    network. Read duck-typed (network_id, organisation_id): onboarding never
    imports the apps above it."""
    if offer.network_id is None or offer.network_id not in networks_of(user):
        return False
    if is_coordinator(user):
        return True
    referent = referent_of(user)
    return referent is not None and referent.is_active and referent.organisation_id == offer.organisation_id


def may_manage_event(event, user):
    """Create, edit an event (crm.Event) and send its invitations (the events
    app): the coordinators of its network. A shared event (no network) is a
    superuser's, in the admin."""
    return is_coordinator(user) and event.network_id is not None and event.network_id in networks_of(user)


def may_mark_attendance(event, user):
    """See an event's invitations and mark who came: the staff (coordinators
    and referents) of its network."""
    return is_staff_member(user) and event.network_id is not None and event.network_id in networks_of(user)


def may_see_access_log(project, user):
    """Who read the project (crm.access_log): the coordinators of its network,
    not its referents nor another network's coordinators."""
    return is_coordinator(user) and project.network_id is not None and project.network_id in networks_of(user)


def require_staff(user):
    """403 for an account with no staff role."""
    if not is_staff_member(user):
        raise PermissionDenied


def project_for(user, pk, *, write=False, queryset=None):
    """The project `pk` if `user` may see it: 404 otherwise (the same answer
    whether or not it exists); 403 if `write` and they may only read it.

    `queryset` narrows or prepares the read (select_related...); visibility is
    always applied on top of it.
    """
    require_staff(user)
    visible = projects_visible_to(user)
    if queryset is not None:
        visible = queryset & visible
    try:
        project = visible.get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not may_act(project, user):
        raise PermissionDenied
    return project


def staff_required(view):
    """Signed in (else the login page), and a referent or coordinator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def coordinator_required(view):
    """Signed in (else the login page), and a coordinator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
