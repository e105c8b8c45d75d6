"""Rates per API client, counted in the shared cache so that every web process agrees.

A token is throttled on its own (one partner's runaway import does not starve
another partner); a session on its account; anything else on its address.
Rates are in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class ApiClientRateThrottle(SimpleRateThrottle):
    def __init__(self):
        pass  # the scope, hence the rate, depends on the request: see allow_request

    def allow_request(self, request, view):
        self.scope, self.ident = self._client(request)
        # Read the rate now, not at import as DRF's class attribute is, so that
        # a changed setting applies.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def _client(self, request):
        token = request.auth
        if isinstance(token, ApiToken):
            scope = "partner_token" if token.kind == ApiToken.Kind.PARTNER else "staff_token"
            return scope, f"token-{token.pk}"
        if request.user and request.user.is_authenticated:
            return "session", f"user-{request.user.pk}"
        return "anonymous", self.get_ident(request)
