from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.states import State


class ProjectStageTime(models.Model):
    """A project's time in one state, summed over its closed stays.

    Maintained with the log (onboarding.services.stage_times): every log row
    leaving a state closes a stay in it that began at the previous row, and
    adds its duration here, in the same transaction. The report's "time in
    each stage" reads these rows instead of the whole log. Durations only:
    no personal data (erased with the project, which cascades).
    """

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="stage_times"
    )
    state = models.CharField(_("état"), max_length=20, choices=State.choices)
    seconds = models.FloatField(_("durée (secondes)"), default=0.0)
    last_left_at = models.DateTimeField(_("dernière sortie"))

    class Meta:
        verbose_name = _("temps passé dans un état")
        verbose_name_plural = _("temps passés dans les états")
        constraints = [
            models.UniqueConstraint(fields=["project", "state"], name="onboarding_stage_time_unique"),
        ]
        indexes = [
            # The report: the projects that last left a state during the period.
            models.Index(fields=["state", "last_left_at"], name="onboarding_stage_time_left"),
        ]

    def __str__(self):
        return f"{self.project_id}: {self.state} {self.seconds:.0f} s"
