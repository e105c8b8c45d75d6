"""HTTP plumbing shared by every face of the site: staff answers are never
stored, staff reads are logged, and the client's address is read by one rule."""

import ipaddress

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from crm.access_log import access_log_flush


class StaffResponsesNotStoredMiddleware:
    """Whatever a signed-in user or an API client is sent (the workspace,
    reports, the admin, the API) carries personal data: no browser cache,
    back-button history or shared proxy keeps a copy (Cache-Control:
    no-store, private). Public pages keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "HTTP_AUTHORIZATION" in request.META or self._signed_in(request):
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _signed_in(request):
        # Without a session cookie nobody is signed in: the session is not
        # read, so a public answer does not become "Vary: Cookie" here.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated


# The staff's side of the site: the workspace, reports, job-fair capture,
# the admin and the sign-in pages. The prospects' pages are everything else.
STAFF_PATH_PREFIXES = ("/equipe/", "/admin/", "/connexion/", "/deconnexion/")


def is_staff_path(path):
    return path.startswith(STAFF_PATH_PREFIXES)


class StaffPagesInFrenchMiddleware:
    """The one place that keeps staff pages and the admin in the site's
    language (French) whatever the browser asks or the language cookie says:
    the team works in French; only the prospects' pages follow the visitor's
    language (django.middleware.locale.LocaleMiddleware, just before)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_staff_path(request.path_info):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class AccessLogMiddleware:
    """Writes the reads the view noted (crm.access_log.access_record) in one
    INSERT once the response is made, if it is a success; a failed insert is
    logged and the response goes out all the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        access_log_flush(request, response)
        return response


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a reverse proxy the header
    named by CLIENT_IP_META_KEY (the environment's RATELIMIT_IP_META_KEY),
    which only the proxy can set. The one reader of the client's address: the
    form's limit (django-ratelimit, whose RATELIMIT_IP_META_KEY names this
    function), the API's throttles and the login throttle (django-axes) all
    call it. From a list (X-Forwarded-For) the last entry counts: it is the
    one our proxy added. A missing or malformed header falls back to
    REMOTE_ADDR, so it never opens a way around a limit."""
    remote = request.META.get("REMOTE_ADDR", "")
    key = settings.CLIENT_IP_META_KEY
    if not key:
        return remote
    value = request.META.get(key, "")
    value = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return remote
