from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Parcours d'installation")

    def ready(self):
        from onboarding import admin_privacy  # noqa: F401  (registers the privacy-request admin)

        # Their e-mail builders (crm.outbox.email_kind), in every process that sends.
        from onboarding.services import deadlines, intake, routing  # noqa: F401
