from django.db import models
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """A person's copy of their data (right of access, art. 15, and
    portability, art. 20), asked from their own tracking link and built in
    the background: a JSON file (machine-readable) and a PDF (readable).

    The files are under random names and served only through the person's
    link (privacy.views_export), never from MEDIA_URL; they are deleted when
    the export expires, and with the person when they are erased.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En préparation")
        DONE = "done", _("Prête")
        FAILED = "failed", _("Échec")

    public_id = models.UUIDField(unique=True, editable=False)
    contact = models.ForeignKey("crm.Contact", on_delete=models.CASCADE, related_name="+", verbose_name=_("contact"))
    # The project whose link asked: the network's prefix and brand of the files.
    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("projet"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # 0 to 100, and what is being done, for the page that waits.
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    lease_until = models.DateTimeField(_("réservée jusqu'au"), null=True, blank=True)
    json_file = models.FileField(_("fichier JSON"), max_length=300, blank=True)
    pdf_file = models.FileField(_("fichier PDF"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("copie de données personnelles")
        verbose_name_plural = _("copies de données personnelles")

    def __str__(self):
        return f"{self.public_id} ({self.get_status_display()})"
