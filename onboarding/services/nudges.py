"""Nudges before a lead goes cold: who is told when a project waits.

Two clocks, one ladder. A new project with no first contact by its due
date (`first_contact_due_on`), and a project in an active state with no
news for NUDGE_SILENT_WEEKS[state] weeks (no journey step, no exchange
logged), climb the same ladder: the referent is told the first day past
the limit, the project's team NUDGE_TEAM_AFTER_WORKING_DAYS working days
later, the network's coordinators NUDGE_COORDINATORS_AFTER_WORKING_DAYS
working days later (weekends and French public holidays do not count:
onboarding.services.deadlines). The prospect can also say on their
tracking page that nobody has contacted them yet: the coordinators and
the referent are told at once in the next digest.

Each threshold crossed is a row (onboarding.Nudge, unique per project,
kind, level and anchor) written by the daily pass before anything is
said: a pass run twice, or the day after a missed one, writes nothing
twice. The daily digest (deadlines_digest_send) tells of the rows not yet
told, and marks them told in the transaction that writes its e-mails: a
broker outage delays the e-mail (the outbox keeps it), never loses or
doubles it. Every row is in the project's history.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from onboarding.models import Interaction, Nudge, Project, ProjectTransition
from onboarding.services.deadlines import is_working_day
from onboarding.states import State
from onboarding.timeline import TimelineEntry

logger = logging.getLogger(__name__)

# Rows are written this many at a time: memory stays bounded however many cross.
NUDGE_CHUNK = 2000


def working_days_back(today, n):
    """The latest day X such that n working days fall after X up to today
    (deadlines.working_days_between(X, today) == n): a limit passed on X
    or before is n working days old today."""
    day = today
    counted = 0
    while counted < n:
        if is_working_day(day):
            counted += 1
        day -= datetime.timedelta(days=1)
    return day


def nudge_ladder(today):
    """{level: the latest anchor for which the level is reached today}.

    The referent: the limit is past (anchor before today). The team and the
    coordinators: that many working days after it."""
    return {
        Nudge.Level.REFERENT: today - datetime.timedelta(days=1),
        Nudge.Level.TEAM: working_days_back(today, settings.NUDGE_TEAM_AFTER_WORKING_DAYS),
        Nudge.Level.COORDINATORS: working_days_back(today, settings.NUDGE_COORDINATORS_AFTER_WORKING_DAYS),
    }


def last_news_on():
    """A project's last news, as a local date expression (the day in the
    project's time zone, as every date shown): its last journey
    step or exchange logged (a project always has its creation row)."""
    last_step = ProjectTransition.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(
        last=Max("at")).values("last")
    last_exchange = Interaction.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(
        last=Max("happened_at")).values("last")
    latest = Greatest(Coalesce(Subquery(last_step), "created_at"), Coalesce(Subquery(last_exchange), "created_at"))
    return TruncDate(latest)


def _waiting_first_contact():
    return Project.objects.filter(state=State.NEW, first_contacted_at__isnull=True,
                                  first_contact_due_on__isnull=False)


def _climb(candidates, kind, today, allowed=datetime.timedelta(0)):
    """Write the nudges of `kind` for `candidates` (annotated with their
    anchor, `nudge_anchor`, a date) whose limit (anchor + `allowed`) has
    reached each level of the ladder today and that are not written yet.
    Every level reached is written, so a project found late by several
    levels at once (after a missed week) gets them all. Only the new rows
    are read into Python, NUDGE_CHUNK at a time; a concurrent pass's rows
    are skipped by the unique constraint. Returns how many were written."""
    written = 0
    for level, reached in nudge_ladder(today).items():
        already = Nudge.objects.filter(project=OuterRef("pk"), kind=kind, level=level, anchor=OuterRef("nudge_anchor"))
        rows = (candidates.filter(nudge_anchor__lte=reached - allowed).filter(~Exists(already))
                .values_list("pk", "nudge_anchor").order_by())
        batch = []
        for project_id, anchor in rows.iterator(chunk_size=NUDGE_CHUNK):
            batch.append(Nudge(project_id=project_id, kind=kind, level=level, anchor=anchor, crossed_on=today))
            if len(batch) == NUDGE_CHUNK:
                written += _write(batch)
                batch = []
        written += _write(batch)
    return written


def _write(batch):
    if batch:
        with transaction.atomic():
            Nudge.objects.bulk_create(batch, ignore_conflicts=True)
    return len(batch)


def nudges_cross(*, today=None):
    """The daily pass: write every threshold crossed today (or on days the
    pass did not run). Returns how many rows it wrote."""
    today = today or timezone.localdate()
    written = _climb(_waiting_first_contact().annotate(nudge_anchor=F("first_contact_due_on")),
                     Nudge.Kind.FIRST_CONTACT, today)
    for state, weeks in settings.NUDGE_SILENT_WEEKS.items():
        silent = Project.objects.filter(state=state).annotate(nudge_anchor=last_news_on())
        written += _climb(silent, Nudge.Kind.SILENT, today, allowed=datetime.timedelta(weeks=weeks))
    logger.info("nudges: %d threshold(s) crossed", written)
    return written


nudges_cross.alters_data = True


class AlreadyContacted(Exception):
    """The project had its first contact: there is nothing to signal."""


def prospect_not_contacted(*, project, today=None):
    """The person says on their tracking page that nobody has contacted them
    yet. Written once per project (a second click says it is noted); the
    referent and the coordinators are told in the next digest, and the
    project goes to the top of their dashboards. Returns True when new."""
    today = today or timezone.localdate()
    if project.first_contacted_at is not None or project.state != State.NEW:
        raise AlreadyContacted()
    anchor = timezone.localdate(project.created_at)
    with transaction.atomic():
        _nudge, created = Nudge.objects.get_or_create(
            project=project, kind=Nudge.Kind.PROSPECT_WAITING, level=Nudge.Level.COORDINATORS, anchor=anchor,
            defaults={"crossed_on": today},
        )
    return created


prospect_not_contacted.alters_data = True


def prospect_waiting_since(project):
    """The day the person said nobody had contacted them, or None."""
    return (Nudge.objects.filter(project=project, kind=Nudge.Kind.PROSPECT_WAITING)
            .order_by("crossed_on").values_list("crossed_on", flat=True).first())


def open_nudges(projects, *, min_level=Nudge.Level.REFERENT, limit=20):
    """([nudge], how many projects): the projects among `projects` with a
    nudge of `min_level` or above that still calls for someone, the highest
    level and newest first, one line per project (its most pressing
    reason). For the dashboards: two queries whatever the number."""
    waiting = Nudge.objects.filter(level__gte=min_level, project__in=projects.values("pk")).still_waiting()
    total = waiting.values("project_id").distinct().count()
    lines = {}
    for nudge in waiting.order_by("-level", "-crossed_on", "project_id").select_related("project")[: limit * 6]:
        lines.setdefault(nudge.project_id, nudge)
        if len(lines) == limit:
            break
    return list(lines.values()), total


def nudges_history(project):
    """Every threshold crossed and the person's word, in the project's
    history (one query; onboarding.extensions' timeline provider)."""
    return [
        TimelineEntry(at=nudge.created_at, kind="nudge", title=nudge.get_kind_display(), body=nudge.label())
        for nudge in project.nudges.order_by("created_at", "level")
    ]
