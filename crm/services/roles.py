"""The staff groups and what each may do in the admin: coordinators,
referents, and the regional role (no admin rights: it reads the regional
counts page only)."""

from django.contrib.auth.models import Group, Permission

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP, REGIONAL_GROUP

# Coordinators manage reference data and routing; referents read it.
COORDINATOR_APPS = ("crm", "onboarding", "welcome_kits", "testimonials")
REFERENT_VIEW_MODELS = ("segment", "need", "event", "commune", "epci", "departement", "organisation", "team")


def roles_ensure():
    """Create or refresh the groups; safe to run any number of times."""
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    referent, _ = Group.objects.get_or_create(name=REFERENT_GROUP)
    regional, _ = Group.objects.get_or_create(name=REGIONAL_GROUP)
    regional.permissions.clear()
    coordinator.permissions.set(Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS))
    referent.permissions.set(
        Permission.objects.filter(
            content_type__app_label="crm",
            content_type__model__in=REFERENT_VIEW_MODELS,
            codename__startswith="view_",
        )
    )
    return coordinator, referent
