from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Work for the newcomer and their partner: job offers from France
    Travail (and, tomorrow, other sources) shown on the project's pages,
    pinned to a project by its referent. Plugs into the pages through
    onboarding.extensions; onboarding never imports it."""

    name = "jobs"
    verbose_name = _("Emploi")

    def ready(self):
        from jobs import receivers, tasks  # noqa: F401  (the task names crm.queue sends)

        receivers.connect()
