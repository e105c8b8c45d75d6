from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeKitsConfig(AppConfig):
    name = "welcome_kits"
    verbose_name = _("Kits de bienvenue")

    def ready(self):
        from crm.scope import in_networks_of, scope_register
        from welcome_kits import receivers

        receivers.connect()
        # The kit's tables in the one "rows of these networks" rule (crm.scope).
        scope_register("welcome_kits.kit", lambda queryset, user: in_networks_of(queryset, user, "project__network"))
        scope_register("welcome_kits.partnercontact",
                       lambda queryset, user: in_networks_of(queryset, user, "network", shared=True))
        # A block names its networks (none: every network's); distinct, since a block may name several.
        scope_register("welcome_kits.contentblock",
                       lambda queryset, user: in_networks_of(queryset, user, "networks", shared=True).distinct())

