"""What the API does when onboarding erases a person (connected in apps.ready)."""

from api.models import IdempotencyKey
from onboarding.extensions import register_personal_data_eraser


def erase_idempotency_records(erasure):
    """A partner's Idempotency-Key may be the person's e-mail, and the
    request's fingerprint is a hash of their details: both go. A retry of
    that old request then creates a new lead, as a new request would."""
    IdempotencyKey.objects.filter(project_id__in=erasure.project_ids).delete()


def connect():
    register_personal_data_eraser(erase_idempotency_records)
