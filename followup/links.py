"""The survey's signed link, on the pattern of the tracking link
(onboarding.tracking_links): the check-in's public id (never a database
id), signed with the site's secret and a salt of its own, under the
project's network prefix. It stops working when the check-in expires
(FOLLOW_UP_LINK_DAYS after it is due); the signature's own age limit is a
second lock (a link is minted when its e-mail is built, at most that long
before the expiry)."""

import datetime
import uuid

from django.conf import settings
from django.core import signing

from crm.emails import absolute_url
from onboarding.public_site import network_reverse

SALT = "followup.check_in"


class LinkExpired(Exception):
    """Genuine, but too old or its check-in has expired."""


class LinkInvalid(Exception):
    """Not made by us (tampered, truncated, another salt), or its person is gone."""


def survey_token(check_in):
    return signing.dumps({"c": str(check_in.public_id)}, salt=SALT)


def survey_url(check_in, network):
    return absolute_url(network_reverse(network, "followup_survey", survey_token(check_in)))


def survey_check_in(network, token, *, today):
    """The check-in a link opens under `network`'s prefix; raises LinkExpired
    or LinkInvalid. Another network's genuine link, or an erased person's,
    is an invalid one: the page must not confirm that the programme knows them."""
    from followup.models import CheckIn

    max_age = datetime.timedelta(days=settings.FOLLOW_UP_LINK_DAYS + 1)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
        public_id = uuid.UUID(payload["c"])
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        raise LinkInvalid() from None
    check_in = (CheckIn.objects.select_related("project__contact", "project__network")
                .filter(public_id=public_id, project__network=network).first())
    if check_in is None or check_in.project.contact.erased_at is not None:
        raise LinkInvalid()
    if check_in.status != CheckIn.Status.ANSWERED and (
            check_in.status in (CheckIn.Status.EXPIRED, CheckIn.Status.CANCELLED) or check_in.expires_on < today):
        raise LinkExpired()
    return check_in
