"""First-contact deadlines: working-days arithmetic and the daily digest.

Public holidays come from the `holidays` package (metropolitan France: the
Lot and the Lot-et-Garonne have none of Alsace-Moselle's extra days), so that
Easter Monday, Ascension and Whit Monday are right every year without a
table to maintain.
"""

import datetime
import functools
import logging
from collections import defaultdict

import holidays
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from crm.emails import absolute_url, email_build
from crm.models import Referent
from crm.outbox import OutboxEntry, email_kind, outbox_add_many
from crm.selectors import coordinators_with_email
from onboarding.access import projects_visible_to
from onboarding.location import place_label
from onboarding.models import Nudge, Project, Task
from onboarding.selectors import first_contact_overdue, unassigned_queue

logger = logging.getLogger(__name__)

SATURDAY = 5


@functools.lru_cache(maxsize=64)
def _public_holidays(year):
    return frozenset(holidays.France(years=year))


def is_working_day(day):
    """Monday to Friday, and not a French public holiday."""
    return day.weekday() < SATURDAY and day not in _public_holidays(day.year)


def add_working_days(day, n):
    """The date `n` working days after `day` (`day` itself never counts).

    A project received on Friday 10 July 2026 with n=5 is due on Monday 20
    July: the weekend and Tuesday 14 July (Fête nationale) are skipped.
    """
    if n < 0:
        raise ValueError("n must be zero or positive")
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    while n > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 if end <= start).

    Counted, not walked: five weekdays in every full week, the remaining days
    one by one, less the public holidays that fall on a weekday in between
    (the digest counts this for every overdue project: a first contact years
    late cost a loop over each of its days)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    day = start + datetime.timedelta(days=7 * weeks)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() < SATURDAY:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for holiday in _public_holidays(year) if start < holiday <= end and holiday.weekday() < SATURDAY)
    return count


def first_contact_due_on(created_at):
    """The first-contact deadline of a project created at `created_at`."""
    return add_working_days(created_at, settings.FIRST_CONTACT_DELAY_WORKING_DAYS)


# --- the daily digest ----------------------------------------------------------

def _project_line(project, today):
    due_on = project.first_contact_due_on
    return {
        "id": project.pk,
        "segment": project.segment.name if project.segment_id else "",
        "territory": place_label(project),
        "due_on": due_on,
        "late_days": working_days_between(due_on, today) if due_on and due_on < today else 0,
        "created_at": project.created_at,
        "url": absolute_url(reverse("project_detail", args=[project.pk])),
        "assign_url": absolute_url(reverse("project_reassign", args=[project.pk])),
    }


DIGEST_REFERENT_EMAIL = "onboarding.digest_referent"
DIGEST_COORDINATOR_EMAIL = "onboarding.digest_coordinators"


def _referents_work(today, referent_ids=None, seen_by=None):
    """Overdue first contacts and due tasks, grouped by referent id: two
    queries. With `seen_by` (a user), only tasks on projects they may see:
    a task left to someone who lost sight of its project is not mailed."""
    projects = Project.objects.filter(referent__isnull=False)
    tasks_due = Task.objects.filter(done_at__isnull=True, due_on__lte=today)
    if seen_by is not None:
        tasks_due = tasks_due.filter(project__in=projects_visible_to(seen_by))
    if referent_ids is not None:
        projects = projects.filter(referent_id__in=referent_ids)
        tasks_due = tasks_due.filter(assignee_id__in=referent_ids)
    overdue = defaultdict(list)
    for project in first_contact_overdue(projects, today=today).select_related(
        "segment", "target_commune", "installed_commune", "target_epci"
    ).order_by("first_contact_due_on", "pk"):
        overdue[project.referent_id].append(_project_line(project, today))
    tasks = defaultdict(list)
    for task in tasks_due.order_by("due_on", "pk"):
        tasks[task.assignee_id].append({
            "title": task.title,
            "due_on": task.due_on,
            "late": task.due_on < today,
            "project_id": task.project_id,
            "url": absolute_url(reverse("project_detail", args=[task.project_id])),
        })
    return overdue, tasks


def _referents_with_work(today):
    """The referents a digest is owed to, asked of the database in one query
    (EXISTS per referent): the overdue projects and due tasks themselves are
    read only when each referent's e-mail is built, never all at once."""
    overdue = first_contact_overdue(Project.objects.filter(referent_id=OuterRef("pk")), today=today)
    due = Task.objects.filter(assignee_id=OuterRef("pk"), done_at__isnull=True, due_on__lte=today)
    told = Nudge.objects.filter(notified_on=today).filter(
        Q(level__in=_REFERENT_TOLD, project__referent_id=OuterRef("pk"))
        | Q(level=Nudge.Level.TEAM, project__team__members=OuterRef("pk"))
    )
    return (
        Referent.objects.filter(is_active=True, user__is_active=True).exclude(user__email="")
        .filter(Exists(overdue) | Exists(due) | Exists(told)).order_by("pk")
    )


# The referent of the project hears of every nudge of theirs but the team's
# (the person's word is level 3: the referent hears of it too); the team's
# members of the team level; the coordinators of the coordinators' level.
_REFERENT_TOLD = (Nudge.Level.REFERENT, Nudge.Level.COORDINATORS)


def _nudge_lines(nudges, today):
    """The digest's lines for nudges still calling for someone (a project
    contacted or given news since is left out: the e-mail is built when sent)."""
    return [
        {"id": nudge.project_id, "text": nudge.label(),
         "url": absolute_url(reverse("project_detail", args=[nudge.project_id]))}
        for nudge in nudges.still_waiting().order_by("project_id", "kind", "level").distinct()
    ]


def _referent_nudges(referent, today):
    """(nudges of their own projects, nudges of their teams' projects) told today."""
    told = Nudge.objects.filter(notified_on=today)
    mine = told.filter(level__in=_REFERENT_TOLD, project__referent=referent).exclude(
        kind=Nudge.Kind.FIRST_CONTACT, level=Nudge.Level.REFERENT)  # already in the overdue list
    team = told.filter(level=Nudge.Level.TEAM, project__team__members=referent).exclude(project__referent=referent)
    return _nudge_lines(mine, today), _nudge_lines(team, today)


def _digest_referents(referent_ids):
    return (
        Referent.objects.filter(pk__in=referent_ids, is_active=True, user__is_active=True)
        .exclude(user__email="").select_related("user").order_by("pk")
    )


# The coordinators' digest lists the queue's oldest projects, this many at
# most, and says how many more wait: the e-mail (and the memory building it)
# stays the same size however long the queue grows.
DIGEST_QUEUE_LINES = 100


def _queue_lines(today, user):
    """(lines, total): the oldest unassigned projects of the networks `user`
    works for, DIGEST_QUEUE_LINES at most, and how many there are (two queries)."""
    queue = unassigned_queue().filter(network__members=user)
    lines = [
        _project_line(project, today)
        for project in queue.select_related("segment", "target_commune", "installed_commune", "target_epci")
        .order_by("created_at", "pk")[:DIGEST_QUEUE_LINES]
    ]
    total = len(lines) if len(lines) < DIGEST_QUEUE_LINES else queue.count()
    return lines, total


def deadlines_digest_send(*, today=None):
    """Owe each referent their overdue first contacts and due tasks, and the
    coordinators the unassigned queue: one outbox row each, once a day (a
    second run the same day adds nothing). Returns the number of new e-mails.

    Nobody with nothing to do gets an e-mail. A fixed number of queries
    whatever the number of referents; each message is built when it is sent,
    from the state of that moment. The e-mails name projects by number and
    link to them: the prospects' names and details stay in the application.
    """
    today = today or timezone.localdate()
    day = today.isoformat()
    with transaction.atomic():
        # The nudges written since the last digest are told in this one: marked
        # first, so that one written while this runs waits for tomorrow's.
        Nudge.objects.filter(notified_on__isnull=True).update(notified_on=today)
        return _digest_write(today, day)


def _digest_write(today, day):
    entries = [
        OutboxEntry(DIGEST_REFERENT_EMAIL, args={"referent_id": pk, "today": day},
                    cause=f"récapitulatif du {day}", dedupe_key=f"digest:{day}:referent:{pk}")
        for pk in _referents_with_work(today).values_list("pk", flat=True).iterator(chunk_size=2000)
    ]
    queued_networks = set(unassigned_queue().order_by().values_list("network_id", flat=True).distinct())
    queued_networks |= set(Nudge.objects.filter(notified_on=today, level=Nudge.Level.COORDINATORS).order_by()
                           .values_list("project__network_id", flat=True).distinct())
    if queued_networks:
        entries += [
            OutboxEntry(DIGEST_COORDINATOR_EMAIL, args={"user_id": user.pk, "today": day},
                        cause=f"récapitulatif du {day}", dedupe_key=f"digest:{day}:coordinator:{user.pk}")
            for user in coordinators_with_email(networks=queued_networks)
        ]
    added = outbox_add_many(entries)
    logger.info("deadlines digest: %d e-mail(s) owed", added)
    return added


deadlines_digest_send.alters_data = True


@email_kind(DIGEST_REFERENT_EMAIL)
def digest_referent_email(*, referent_id, today):
    today = datetime.date.fromisoformat(today)
    referent = _digest_referents([referent_id]).first()
    if referent is None:
        return None
    overdue, tasks = _referents_work(today, referent_ids=[referent_id], seen_by=referent.user)
    nudges, team_nudges = _referent_nudges(referent, today)
    mine = {"overdue": overdue.get(referent_id, []), "tasks": tasks.get(referent_id, []),
            "nudges": nudges, "team_nudges": team_nudges}
    count = sum(len(lines) for lines in mine.values())
    if not count:
        return None  # done since the digest was written
    context = {**mine, "referent": referent, "today": today, "count": count,
               "delay": settings.FIRST_CONTACT_DELAY_WORKING_DAYS}
    return email_build("onboarding/email/routing/digest_referent", context, [referent.user.email])


@email_kind(DIGEST_COORDINATOR_EMAIL)
def digest_coordinators_email(*, user_id, today):
    today = datetime.date.fromisoformat(today)
    user = next((user for user in coordinators_with_email() if user.pk == user_id), None)
    if user is None:
        return None
    queue, total = _queue_lines(today, user)
    nudges = _nudge_lines(Nudge.objects.filter(notified_on=today, level=Nudge.Level.COORDINATORS,
                                               project__network__members=user), today)
    if not queue and not nudges:
        return None
    return email_build("onboarding/email/routing/digest_coordinators",
                       {"today": today, "queue": queue, "total": total, "more": total - len(queue),
                        "nudges": nudges, "user": user}, [user.email])
