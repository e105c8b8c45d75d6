"""The ambassador's two signed links (the onboarding.tracking_links pattern).

- Their own link (to update their profile, answer introductions or leave):
  the profile's public id signed with a salt of its own, expiring after
  AMBASSADOR_LINK_MAX_AGE_DAYS; a new one is sent by the coordinators.
- Their referral parameter on the project form (`?ambassadeur=…`): the same
  public id signed with another salt and no age (it is printed as a QR
  code). It cannot be turned into another ambassador's without the site's
  secret, and it is no key to anything: it only says who sent the person.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ambassadors.models import Ambassador
from crm.emails import absolute_url
from onboarding.public_site import network_reverse

OWN_SALT = "ambassadors.own"
REFERRAL_SALT = "ambassadors.referral"
REFERRAL_PARAMETER = "ambassadeur"


class LinkInvalid(Exception):
    """Tampered, expired, another salt, another network's, or an erased ambassador's."""


def own_token(ambassador):
    return signing.dumps({"a": str(ambassador.public_id)}, salt=OWN_SALT)


def own_path(ambassador):
    return network_reverse(ambassador.network, "ambassador_own", own_token(ambassador))


def own_url(ambassador):
    return absolute_url(own_path(ambassador))


def own_ambassador(network, token):
    """The ambassador a person's own link opens under `network`'s prefix; raises LinkInvalid."""
    max_age = datetime.timedelta(days=settings.AMBASSADOR_LINK_MAX_AGE_DAYS)
    try:
        public_id = uuid.UUID(signing.loads(token, salt=OWN_SALT, max_age=max_age)["a"])
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        raise LinkInvalid() from None
    ambassador = (Ambassador.objects.select_related("contact", "commune", "network")
                  .filter(public_id=public_id, network=network, erased_at__isnull=True).first())
    if ambassador is None or ambassador.status == Ambassador.Status.REMOVED:
        raise LinkInvalid()
    return ambassador


def referral_value(ambassador):
    return signing.Signer(salt=REFERRAL_SALT).sign(str(ambassador.public_id))


def referral_url(ambassador):
    """The project form's address with the ambassador's signed parameter (absolute: it is printed)."""
    path = reverse("intake_form", args=[ambassador.network.slug])
    return absolute_url(f"{path}?{REFERRAL_PARAMETER}={referral_value(ambassador)}")


def referring_ambassador(network, value):
    """The ambassador whose referral parameter this is, if the link counts:
    genuine, of this network, approved. None otherwise, silently: a forged,
    paused or removed ambassador's link leaves the form as it is."""
    value = (value or "").strip()[:200]
    if not value:
        return None
    try:
        public_id = uuid.UUID(signing.Signer(salt=REFERRAL_SALT).unsign(value))
    except (signing.BadSignature, ValueError):
        return None
    ambassador = (Ambassador.objects.select_related("contact")
                  .filter(public_id=public_id, network=network).first())
    return ambassador if ambassador is not None and ambassador.counts else None
