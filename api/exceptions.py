"""One JSON error body for every refusal of the API:

    {"error": {"code": "...", "message": "...", "details": {...}}}

`code` is stable and meant for programs; `message` is for people (French by
default, following Accept-Language); `details` says which field, which
condition, which transitions are allowed.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from onboarding.exceptions import (
    ConcurrentChange,
    ConditionMissing,
    InvalidTransitionField,
    JourneyError,
    TransitionNotAllowedFromState,
    TransitionPermissionDenied,
    UnknownTransition,
)
from onboarding.services.intake import IntakeRefused

JOURNEY_STATUS = {
    UnknownTransition: status.HTTP_400_BAD_REQUEST,
    InvalidTransitionField: status.HTTP_400_BAD_REQUEST,
    ConditionMissing: status.HTTP_400_BAD_REQUEST,
    TransitionPermissionDenied: status.HTTP_403_FORBIDDEN,
    TransitionNotAllowedFromState: status.HTTP_409_CONFLICT,
    ConcurrentChange: status.HTTP_409_CONFLICT,
}


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_reused"
    default_detail = _(
        "Cette clé d'idempotence a déjà servi pour une autre demande : utilisez une nouvelle clé "
        "pour un nouveau contact, ou renvoyez exactement la même demande."
    )


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = _("La requête est trop volumineuse.")


class InvalidIdempotencyKey(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_idempotency_key"


def error_body(code, message, details=None):
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def api_exception_handler(exc, context):
    if isinstance(exc, JourneyError):
        set_rollback()
        details = {key: value for key, value in exc.details.items() if value is not None}
        code_status = next(
            (code for cls, code in JOURNEY_STATUS.items() if isinstance(exc, cls)), status.HTTP_400_BAD_REQUEST
        )
        return Response(error_body(exc.code, exc.message, details), status=code_status)

    if isinstance(exc, IntakeRefused):  # the form checks it first; kept in case a rule drifts
        set_rollback()
        return Response(error_body("invalid", str(exc)), status=status.HTTP_400_BAD_REQUEST)

    if isinstance(exc, RequestDataTooBig):  # more than DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge()

    response = drf_exception_handler(exc, context)
    if response is None:
        # A bug: Django logs it and answers 500; api.middleware gives that
        # answer the JSON envelope.
        return None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", _("Les données envoyées ne sont pas valides."), details)
        return response

    detail = exc.detail
    code = getattr(detail, "code", None) or exc.default_code
    if isinstance(detail, (list, dict)):  # an APIException raised with structured detail
        message, details = exc.default_detail, {"errors": detail}
    else:
        message, details = detail, {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        details["retry_after"] = int(exc.wait)
    response.data = error_body(code, message, details)
    return response
