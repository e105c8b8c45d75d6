from .activity import Interaction, Task
from .journal import DetailChange, ProjectTransition
from .project import Project
from .routing import RoutingDecision, RoutingRule
from .transfer import ProjectTransfer

__all__ = [
    "DetailChange",
    "Interaction",
    "Project",
    "ProjectTransfer",
    "ProjectTransition",
    "RoutingDecision",
    "RoutingRule",
    "Task",
]
