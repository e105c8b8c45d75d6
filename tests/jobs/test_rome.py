"""The occupations people type find their ROME fiche in the official référentiel (jobs/data)."""

import pytest

from jobs.rome import fiches, rome_codes_for, rome_matches

FIRST = [
    ("infirmière", "J1506"),  # Infirmier / Infirmière en soins généraux (IDE)
    ("Infirmier", "J1506"),
    ("boulanger", "D1102"),  # Boulanger / Boulangère
    ("développeur", "M1805"),  # Études et développement informatique
    ("DEVELOPPEUSE", "M1805"),
    ("agriculteur", "A1416"),  # Polyculture, élevage (Agriculteur / Agricultrice)
    ("aide-soignant", "J1501"),
    ("Aide soignante", "J1501"),
    ("maçon", "F1703"),
    ("macon", "F1703"),
    ("médecin généraliste", "J1102"),
    ("Professeur des écoles", "K2106"),
    ("secrétaire", "M1607"),
    ("comptable", "M1203"),
]


@pytest.mark.parametrize(("typed", "code"), FIRST, ids=[typed for typed, _code in FIRST])
def test_it_finds_the_fiche_first(typed, code):
    assert rome_codes_for(typed)[0] == code


def test_it_offers_the_schools_teacher_among_the_candidates_of_the_ambiguous_enseignant():
    # The ROME has no plain "enseignant": teachers are "professeurs", by
    # level, and "enseignant" names a dozen specialities (driving, riding,
    # research...). The teacher of the schools is among the candidates.
    assert "K2106" in rome_codes_for("enseignant", limit=5)


@pytest.mark.parametrize("typed", ["", "  ", "ab", "zzzzqqq", "Cœur de Causse"],
                         ids=["empty", "blank", "too-short", "unknown", "not-a-job"])
def test_it_finds_nothing_for_what_is_no_occupation(typed):
    assert rome_codes_for(typed) == []


def test_it_returns_fiches_the_offers_api_knows_with_their_names():
    matches = rome_matches("boulanger")
    assert all(match.code in fiches() for match in matches)
    assert matches[0].label == "Boulanger / Boulangère"


def test_it_ships_the_complete_referentiel():
    from jobs.rome import appellations

    assert len(appellations()) == 13120
    assert len(fiches()) == 532


def test_the_answers_kept_in_memory_hold_no_occupation_as_typed():
    """An occupation is what a person typed: the answers a worker keeps are
    filed under a digest, so nothing of the text outlives an erasure there."""
    from jobs import rome

    rome.rome_codes_for("Infirmière puéricultrice à Figeac")
    assert rome._answers
    for digest, limit in rome._answers:
        assert isinstance(digest, bytes) and len(digest) == 32 and isinstance(limit, int)
    assert "figeac" not in repr(list(rome._answers)).lower()
