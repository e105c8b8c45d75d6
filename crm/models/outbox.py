from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """An e-mail the application owes someone, written in the same transaction
    as what caused it, and sent after the commit (crm.outbox).

    The row holds what to build, not the message: `kind` names a builder
    registered by the app that sends it and `args` are the ids it needs
    (and, for a link asked from a public page, the address typed). The
    message is built when it is sent, so a stale one (a project assigned
    since, a contact erased) is cancelled instead of sent. `message_id` is
    fixed at write time: a retry after an unknown outcome (an SMTP timeout)
    carries the same Message-ID, so a duplicate is at worst recognisable.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        CANCELLED = "cancelled", _("Sans objet")
        FAILED = "failed", _("Échec")

    kind = models.CharField(_("type"), max_length=100)
    args = models.JSONField(_("paramètres"), default=dict, blank=True)
    language = models.CharField(_("langue"), max_length=10)
    cause = models.CharField(_("cause"), max_length=200)
    # One message per cause when the cause can repeat (a kit's version, a day's digest).
    dedupe_key = models.CharField(_("clé d'unicité"), max_length=200, null=True, blank=True, unique=True)
    # What the message is about, for erasure; plain ids, not keys: the apps
    # above crm own these tables.
    contact_id = models.BigIntegerField(_("contact"), null=True, blank=True, db_index=True)
    project_id = models.BigIntegerField(_("projet"), null=True, blank=True, db_index=True)

    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message_id = models.CharField(_("Message-ID"), max_length=250)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    # A sender holds the row until then; after it, the row is anyone's again.
    lease_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail à envoyer")
        verbose_name_plural = _("e-mails à envoyer (outbox)")
        indexes = [
            models.Index(
                fields=["lease_until", "created_at"], name="outbox_pending_idx",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"
