from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeKitsConfig(AppConfig):
    name = "welcome_kits"
    verbose_name = _("Kits de bienvenue")

    def ready(self):
        from crm.scope import in_networks_of, my_network_ids, scope_register
        from welcome_kits import receivers

        receivers.connect()
        # The kit's tables in the one "rows of these networks" rule (crm.scope).
        scope_register("welcome_kits.kit", lambda queryset, user: in_networks_of(queryset, user, "project__network"))
        scope_register("welcome_kits.partnercontact",
                       lambda queryset, user: in_networks_of(queryset, user, "network", shared=True))
        scope_register("welcome_kits.contentblock", _content_scope(in_networks_of, my_network_ids))


def _content_scope(in_networks_of, my_network_ids):
    """A block with no network is every network's; else one of its networks must be the user's."""
    from django.db.models import Q

    def scope(queryset, user):
        everything = in_networks_of(queryset, user, "networks", shared=True)
        if everything is queryset:  # a superuser
            return queryset
        return queryset.filter(Q(networks__isnull=True) | Q(networks__in=my_network_ids(user))).distinct()

    return scope
