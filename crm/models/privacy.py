from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyRequest(models.Model):
    """A prospect's request about their personal data, for coordinators to act on."""

    class Kind(models.TextChoices):
        DELETION = "deletion", _("Suppression des données")

    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.CASCADE, related_name="privacy_requests", verbose_name=_("contact")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.DELETION)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("traitée par"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande RGPD")
        verbose_name_plural = _("demandes RGPD")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.created_at:%d/%m/%Y}"
