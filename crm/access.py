"""Who is who among staff: one place for the role checks."""

from crm.models import Network

COORDINATOR_GROUP = "coordinator"
REFERENT_GROUP = "referent"
# Reads counts across every network in a report (reports.views.regional_page),
# never a person: no project, no contact, no name.
REGIONAL_GROUP = "regional"


def _in_group(user, group):
    """Active, and a superuser or a member of `group`; cached on the user
    object, since role checks run many times per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = user.__dict__.setdefault("_groups_checked", {})
    if group not in cache:
        cache[group] = user.groups.filter(name=group).exists()
    return cache[group]


def is_coordinator(user):
    return _in_group(user, COORDINATOR_GROUP)


def is_regional(user):
    """The regional role (a regional agency, the syndicat mixte hosting the
    instance): counts per network, nothing else. Superusers have it too."""
    return _in_group(user, REGIONAL_GROUP)


def referent_of(user):
    """The Referent profile of a user, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.referent
    except Exception:  # RelatedObjectDoesNotExist has no public import path
        return None


def is_staff_member(user):
    return is_coordinator(user) or referent_of(user) is not None


def networks_of(user):
    """The ids of the networks whose data this account may work on: the
    networks it is a member of; every network for a superuser. The one
    answer to "which programme?", read by onboarding.access and the admin."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_network_ids", None)
    if cached is None:
        networks = Network.objects.all() if user.is_superuser else Network.objects.filter(members=user)
        cached = list(networks.values_list("pk", flat=True))
        user._network_ids = cached
    return cached
