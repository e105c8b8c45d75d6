from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Follow-up after installation: check-ins at 6, 12 and 24 months, the
    newcomer's answers, the retention figures. Plugs into the journey and
    the pages through onboarding.extensions and signals; onboarding never
    imports it."""

    name = "followup"
    verbose_name = _("Suivi après installation")

    def ready(self):
        from followup import receivers, services, tasks  # noqa: F401  (the e-mail kind, the task beat sends)

        receivers.connect()
