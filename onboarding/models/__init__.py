from .activity import Interaction, Task
from .journal import DetailChange, ProjectTransition
from .project import Project
from .routing import RoutingDecision, RoutingRule

__all__ = [
    "DetailChange",
    "Interaction",
    "Project",
    "ProjectTransition",
    "RoutingDecision",
    "RoutingRule",
    "Task",
]
