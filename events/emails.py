"""The e-mails of the events app, built by the outbox (crm.outbox) from the
invitation's id: nothing is built for an invitation deleted since (an
erasure) or an erased person, and the row is then cancelled."""

from crm.emails import email_build, network_sender
from crm.outbox import email_kind
from events.links import invitation_url
from events.models import Invitation
from events.services import INVITATION_EMAIL, REMINDER_EMAIL, invitation_mark_sent


def _invitation(pk):
    invitation = Invitation.objects.select_related("event", "event__network", "contact").filter(pk=pk).first()
    if invitation is None or invitation.contact.erased_at is not None or not invitation.contact.email:
        return None
    return invitation


def _build(template, invitation):
    network = invitation.event.network
    return email_build(
        template,
        {"invitation": invitation, "event": invitation.event, "contact": invitation.contact, "network": network,
         "invitation_url": invitation_url(invitation)},
        [invitation.contact.email], **network_sender(network),
    )


@email_kind(INVITATION_EMAIL, after_send=lambda invitation: invitation_mark_sent(invitation=invitation))
def invitation_email(*, invitation):
    found = _invitation(invitation)
    return _build("events/email/invitation", found) if found is not None else None


@email_kind(REMINDER_EMAIL)
def reminder_email(*, invitation):
    found = _invitation(invitation)
    if found is None or found.registered_at is None:
        return None  # declined since the reminder was written: nothing to remind
    return _build("events/email/reminder", found)
