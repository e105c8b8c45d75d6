"""Every table the registry of personal data declares belongs to a
processing of the register, and the register names only real tables."""

from crm import personal_data
from crm.models import Segment
from privacy.register import PROCESSINGS, covered_labels, uncovered_declarations, unknown_labels


def test_every_declared_model_belongs_to_a_processing():
    assert uncovered_declarations() == [], (
        "These models are declared in the registry of personal data (crm.personal_data) but no processing of "
        "privacy/register.py names them: add each to the processing it serves (its `models`), then run "
        "`python manage.py privacy_register --write`."
    )


def test_a_declared_model_no_processing_names_is_found(monkeypatch):
    assert "crm.Segment" not in covered_labels()
    declaration = personal_data.PersonalData(
        model=Segment, person=personal_data.PersonKind.STAFF, fields=("name",), subject="pk",
        purpose="p", retention="r",
    )
    monkeypatch.setitem(personal_data._declared, ("crm.Segment", "staff"), declaration)
    assert uncovered_declarations() == ["crm.Segment"]


def test_every_table_a_processing_names_exists():
    assert unknown_labels() == []


def test_each_processing_says_what_a_register_must_say():
    keys = [p.key for p in PROCESSINGS]
    assert len(keys) == len(set(keys))
    for processing in PROCESSINGS:
        assert processing.purpose and processing.legal_basis and processing.recipients, processing.key
        assert processing.models and processing.security, processing.key
        assert "art. 6.1." in processing.legal_basis, processing.key


def test_the_security_logs_rest_on_a_legal_obligation_and_the_accompaniment_on_consent():
    by_key = {p.key: p for p in PROCESSINGS}
    assert "6.1.c" in by_key["journaux-securite"].legal_basis
    # As the privacy notice tells the person (tests/intake: the notice's wording).
    for key in ("accompagnement", "kits-de-bienvenue", "api-partenaires", "salons"):
        assert "6.1.a" in by_key[key].legal_basis, key
    # The controller's choice is said where the law leaves one.
    assert "6.1.e" in by_key["accompagnement"].basis_note


def test_the_register_and_the_privacy_notice_give_the_same_legal_basis(client, project):
    notice = client.get(f"/{project.network.slug}/donnees-personnelles/").content.decode()
    assert "repose sur votre consentement" in notice
    assert "Consentement (RGPD art. 6.1.a)" in {p.key: p for p in PROCESSINGS}["accompagnement"].legal_basis
