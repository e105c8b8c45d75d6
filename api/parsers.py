"""The API's JSON parser: what Python's json module accepts but nothing
downstream can hold is refused here, as a 400 parse_error.

- A lone surrogate ("\\ud800" written as an escape) decodes to a str that
  cannot be encoded: echoed in an error message, written to PostgreSQL or
  hashed for the idempotency fingerprint, it would crash the request.
- Deep nesting makes the decoder (and anything that walks the result)
  overflow the stack; no body of this API nests deeper than a list in an
  object.
- A number too large for a float (1e400) decodes to infinity, which the
  renderer refuses to write back.
"""

import math
import re

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# Room to spare: the deepest body the API takes is {"needs": ["code"]}.
MAX_DEPTH = 20

# After decoding, a valid pair has become one code point: any surrogate left is a lone one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _too_deep():
    return _("les données sont imbriquées sur plus de %(n)d niveaux.") % {"n": MAX_DEPTH}


def json_problem(data):
    """Why `data` (decoded JSON) cannot be taken, or None. Iterative: a deep
    value must not overflow the stack of the check meant to refuse it."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return _("une chaîne contient un caractère Unicode invalide (substitut isolé).")
        elif isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                return _too_deep()
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)
    return None


class JSONParser(parsers.JSONParser):
    """DRF's parser (same media type, same charset rule), with the checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None,
                              parse_float=_finite_float)
        except RecursionError:
            raise ParseError(_("Corps JSON refusé : %(problem)s") % {"problem": _too_deep()}) from None
        except ValueError as exc:  # UnicodeDecodeError included; the message names a position, not the content
            raise ParseError(_("Corps JSON invalide : %(error)s") % {"error": exc}) from None
        problem = json_problem(data)
        if problem is not None:
            raise ParseError(_("Corps JSON refusé : %(problem)s") % {"problem": problem})
        return data
