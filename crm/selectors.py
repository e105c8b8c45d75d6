from django.contrib.auth import get_user_model

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, Segment, normalize_name


def coordinators_with_email(networks=None):
    """Who gets the coordinators' e-mails: active members of the coordinators'
    group with an address (the only recipients selector), and of the
    network(s) the e-mail is about (an id or ids): a programme's alerts never
    reach another programme's coordinators. None: every coordinator."""
    users = get_user_model().objects.filter(groups__name=COORDINATOR_GROUP, is_active=True).exclude(email="")
    if networks is not None:
        ids = [networks] if isinstance(networks, int) else list(networks)
        users = users.filter(networks__in=ids)
    return list(users.order_by("pk").distinct())


def commune_search(query, *, limit=10):
    """Communes whose name starts with the query, accents and case ignored.

    The prefix look-up runs on the indexed `name_search` column (on
    PostgreSQL Django adds a varchar_pattern_ops index for LIKE 'x%').
    """
    key = normalize_name(query)
    if not key:
        return Commune.objects.none()
    return (
        Commune.objects.filter(name_search__startswith=key)
        .select_related("epci", "departement")
        .order_by("-population", "name")[:limit]
    )


def segments_offered(network_id=None):
    """The shared segments a programme offers: the active ones it has not
    switched off (Network.disabled_segments). Without a network: every
    active segment."""
    segments = Segment.objects.filter(is_active=True)
    if network_id is not None:
        segments = segments.exclude(networks_disabled=network_id)
    return segments.order_by("position", "name")
