"""The prospect's private tracking link: signed, expiring, no account needed.

The token carries the project's public id (never its database id), signed
with the site's secret and a salt of its own so that it can be neither
forged nor taken for another kind of token; it expires after
TRACKING_LINK_MAX_AGE_DAYS (180 by default). A lost or expired link is
replaced by a fresh one sent to the e-mail on file.

The link sits under the prefix of the project's network (/lot/suivi/…): the
page wears that programme's brand, and a token shown under another
network's prefix is answered as an invalid one.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing

from crm.emails import absolute_url
from onboarding.public_site import network_reverse

SALT = "onboarding.tracking"


class LinkExpired(Exception):
    """The link was genuine but is older than the allowed age."""


class LinkInvalid(Exception):
    """The link was not made by us (tampered, truncated, another salt)."""


def max_age():
    return datetime.timedelta(days=settings.TRACKING_LINK_MAX_AGE_DAYS)


def tracking_token(project):
    return signing.dumps({"p": str(project.public_id)}, salt=SALT)


def public_id_from_token(token):
    """The project public id a token was made for; raises LinkExpired or LinkInvalid."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    try:
        return uuid.UUID(payload["p"])
    except (TypeError, KeyError, ValueError):
        raise LinkInvalid() from None


def tracking_path(project):
    return network_reverse(project.network, "tracking", tracking_token(project))


def tracking_url(project):
    """Absolute, for e-mails (SITE_URL)."""
    return absolute_url(tracking_path(project))


def tracked_project(network, token, *, related=("contact",)):
    """The project a person's link opens under `network`'s prefix; raises
    LinkExpired or LinkInvalid. One rule for every page behind the link (the
    tracking page, the person's data): a genuine link under another
    network's prefix, or the link of an erased person, is an invalid link:
    the answer must not confirm that the other programme knows them."""
    from onboarding.models import Project

    public_id = public_id_from_token(token)
    project = Project.objects.select_related(*related).filter(public_id=public_id, network=network).first()
    if project is None or project.contact.erased_at is not None:
        raise LinkInvalid()
    return project
