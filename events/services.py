"""Writes of the events app: an event saved, its invitations sent to an
audience, a person's answer from their link, the reminders, the attendance.

Every e-mail is an outbox row (crm.outbox) written in the transaction of
its cause, with a dedupe key per invitation: an invitation has one
invitation e-mail and at most one reminder, whatever runs twice.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.languages import language_or_default
from crm.models import Event
from crm.outbox import OutboxEntry, outbox_add_many
from events.audiences import audience as audience_named
from events.models import Invitation
from events.selectors import seats_taken
from onboarding.access import may_manage_event, may_mark_attendance

INVITATION_EMAIL = "event_invitation"
REMINDER_EMAIL = "event_reminder"
# What one send may write at most (a département's newcomers of a year are far fewer).
SEND_LIMIT = 5000
HOUSEHOLD_MAX = 12


class EventError(Exception):
    """A refusal the person is told, in French."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


ENDS_BEFORE_START = _("La fin doit être le jour du début ou après.")


def event_errors(event):
    """{field: French message} for what the rules refuse in `event` (its
    fields already typed); empty when it may be saved. `communes`: the
    communes chosen (the many-to-many is written after the row)."""
    errors = {}
    if event.starts_on and event.ends_on and event.ends_on < event.starts_on:
        errors["ends_on"] = ENDS_BEFORE_START
    if event.network_id is None:
        errors["network"] = _("Choisissez le réseau de l'événement.")
        return errors
    departements = set(event.network.departements.values_list("pk", flat=True))
    if event.area_departement_id and event.area_departement_id not in departements:
        errors["area_departement"] = _("Ce département n'est pas sur le territoire du réseau.")
    if event.area_epci_id and event.area_epci.departement_id not in departements:
        errors["area_epci"] = _("Cette intercommunalité n'est pas sur le territoire du réseau.")
    return errors


def event_save(event, *, user, communes=None):
    """Save `event` (new or changed) for a coordinator of its network;
    ValidationError with French messages otherwise."""
    if not may_manage_event(event, user):
        raise ValidationError({"network": _("Vous ne pouvez créer ou modifier que les événements de vos réseaux.")})
    errors = event_errors(event)
    if communes is not None and event.network_id:
        departements = set(event.network.departements.values_list("pk", flat=True))
        if any(commune.departement_id not in departements for commune in communes):
            errors["area_communes"] = _("Choisissez des communes du territoire du réseau.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event.save()
        if communes is not None:
            event.area_communes.set(communes)
    return event


def invitable(contacts, event):
    """What every audience shares, applied to what it returns: people of the
    event's network (a contact from before networks: through a project of
    it), with an e-mail address, not erased. An audience that returned
    another network's people would still not reach them."""
    from onboarding.models import Project

    of_network = Q(network=event.network_id) | (Q(network__isnull=True) & Exists(
        Project.objects.filter(contact=OuterRef("pk"), network=event.network_id)))
    return contacts.filter(of_network, erased_at__isnull=True).exclude(email="")


def invitations_send(*, event, audience_code, user, params=None):
    """Invite the contacts of `audience_code` to `event`, for a coordinator of
    its network. In one transaction: the invitation rows (a contact already
    invited to this event is skipped: the unique pair holds even against a
    second send at the same instant) and one outbox row each, sent after the
    commit. Returns (invited now, already invited before)."""
    if not may_manage_event(event, user):
        raise EventError(_("Seule la coordination du réseau de l'événement envoie ses invitations."))
    if event.ends_on < timezone.localdate():
        raise EventError(_("L'événement est passé : plus d'invitation."))
    found = audience_named(audience_code)
    if found is None or not found.suits(event):
        raise EventError(_("Ce public ne convient pas à cet événement."))
    with transaction.atomic():
        # One sender at a time per event: the second waits, then finds the first's rows.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        contacts = invitable(found.contacts(event, **(params or {})), event)
        contact_ids = list(contacts.values_list("pk", flat=True).distinct().order_by("pk")[:SEND_LIMIT + 1])
        if len(contact_ids) > SEND_LIMIT:
            raise EventError(_("Ce public compte plus de %(limit)s personnes : choisissez une zone ou une période "
                               "plus petite.") % {"limit": SEND_LIMIT})
        already = set(Invitation.objects.filter(event=event, contact_id__in=contact_ids)
                      .values_list("contact_id", flat=True))
        Invitation.objects.bulk_create(
            [Invitation(event=event, contact_id=pk, invitee_kind=found.invitee_kind, audience=found.code,
                        invited_by=user) for pk in contact_ids if pk not in already],
            ignore_conflicts=True,
        )
        new = list(Invitation.objects.filter(event=event, contact_id__in=contact_ids).exclude(
            contact_id__in=already).values_list("pk", "contact_id", "contact__language"))
        outbox_add_many(OutboxEntry(kind=INVITATION_EMAIL, args={"invitation": pk}, cause=f"invitation n°{pk}",
                                    dedupe_key=f"event-invitation:{pk}", contact_id=contact_id,
                                    language=language_or_default(language))
                        for pk, contact_id, language in new)
    return len(new), len(already)


def _may_answer(invitation, today=None):
    today = today or timezone.localdate()
    if invitation.event.starts_on < today:
        raise EventError(_("L'événement a eu lieu : votre réponse ne peut plus changer."))


def invitation_register(*, invitation, household_size):
    """The person registers (or changes the number of people) from their
    link. The event's row is locked while the seats are counted, so two
    people taking the last seats at once cannot both win."""
    if not isinstance(household_size, int) or not 1 <= household_size <= HOUSEHOLD_MAX:
        raise EventError(_("Indiquez un nombre de personnes entre 1 et %(max)s.") % {"max": HOUSEHOLD_MAX})
    _may_answer(invitation)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=invitation.event_id)
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if event.capacity is not None:
            free = event.capacity - seats_taken(event.pk, exclude_pk=current.pk)
            if household_size > free:
                raise EventError(
                    _("Il ne reste plus de place pour cet événement.") if free <= 0 else
                    _("Il ne reste que %(free)s place(s) : indiquez au plus %(free)s personne(s).") % {"free": free})
        current.household_size = household_size
        current.registered_at = current.registered_at or timezone.now()
        current.declined_at = None
        current.save(update_fields=["household_size", "registered_at", "declined_at"])
    return current


def invitation_decline(*, invitation):
    """The person says they will not come (their seats are free again)."""
    _may_answer(invitation)
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        current.declined_at = current.declined_at or timezone.now()
        current.registered_at = None
        current.household_size = None
        current.save(update_fields=["declined_at", "registered_at", "household_size"])
    return current


def reminders_due(*, today=None):
    """Registered invitations to events starting within
    EVENT_REMINDER_DAYS_BEFORE days (today included), not reminded yet."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=settings.EVENT_REMINDER_DAYS_BEFORE)
    return Invitation.objects.filter(registered_at__isnull=False, reminded_at__isnull=True,
                                     event__starts_on__gte=today, event__starts_on__lte=last,
                                     contact__erased_at__isnull=True)


def reminders_send(*, today=None, batch=500):
    """The reminder pass (beat): each due invitation is marked reminded and
    its e-mail row written in one transaction, rows locked and skipped if
    another pass holds them, so a pass run twice, or two at once, reminds
    each person once. Returns how many."""
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(reminders_due(today=today).select_for_update(skip_locked=True, of=("self",))
                        .order_by("pk").values_list("pk", "contact_id", "contact__language")[:batch])
            if not rows:
                return sent
            Invitation.objects.filter(pk__in=[pk for pk, _contact, _language in rows]).update(
                reminded_at=timezone.now())
            outbox_add_many(OutboxEntry(kind=REMINDER_EMAIL, args={"invitation": pk}, cause=f"rappel n°{pk}",
                                        dedupe_key=f"event-reminder:{pk}", contact_id=contact_id,
                                        language=language_or_default(language))
                            for pk, contact_id, language in rows)
        sent += len(rows)


def attendance_mark(*, invitation, attended, user):
    """Staff of the event's network mark a registered person present or absent (who, when)."""
    if not may_mark_attendance(invitation.event, user):
        raise EventError(_("Seule l'équipe du réseau de l'événement note les présences."))
    if invitation.registered_at is None:
        raise EventError(_("Cette personne n'est pas inscrite."))
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(attended=bool(attended), attendance_by=user,
                                                           attendance_at=timezone.now())
    invitation.refresh_from_db()
    return invitation


def invitation_mark_sent(*, invitation):
    """The outbox sent the invitation's e-mail (its after-send step)."""
    Invitation.objects.filter(pk=invitation, sent_at__isnull=True).update(sent_at=timezone.now())


def expired_invitations_delete(*, today=None):
    """Invitations to events ended more than EVENT_INVITATION_RETENTION_DAYS
    ago (the registry's retention); returns how many."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.EVENT_INVITATION_RETENTION_DAYS)
    with transaction.atomic():
        deleted, _rows = Invitation.objects.filter(event__ends_on__lt=limit).delete()
    return deleted
