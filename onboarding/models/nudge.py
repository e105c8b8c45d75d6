from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onboarding.states import State


class NudgeQuerySet(models.QuerySet):
    def still_waiting(self):
        """The nudges that still call for someone: the first contact is still
        to make (a late first contact, the person's word), or the project is
        still in a state that can go silent and has had no news since the
        day the silence was counted from (the next news starts a new count)."""
        from onboarding.models.activity import Interaction
        from onboarding.models.journal import ProjectTransition

        later_news = Exists(ProjectTransition.objects.filter(project=OuterRef("project_id"),
                                                             at__date__gt=OuterRef("anchor"))) | Exists(
            Interaction.objects.filter(project=OuterRef("project_id"), happened_at__date__gt=OuterRef("anchor")))
        return self.filter(
            Q(kind__in=(Nudge.Kind.FIRST_CONTACT, Nudge.Kind.PROSPECT_WAITING), project__state=State.NEW,
              project__first_contacted_at__isnull=True)
            | (Q(kind=Nudge.Kind.SILENT, project__state__in=list(settings.NUDGE_SILENT_WEEKS)) & ~later_news)
        )


class Nudge(models.Model):
    """A threshold a project crossed before going cold: once per project,
    kind, level and anchor (the due date, or the day of the last news), so
    a daily pass run twice, or after a missed day, writes each once.

    Levels are who is told, in the daily digest of the day after it is
    written (`notified_on`): the referent, then the project's team, then
    the network's coordinators (and the top of their dashboard)."""

    class Kind(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("Premier contact en retard")
        SILENT = "silent", _("Projet sans nouvelles")
        PROSPECT_WAITING = "prospect_waiting", _("La personne dit ne pas avoir été contactée")

    class Level(models.IntegerChoices):
        REFERENT = 1, _("référent prévenu")
        TEAM = 2, _("équipe prévenue")
        COORDINATORS = 3, _("coordination prévenue")

    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)
    # The day the clock started from: the first-contact due date, the day of
    # the last news, the day the person spoke up.
    anchor = models.DateField(_("depuis le"))
    crossed_on = models.DateField(_("constaté le"))
    notified_on = models.DateField(_("signalé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NudgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "level", "anchor"], name="onboarding_nudge_once"),
        ]
        indexes = [models.Index(fields=["notified_on", "level"], name="onboarding_nudge_to_notify")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.get_level_display()}"

    def label(self):
        """One line for staff: what happened and who was told."""
        if self.kind == Nudge.Kind.PROSPECT_WAITING:
            return gettext("La personne a signalé le %(day)s ne pas avoir encore été contactée.") % {
                "day": self.crossed_on.strftime("%d/%m/%Y")}
        if self.kind == Nudge.Kind.FIRST_CONTACT:
            return gettext("Premier contact attendu le %(day)s toujours pas fait : %(who)s.") % {
                "day": self.anchor.strftime("%d/%m/%Y"), "who": self.get_level_display()}
        return gettext("Sans nouvelles depuis le %(day)s : %(who)s.") % {
            "day": self.anchor.strftime("%d/%m/%Y"), "who": self.get_level_display()}
