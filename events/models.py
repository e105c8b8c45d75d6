import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InviteeKind(models.TextChoices):
    """Who the invitee is to the programme; an audience says which it gives."""

    NEWCOMER = "newcomer", _("Nouvel arrivant")
    PROSPECT = "prospect", _("Porteur de projet")
    AMBASSADOR = "ambassador", _("Ambassadeur")


class Invitation(models.Model):
    """One person invited to one event (crm.Event) and what they answered.

    Its state is read from its dates: invited (sent or not yet), registered
    (registered_at, with the household size), declined (declined_at; a later
    registration clears it, and the other way round), then, after the event,
    attended True/False as marked by staff (who, when). The e-mail is an
    outbox row written in the invitation's transaction; `sent_at` is set when
    it went out. `reminded_at` is written before the reminder's row, in one
    transaction, so a reminder pass run twice reminds once.
    """

    class State(models.TextChoices):
        INVITED = "invited", _("Invité")
        REGISTERED = "registered", _("Inscrit")
        DECLINED = "declined", _("A décliné")

    event = models.ForeignKey("crm.Event", on_delete=models.CASCADE, related_name="invitations",
                              verbose_name=_("événement"))
    contact = models.ForeignKey("crm.Contact", on_delete=models.CASCADE, related_name="event_invitations",
                                verbose_name=_("personne invitée"))
    invitee_kind = models.CharField(_("qualité"), max_length=20, choices=InviteeKind.choices)
    audience = models.CharField(_("public"), max_length=40, blank=True)
    # What the signed link carries: never the row's id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("invitation écrite le"), auto_now_add=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invité par"))
    sent_at = models.DateTimeField(_("e-mail envoyé le"), null=True, blank=True)
    registered_at = models.DateTimeField(_("inscrit le"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("personnes du foyer"), null=True, blank=True)
    declined_at = models.DateTimeField(_("décliné le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    attended = models.BooleanField(_("présent"), null=True, blank=True)
    attendance_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("présence notée par"))
    attendance_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)

    class Meta:
        ordering = ["event_id", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint("event", "contact", name="invitation_unique_per_event_and_contact"),
            models.CheckConstraint(
                condition=Q(household_size__isnull=True) | Q(household_size__gte=1, household_size__lte=12),
                name="invitation_household_size_1_12"),
            models.CheckConstraint(condition=Q(registered_at__isnull=True) | Q(declined_at__isnull=True),
                                   name="invitation_registered_or_declined"),
        ]
        indexes = [
            models.Index(fields=["event", "registered_at"]),
            # The reminder pass: registered, not reminded yet.
            models.Index(fields=["reminded_at", "registered_at"], name="invitation_reminder_due"),
        ]

    def __str__(self):
        return _("Invitation n°%(id)s") % {"id": self.pk}

    @property
    def state(self):
        if self.registered_at is not None:
            return self.State.REGISTERED
        if self.declined_at is not None:
            return self.State.DECLINED
        return self.State.INVITED

    def get_state_display(self):
        return self.State(self.state).label
