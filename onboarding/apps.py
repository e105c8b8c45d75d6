from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Parcours d'installation")

    def ready(self):
        from onboarding import (
            admin_privacy,  # noqa: F401  (registers the privacy-request admin)
            personal_data,
        )

        # Their e-mail builders (crm.outbox.email_kind), in every process that sends.
        from onboarding.services import deadlines, intake, privacy_requests, retention, routing, transfers  # noqa: F401

        # What the journey's tables hold about a person (crm.personal_data).
        personal_data.declare()
        from onboarding.signals import project_moved

        project_moved.connect(transfers.project_moved_receiver, dispatch_uid="transfers-on-move")
        from onboarding import data_version

        # Every write a report reads changes the reports' cache key (reports/cache.py).
        data_version.connect()
        _consents_show(retention)
        from onboarding.extensions import register_timeline_provider
        from onboarding.services import nudges

        # Reminders before a lead goes cold are part of the project's history.
        register_timeline_provider(nudges.nudges_history)
        _proposals_show()


def _consents_show(retention):
    """The consents and the retention log: their admin, and a section of the staff project page."""
    from onboarding import admin_retention  # noqa: F401  (consent texts, consents, the retention log)
    from onboarding.extensions import register_section

    register_section("project_page", retention.consents_section)


def _proposals_show():
    """The proposals (onboarding.Proposal): in the history and on the staff project page."""
    from onboarding.extensions import register_section, register_timeline_provider
    from onboarding.proposals import proposals_history, proposals_section
    from onboarding.services import proposals  # noqa: F401  (its e-mail builders)

    register_timeline_provider(proposals_history)
    register_section("project_page", proposals_section)
