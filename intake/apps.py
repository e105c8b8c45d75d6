from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Le côté public : projet, suivi, salons")

    def ready(self):
        # Its e-mail builders (crm.outbox.email_kind), in every process that sends.
        from intake import services  # noqa: F401
