"""What staff record on a project besides its state: exchanges and tasks
(its details: onboarding.services.projects)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.access import may_act
from onboarding.exceptions import TransitionPermissionDenied
from onboarding.models import Interaction, Task


def _require_may_act(project, user):
    if not may_act(project, user):
        raise TransitionPermissionDenied(
            _("Seuls le référent du projet et la coordination peuvent modifier ce projet.")
        )


@transaction.atomic
def interaction_log(*, project, user, kind, summary, happened_at=None):
    _require_may_act(project, user)
    return Interaction.objects.create(
        project=project, kind=kind, summary=summary, happened_at=happened_at or timezone.now(), by=user
    )


@transaction.atomic
def task_create(*, project, user, title, due_on, assignee):
    _require_may_act(project, user)
    return Task.objects.create(project=project, title=title, due_on=due_on, assignee=assignee, created_by=user)


@transaction.atomic
def task_complete(*, task, user):
    _require_may_act(task.project, user)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
    return task


for _func in (interaction_log, task_create, task_complete):
    _func.alters_data = True
