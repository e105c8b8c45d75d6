from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Proposal(models.Model):
    """Something a referent proposes to a project ("propose -> the prospect
    accepts -> both are put in touch"): an employer's need today, a housing
    offer or an ambassador tomorrow. What it points to is `kind` + `target_id`,
    resolved by the kind registered in onboarding.extensions
    (`register_proposal_kind`), so onboarding never imports the app that owns
    the target. Its status changes only through
    onboarding.services.proposals, each change a `ProposalEvent` row."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposée")
        ACCEPTED = "accepted", _("acceptée")
        DECLINED = "declined", _("déclinée")
        WITHDRAWN = "withdrawn", _("retirée")
        CONCLUDED = "concluded", _("suite connue")

    class For(models.TextChoices):
        PROSPECT = "prospect", _("porteur du projet")
        PARTNER = "partner", _("conjoint ou conjointe")

    OPEN_STATUSES = (Status.PROPOSED, Status.ACCEPTED)

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("projet")
    )
    kind = models.CharField(_("type"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("objet proposé (n°)"))
    for_whom = models.CharField(_("pour qui"), max_length=10, choices=For.choices, default=For.PROSPECT)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    outcome = models.CharField(_("suite"), max_length=30, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposée par"),
    )
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    changed_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    # The prospect's agreement to be put in touch: the very words they accepted.
    consent_text = models.TextField(_("texte accepté"), blank=True)
    consent_version = models.CharField(_("version du texte accepté"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Proposed twice at once (two referents, a double click): one row.
            models.UniqueConstraint(
                fields=["project", "kind", "target_id", "for_whom"],
                condition=Q(status__in=["proposed", "accepted"]), name="onboarding_proposal_open_once",
            ),
        ]
        indexes = [models.Index(fields=["kind", "target_id"], name="onboarding_proposal_target")]

    def __str__(self):
        return _("Proposition n°%(id)s") % {"id": self.pk}


class ProposalEvent(models.Model):
    """One change of a proposal's status (the history and the reports read these)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("proposition"))
    from_status = models.CharField(_("de"), max_length=10, blank=True)
    to_status = models.CharField(_("vers"), max_length=10)
    outcome = models.CharField(_("suite"), max_length=30, blank=True)
    # An accepted proposal withdrawn: the counterpart already put in touch is owed an e-mail saying so.
    counterpart_told = models.BooleanField(_("contrepartie prévenue"), default=False)
    at = models.DateTimeField(_("le"), default=timezone.now)
    # None: the prospect, from their tracking page.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("par"),
    )

    class Meta:
        verbose_name = _("changement d'une proposition")
        verbose_name_plural = _("changements des propositions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} -> {self.to_status}"
