from django.contrib.auth import get_user_model
from django.db.models import Case, Q, Value, When

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, CommuneFormerName, Contact, Segment, name_search_keys, normalize_name


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


def _today_and_former(keys):
    today = Q()
    former = Q()
    for key in keys:
        today |= Q(name_search__startswith=key)
        former |= Q(name_search__startswith=key)
    return today, Q(pk__in=CommuneFormerName.objects.filter(former).values("commune_id"))


def contacts_matching(text):
    """The contacts whose name or e-mail holds `text`, folded as their stored
    key is (Contact.search_key: accents, case, hyphens and dots do not
    matter, on PostgreSQL and SQLite alike); None when `text` holds nothing
    to look for. A case-sensitive `contains` on the folded key is what the
    trigram index (crm migration 0013) serves on PostgreSQL."""
    # The bar separates the name from the address in the stored key: typed, it is a space.
    key = " ".join(normalize_name(text or "").replace("|", " ").split())
    return Contact.objects.filter(search_key__contains=key) if key else None


def communes_matching(query):
    """Communes whose name, or a former name, starts with the query, read as
    a person types it: accents, case, ligatures (œ, æ), hyphens, apostrophes
    and dots ignored, "St"/"Ste" also read as "Saint"/"Sainte". Unordered.

    The prefix look-ups run on the indexed `name_search` columns (on
    PostgreSQL Django adds a varchar_pattern_ops index for LIKE 'x%').
    """
    keys = name_search_keys(query)
    if not keys:
        return Commune.objects.none()
    today, former = _today_and_former(keys)
    return Commune.objects.filter(today | former)


def commune_search(query, *, limit=10):
    """The suggestions for a typed commune name (communes_matching): those
    whose name of today matches first, then those found by a former name
    ("Labastide" lists the Labastide-… before Cœur de Causse, once
    Labastide-Murat); within each, the most populated first, then by name."""
    keys = name_search_keys(query)
    if not keys:
        return Commune.objects.none()
    today, former = _today_and_former(keys)
    return (
        Commune.objects.filter(today | former)
        .annotate(by_former_name=Case(When(today, then=Value(0)), default=Value(1)))
        .select_related("epci", "departement")
        .order_by("by_former_name", "-population", "name_search", "insee")[:limit]
    )


def communes_named(name):
    """The communes a whole name means, as communes_matching reads it:
    today's names first; only when none matches, the former names
    ("Cressensac" → Cressensac-Sarrazac, "St-Céré" → Saint-Céré)."""
    keys = name_search_keys(name)
    if not keys:
        return Commune.objects.none()
    today = Commune.objects.filter(name_search__in=keys)
    if today.exists():
        return today.order_by("name_search", "insee")
    return Commune.objects.filter(
        pk__in=CommuneFormerName.objects.filter(name_search__in=keys).values("commune_id")
    ).order_by("name_search", "insee")


def segments_offered(network_id=None):
    """The shared segments a programme offers: the active ones it has not
    switched off (Network.disabled_segments). Without a network: every
    active segment."""
    segments = Segment.objects.filter(is_active=True)
    if network_id is not None:
        segments = segments.exclude(networks_disabled=network_id)
    return segments.order_by("position", "name")
