"""What welcome_kits does when the journey moves (connected in apps.ready)."""

import logging

from django.contrib.auth import get_user_model

from onboarding.models import Project
from onboarding.signals import project_transitioned
from welcome_kits.services import kit_request

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


def connect():
    project_transitioned.connect(
        queue_kit_on_confirm_move, sender=Project, dispatch_uid="welcome_kits.queue_kit_on_confirm_move"
    )
