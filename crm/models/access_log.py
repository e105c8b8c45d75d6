from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One staff read of personal data: who opened which project page, kit
    or export, when, and with which filter (crm.access_log writes them, one
    insert per request; kept ACCESS_LOG_RETENTION_DAYS, then purged).

    It is the institution's accountability record (RGPD art. 5.2 and 32:
    an unusual read can be found), read by the coordinators of the project's
    network on the project page and in the admin.
    """

    class Kind(models.TextChoices):
        PROJECT_PAGE = "project_page", _("Page d'un projet")
        PROJECT_LIST = "project_list", _("Liste des projets")
        API_PROJECT = "api_project", _("Projet lu par l'API")
        API_HISTORY = "api_history", _("Historique lu par l'API")
        API_PROJECT_LIST = "api_project_list", _("Liste des projets lue par l'API")
        KIT_DOWNLOAD = "kit_download", _("Kit de bienvenue téléchargé")
        REPORT_EXPORT = "report_export", _("Export d'un rapport")
        DATA_EXPORT = "data_export", _("Export des données d'une personne")

    # SET_NULL and the name kept: deleting an account must not delete what it
    # read (nor refuse the deletion: PROTECT would keep every departed
    # agent's account alive for the retention period); the name says who it
    # was until the row is purged.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("compte"),
    )
    username = models.CharField(_("identifiant"), max_length=150)
    at = models.DateTimeField(_("consulté le"), default=timezone.now)
    kind = models.CharField(_("consultation"), max_length=30, choices=Kind.choices)
    # A plain id, not a key: onboarding (above crm) owns the projects' table.
    # Kept after the project is gone: the read happened.
    project_id = models.BigIntegerField(_("projet"), null=True, blank=True)
    # The project's network at the time of the read, for the coordinators'
    # scope; empty for a list or an export across the reader's networks.
    network = models.ForeignKey(
        "crm.Network", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("réseau"),
    )
    path = models.CharField(_("page consultée"), max_length=300)
    # An export's or a list's filter (the query parameters), a kit's version.
    what = models.JSONField(_("détail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("journal des consultations")
        indexes = [
            # A project's reads, newest first (the project page, the admin filtered by project).
            models.Index(fields=["project_id", "-at"], name="access_log_project_idx"),
            # The retention purge, and the admin's date hierarchy.
            models.Index(fields=["at"], name="access_log_at_idx"),
        ]

    def __str__(self):
        return f"{self.username} – {self.get_kind_display()} – {self.at:%d/%m/%Y %H:%M}"

    @property
    def detail(self):
        """`what` as one line: "table : funnel ; format : csv"."""
        return " ; ".join(
            f"{key} : {', '.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in self.what.items()
        ) if isinstance(self.what, dict) else str(self.what)
