from .activity import Interaction, Task
from .consent import Consent, RetentionMonth
from .duplicates import LikelyDuplicate
from .journal import DetailChange, ProjectTransition
from .nudge import Nudge
from .project import Project, referent_open_projects
from .proposal import Proposal, ProposalEvent
from .routing import RoutingDecision, RoutingRule
from .stage_time import ProjectStageTime
from .transfer import ProjectTransfer

__all__ = [
    "Consent",
    "DetailChange",
    "Interaction",
    "LikelyDuplicate",
    "Nudge",
    "Project",
    "ProjectStageTime",
    "ProjectTransfer",
    "ProjectTransition",
    "Proposal",
    "ProposalEvent",
    "RetentionMonth",
    "RoutingDecision",
    "RoutingRule",
    "Task",
    "referent_open_projects",
]
