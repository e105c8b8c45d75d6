from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Interaction(models.Model):
    """A call, e-mail, meeting... logged by staff on a project."""

    class Kind(models.TextChoices):
        CALL = "call", _("Appel")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Rendez-vous")
        VISIT = "visit", _("Visite")
        EVENT = "event", _("Événement")
        NOTE = "note", _("Note")
        SUBMISSION = "submission", _("Nouvelle demande en ligne")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    happened_at = models.DateTimeField(_("date"), default=timezone.now)
    summary = models.TextField(_("résumé"), max_length=5000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("par"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at"]
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        indexes = [models.Index(fields=["project", "happened_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.happened_at:%d/%m/%Y}"


class Task(models.Model):
    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("intitulé"), max_length=200)
    due_on = models.DateField(_("échéance"))
    assignee = models.ForeignKey(
        "crm.Referent", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("assignée à")
    )
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]

    def __str__(self):
        # Not the title: a title may name the person, and the admin's log
        # keeps this text even after the task is deleted.
        return _("Tâche n°%(id)s") % {"id": self.pk}
