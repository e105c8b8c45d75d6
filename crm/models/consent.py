from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentText(models.Model):
    """One version of the consent text a person accepts (its purpose, how long
    their data is kept, and what they are told besides).

    Versions are numbered per network (a network without a text of its own
    shows the shared one, network empty). A version is never changed once a
    consent points at it: what a person accepted stays readable as they read
    it. A change is a new version (`consent_text_new_version`), and new
    consents point at the newest one.
    """

    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="consent_texts",
        verbose_name=_("réseau"), help_text=_("Vide : le texte commun à tous les programmes qui n'ont pas le leur."),
    )
    version = models.PositiveIntegerField(_("version"))
    purpose = models.TextField(_("finalité"), help_text=_("« À quoi servent ces informations ? »"))
    retention = models.TextField(_("durée de conservation"),
                                 help_text=_("« Combien de temps sont-elles gardées ? »"))
    body = models.TextField(_("texte"), help_text=_("« Qui les voit ? » : le reste du texte montré."))
    # The same text in English (crm.languages): shown to a person reading the form in English.
    purpose_en = models.TextField(_("finalité en anglais"), blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    retention_en = models.TextField(_("durée de conservation en anglais"), blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    body_en = models.TextField(_("texte en anglais"), blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)

    class Meta:
        ordering = ["network_id", "-version"]
        verbose_name = _("texte de consentement")
        verbose_name_plural = _("textes de consentement")
        constraints = [
            models.UniqueConstraint("network", "version", name="consent_text_version_unique_per_network"),
            # NULLs are distinct in a unique index: the shared texts need their own.
            models.UniqueConstraint("version", condition=Q(network__isnull=True),
                                    name="consent_text_version_unique_shared"),
        ]

    def __str__(self):
        return _("Version %(version)s (%(where)s)") % {
            "version": self.version, "where": self.network.name if self.network_id else _("texte commun"),
        }

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_referenced:
            raise ValidationError(_("Cette version a déjà été acceptée : créez une nouvelle version."))
        super().save(*args, **kwargs)

    @property
    def is_referenced(self):
        # Consents live in onboarding (above crm): reached by their related name.
        return self.pk is not None and self.consents.exists()

    def clean(self):
        if self.is_referenced:
            raise ValidationError(_("Cette version a déjà été acceptée : créez une nouvelle version."))

