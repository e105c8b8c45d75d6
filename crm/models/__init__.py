from .access_log import AccessLog
from .consent import ConsentText
from .networks import Network
from .organisations import Absence, Organisation, Referent, Team
from .outbox import OutboxEmail
from .people import Contact
from .privacy import PrivacyRequest
from .reference import Event, Need, Segment
from .territories import Commune, CommuneFormerName, Departement, Epci, name_search_keys, normalize_name

__all__ = [
    "Absence",
    "AccessLog",
    "Commune",
    "CommuneFormerName",
    "ConsentText",
    "Contact",
    "Departement",
    "Epci",
    "Event",
    "Need",
    "Network",
    "Organisation",
    "OutboxEmail",
    "PrivacyRequest",
    "Referent",
    "Segment",
    "Team",
    "name_search_keys",
    "normalize_name",
]
