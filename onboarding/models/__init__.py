from .activity import Interaction, Task
from .project import Project
from .journal import ProjectTransition
from .routing import RoutingDecision, RoutingRule

__all__ = [
    "Interaction",
    "Project",
    "ProjectTransition",
    "RoutingDecision",
    "RoutingRule",
    "Task",
]
