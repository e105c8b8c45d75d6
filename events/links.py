"""The invitation's signed link: no account needed, as the tracking link
(onboarding.tracking_links).

The token carries the invitation's public id (never its database id),
signed with the site's secret and a salt of its own, so it can be neither
forged, nor turned into another invitation's, nor taken for another kind of
token. It expires EVENT_INVITATION_LINK_MAX_AGE_DAYS after it was made.
The link sits under the event's network prefix; a genuine token under
another prefix, or an erased person's, answers as an invalid one.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing

from crm.emails import absolute_url
from events.models import Invitation
from onboarding.public_site import network_reverse
from onboarding.tracking_links import LinkExpired, LinkInvalid

SALT = "events.invitation"

__all__ = ["LinkExpired", "LinkInvalid", "invitation_from_token", "invitation_token", "invitation_url"]


def invitation_token(invitation):
    return signing.dumps({"i": str(invitation.public_id)}, salt=SALT)


def _public_id(token):
    try:
        payload = signing.loads(token, salt=SALT,
                                max_age=datetime.timedelta(days=settings.EVENT_INVITATION_LINK_MAX_AGE_DAYS))
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    try:
        return uuid.UUID(payload["i"])
    except (TypeError, KeyError, ValueError):
        raise LinkInvalid() from None


def invitation_from_token(network, token, *, queryset=None):
    """The invitation the link opens under `network`'s prefix; raises
    LinkExpired or LinkInvalid (the same for a missing one as for a forged one)."""
    public_id = _public_id(token)
    rows = queryset if queryset is not None else Invitation.objects.select_related("event", "contact")
    invitation = rows.filter(public_id=public_id, event__network=network).first()
    if invitation is None or invitation.contact.erased_at is not None:
        raise LinkInvalid()
    return invitation


def invitation_path(invitation):
    return network_reverse(invitation.event.network, "event_invitation", invitation_token(invitation))


def invitation_url(invitation):
    """Absolute, for e-mails (SITE_URL)."""
    return absolute_url(invitation_path(invitation))
