"""A person's request about their personal data (RGPD art. 15 to 21), and
its legal deadline.

The rules of a request's life (received, answered, extended, reminded) are
onboarding.services.privacy_requests; this is the row and the calendar.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# RGPD art. 12.3: an answer "dans les meilleurs délais et en tout état de
# cause dans un délai d'un mois à compter de la réception de la demande",
# which "peut être prolongé de deux mois, compte tenu de la complexité et du
# nombre de demandes".
ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day, months):
    """The same day `months` later; the last day of that month when it has no
    such day (31 January + 1 month = 28 or 29 February), as a period counted
    in months ends (Règlement 1182/71 art. 3.2 c, Code de procédure civile
    art. 641)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def request_due_on(received_on, *, extended=False):
    """The day an answer is owed by: one month after receipt, three once extended."""
    return add_months(received_on, ANSWER_MONTHS + (EXTENSION_MONTHS if extended else 0))


class PrivacyRequest(models.Model):
    """A person's request about their personal data: what they ask, by when
    it must be answered, and the answer."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Accès à mes données")
        RECTIFICATION = "rectification", _("Rectification")
        # Stored as "deletion": the value of the requests made before the queue.
        ERASURE = "deletion", _("Effacement")
        OBJECTION = "objection", _("Opposition")
        RESTRICTION = "restriction", _("Limitation du traitement")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Reçue")
        IN_PROGRESS = "in_progress", _("En cours")
        ANSWERED = "answered", _("Répondue")
        REFUSED = "refused", _("Refusée")

    class Channel(models.TextChoices):
        TRACKING_PAGE = "tracking_page", _("Page de suivi")
        EMAIL = "email", _("E-mail")
        POST = "post", _("Courrier")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.ANSWERED, Status.REFUSED)
    # Which status may follow which: the answer form offers these, the service refuses the rest.
    TRANSITIONS = {
        Status.RECEIVED: (Status.IN_PROGRESS, Status.ANSWERED, Status.REFUSED),
        Status.IN_PROGRESS: (Status.ANSWERED, Status.REFUSED),
        Status.ANSWERED: (),
        Status.REFUSED: (),
    }

    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.CASCADE, related_name="privacy_requests", verbose_name=_("contact")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ERASURE)
    channel = models.CharField(_("reçue par"), max_length=20, choices=Channel.choices,
                               default=Channel.TRACKING_PAGE)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("enregistrée par"),
    )
    received_on = models.DateField(_("reçue le"), default=timezone.localdate)
    due_on = models.DateField(_("réponse due le"), db_index=True)
    extended_at = models.DateTimeField(_("délai prolongé le"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("délai prolongé par"),
    )
    extension_reason = models.TextField(_("motif de la prolongation"), blank=True, max_length=2000)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    answer = models.TextField(_("réponse"), blank=True, max_length=5000)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("répondue par"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande RGPD")
        verbose_name_plural = _("demandes RGPD")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.received_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # The deadline is fixed at receipt (a row made without the service, in
        # a shell or a fixture, still has one).
        if self.due_on is None:
            self.due_on = request_due_on(self.received_on, extended=self.extended_at is not None)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.due_on < (today or timezone.localdate())

