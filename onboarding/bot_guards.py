"""The public forms' guards against bots, one home for every public form
(the project form in intake, the ambassadors' sign-up): a honeypot field,
a minimum fill time, and a rate limit per client address.

The honeypot and the start time are read from the raw data, not declared as
fields: the template writes them (`form.started_token` is fresh at each
display, so a form shown again after an error counts its time from then).
"""

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
STARTED_SALT = "onboarding.intake.started"
STARTED_MAX_AGE = 2 * 24 * 3600  # a form left open longer is sent again, with the answers kept


def started_token(now=None):
    """A signed timestamp for the hidden field: when the form was shown."""
    return signing.dumps(now if now is not None else time.time(), salt=STARTED_SALT)


class HumanCheckMixin:
    """Stops naive bots: a hidden field people leave empty, and a form that
    cannot be filled in faster than INTAKE_MIN_FILL_SECONDS."""

    is_bot = False

    @property
    def started_token(self):
        return started_token()

    def check_human(self):
        if (self.data.get(HONEYPOT_FIELD) or "").strip():
            self.is_bot = True
            raise ValidationError(_("Votre envoi n'a pas pu être accepté."), code="honeypot")
        try:
            started = float(signing.loads(self.data.get(STARTED_FIELD) or "", salt=STARTED_SALT,
                                          max_age=STARTED_MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(
                _("Le formulaire a expiré. Vérifiez vos réponses, puis envoyez-le à nouveau."), code="expired"
            ) from None
        if time.time() - started < settings.INTAKE_MIN_FILL_SECONDS:
            raise ValidationError(
                _("Votre envoi a été trop rapide pour que nous puissions le vérifier. Relisez vos réponses, "
                  "puis envoyez le formulaire à nouveau."),
                code="too_fast",
            )


def rate_limited(request, group, network):
    """Count this POST against the client's address; a 429 page when over
    INTAKE_RATE_LIMIT, else None. The limit is shared by every web process
    through the cache (Redis in production).

    The limit is a guard, not a condition: if the cache is down, the person's
    submission is still saved (fail open), and the log says the guard is off
    (without the address, which is personal data)."""
    try:
        usage = get_usage(request, group=group, key="ip", rate=settings.INTAKE_RATE_LIMIT, method="POST",
                          increment=True)
    except Exception as exc:  # Redis down, a timeout, a proxy header missing...
        logger.warning("intake: rate limit on %s is off for this request: %s", group, type(exc).__name__)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    response = render(request, "intake/too_many_requests.html", {"network": network}, status=429)
    response["Retry-After"] = str(max(1, int(usage["time_left"])))
    logger.info("intake: rate limit reached on %s", group)
    return response
