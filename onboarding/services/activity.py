"""What staff record on a project besides its state: exchanges and tasks
(its details: onboarding.services.projects)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.access import may_act, may_complete, referents_who_may_see
from onboarding.exceptions import JourneyError, TransitionPermissionDenied
from onboarding.models import Interaction, Task
from onboarding.services.retention import PERSON_EXCHANGE_KINDS, person_contact_record


def _require_may_act(project, user):
    if not may_act(project, user):
        raise TransitionPermissionDenied(
            _("Seuls le référent du projet et la coordination peuvent modifier ce projet.")
        )


@transaction.atomic
def interaction_log(*, project, user, kind, summary, happened_at=None):
    _require_may_act(project, user)
    interaction = Interaction.objects.create(
        project=project, kind=kind, summary=summary, happened_at=happened_at or timezone.now(), by=user
    )
    if kind in PERSON_EXCHANGE_KINDS:  # the person reached us (a note or an e-mail logged does not count)
        person_contact_record(contact_id=project.contact_id, at=min(interaction.happened_at, timezone.now()))
    return interaction


class TaskAssigneeInvalid(JourneyError):
    """The task would go to someone who may not see the project."""

    code = "invalid_assignee"


def task_assignees(project):
    """Who a task on `project` may go to: the active referents who may see it
    (a task names the project, and its assignee must be able to open it)."""
    return referents_who_may_see(project).filter(is_active=True)


@transaction.atomic
def task_create(*, project, user, title, due_on, assignee):
    _require_may_act(project, user)
    if not task_assignees(project).filter(pk=assignee.pk).exists():
        raise TaskAssigneeInvalid(
            _("Cette tâche ne peut être confiée qu'à une personne qui suit ce projet (son référent, son équipe "
              "ou la coordination)."),
            field="assignee",
        )
    return Task.objects.create(project=project, title=title, due_on=due_on, assignee=assignee, created_by=user)


def task_create_for_referent(*, project, title, due_on):
    """A task the application itself gives the project's referent (a
    follow-up check-in without an answer): no author; None when the project
    has no active referent (it is then in the coordinators' queue)."""
    referent = project.referent
    if referent is None or not referent.is_active:
        return None
    return Task.objects.create(project=project, title=title[:200], due_on=due_on, assignee=referent,
                               created_by=None)


@transaction.atomic
def task_complete(*, task, user):
    if not may_complete(task, user):
        raise TransitionPermissionDenied(
            _("Seuls la personne à qui la tâche est confiée, le référent du projet et la coordination peuvent "
              "la marquer comme faite.")
        )
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
    return task


for _func in (interaction_log, task_create, task_create_for_referent, task_complete):
    _func.alters_data = True
