from .activity import Interaction, Task
from .consent import Consent, RetentionMonth
from .journal import DetailChange, ProjectTransition
from .project import Project
from .routing import RoutingDecision, RoutingRule
from .transfer import ProjectTransfer

__all__ = [
    "Consent",
    "DetailChange",
    "Interaction",
    "Project",
    "ProjectTransfer",
    "ProjectTransition",
    "RetentionMonth",
    "RoutingDecision",
    "RoutingRule",
    "Task",
]
