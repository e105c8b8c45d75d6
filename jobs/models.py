from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PinnedOffer(models.Model):
    """A job offer a referent proposed to a project: a copy of what the
    offer said when it was proposed (offers expire at the source; the
    tracking page, the history and the kit still say what was proposed)."""

    class For(models.TextChoices):
        PROSPECT = "prospect", _("porteur du projet")
        PARTNER = "partner", _("conjoint ou conjointe")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="pinned_offers", verbose_name=_("projet")
    )
    source = models.CharField(_("source"), max_length=30, default="france_travail")
    offer_id = models.CharField(_("identifiant de l'offre"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=300)
    employer = models.CharField(_("employeur"), max_length=300, blank=True)
    commune = models.CharField(_("lieu de travail"), max_length=200, blank=True)
    contract = models.CharField(_("contrat"), max_length=100, blank=True)
    url = models.URLField(_("lien"), max_length=500)
    for_whom = models.CharField(_("pour qui"), max_length=10, choices=For.choices, default=For.PROSPECT)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposée par"),
    )
    pinned_at = models.DateTimeField(_("proposée le"), default=timezone.now)

    class Meta:
        verbose_name = _("offre d'emploi proposée")
        verbose_name_plural = _("offres d'emploi proposées")
        ordering = ["-pinned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source", "offer_id"], name="jobs_pinned_offer_once"),
        ]

    def __str__(self):
        return self.title
