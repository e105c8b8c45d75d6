from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeKitsConfig(AppConfig):
    name = "welcome_kits"
    verbose_name = _("Kits de bienvenue")

    def ready(self):
        from welcome_kits import receivers

        receivers.connect()
