"""Reads: a project's check-ins, and the follow-up figures."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from crm.access import networks_of
from followup.models import CheckIn, CheckInAnswer, LeftReason
from onboarding.extensions import project_read


def project_check_ins(project):
    """The project's check-ins, each with its answers (oldest first) and its
    current one as `current`: three queries (one without check-ins), read
    once for the page's section and history (onboarding.extensions.page_reads)."""
    return project_read(project, "followup.check_ins", lambda: _check_ins(project))


def _check_ins(project):
    answers = CheckInAnswer.objects.select_related("commune").prefetch_related("missing_needs").order_by(
        "answered_at", "pk")
    rows = list(CheckIn.objects.filter(project=project).order_by("months").prefetch_related(
        Prefetch("answers", queryset=answers, to_attr="all_answers")))
    for row in rows:
        row.current = next((answer for answer in row.all_answers if answer.is_current), None)
    return rows


def answer_summary(answer):
    """The answer in one French line (the history, the staff page)."""
    if answer.still_here:
        parts = [_("vit toujours ici, à %(commune)s") % {"commune": answer.commune}]
    else:
        parts = [_("a quitté le territoire (%(reason)s)") % {"reason": answer.get_left_reason_display()}]
    parts.append(_("travail : %(v)s") % {"v": answer.get_work_display()})
    parts.append(_("conjoint : %(v)s") % {"v": answer.get_partner_work_display()})
    parts.append(_("enfants scolarisés : %(v)s") % {"v": answer.get_school_display()})
    needs = [need.name for need in answer.missing_needs.all()]
    if needs:
        parts.append(_("manque : %(v)s") % {"v": ", ".join(needs)})
    parts.append(_("ambassadeur : %(v)s") % {"v": answer.get_ambassador_display()})
    return " ; ".join(str(part) for part in parts)


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


def _current_here():
    return Subquery(CheckInAnswer.objects.filter(check_in=OuterRef("pk"), is_current=True).values("still_here")[:1])


def _counted(queryset, *keys):
    rows = (queryset.annotate(here=_current_here()).values("months", *keys).order_by()
            .annotate(asked=Count("pk", filter=Q(sent_at__isnull=False)),
                      answered=Count("pk", filter=Q(status=CheckIn.Status.ANSWERED)),
                      stayed=Count("pk", filter=Q(status=CheckIn.Status.ANSWERED, here=True))))
    for row in rows:
        row["group"] = row.pop(keys[0]) if keys else None
        row["left"] = row["answered"] - row["stayed"]
        # Among respondents only: a check-in without an answer is never counted as staying.
        row["retention"] = _rate(row["stayed"], row["answered"])
        row["response_rate"] = _rate(row["answered"], row["asked"])
        yield row


def followup_figures(user, *, start, end, segment=None, epci=None):
    """Retention at each delay among respondents, with the response rate
    beside it; by segment and by EPCI; the reasons for leaving and the needs
    still open (current answers). Check-ins due in [start, end] of the
    user's networks. Five queries, computed in the database."""
    check_ins = CheckIn.objects.filter(project__network__in=networks_of(user), due_on__gte=start, due_on__lte=end)
    if segment is not None:
        check_ins = check_ins.filter(project__segment=segment)
    if epci is not None:
        check_ins = check_ins.filter(project__epci=epci)
    overall = {row["months"]: row for row in _counted(check_ins)}
    by_segment = sorted(_counted(check_ins, "project__segment__name"),
                        key=lambda row: (row["group"] or "", row["months"]))
    by_epci = sorted(_counted(check_ins, "project__epci__name"),
                     key=lambda row: (row["group"] or "", row["months"]))
    current = CheckInAnswer.objects.filter(is_current=True, check_in__in=check_ins.values("pk"))
    labels = dict(LeftReason.choices)
    reasons = [{"reason": labels.get(row["left_reason"], row["left_reason"]), "count": row["n"]}
               for row in current.filter(still_here=False).values("left_reason").order_by()
               .annotate(n=Count("pk")).order_by("-n", "left_reason")]
    needs = list(current.filter(still_here=True, missing_needs__isnull=False).values("missing_needs__name")
                 .order_by().annotate(n=Count("pk")).order_by("-n", "missing_needs__name"))
    return {"overall": overall, "by_segment": by_segment, "by_epci": by_epci, "reasons": reasons,
            "needs": [{"need": row["missing_needs__name"], "count": row["n"]} for row in needs]}
