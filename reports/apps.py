from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapports")

    def ready(self):
        from crm.scope import in_networks_of, scope_register
        from reports import committee_pdf, tasks  # noqa: F401  (the task names crm.queue sends)

        # Targets in the one "rows of these networks" rule (crm.scope).
        scope_register("reports.reporttarget", lambda queryset, user: in_networks_of(queryset, user, "network"))
        # The committee PDF's requests name who asked (crm.personal_data).
        committee_pdf.declare_personal_data()

        from django.db.models.signals import post_delete, post_save

        from onboarding.data_version import reports_data_changed
        from reports.models import ReportTarget

        # A target is drawn in the report: setting it changes the cached figures (reports/cache.py).
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(lambda **_kwargs: reports_data_changed(), sender=ReportTarget, weak=False,
                           dispatch_uid=f"data-version-{name}-ReportTarget")
