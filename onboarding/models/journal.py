from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.states import Channel, State


class ProjectTransition(models.Model):
    """One row per state change: the audit log, and the source of the reports.

    The project's creation is the first row (transition "create", from ""),
    so that the time spent in every state, "new" included, follows from
    consecutive rows alone.
    """

    CREATE = "create"

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="transitions"
    )
    transition = models.CharField(_("transition"), max_length=30)
    from_state = models.CharField(_("de"), max_length=20, blank=True, choices=State.choices)
    to_state = models.CharField(_("vers"), max_length=20, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("par"),
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    fields = models.JSONField(_("données de la transition"), default=dict, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        indexes = [
            models.Index(fields=["project", "at"]),
            models.Index(fields=["to_state", "at"]),
            # A report's period: the log since a date, whatever the stage.
            models.Index(fields=["at"], name="onboarding_transition_at"),
        ]

    def __str__(self):
        return f"{self.project_id}: {self.from_state or '∅'} → {self.to_state} ({self.transition})"


class DetailChange(models.Model):
    """One edit of a project's details or of its contact's: who, when, through
    which door, and for each field its label, old and new value as shown.

    Written by the services that make the edit (onboarding.services.projects),
    never by a signal. A contact's edit has no project: it shows on each of
    the contact's projects. The values are personal data: erasure blanks them.
    """

    class Channel(models.TextChoices):
        UI = "ui", _("Espace équipe")
        ADMIN = "admin", _("Administration")
        PROSPECT = "prospect", _("Page de suivi du porteur de projet")

    contact = models.ForeignKey("crm.Contact", on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="detail_changes"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("par"),
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    # [{"field": name, "label": label, "old": shown, "new": shown}, ...]
    changes = models.JSONField(_("modifications"), default=list)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("modification des informations")
        verbose_name_plural = _("modifications des informations")
        indexes = [
            models.Index(fields=["project", "at"]),
            models.Index(fields=["contact", "at"]),
        ]

    def __str__(self):
        return _("Modification n°%(id)s") % {"id": self.pk}
