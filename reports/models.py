from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTarget(models.Model):
    """The number of installations the programme aims at in a calendar year.

    Coordinators set it; the reports draw installations month by month
    against it (the target spread evenly over the twelve months).
    """

    network = models.ForeignKey(
        "crm.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="targets",
        verbose_name=_("réseau"),
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    installations = models.PositiveIntegerField(_("installations visées"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["network", "year"], name="report_target_one_per_network_year")]
        verbose_name = _("objectif annuel d'installations")
        verbose_name_plural = _("objectifs annuels d'installations")

    def __str__(self):
        return _("%(year)s : %(n)s installations") % {"year": self.year, "n": self.installations}


class ReportPdf(models.Model):
    """A committee PDF asked for by a staff member, made by a worker
    (reports.committee_pdf): the request first, then the file.

    The filters are kept as the report's GET parameters (`params`), with the
    reader's scope (`scope_key`, a hash of onboarding.access.visibility_key)
    and the data version the figures were read at (onboarding.data_version):
    an identical request made while this one is in progress or fresh gets
    this one back. The file is under a random name on the default storage,
    served only to its requester through reports.views, never from
    MEDIA_URL, and deleted when the request expires.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En préparation")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    class Step(models.TextChoices):
        QUEUED = "queued", _("Demande enregistrée")
        FIGURES = "figures", _("Calcul des chiffres")
        LAYOUT = "layout", _("Mise en page")
        READY = "ready", _("Prêt")

    public_id = models.UUIDField(unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("demandé par"),
    )
    params = models.JSONField(_("filtres"), default=dict)
    scope_key = models.CharField(_("périmètre"), max_length=64)
    data_version = models.CharField(_("version des données"), max_length=64, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # What is being done and how far (0 to 100), for the page that waits.
    step = models.CharField(_("étape"), max_length=10, choices=Step.choices, default=Step.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    error = models.CharField(_("motif de l'échec"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    lease_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    file = models.FileField(_("fichier PDF"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("rapport PDF demandé")
        verbose_name_plural = _("rapports PDF demandés")

    def __str__(self):
        return f"{self.public_id} ({self.get_status_display()})"
