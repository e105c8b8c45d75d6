"""Demo follow-up: the installed demo projects' check-ins, dated from their
(back-dated) installation, some answered (a few people left, some still
miss something), some sent and waiting, the oldest expired."""

import datetime

from django.utils import timezone

from crm.models import Need
from followup.models import CheckIn
from followup.services import check_in_answer, check_ins_schedule
from onboarding.models import Project
from onboarding.states import State


def _answer(rng, project, needs):
    here = rng.random() < 0.85
    answer = {
        "still_here": here, "commune": project.installed_commune if here else None,
        "left_on": None if here else timezone.localdate() - datetime.timedelta(days=rng.randint(5, 40)),
        "left_reason": "" if here else rng.choice(["job", "partner_job", "housing", "isolation"]),
        "work": rng.choice(["found", "found", "found", "looking"]),
        "partner_work": rng.choice(["found", "looking", "na"]), "school": rng.choice(["yes", "yes", "na"]),
        "missing_other": "", "ambassador": rng.choice(["yes", "maybe", "no"]),
    }
    return answer, rng.sample(needs, k=rng.choice([0, 0, 1, 2])) if here else []


def demo_follow_up(project_ids, rng):
    """Idempotent for the projects given: their check-ins are made again from the journey log."""
    ids = list(Project.objects.filter(pk__in=project_ids, state__in=(State.INSTALLED, State.INTEGRATED))
               .values_list("pk", flat=True))
    CheckIn.objects.filter(project_id__in=ids).delete()
    for pk in ids:
        check_ins_schedule(project_id=pk)
    CheckIn.objects.filter(project_id__in=ids, project__state=State.INTEGRATED,
                           status=CheckIn.Status.SCHEDULED).update(status=CheckIn.Status.CANCELLED)
    today = timezone.localdate()
    needs = list(Need.objects.filter(is_active=True))
    due = (CheckIn.objects.filter(project_id__in=ids, project__state=State.INSTALLED,
                                  status=CheckIn.Status.SCHEDULED, due_on__lte=today)
           .select_related("project__installed_commune").order_by("pk"))
    for check_in in due:
        sent_at = timezone.make_aware(datetime.datetime.combine(check_in.due_on, datetime.time(8, 10)))
        CheckIn.objects.filter(pk=check_in.pk).update(status=CheckIn.Status.SENT, sent_at=sent_at)
        if rng.random() < 0.6:
            answer, missing = _answer(rng, check_in.project, needs)
            check_in_answer(check_in=check_in, answer=answer, needs=missing,
                            now=min(sent_at + datetime.timedelta(days=rng.randint(1, 10)), timezone.now()))
