from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    """A person's agreement to one version of the consent text, for one
    project: when, and through which channel (the form, a partner's API key,
    a staff member at a job fair, or the renewal link of the retention
    reminder). Written by onboarding.services.intake in the project's
    transaction, and by onboarding.services.retention for a renewal."""

    class Channel(models.TextChoices):
        FORM = "form", _("Formulaire du site")
        API = "api", _("API (site partenaire)")
        FAIR = "fair", _("Salon, saisi par un membre de l'équipe")
        RENEWAL = "renewal", _("Renouvellement (lien de l'e-mail de conservation)")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="consents", verbose_name=_("projet")
    )
    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.CASCADE, related_name="consents", verbose_name=_("contact")
    )
    text = models.ForeignKey(
        "crm.ConsentText", on_delete=models.PROTECT, related_name="consents", verbose_name=_("texte accepté")
    )
    at = models.DateTimeField(_("donné le"), default=timezone.now)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recueilli par"),
    )
    # The partner's key (api sits above onboarding: no foreign key to it).
    api_key_id = models.PositiveIntegerField(_("clé d'API (n°)"), null=True, blank=True)
    api_key_label = models.CharField(_("clé d'API"), max_length=220, blank=True)
    # A renewal's link is used once: the same link clicked twice renews once.
    renewal_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        indexes = [models.Index(fields=["contact", "at"])]

    def __str__(self):
        return _("Consentement n°%(id)s") % {"id": self.pk}


class RetentionMonth(models.Model):
    """The DPO's monthly log of the retention work, per network: reminders
    sent, renewals, contacts anonymised at the limit. Incremented by the
    services in the transaction of what they count, so that a task run twice
    counts nothing twice (onboarding.services.retention)."""

    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("réseau")
    )
    month = models.DateField(_("mois"), help_text=_("Le premier jour du mois."))
    reminders_sent = models.PositiveIntegerField(_("rappels envoyés"), default=0)
    renewed = models.PositiveIntegerField(_("renouvellements"), default=0)
    anonymised = models.PositiveIntegerField(_("anonymisés à l'échéance"), default=0)

    class Meta:
        ordering = ["-month", "network_id"]
        verbose_name = _("conservation : bilan du mois")
        verbose_name_plural = _("conservation : bilans mensuels")
        constraints = [
            models.UniqueConstraint("network", "month", name="retention_month_unique_per_network"),
            models.UniqueConstraint("month", condition=models.Q(network__isnull=True),
                                    name="retention_month_unique_without_network"),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y}"
