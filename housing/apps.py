from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """Housing for newcomers: offers to rent, to buy, and temporary stays
    while they look. Plugs into the pages through onboarding.extensions;
    onboarding never imports it."""

    name = "housing"
    verbose_name = _("Logement")

    def ready(self):
        from housing import receivers, tasks  # noqa: F401  (the task names beat sends)

        receivers.connect()
