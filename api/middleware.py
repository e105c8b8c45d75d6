"""Every answer under /api/ is JSON, even the ones Django makes itself.

The API's views answer their own errors through exceptions.api_exception_handler.
What happens outside them (a bug, whose 500 Django logs and renders from
templates/500.html; a request that a middleware refuses; a body Django will
not read) would otherwise reach a program as an HTML page. This middleware,
first in settings.MIDDLEWARE, gives those answers the documented envelope,
keeping their status code and headers.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .exceptions import error_body

API_PREFIX = "/api/"
# The documentation page is HTML on purpose.
HTML_PATHS = ("/api/docs/",)


def _envelope(response):
    data = getattr(response, "data", None)
    if isinstance(data, dict) and set(data) == {"error"}:
        # Our handler's own body, rendered by a view whose renderers are not
        # JSON (the schema's YAML): the same body, as JSON.
        return data
    status = response.status_code
    if status >= 500:
        return error_body("server_error", _("Erreur interne du service. L'équipe technique a été prévenue ; "
                                            "réessayez plus tard."))
    code, message = {
        401: ("not_authenticated", _("Identification nécessaire.")),
        403: ("permission_denied", _("Vous n'avez pas la permission d'effectuer cette action.")),
        404: ("not_found", _("Introuvable.")),
        405: ("method_not_allowed", _("Méthode non autorisée.")),
        413: ("request_too_large", _("La requête est trop volumineuse.")),
        429: ("throttled", _("Trop d'appels : réessayez plus tard.")),
    }.get(status, ("bad_request", _("Requête invalide.")))
    return error_body(code, message)


def _is_json(response):
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if response.status_code < 400 or not path.startswith(API_PREFIX) or path.startswith(HTML_PATHS):
            return response
        if _is_json(response):
            return response
        replacement = JsonResponse(_envelope(response), status=response.status_code,
                                   json_dumps_params={"ensure_ascii": False})
        for header in ("Retry-After", "WWW-Authenticate", "Allow"):
            if header in response:
                replacement[header] = response[header]
        return replacement
