"""Signed, expiring links to a kit, for the prospect (no account needed).

The token carries the kit's id, signed with the site's secret and a salt of
its own, so it can be neither forged nor reused for anything else; it
expires after KIT_LINK_MAX_AGE_DAYS. The link sits under the prefix of the
project's network; under another network's prefix it is an invalid link.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone

from crm.emails import absolute_url
from onboarding.public_site import network_reverse

SALT = "welcome_kits.download"


def _max_age():
    return datetime.timedelta(days=settings.KIT_LINK_MAX_AGE_DAYS)


def kit_download_token(kit):
    return signing.dumps({"kit": kit.pk}, salt=SALT)


def kit_id_from_token(token):
    """The kit id a token was made for; raises signing.SignatureExpired
    (too old) or signing.BadSignature (anything else)."""
    payload = signing.loads(token, salt=SALT, max_age=_max_age())
    if not isinstance(payload, dict) or not isinstance(payload.get("kit"), int):
        raise signing.BadSignature("unexpected payload")
    return payload["kit"]


def kit_download_path(kit):
    return network_reverse(kit.project.network, "kit_download", kit_download_token(kit))


def kit_download_url(kit):
    return absolute_url(kit_download_path(kit))


def link_expires_on(now=None):
    return timezone.localdate(now or timezone.now()) + _max_age()


@dataclass(frozen=True)
class KitLink:
    url: str  # a path on this site, signed and valid until `expires_on`
    version: int | None
    prepared_at: datetime.datetime
    expires_on: datetime.date


def latest_kit_link_for(project):
    """A fresh signed link to the project's latest done kit, or None.

    For the prospect's tracking page: each call signs a new link, so the
    page always shows one that is valid for the full period.
    """
    from welcome_kits.selectors import latest_done_kit

    kit = latest_done_kit(project)
    if kit is None:
        return None
    kit.project = project  # its network is the page's: no second look-up
    return KitLink(
        url=kit_download_path(kit),
        version=kit.shown_version,
        prepared_at=kit.finished_at,
        expires_on=link_expires_on(),
    )
