"""Who is who among staff: one place for the role checks."""

from crm.models import Network

COORDINATOR_GROUP = "coordinator"
REFERENT_GROUP = "referent"
# Reads counts across every network in a report (reports.views.regional_page),
# never a person: no project, no contact, no name.
REGIONAL_GROUP = "regional"


def is_coordinator(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: role checks run many times per request.
    cached = getattr(user, "_is_coordinator", None)
    if cached is None:
        cached = user.groups.filter(name=COORDINATOR_GROUP).exists()
        user._is_coordinator = cached
    return cached


def is_regional(user):
    """The regional role (a regional agency, the syndicat mixte hosting the
    instance): counts per network, nothing else. Superusers have it too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_regional", None)
    if cached is None:
        cached = user.groups.filter(name=REGIONAL_GROUP).exists()
        user._is_regional = cached
    return cached


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
