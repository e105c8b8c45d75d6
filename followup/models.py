"""Follow-up after installation: check-ins at 6, 12 and 24 months, and the
person's answers.

A check-in is a row written before anything is sent (the daily pass,
followup.services): its state says where it is, so a pass run twice or
after a worker died sends nothing twice. Each answer the person gives is a
row of its own (the structured record); a modified answer is a new row,
the previous one kept, not current any more, in the project's history.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckIn(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Prévu")
        SENT = "sent", _("Envoyé, sans réponse")
        ANSWERED = "answered", _("Répondu")
        EXPIRED = "expired", _("Expiré sans réponse")
        CANCELLED = "cancelled", _("Annulé (suivi clos)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="check_ins")
    months = models.PositiveSmallIntegerField(_("mois après l'installation"))
    installed_on = models.DateField(_("installation le"))
    due_on = models.DateField(_("prévu le"))
    expires_on = models.DateField(_("expire le"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    # The referent's task when the person did not answer in time, and the one
    # when an answer signals a difficulty: each written once.
    no_answer_task = models.ForeignKey("onboarding.Task", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    difficulty_task = models.ForeignKey("onboarding.Task", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "months"]
        verbose_name = _("questionnaire de suivi")
        verbose_name_plural = _("questionnaires de suivi")
        constraints = [models.UniqueConstraint(fields=["project", "months"], name="followup_checkin_once")]
        indexes = [models.Index(fields=["status", "due_on"], name="followup_checkin_due")]

    def __str__(self):
        return _("Questionnaire à %(months)s mois (projet n°%(project)s)") % {
            "months": self.months, "project": self.project_id}


class LeftReason(models.TextChoices):
    JOB = "job", _("Travail (perdu, muté, pas trouvé)")
    PARTNER_JOB = "partner_job", _("Travail du conjoint")
    HOUSING = "housing", _("Logement")
    SERVICES = "services", _("Services (santé, écoles, transports)")
    FAMILY = "family", _("Raisons familiales")
    ISOLATION = "isolation", _("Isolement, intégration difficile")
    OTHER = "other", _("Autre raison")


class Work(models.TextChoices):
    FOUND = "found", _("Oui, un emploi ou une activité")
    LOOKING = "looking", _("Non, et je cherche (ou il/elle cherche)")
    NOT_LOOKING = "not_looking", _("Non, sans en chercher (retraite, choix…)")
    NOT_APPLICABLE = "na", _("Sans objet (pas de conjoint)")


class School(models.TextChoices):
    YES = "yes", _("Oui")
    NO = "no", _("Pas encore, ou pas de solution")
    NOT_APPLICABLE = "na", _("Sans objet (pas d'enfant scolarisable)")


class Ambassador(models.TextChoices):
    YES = "yes", _("Oui, volontiers")
    MAYBE = "maybe", _("Peut-être, recontactez-moi")
    NO = "no", _("Non merci")


class CheckInAnswer(models.Model):
    """One answer to a check-in, as the person gave it (the structured record)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    answered_at = models.DateTimeField(_("répondu le"))
    is_current = models.BooleanField(_("réponse en vigueur"), default=True)
    still_here = models.BooleanField(_("vit toujours sur le territoire"))
    commune = models.ForeignKey("crm.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("commune"))
    left_on = models.DateField(_("parti(e) le"), null=True, blank=True)
    left_reason = models.CharField(_("raison du départ"), max_length=20, choices=LeftReason.choices, blank=True)
    work = models.CharField(_("travail trouvé"), max_length=12, choices=Work.choices, blank=True)
    partner_work = models.CharField(_("travail du conjoint"), max_length=12, choices=Work.choices, blank=True)
    school = models.CharField(_("enfants scolarisés"), max_length=3, choices=School.choices, blank=True)
    missing_needs = models.ManyToManyField("crm.Need", blank=True, related_name="+",
                                           verbose_name=_("ce qui manque encore"))
    missing_other = models.CharField(_("ce qui manque encore (précisions)"), max_length=500, blank=True)
    ambassador = models.CharField(_("ambassadeur"), max_length=5, choices=Ambassador.choices, blank=True)
    # Why the person changed an answer already given ("" for the first one).
    modification_note = models.CharField(_("motif de la modification"), max_length=500, blank=True)

    class Meta:
        ordering = ["check_in", "answered_at", "pk"]
        verbose_name = _("réponse au questionnaire de suivi")
        verbose_name_plural = _("réponses au questionnaire de suivi")
        constraints = [models.UniqueConstraint(fields=["check_in"], condition=models.Q(is_current=True),
                                               name="followup_answer_one_current")]

    def __str__(self):
        return _("Réponse n°%(id)s") % {"id": self.pk}

    @property
    def difficulties(self):
        """What in this answer calls for the referent (French phrases); [] if nothing.
        `missing_needs` must be prefetched or the answer saved."""
        found = []
        if not self.still_here:
            found.append(str(_("a quitté le territoire")))
        if self.work == Work.LOOKING:
            found.append(str(_("cherche encore un emploi")))
        if self.partner_work == Work.LOOKING:
            found.append(str(_("le conjoint cherche encore un emploi")))
        if self.school == School.NO:
            found.append(str(_("enfants pas encore scolarisés")))
        needs = [need.name for need in self.missing_needs.all()]
        if needs:
            found.append(str(_("besoins encore ouverts : %(needs)s")) % {"needs": ", ".join(map(str, needs))})
        return found
