"""Demo follow-up: the installed demo projects' check-ins, dated from their
(back-dated) installation, some answered (a few people left, some still
miss something), some sent and waiting, the oldest expired."""

import datetime

from django.utils import timezone

from crm.models import Need
from followup.models import CheckIn
from followup.services import check_in_answer, check_ins_schedule
from onboarding.models import Interaction, Project, ProjectTransition, RoutingDecision
from onboarding.services.stage_times import stage_times_rebuild
from onboarding.states import State

# Installed demo projects are recent (demo.services._spread_dates): in turn,
# each is moved back, whole, so that it was installed this many days ago:
# its 6-month check-in due 10 days ago, its 12-month one 20 days ago (the
# 6-month one expired), its 24-month one 5 days ago, the 6-month one long
# expired with the 12-month one still ahead; or left as it is.
AGES = (192, 385, 735, 280, None)


def _shift(project_ids):
    """Move some projects' whole history back by one of SHIFTS, keeping its
    order; the installation date in the log follows the project's."""
    moved = []
    today = timezone.localdate()
    for index, pk in enumerate(project_ids):
        project = Project.objects.get(pk=pk)
        age = AGES[index % len(AGES)]
        back = datetime.timedelta(days=age - (today - project.installed_on).days) if age and project.installed_on \
            else datetime.timedelta(0)
        if back > datetime.timedelta(0):
            Project.objects.filter(pk=pk).update(
                created_at=project.created_at - back,
                installed_on=project.installed_on - back if project.installed_on else None,
                first_contacted_at=project.first_contacted_at - back if project.first_contacted_at else None,
                first_contact_due_on=project.first_contact_due_on - back if project.first_contact_due_on else None)
            for model, field in ((ProjectTransition, "at"), (Interaction, "happened_at"), (RoutingDecision, "at")):
                for row_pk, value in model.objects.filter(project_id=pk).values_list("pk", field):
                    model.objects.filter(pk=row_pk).update(**{field: value - back})
            moved.append(pk)
        installed_on = Project.objects.values_list("installed_on", flat=True).get(pk=pk)
        for row_pk, fields in ProjectTransition.objects.filter(project_id=pk, transition="mark_installed").values_list(
                "pk", "fields"):
            ProjectTransition.objects.filter(pk=row_pk).update(
                fields={**fields, "installed_on": installed_on.isoformat() if installed_on else None})
    stage_times_rebuild(moved)


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
    _shift(ids)
    for pk in ids:
        check_ins_schedule(project_id=pk)
    CheckIn.objects.filter(project_id__in=ids, project__state=State.INTEGRATED,
                           status=CheckIn.Status.SCHEDULED).update(status=CheckIn.Status.CANCELLED)
    today = timezone.localdate()
    needs = list(Need.objects.filter(is_active=True))
    due = (CheckIn.objects.filter(project_id__in=ids, project__state=State.INSTALLED,
                                  status=CheckIn.Status.SCHEDULED, due_on__lte=today)
           .select_related("project__installed_commune").order_by("pk"))
    for index, check_in in enumerate(due):
        sent_at = timezone.make_aware(datetime.datetime.combine(check_in.due_on, datetime.time(8, 10)))
        CheckIn.objects.filter(pk=check_in.pk).update(status=CheckIn.Status.SENT, sent_at=sent_at)
        check_in.status = CheckIn.Status.SENT
        if index % 3 != 2:  # two in three answered, the others still waiting
            answer, missing = _answer(rng, check_in.project, needs)
            check_in_answer(check_in=check_in, answer=answer, needs=missing,
                            now=min(sent_at + datetime.timedelta(days=rng.randint(1, 10)), timezone.now()))
