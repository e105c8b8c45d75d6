from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The people's rights over their personal data, for every kind of person:
    access and portability, the requests queue, the register of processing.
    The declarations it walks live in crm.personal_data (every app adds its own)."""

    name = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        from onboarding.extensions import register_section
        from privacy import services, tasks  # noqa: F401  (the task names crm.queue sends)

        services.declare_personal_data()
        register_section("tracking_page", data_export_section)


def data_export_section(project):
    """The tracking page's way to the person's copy of their data."""
    from onboarding.extensions import Section
    from onboarding.public_site import network_reverse
    from onboarding.tracking_links import tracking_token

    return Section("privacy/_tracking_data_download.html", {
        "url": network_reverse(project.network, "data_export", tracking_token(project)),
    })
