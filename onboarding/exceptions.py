"""Domain errors of the journey, each with a clear French message."""

from django.utils.translation import gettext as _


class JourneyError(Exception):
    code = "journey_error"

    def __init__(self, message, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class UnknownTransition(JourneyError):
    code = "unknown_transition"


class TransitionNotAllowedFromState(JourneyError):
    code = "not_allowed_from_state"


class ConditionMissing(JourneyError):
    code = "condition_missing"


class InvalidTransitionField(JourneyError):
    code = "invalid_field"


class TransitionPermissionDenied(JourneyError):
    code = "permission_denied"


class ConcurrentChange(JourneyError):
    code = "changed_meanwhile"

    def __init__(self):
        super().__init__(
            _("Ce projet a été modifié par quelqu'un d'autre entre-temps. Rechargez la page et recommencez.")
        )


class ReassignmentDenied(JourneyError):
    """Only a coordinator, or the project's current referent, may reassign it."""

    code = "permission_denied"


class ReassignmentInvalid(JourneyError):
    """No reason given, the same referent again, or an inactive referent."""

    code = "invalid_reassignment"
