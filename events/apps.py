from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and their invitations: one mechanism for the welcome events of
    newcomers and the programme's events (the ambassadors' network registers
    its audience here: events.audiences). Plugs into the pages through
    onboarding.extensions; onboarding never imports it."""

    name = "events"
    verbose_name = _("Événements et invitations")

    def ready(self):
        from events import emails, receivers, tasks  # noqa: F401  (e-mail kinds, the task names beat sends)

        receivers.connect()
