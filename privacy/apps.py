from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The people's rights over their personal data, for every kind of person:
    access and portability, the requests queue, the register of processing.
    The declarations it walks live in crm.personal_data (every app adds its own)."""

    name = "privacy"
    verbose_name = _("Données personnelles")
