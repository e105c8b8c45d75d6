from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapports")

    def ready(self):
        from crm.scope import in_networks_of, scope_register

        # Targets in the one "rows of these networks" rule (crm.scope).
        scope_register("reports.reporttarget", lambda queryset, user: in_networks_of(queryset, user, "network"))
