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
        from onboarding.services import deadlines, intake, retention, routing, transfers  # noqa: F401

        register_personal_data_eraser(transfers.transfer_erase)
        from onboarding.signals import project_moved

        project_moved.connect(transfers.project_moved_receiver, dispatch_uid="transfers-on-move")
        register_personal_data_eraser(
            lambda erasure: outbox_erase(
                contact_ids=erasure.contact_ids, project_ids=erasure.project_ids, emails=erasure.emails
            )
        )
        _consents_declare(retention)


def _consents_declare(retention):
    """The consents: their admin, the staff project page, the personal-data registry."""
    from crm.personal_data import PersonKind, personal_data
    from onboarding import admin_retention  # noqa: F401  (consent texts, consents, the retention log)
    from onboarding.extensions import register_section
    from onboarding.models import Consent

    register_section("project_page", retention.consents_section)
    personal_data(
        Consent, person=PersonKind.PROSPECT, fields=("text", "at", "channel"), context=("project",),
        subject="contact", label=_("Consentements"),
        purpose=_("Prouver l'accord de la personne au traitement de ses données (RGPD, art. 7.1) : quel texte, "
                  "quand, par quel canal."),
        retention=_("Gardés avec le projet, sans rien qui nomme la personne une fois ses données effacées."),
        # What the row says (a version, a date, a channel) names nobody once the contact is anonymised,
        # and is the proof that the processing had a basis.
        erase="keep",
    )
