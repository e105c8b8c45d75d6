"""`Authorization: Token <key>`: the key is looked up by its SHA-256, never stored."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api.models import ApiToken, hash_token_key
from api.throttling import FailedAuthenticationThrottle

KEYWORD = "Token"
# Writing last_used_at on every call would turn each read into a write.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    """A staff token acts as its user; a partner token has no user
    (request.user is anonymous) and `request.auth` is the ApiToken."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # not ours: the session may still authenticate the call
        # Someone trying keys from one address is stopped (429) before any look-up.
        failures = FailedAuthenticationThrottle(request)
        failures.check()
        try:
            return self._authenticate_header(header)
        except exceptions.AuthenticationFailed:
            failures.record()
            raise

    def _authenticate_header(self, header):
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("En-tête Authorization invalide : « Token <clé> » attendu."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Clé d'API invalide."))
        return self.authenticate_key(key)

    def authenticate_key(self, key):
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Clé d'API invalide ou révoquée."))
        if token.kind == ApiToken.Kind.STAFF:
            if token.user is None or not token.user.is_active:
                raise exceptions.AuthenticationFailed(_("Le compte de cette clé d'API est désactivé."))
            user = token.user
        else:
            user = AnonymousUser()
        _touch(token)
        return user, token

    def authenticate_header(self, request):
        return KEYWORD


def _touch(token):
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("« Token <clé> » : une clé partenaire (dépôt de contacts) ou d'équipe."),
        }
