from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    """The ambassadors' network: sign-up, referral links, introductions.
    Plugs into the pages through onboarding.extensions; onboarding never imports it."""

    name = "ambassadors"
    verbose_name = _("Ambassadeurs")

    def ready(self):
        from ambassadors import receivers

        receivers.connect()
