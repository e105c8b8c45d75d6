"""How the follow-up plugs into the journey, the pages and the registries
(connected in apps.ready)."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.personal_data import PersonKind, personal_data
from crm.personal_data_declared import RETENTION_3Y
from crm.scope import in_networks_of, scope_register
from followup.models import CheckIn, CheckInAnswer
from followup.selectors import answer_summary, project_check_ins
from followup.services import check_ins_cancel, check_ins_schedule, follow_up_check
from onboarding.extensions import Section, register_follow_up_check, register_section, register_timeline_provider
from onboarding.signals import contact_erased, project_transitioned
from onboarding.states import State
from onboarding.timeline import TimelineEntry

PURPOSE = _l("Savoir, après l'installation, si la personne est restée et ce qui lui manque encore, pour l'aider "
             "et mesurer le maintien sur le territoire")


def _scheduled_on_installation(sender, *, project_id, transition, from_state, to_state, **kwargs):
    """After the commit of mark_installed: the check-ins, from the date
    recorded; after any move out of "installé" (the follow-up closed, a
    transfer...): the ones not sent are cancelled. If this is missed (a
    worker gone), the daily pass does both."""
    if transition == "mark_installed":
        check_ins_schedule(project_id=project_id)
    elif from_state == State.INSTALLED and to_state != State.INSTALLED:
        check_ins_cancel(project_ids=[project_id])


def _cancelled_on_erasure(sender, *, project_ids, **kwargs):
    """Inside the erasing transaction: the person is asked nothing more."""
    check_ins_cancel(project_ids=list(project_ids))


def project_section(project):
    """The staff project page: the check-ins, their state and answers (three queries)."""
    check_ins = project_check_ins(project)
    if not check_ins:
        return None
    for check_in in check_ins:
        check_in.summaries = [(answer, answer_summary(answer)) for answer in check_in.all_answers]
    return Section("followup/_project_section.html", {"check_ins": check_ins})


def _day(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def check_ins_history(project):
    """Each survey sent, each answer (a modification with its note), each
    expiry, in the project's history (three queries)."""
    entries = []
    for check_in in project_check_ins(project):
        what = {"months": check_in.months}
        if check_in.sent_at:
            entries.append(TimelineEntry(at=check_in.sent_at, kind="followup",
                                         title=_("Questionnaire de suivi à %(months)s mois envoyé") % what))
        for answer in check_in.all_answers:
            title = (_("Réponse modifiée au questionnaire à %(months)s mois") if answer.modification_note
                     else _("Réponse au questionnaire à %(months)s mois")) % what
            body = answer_summary(answer)
            if answer.modification_note:
                body += "\n" + _("Motif de la modification : %(note)s") % {"note": answer.modification_note}
            if answer.missing_other:
                body += "\n" + _("Précisions : %(text)s") % {"text": answer.missing_other}
            entries.append(TimelineEntry(at=answer.answered_at, kind="followup", title=title, body=body,
                                         by=_("La personne")))
        if check_in.status == CheckIn.Status.EXPIRED:
            entries.append(TimelineEntry(
                at=_midnight(check_in.expires_on), kind="followup",
                title=_("Questionnaire à %(months)s mois expiré sans réponse (le %(day)s)") % {
                    **what, "day": _day(check_in.expires_on)}))
    return entries


def _midnight(day):
    # The expiry is the end of its last day, local time.
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def answers_export(rows, person):
    return [{"questionnaire": _("à %(months)s mois") % {"months": row.check_in.months},
             "answered_at": row.answered_at.isoformat(), "current": row.is_current, "summary": answer_summary(row),
             "left_on": row.left_on.isoformat() if row.left_on else None, "missing_other": row.missing_other,
             "modification_note": row.modification_note}
            for row in rows.select_related("check_in", "commune").prefetch_related("missing_needs")
            .order_by("answered_at", "pk")]


def declare_personal_data():
    # Where the person lives, when they left, what they wrote: blanked on
    # erasure; the categorical answers stay with the anonymised project,
    # as figures (retention, reasons for leaving).
    personal_data(
        CheckInAnswer, person=PersonKind.PROSPECT, subject="check_in__project__contact",
        fields=("commune", "left_on", "missing_other", "modification_note"),
        context=("answered_at", "still_here", "left_reason", "work", "partner_work", "school", "ambassador"),
        erase="blank", export=answers_export, purpose=PURPOSE, retention=RETENTION_3Y,
        label=_l("Vos réponses aux questionnaires de suivi après l'installation"),
    )


def connect():
    scope_register("followup.checkin", lambda queryset, user: in_networks_of(queryset, user, "project__network"))
    scope_register("followup.checkinanswer",
                   lambda queryset, user: in_networks_of(queryset, user, "check_in__project__network"))
    project_transitioned.connect(_scheduled_on_installation, dispatch_uid="followup.schedule")
    contact_erased.connect(_cancelled_on_erasure, dispatch_uid="followup.erased")
    register_timeline_provider(check_ins_history)
    register_section("project_page", project_section)
    register_follow_up_check(follow_up_check)
    declare_personal_data()
