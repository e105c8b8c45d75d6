"""Schema pieces shared by the API's views: the documented error answers and headers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer


def errors(*codes):
    """The error responses of an operation, for the schema."""
    descriptions = {
        400: _("Données invalides : `details` nomme les champs (ou les conditions manquantes)."),
        401: _("Pas d'identification, ou une clé inconnue ou révoquée."),
        403: _("Identifié, mais pas autorisé (clé partenaire hors dépôt de contacts, ou personne qui ne peut pas agir)."),
        404: _("Introuvable, ou pas visible pour vous."),
        405: _("Méthode non autorisée."),
        409: _("Conflit : voir `code`."),
        413: _("Corps de requête trop volumineux (request_too_large)."),
        415: _("Seul application/json est accepté."),
        429: _("Trop d'appels : attendre `details.retry_after` secondes."),
    }
    return {code: OpenApiResponse(ErrorSerializer, description=descriptions[code]) for code in codes}


STAFF_ERRORS = (401, 403, 404, 405, 429)
RETRY_AFTER = OpenApiParameter(
    "Retry-After", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[429],
    description=_("Secondes à attendre avant de rappeler."),
)

# Ids start at 1: 0 is a 404 like any id that is not yours to see.
PROJECT_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description=_("Numéro du projet."),
)


def search_parameter(filterset, name):
    """A text filter's parameter with its length limit, which the filter set enforces (400) and
    drf-spectacular's django-filter support leaves out of the schema."""
    spec = filterset.base_filters[name]
    schema = {"type": "string", "maxLength": spec.extra["max_length"]}
    return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=spec.extra.get("help_text", ""))
