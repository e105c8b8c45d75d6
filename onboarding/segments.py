"""A prospect's segment, from what they declare: the one place it is derived.

Nobody is asked "which segment are you?": the public form, the job-fair
capture and the API ask for the occupation or project ("infirmière, reprise
d'une boulangerie…") and the needs. `segment_for` reads those two and names
the segment a thematic rule can match on (the health network's rule on the
"sante" segment). `intake_submit` stores it on the new project, and the
routing preview derives it from the same two facts, so a preview and a real
submission are routed alike.

The table (first line that matches wins; a segment a coordinator switched off
is skipped, the next line may still match):

| declared                                                   | segment      |
|------------------------------------------------------------|--------------|
| a health profession (médecin, infirmier·e, kiné, sage-femme, pharmacien·ne, dentiste…) | sante |
| seasonal work (saisonnier·ère, vendanges, cueillette)      | saisonnier   |
| an engineer or a software developer                        | talent       |
| the need "Garde d'enfants et école"                        | famille      |
| anything else                                              | none         |

What is not a segment stays a need: a business takeover ("creation-reprise")
and a farm ("installation-agricole") are needs the form asks for, and the
CCI's and the chambre d'agriculture's rules match on them. The need "Santé
(médecin traitant)" is someone looking for a doctor, not a doctor: it never
makes the health segment. "Jeune", "touriste" and "seconde vie" cannot be told
from an occupation: staff set them when qualifying.
"""

import re
import unicodedata

from crm.models import Segment

# (segment code, occupation patterns on the folded text, need codes)
SEGMENT_TABLE = (
    ("sante", (
        r"medecin",  # médecin, médecine (students, internes)
        r"infirmi",  # infirmier, infirmière, infirmier·e
        r"kine",  # kiné, kinésithérapeute, masseur-kinésithérapeute
        r"sage[- ]?femme", r"maieuti",
        r"pharmacien",
        r"dentiste", r"chirurgien",
        r"orthophonist", r"orthoptist", r"ergotherapeut", r"psychomotricien", r"podologu",
        r"aide[- ]soignant", r"osteopathe",
    ), ()),
    ("saisonnier", (r"saisonni", r"vendang", r"cueill"), ()),
    ("talent", (r"ingenieu", r"developpeu"), ()),
    ("famille", (), ("garde-ecole",)),
)


def _folded(text):
    """Lower case without accents: "Infirmière" → "infirmiere"."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


_PATTERNS = {
    code: re.compile(r"\b(?:" + "|".join(patterns) + ")") if patterns else None
    for code, patterns, _needs in SEGMENT_TABLE
}


def _need_code(need):
    return need if isinstance(need, str) else need.code


def segment_codes_for(occupation, needs=()):
    """Every segment code the declaration fits, best first (pure: no query)."""
    text = _folded(occupation)
    need_codes = {_need_code(need) for need in needs or ()}
    codes = []
    for code, _patterns, segment_needs in SEGMENT_TABLE:
        pattern = _PATTERNS[code]
        if (pattern is not None and pattern.search(text)) or need_codes & set(segment_needs):
            codes.append(code)
    return codes


def segment_for(occupation, needs=()):
    """The active crm.Segment for what a person declares, or None (at most one query).

    `occupation`: the declared occupation or project, free text (give the
    occupation and the project summary together); `needs`: crm.Need
    instances or need codes.
    """
    codes = segment_codes_for(occupation, needs)
    if not codes:
        return None
    found = {segment.code: segment for segment in Segment.objects.filter(code__in=codes, is_active=True)}
    return next((found[code] for code in codes if code in found), None)


def declared_occupation(*parts):
    """The occupation text to read: the parts given (occupation, summary), joined."""
    return " ".join(part.strip() for part in parts if part and part.strip())
