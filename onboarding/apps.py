from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Parcours d'installation")

    def ready(self):
        # The outbox (crm, below onboarding) forgets the e-mails owed to or
        # about an erased person, pending or sent.
        from crm.outbox import outbox_erase
        from onboarding import admin_privacy  # noqa: F401  (registers the privacy-request admin)
        from onboarding.extensions import register_personal_data_eraser

        # Their e-mail builders (crm.outbox.email_kind), in every process that sends.
        from onboarding.services import deadlines, intake, privacy_requests, routing, transfers  # noqa: F401

        register_personal_data_eraser(transfers.transfer_erase)
        from onboarding.signals import project_moved

        project_moved.connect(transfers.project_moved_receiver, dispatch_uid="transfers-on-move")
        register_personal_data_eraser(
            lambda erasure: outbox_erase(
                contact_ids=erasure.contact_ids, project_ids=erasure.project_ids, emails=erasure.emails
            )
        )
