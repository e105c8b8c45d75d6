"""Rates per API client, counted in the shared cache so that every web process agrees.

A token is throttled on its own (one partner's runaway import does not starve
another partner); a session on its account; anything else on its address,
and so are failed authentications (someone trying keys). Rates are in
settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

The address is read by the one rule (crm.middleware.client_ip, from
CLIENT_IP_META_KEY when it is set, else REMOTE_ADDR): a header the client
writes itself (X-Forwarded-For) is never trusted unless that setting says a
proxy of ours sets it.

A throttle is a guard, not a condition of service: if the cache is down,
the call goes through (and a warning says the guard is off) rather than
refusing a partner's lead.
"""

import logging

from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from crm.middleware import client_ip

logger = logging.getLogger(__name__)


def client_address(request):
    """The caller's address, by the same rule as the form's limit and the login throttle."""
    return client_ip(request) or "unknown"


def guard_off(guard, exc):
    # The exception's class only: its text may carry the cache's address, and
    # nothing about the client (its address is personal data) goes to the log.
    logger.warning("%s is off for this request: the cache is unavailable (%s)", guard, type(exc).__name__)


class ApiClientRateThrottle(SimpleRateThrottle):
    def __init__(self):
        pass  # the scope, hence the rate, depends on the request: see allow_request

    def allow_request(self, request, view):
        self.scope, self.ident = self._client(request)
        # Read the rate now, not at import as DRF's class attribute is, so that
        # a changed setting applies.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # any cache failure (Redis down, timeout...)
            guard_off("api throttle", exc)
            return True

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def _client(self, request):
        token = request.auth
        if isinstance(token, ApiToken):
            scope = "partner_token" if token.kind == ApiToken.Kind.PARTNER else "staff_token"
            return scope, f"token-{token.pk}"
        if request.user and request.user.is_authenticated:
            return "session", f"user-{request.user.pk}"
        return "anonymous", client_address(request)


class FailedAuthenticationThrottle(SimpleRateThrottle):
    """Failed key authentications per address (scope "failed_auth").

    Authentication runs before the throttles, so a wrong key would never be
    counted by ApiClientRateThrottle: ApiTokenAuthentication asks this one
    first (`check`: past the rate, every key from that address is refused
    with 429 until the window passes, before any look-up) and reports each
    failure (`record`).
    """

    scope = "failed_auth"

    def __init__(self, request):
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def check(self):
        if self.rate is None:
            return
        try:
            self.history = self.cache.get(self.key, [])
            self.now = self.timer()
            while self.history and self.history[-1] <= self.now - self.duration:
                self.history.pop()
        except Exception as exc:
            guard_off("api failed-authentication throttle", exc)
            return
        if len(self.history) >= self.num_requests:
            raise Throttled(wait=self.wait())

    def record(self):
        if self.rate is None or not hasattr(self, "history"):  # off, or the cache failed in check()
            return
        try:
            self.throttle_success()
        except Exception as exc:
            guard_off("api failed-authentication throttle", exc)
