"""Routing a new project to a referent.

Until the routing rules are evaluated, every project goes to the
coordinators' queue with the reason written down.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.models import RoutingDecision


@transaction.atomic
def route_project(*, project, user=None):
    """Assign `project` and record why; returns the RoutingDecision."""
    return RoutingDecision.objects.create(
        project=project,
        kind=RoutingDecision.Kind.AUTOMATIC,
        reason=_("Aucune règle d'orientation ne s'applique : file d'attente de la coordination."),
        by=user if getattr(user, "is_authenticated", False) else None,
    )


route_project.alters_data = True
