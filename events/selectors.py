"""Reads of the events app: the built-in audiences, the staff lists, an
event's invitations, a project's invitations (its history) and the figures."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from crm.models import Contact, Event
from crm.scope import in_networks_of
from crm.selectors import contacts_matching
from events.audiences import area_filter, with_consent
from events.models import Invitation
from onboarding.models import ProjectTransition
from onboarding.states import ACTIVE_STATES, State


def months_before(day, months):
    """`day` minus `months` whole months (the 31st becomes the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _reachable(contacts):
    """Contacts one may write to: an address, not erased, with their consent."""
    return with_consent(contacts.filter(erased_at__isnull=True).exclude(email=""))


def newcomers_installed(event, *, months=12, today=None):
    """The newcomers of the event's network installed in its area in the last
    `months` months: their project's journey log has an installation
    (onboarding.ProjectTransition to "installed") since then, the project is
    still installed or in its follow-up, and its commune of installation is
    in the area. One query."""
    today = today or timezone.localdate()
    since = datetime.datetime.combine(months_before(today, months), datetime.time.min,
                                      tzinfo=timezone.get_current_timezone())
    installs = ProjectTransition.objects.filter(
        area_filter(event, "project__installed_commune"),
        project__contact=OuterRef("pk"), project__network=event.network_id,
        project__state__in=(State.INSTALLED, State.INTEGRATED), to_state=State.INSTALLED, at__gte=since,
    )
    return _reachable(Contact.objects.filter(Exists(installs)))


def _target_in_area(event):
    """Projects whose target (the commune, or only the EPCI) is in the event's area."""
    by_commune = area_filter(event, "target_commune")
    if event.area_communes.exists():
        return by_commune
    if event.area_epci_id:
        by_epci = Q(target_epci=event.area_epci_id)
    elif event.area_departement_id:
        by_epci = Q(target_epci__departement=event.area_departement_id)
    else:
        by_epci = Q(target_epci__departement__networks=event.network_id)
    return by_commune | (Q(target_commune__isnull=True) & by_epci)


def prospects_in_area(event):
    """The prospects of the event's network whose project is open (not
    paused, not installed) and aims at the event's area. One query."""
    from onboarding.models import Project

    projects = Project.objects.filter(_target_in_area(event), contact=OuterRef("pk"), network=event.network_id,
                                      state__in=ACTIVE_STATES)
    return _reachable(Contact.objects.filter(Exists(projects)))


def staff_events(user, *, search="", kind="", start=None, end=None):
    """The events of the user's networks (not the shared ones, with no network: the salons' and the admin's),
    newest first,
    with their invitation counts (one query per page)."""
    events = in_networks_of(Event.objects.all(), user)
    if search:
        events = events.filter(Q(name__icontains=search) | Q(place__icontains=search))
    if kind:
        events = events.filter(kind=kind)
    if start:
        events = events.filter(ends_on__gte=start)
    if end:
        events = events.filter(starts_on__lte=end)
    return events.select_related("network").annotate(
        invited=Count("invitations"),
        registered=Count("invitations", filter=Q(invitations__registered_at__isnull=False)),
    ).order_by("-starts_on", "name", "pk")


def seats_taken(event_id, *, exclude_pk=None):
    """People registered to the event (the sum of the households)."""
    rows = Invitation.objects.filter(event_id=event_id, registered_at__isnull=False)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(people=Sum("household_size"))["people"] or 0


STATE_FILTERS = {
    Invitation.State.REGISTERED: Q(registered_at__isnull=False),
    Invitation.State.DECLINED: Q(declined_at__isnull=False),
    Invitation.State.INVITED: Q(registered_at__isnull=True, declined_at__isnull=True),
}


def event_invitations(event, *, limit=100):
    """The event's invitations with their contact, by state, at most `limit`
    of each, by name (one query per state; the counts say how many in all)."""
    rows = Invitation.objects.filter(event=event).select_related("contact").order_by(
        "contact__last_name", "contact__first_name", "pk")
    return {state: list(rows.filter(condition)[:limit]) for state, condition in STATE_FILTERS.items()}


def event_counts(event):
    """Invited, sent, registered (invitations and people), declined, present, absent: one query."""
    return Invitation.objects.filter(event=event).aggregate(
        invited=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False)),
        registered=Count("pk", filter=Q(registered_at__isnull=False)),
        people=Sum("household_size", filter=Q(registered_at__isnull=False)),
        declined=Count("pk", filter=Q(declined_at__isnull=False)),
        present=Count("pk", filter=Q(attended=True)), absent=Count("pk", filter=Q(attended=False)),
    )


def registered_invitations(event, search=""):
    """Who is expected: the registered invitations, by name (one query), for
    the attendance page; `search`: only the people whose name or e-mail holds
    it (crm.selectors.contacts_matching), to find someone at the door."""
    invitations = Invitation.objects.filter(event=event, registered_at__isnull=False)
    contacts = contacts_matching(search)
    if contacts is not None:
        invitations = invitations.filter(contact__in=contacts.values("pk"))
    return list(invitations.select_related("contact").order_by("contact__last_name", "contact__first_name", "pk"))


def contact_invitations(contact_id):
    """A person's invitations with their event, oldest event first (one query)."""
    return list(Invitation.objects.filter(contact_id=contact_id).select_related("event", "attendance_by")
                .order_by("event__starts_on", "pk"))


def event_figures(user, *, start, end):
    """Invitations to the events of the user's networks held in [start, end]:
    invited, registered (and people), attended, by event kind and EPCI of
    the event's area (its EPCI; "" for an area of communes, a département
    or the whole territory). One query; rows and totals."""
    rows = Invitation.objects.filter(event__in=in_networks_of(Event.objects.all(), user), event__starts_on__gte=start,
                                     event__starts_on__lte=end)
    rows = rows.values("event__kind", "event__area_epci__name").annotate(
        events=Count("event", distinct=True), invited=Count("pk"),
        registered=Count("pk", filter=Q(registered_at__isnull=False)),
        people=Sum("household_size", filter=Q(registered_at__isnull=False)),
        attended=Count("pk", filter=Q(attended=True)),
    ).order_by("event__kind", "event__area_epci__name")
    labels = dict(Event.Kind.choices)
    lines = [{"kind": labels.get(row["event__kind"], row["event__kind"]), "epci": row["event__area_epci__name"] or "",
              "events": row["events"], "invited": row["invited"], "registered": row["registered"],
              "people": row["people"] or 0, "attended": row["attended"]} for row in rows]
    names = ("events", "invited", "registered", "people", "attended")
    total = {name: sum(line[name] for line in lines) for name in names}
    return lines, total
