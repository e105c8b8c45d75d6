import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProjectTransfer(models.Model):
    """A project handed from one network (programme) to another.

    Proposed by the project's referent, a coordinator of the sending network
    or the system (the territory moved into another network's département);
    the prospect is told by e-mail (another data controller will hold their
    data) and may object until the receiving network's coordinator accepts.
    Accepting creates the receiving side's contact and project
    (`new_project`) and closes the sending one (onboarding.services.transfers).

    The row is both sides' history of the transfer: each project's timeline
    reads it. `reason` and `refusal_reason` are typed text, blanked when the
    person on either side is erased.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        ACCEPTED = "accepted", _("Accepté")
        REFUSED = "refused", _("Refusé")
        OBJECTED = "objected", _("Refusé par la personne")
        CANCELLED = "cancelled", _("Annulé")

    # In the prospect's signed link: never the database id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="transfers_out", verbose_name=_("projet"),
    )
    from_network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, related_name="+", verbose_name=_("réseau d'origine"),
    )
    to_network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("réseau destinataire"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True,
    )
    reason = models.TextField(_("motif"), blank=True, max_length=2000)
    # None: proposed by the system, when the project's territory moved.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposé par"),
    )
    proposed_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True, max_length=2000)
    # When the e-mail telling the person went out (the outbox's after-send step).
    prospect_told_at = models.DateTimeField(_("personne prévenue le"), null=True, blank=True)
    objection_at = models.DateTimeField(_("opposition le"), null=True, blank=True)
    new_project = models.ForeignKey(
        "onboarding.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers_in",
        verbose_name=_("projet créé dans le réseau destinataire"),
    )

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("transfert de projet")
        verbose_name_plural = _("transferts de projets")
        constraints = [
            # One open proposal per project: two at once could both be accepted.
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(status="proposed"), name="transfer_one_proposed_per_project",
            ),
        ]
        indexes = [models.Index(fields=["to_network", "status"])]

    def __str__(self):
        return _("Transfert n°%(id)s") % {"id": self.pk}
