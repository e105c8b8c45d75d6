"""What welcome_kits does when the journey moves (connected in apps.ready)."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete

from onboarding.models import Project
from onboarding.signals import project_transitioned
from welcome_kits.models import Kit
from welcome_kits.services import kit_file_delete_if_unused, kit_request

logger = logging.getLogger(__name__)


def queue_kit_on_confirm_move(sender, *, project_id, transition, user_id=None, **kwargs):
    """The move is decided: the prospect gets their kit.

    The journey sends this after its commit, so the project is read fresh here.
    """
    if transition != "confirm_move":
        return
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        kit_request(project=project, user=user)
    except Exception:
        # The move is committed: a kit that cannot be requested must not turn
        # the referent's confirmation into an error page. Staff can request
        # it from the project's kit page.
        logger.exception("Could not request the welcome kit of project %s", project_id)


def delete_kit_file(sender, instance, **kwargs):
    """A deleted kit (its project deleted, or erased) leaves no PDF behind,
    once the deletion is committed."""
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: kit_file_delete_if_unused(name))


def connect():
    project_transitioned.connect(
        queue_kit_on_confirm_move, sender=Project, dispatch_uid="welcome_kits.queue_kit_on_confirm_move"
    )
    post_delete.connect(delete_kit_file, sender=Kit, dispatch_uid="welcome_kits.delete_kit_file")
