from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LikelyDuplicate(models.Model):
    """Two open projects that may be one person's, or one household's.

    Written by intake (onboarding.services.duplicates) when a new project's
    person shares a phone with another open project's, or their last name
    and the territory they aim at; never merged by the application: the
    referent decides (`duplicate_decide`). `project` is the newer one, which
    is the one closed if they are the same person or household; `other`
    goes on. Holds ids and codes only: what the referent wrote goes into the
    projects' history (onboarding.Interaction).
    """

    class Reason(models.TextChoices):
        PHONE = "phone", _("même numéro de téléphone")
        NAME_AND_PLACE = "name_place", _("même nom et même territoire visé")

    class Decision(models.TextChoices):
        OPEN = "", _("à examiner")
        SAME_PERSON = "same_person", _("même personne : fiches fusionnées")
        SAME_HOUSEHOLD = "same_household", _("même foyer : demandes rattachées")
        DIFFERENT = "different", _("personnes différentes")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="likely_duplicates", verbose_name=_("projet"),
    )
    other = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="likely_duplicated_by",
        verbose_name=_("projet existant"),
    )
    reason = models.CharField(_("indice"), max_length=12, choices=Reason.choices)
    decision = models.CharField(_("décision"), max_length=16, choices=Decision.choices, blank=True, default="",
                                db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("doublon probable")
        verbose_name_plural = _("doublons probables")
        constraints = [
            models.UniqueConstraint("project", "other", name="likely_duplicate_once_per_pair"),
            models.CheckConstraint(condition=~models.Q(project=models.F("other")), name="likely_duplicate_two_projects"),
        ]

    def __str__(self):
        return f"{self.project_id} ~ {self.other_id} ({self.get_reason_display()})"
