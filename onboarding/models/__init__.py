from .activity import Interaction, Task
from .api import ApiToken, IdempotencyKey
from .journal import ProjectTransition
from .project import Project
from .reports import ReportTarget
from .routing import RoutingDecision, RoutingRule

__all__ = [
    "ApiToken",
    "IdempotencyKey",
    "Interaction",
    "Project",
    "ProjectTransition",
    "ReportTarget",
    "RoutingDecision",
    "RoutingRule",
    "Task",
]
