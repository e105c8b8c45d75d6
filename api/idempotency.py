"""Idempotency-Key: a partner's retried POST gets the answer it already got.

The key row is inserted first, in the same transaction as the project. A
second request with the same key (per token) blocks on the unique index
until the first commits, then reads the first's row and answers with its
receipt; if the first rolled back, the second creates. So two parallel
calls with one key never create two projects.
"""

import hashlib
import json
import re

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from api.models import IdempotencyKey, LeadReceipt

from .exceptions import IdempotencyKeyReused, InvalidIdempotencyKey

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"  # visible ASCII: what a UUID or any sane key is made of
_KEY_RE = re.compile(KEY_PATTERN)


def request_fingerprint(data):
    """The same JSON body, whatever the order of its keys, has the same fingerprint.

    "surrogatepass": whatever the body holds hashes without error (the parser
    refuses lone surrogates, but a crash here must not depend on it), and
    every other body hashes exactly as before."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def idempotency_key(request):
    """The request's key, or None; a malformed key is refused rather than ignored."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not _KEY_RE.match(key):
        raise InvalidIdempotencyKey(
            _("L'en-tête Idempotency-Key doit faire de 1 à 255 caractères ASCII visibles (un UUID par exemple).")
        )
    return key


def idempotent_create(*, token, key, fingerprint, create):
    """Run `create()` (which returns a LeadReceipt) once per (token, key).

    Returns (receipt, replayed): a replay answers with the first call's receipt.
    """
    with transaction.atomic():
        row, first = IdempotencyKey.objects.get_or_create(
            token=token, key=key, defaults={"request_fingerprint": fingerprint}
        )
        if not first:
            if row.request_fingerprint != fingerprint or row.project_id is None:
                raise IdempotencyKeyReused()
            if row.receipt_id is None:  # a key recorded before receipts existed
                row.receipt = LeadReceipt.objects.create(token=token, project_id=row.project_id, created=False)
                row.save(update_fields=["receipt"])
            return row.receipt, True
        receipt = create()
        row.project, row.receipt = receipt.project, receipt
        row.save(update_fields=["project", "receipt"])
    return receipt, False
