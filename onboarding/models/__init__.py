from .activity import Interaction, Task
from .journal import ProjectTransition
from .project import Project
from .routing import RoutingDecision, RoutingRule

__all__ = [
    "Interaction",
    "Project",
    "ProjectTransition",
    "RoutingDecision",
    "RoutingRule",
    "Task",
]
