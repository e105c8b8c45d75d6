"""Follow-up after installation: scheduling, the daily pass, the answers.

Rows first. A project marked installed gets one CheckIn row per delay of
FOLLOW_UP_CHECK_INS_MONTHS, counted from its installation date as the
journey log records it (unique per project and delay: scheduling twice,
from the after-commit receiver, the daily pass or the backfill, writes
nothing twice). The daily pass (`followup_pass`, Celery beat) then, in
keyset batches of bounded queries:

1. schedules the installed projects that have no check-in yet (the
   receiver missed, or installed before this app: the backfill);
2. cancels the due check-ins of projects no longer installed (follow-up
   closed, transferred) or whose person was erased (the receivers cancel
   them at once; this is the net for any they missed);
3. marks expired the check-ins whose link has expired unanswered (a
   backfilled check-in already past its expiry is never sent);
4. sends the due ones: in one transaction per batch, the rows still
   "scheduled" are locked (SKIP LOCKED: a concurrent pass takes others),
   their e-mails written to the outbox and the rows marked sent. A pass run
   twice finds nothing left to send; a broker outage leaves the outbox rows
   for its sweep: a delay, never a loss or a double;
5. gives the referent a task for each check-in sent
   FOLLOW_UP_NO_ANSWER_TASK_DAYS days ago without an answer, once.

Calendar months (dateutil's relativedelta: 31 January + 1 month is 28 or
29 February); days are local days (Europe/Paris), so a DST change moves
nothing.
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from crm.batches import keyset_batches
from crm.emails import email_build, network_sender
from crm.languages import language_or_default
from crm.outbox import OutboxEntry, email_kind, outbox_add_many
from followup.links import survey_url
from followup.models import CheckIn, CheckInAnswer
from onboarding.exceptions import JourneyError
from onboarding.extensions import FollowUpCheck
from onboarding.models import Project, ProjectTransition
from onboarding.services.activity import task_create_for_referent
from onboarding.services.deadlines import is_working_day
from onboarding.services.journey import project_transition
from onboarding.states import Channel, State

logger = logging.getLogger(__name__)

BATCH = 1000
SURVEY_EMAIL = "followup.check_in"


def _day(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def check_in_dates(installed_on, today):
    """[(months, due_on, expires_on, status)] of a project installed on `installed_on`."""
    rows = []
    for months in settings.FOLLOW_UP_CHECK_INS_MONTHS:
        due_on = installed_on + relativedelta(months=months)
        expires_on = due_on + datetime.timedelta(days=settings.FOLLOW_UP_LINK_DAYS)
        status = CheckIn.Status.EXPIRED if expires_on < today else CheckIn.Status.SCHEDULED
        rows.append((months, due_on, expires_on, status))
    return rows


def installation_dates(project_ids):
    """{project id: installation date} as the journey log says: the last
    mark_installed's `installed_on`, else the day it was recorded; the
    project's own field for one whose log lacks it. One or two queries."""
    found = {}
    rows = (ProjectTransition.objects.filter(project_id__in=project_ids, transition="mark_installed")
            .order_by("project_id", "at").values_list("project_id", "fields", "at"))
    for project_id, fields, at in rows:
        day = parse_date(str((fields or {}).get("installed_on") or "")) if fields else None
        found[project_id] = day or timezone.localdate(at)
    missing = set(project_ids) - set(found)
    if missing:
        found.update(Project.objects.filter(pk__in=missing, installed_on__isnull=False)
                     .values_list("pk", "installed_on"))
    return found


def _schedule(project_ids, today):
    dates = installation_dates(project_ids)
    rows = [
        CheckIn(project_id=project_id, months=months, installed_on=installed_on, due_on=due_on,
                expires_on=expires_on, status=status)
        for project_id, installed_on in dates.items()
        for months, due_on, expires_on, status in check_in_dates(installed_on, today)
    ]
    # A concurrent pass's rows are skipped by the unique (project, months).
    CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def check_ins_schedule(*, project_id, today=None):
    """The check-ins of one project just marked installed (the receiver)."""
    return _schedule([project_id], today or timezone.localdate())


check_ins_schedule.alters_data = True


def check_ins_cancel(*, project_ids):
    """The check-ins not sent yet of projects whose follow-up ended (closed,
    transferred, erased): nothing more is asked."""
    return CheckIn.objects.filter(project_id__in=project_ids, status=CheckIn.Status.SCHEDULED).update(
        status=CheckIn.Status.CANCELLED)


check_ins_cancel.alters_data = True


def check_ins_backfill(*, today=None, batch=BATCH):
    """Check-ins for every installed project that has none, from its
    installation date; those already past their expiry are written expired
    (never sent). Idempotent; keyset batches. Returns how many rows it wrote."""
    today = today or timezone.localdate()
    unscheduled = Project.objects.filter(state=State.INSTALLED).filter(
        ~Exists(CheckIn.objects.filter(project=OuterRef("pk"))))
    return sum(_schedule(ids, today) for ids in keyset_batches(unscheduled, batch))


check_ins_backfill.alters_data = True


def _send_due(today, now, batch):
    due = CheckIn.objects.filter(status=CheckIn.Status.SCHEDULED, due_on__lte=today, expires_on__gte=today,
                                 project__state=State.INSTALLED)
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(due.select_for_update(skip_locked=True, of=("self",)).order_by("pk")
                        .values_list("pk", "project_id", "project__contact_id", "project__contact__language")[:batch])
            if not rows:
                return sent
            outbox_add_many(OutboxEntry(kind=SURVEY_EMAIL, args={"check_in_id": pk}, cause="followup check-in",
                                        dedupe_key=f"{SURVEY_EMAIL}:{pk}", contact_id=contact_id,
                                        project_id=project_id, language=language_or_default(language))
                            for pk, project_id, contact_id, language in rows)
            CheckIn.objects.filter(pk__in=[row[0] for row in rows]).update(status=CheckIn.Status.SENT, sent_at=now)
        sent += len(rows)


def _task_due_on(today):
    day = today
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _no_answer_tasks(today, batch):
    waited = today - datetime.timedelta(days=settings.FOLLOW_UP_NO_ANSWER_TASK_DAYS)
    late = CheckIn.objects.filter(status=CheckIn.Status.SENT, no_answer_task__isnull=True,
                                  sent_at__date__lte=waited, project__state=State.INSTALLED)
    written = 0
    due_on = _task_due_on(today)
    for ids in keyset_batches(late, batch):
        with transaction.atomic():
            for check_in in (CheckIn.objects.select_for_update(skip_locked=True, of=("self",))
                             .select_related("project__referent").filter(pk__in=ids, no_answer_task__isnull=True)):
                task = task_create_for_referent(
                    project=check_in.project, due_on=due_on,
                    title=_("Suivi à %(months)s mois : pas de réponse au questionnaire envoyé le %(sent)s, "
                            "appeler la personne") % {"months": check_in.months,
                                                       "sent": _day(timezone.localdate(check_in.sent_at))})
                if task is not None:
                    CheckIn.objects.filter(pk=check_in.pk).update(no_answer_task=task)
                    written += 1
    return written


def followup_pass(*, today=None, now=None, batch=BATCH):
    """The daily pass (module docstring). Returns what it did, by step."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    done = {"scheduled": check_ins_backfill(today=today, batch=batch)}
    # The receivers cancel a closed project's check-ins at once; here, before
    # sending, the due ones they missed. Erasure leaves an installed project
    # installed (it is closed already): its person is asked nothing more.
    done["cancelled"] = (CheckIn.objects.filter(status=CheckIn.Status.SCHEDULED, due_on__lte=today)
                         .filter(~Q(project__state=State.INSTALLED) | Q(project__contact__erased_at__isnull=False))
                         .update(status=CheckIn.Status.CANCELLED))
    done["expired"] = CheckIn.objects.filter(status__in=(CheckIn.Status.SCHEDULED, CheckIn.Status.SENT),
                                             expires_on__lt=today).update(status=CheckIn.Status.EXPIRED)
    done["sent"] = _send_due(today, now, batch)
    done["tasks"] = _no_answer_tasks(today, batch)
    logger.info("followup pass: %s", done)
    return done


followup_pass.alters_data = True


@email_kind(SURVEY_EMAIL)
def check_in_email(*, check_in_id):
    """The survey and its signed link; None (cancelled) if the person was
    erased, has no address, or the check-in is no longer awaiting an answer."""
    check_in = CheckIn.objects.select_related("project__contact", "project__network").filter(pk=check_in_id).first()
    if check_in is None or check_in.status != CheckIn.Status.SENT:
        return None
    project = check_in.project
    contact = project.contact
    if not contact.email or contact.erased_at is not None:
        return None
    context = {"check_in": check_in, "contact": contact, "network": project.network,
               "survey_url": survey_url(check_in, project.network)}
    return email_build("followup/email/check_in", context, [contact.email], **network_sender(project.network))


# --- the answers --------------------------------------------------------------------------

class AlreadyAnswered(Exception):
    """The check-in has an answer: changing it is an explicit modification, with a note."""


def check_in_answer(*, check_in, answer, needs, modification_note="", now=None):
    """Record the person's answer (`answer`: the CheckInAnswer fields;
    `needs`: the needs still missing). A first answer, or, with a
    `modification_note`, a modification: the previous answer stays, no
    longer current. Then, in the same transaction: a task for the referent
    if the answer signals a difficulty (once per check-in), and, for
    "left the territory", the follow-up closed through the journey
    (close_follow_up, with the reason and the date). Returns the new answer."""
    now = now or timezone.now()
    with transaction.atomic():
        check_in = CheckIn.objects.select_for_update(of=("self",)).select_related("project__referent").get(
            pk=check_in.pk)
        previous = check_in.answers.filter(is_current=True).first()
        if previous is not None and not modification_note.strip():
            raise AlreadyAnswered()
        if previous is not None:
            CheckInAnswer.objects.filter(pk=previous.pk).update(is_current=False)
        row = CheckInAnswer.objects.create(check_in=check_in, answered_at=now, is_current=True,
                                           modification_note=modification_note.strip()[:500] if previous else "",
                                           **answer)
        row.missing_needs.set(needs)
        changes = {"status": CheckIn.Status.ANSWERED}
        if check_in.answered_at is None:
            changes["answered_at"] = now
        difficulties = row.difficulties
        if difficulties and check_in.difficulty_task_id is None:
            task = task_create_for_referent(
                project=check_in.project, due_on=_task_due_on(timezone.localdate(now)),
                title=_("Suivi à %(months)s mois : %(what)s") % {"months": check_in.months,
                                                              "what": " ; ".join(difficulties)})
            changes["difficulty_task"] = task
        for name, value in changes.items():
            setattr(check_in, name, value)
        check_in.save(update_fields=list(changes))
        if not row.still_here:
            _close_on_departure(check_in, row)
    return row


check_in_answer.alters_data = True


def _close_on_departure(check_in, row):
    """The person left: the follow-up closes through the one journey service,
    with the reason and the date (a departure); the check-ins not sent yet
    are cancelled. A project no longer installed is left as it is."""
    project = check_in.project
    if project.state != State.INSTALLED:
        return
    reason = _("Départ du territoire le %(day)s (questionnaire à %(months)s mois) : %(reason)s") % {
        "day": _day(row.left_on) if row.left_on else _("date non précisée"), "months": check_in.months,
        "reason": row.get_left_reason_display()}
    try:
        project_transition(project=project, transition="close_follow_up", user=None, channel=Channel.SYSTEM,
                           fields={"reason": reason[:300]}, note=reason)
    except JourneyError:
        logger.warning("followup: project %s not closed after a departure", project.pk)
        return
    CheckIn.objects.filter(project=project, status=CheckIn.Status.SCHEDULED).update(
        status=CheckIn.Status.CANCELLED)


# --- the journey's condition (onboarding.extensions.register_follow_up_check) ---------------

def follow_up_check(project):
    """What close_follow_up waits for: the last check-in (24 months) answered
    or expired; or the person's word that they left. A project with no
    check-in has nothing awaited here (the daily pass schedules every
    installed project's). Two small queries at most."""
    if project.pk is None:
        return None
    rows = list(CheckIn.objects.filter(project=project).order_by("months").values_list("months", "status", "due_on"))
    if not rows:
        return None
    left = CheckInAnswer.objects.filter(check_in__project=project, is_current=True, still_here=False).exists()
    heard = left or any(status == CheckIn.Status.ANSWERED for _m, status, _d in rows)
    months, status, due_on = rows[-1]
    if left or status in (CheckIn.Status.ANSWERED, CheckIn.Status.EXPIRED, CheckIn.Status.CANCELLED):
        return FollowUpCheck(heard=heard)
    return FollowUpCheck(heard=heard, waiting=_(
        "le questionnaire de suivi à %(months)s mois (prévu le %(day)s) n'a encore ni réponse ni expiré")
        % {"months": months, "day": _day(due_on)})
