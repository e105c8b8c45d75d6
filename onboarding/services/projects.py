"""Creating projects: the journey's first log row is written here."""

from django.db import transaction
from django.utils import timezone

from onboarding.location import project_locate
from onboarding.models import Project, ProjectTransition
from onboarding.states import Channel, State


@transaction.atomic
def project_create(*, contact, source, user=None, channel=Channel.UI, needs=(), note="", **details):
    """Create a project in state `new` with its "create" log row.

    `details` are Project fields (segment, target_epci, summary, event...).
    Routing is the caller's next step (`onboarding.services.routing`).
    """
    project = Project(contact=contact, source=source, **details)
    project_locate(project)
    project.save()
    if needs:
        project.needs.set(needs)
    ProjectTransition.objects.create(
        project=project,
        transition=ProjectTransition.CREATE,
        from_state="",
        to_state=State.NEW,
        by=user if getattr(user, "is_authenticated", False) else None,
        channel=channel,
        note=note,
        at=project.created_at or timezone.now(),
    )
    return project


project_create.alters_data = True
