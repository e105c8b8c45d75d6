"""Occupations to ROME codes, from France Travail's official référentiel.

The data (jobs/data/, provenance and licence in jobs/data/README.md) is the
complete ROME 4.0 v460: 1,584 métiers grouped into 532 fiches emploi-métier
(the codes the offers API searches by, `code_rome_parent`) and 13,120
appellations, the names people give their job ("Infirmier / Infirmière en
soins généraux (IDE)", "Boulanger / Boulangère"). It is read once per
process (about 20 ms) and kept in memory: it is the same for every user.

A typed occupation is matched word by word, accents, case, ligatures and
hyphens folded (crm's commune rule), each word of the query being a word of
the appellation or the start of one ("dev" finds "développeur"). The fiches
are then ranked by how well their appellations answer: an appellation that
*is* the query weighs most, then one that starts with it, then one that
merely holds its words; the fiche's principal appellations weigh more and
the rare ones ("peu usité") less; a fiche that many appellations name adds
them up, so that "infirmière" lands on the general nurse's fiche (J1506)
rather than on one of the many specialities.
"""

import csv
import gzip
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from crm.models.territories import LIGATURES, SEPARATORS

DATA = Path(__file__).resolve().parent / "data"
# Small words that say nothing about the job ("agent de la circulation").
STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "pour",
                        "sur", "un", "une"})
PUNCTUATION = str.maketrans({c: " " for c in "()/,;:+&"})
EXACT, PREFIX, CONTAINS = 4.0, 2.0, 1.0


@dataclass(frozen=True)
class Appellation:
    label: str
    code: str  # the métier (ROME 4.0 code_rome)
    fiche: str  # its fiche emploi-métier (code_rome_parent): what the offers API searches by
    principal: bool
    rare: bool
    words: frozenset
    variants: tuple  # the folded masculine and feminine names


@dataclass(frozen=True)
class RomeMatch:
    code: str
    label: str
    score: float


def fold(text):
    """crm's commune folding (case, accents, ligatures, hyphens and apostrophes),
    punctuation and small words dropped; done in C (the file has 13,000 names)."""
    cleaned = (text or "").lower().translate(LIGATURES).translate(SEPARATORS).translate(PUNCTUATION)
    ascii_only = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode("ascii")
    return " ".join(word for word in ascii_only.split() if word not in STOP_WORDS)


def _variants(label):
    """"Maçon bâtisseur / Maçonne bâtisseuse de pierres sèches" names two
    people: "maçon bâtisseur pierres sèches" and "maçonne bâtisseuse pierres
    sèches" (the ending is written once, after the feminine)."""
    if " / " not in label:
        return (fold(label),)
    masculine, feminine = label.split(" / ", 1)
    tail = feminine.split()[len(masculine.split()):]
    return (fold(" ".join([masculine, *tail])), fold(feminine))


def _rows(name):
    with gzip.open(DATA / name, "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


@cache
def appellations():
    found = []
    for row in _rows("rome_appellations.csv.gz"):
        variants = _variants(row["libelle_appellation_long"])
        found.append(Appellation(
            label=row["libelle_appellation_long"], code=row["code_rome"], fiche=row["code_rome_parent"],
            principal=row["classification"] == "PRINCIPALE", rare=row["peu_usite"] == "O",
            words=frozenset(word for variant in variants for word in variant.split()), variants=variants,
        ))
    return tuple(found)


@cache
def fiches():
    """{code: name} of the 532 fiches emploi-métier (the métier whose code is its own parent)."""
    return {row["code_rome"]: row["libelle_rome"] for row in _rows("rome_codes.csv.gz")
            if row["code_rome"] == row["code_rome_parent"]}


def is_rome_code(code):
    return code in fiches()


def _word_matches(word, words):
    return word in words or any(candidate.startswith(word) for candidate in words)


def _weight(appellation, query, length):
    if query in appellation.variants:
        weight = EXACT
    elif any(variant.startswith(query) for variant in appellation.variants):
        weight = PREFIX
    else:
        weight = CONTAINS
    if appellation.principal:
        weight *= 1.5
    if appellation.rare:
        weight *= 0.5
    # "Enseignant des écoles" answers "enseignant" better than "Enseignant de
    # la conduite et de la sécurité routière".
    extra = min(len(variant.split()) for variant in appellation.variants) - length
    return weight / (1 + 0.2 * max(extra, 0))


def rome_matches(text, *, limit=3):
    """The fiches that best answer an occupation as typed, best first."""
    return list(_rome_matches(fold(text), limit))


# The référentiel does not change while the process runs: an occupation's
# answer is kept (scanning every appellation took 40-140 ms, on every project
# page showing offers). Kept under a digest of the text, never the text: an
# occupation is what a person typed, and must not outlive their erasure in a
# worker's memory. At most ANSWERS_KEPT answers (then the store starts over).
ANSWERS_KEPT = 4096
_answers = {}


def _rome_matches(query, limit):
    key = (hashlib.sha256(query.encode()).digest(), limit)
    found = _answers.get(key)
    if found is None:
        if len(_answers) >= ANSWERS_KEPT:
            _answers.clear()
        found = _answers[key] = _rome_matches_computed(query, limit)
    return found


def _rome_matches_computed(query, limit):
    words = query.split()
    if not words or len(query) < 3:
        return ()
    weights = {}
    for appellation in appellations():
        if all(_word_matches(word, appellation.words) for word in words):
            weights.setdefault(appellation.fiche, []).append(_weight(appellation, query, len(words)))
    # A fiche's best appellation, and a fifth of the others: one exact name
    # ("Secrétaire") outweighs many names that merely hold the word
    # ("Secrétaire général de mairie"...), and among equals the fiche that
    # many names designate wins.
    scores = {fiche: max(found) + 0.2 * (sum(found) - max(found)) for fiche, found in weights.items()}
    names = fiches()
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return tuple(RomeMatch(code=code, label=names.get(code, code), score=score) for code, score in ranked)


def rome_codes_for(text, *, limit=3):
    """The ROME codes (fiches) of an occupation as typed, best first: "infirmière" → ["J1506", ...]."""
    return [match.code for match in rome_matches(text, limit=limit)]
