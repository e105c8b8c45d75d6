"""The consent texts: which version a person accepts today, the history the
privacy notice shows, and publishing a new version.

Version 1 is the text the form showed before texts were versioned (seeded by
crm/migrations/0008_consent.py, shared by every network). A coordinator
publishes a new version from the admin ("Nouvelle version"); a version that
somebody accepted is never edited (crm.models.ConsentText).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import ngettext

from crm.models import ConsentText, Network

DEFAULT_PURPOSE = (
    "À vous mettre en relation avec un référent et à vous accompagner dans votre installation : emploi, "
    "logement, écoles, santé, mobilité."
)
DEFAULT_BODY = (
    "Le référent qui suit votre projet, l'équipe attractivité du Département et, pour vos besoins, les "
    "partenaires qui vous accompagnent (chambres consulaires, emploi, santé). Elles ne sont ni vendues ni cédées."
)

# Version 1 in English (crm.languages), for a person reading the form in English.
DEFAULT_PURPOSE_EN = (
    "To put you in touch with an adviser and support your move: work, housing, schools, health, getting around."
)
DEFAULT_BODY_EN = (
    "The adviser who follows your project, the Département's attractiveness team and, for your needs, the "
    "partners who support you (chambers of commerce and trades, employment, health). It is neither sold nor "
    "given away."
)


def default_retention_en(years):
    return f"{years} year{'s' if years != 1 else ''} after our last contact, then it is erased."


def consent_text_english_ensure(consent_model=ConsentText):
    """Version 1's English text, where none is written and the French is still the shipped one."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    consent_model.objects.filter(network=None, version=1, purpose=DEFAULT_PURPOSE, body=DEFAULT_BODY,
                                 body_en="").update(
        purpose_en=DEFAULT_PURPOSE_EN, body_en=DEFAULT_BODY_EN, retention_en=default_retention_en(years))


def default_retention(years=None):
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    return ngettext(
        "%(years)s an après notre dernier contact, puis elles sont effacées.",
        "%(years)s ans après notre dernier contact, puis elles sont effacées.",
        years,
    ) % {"years": years}


def consent_text_default_ensure():
    """Version 1, shared, if there is no text at all (a fresh or flushed database)."""
    if not ConsentText.objects.exists():
        ConsentText.objects.get_or_create(
            network=None, version=1,
            defaults={"purpose": DEFAULT_PURPOSE, "retention": default_retention(), "body": DEFAULT_BODY,
                      "purpose_en": DEFAULT_PURPOSE_EN, "body_en": DEFAULT_BODY_EN,
                      "retention_en": default_retention_en(settings.PERSONAL_DATA_RETENTION_YEARS)},
        )


def consent_text_current(network):
    """The version a person accepts today: the network's newest, else the newest shared one (None: none)."""
    texts = ConsentText.objects.filter(published_at__lte=timezone.now()).order_by("-version")
    if network is not None:
        own = texts.filter(network=network).first()
        if own is not None:
            return own
    return texts.filter(network__isnull=True).first()


def consent_text_for_intake(network):
    """The current version, made if the database has none (never refuse a person for want of a text row)."""
    text = consent_text_current(network)
    if text is None:
        consent_text_default_ensure()
        text = consent_text_current(network)
    return text


def consent_text_history(network):
    """Every version shown to this network's people, newest first: its own and the shared ones."""
    texts = ConsentText.objects.filter(published_at__lte=timezone.now())
    if network is not None:
        texts = texts.filter(Q(network=network) | Q(network__isnull=True))
    else:
        texts = texts.filter(network__isnull=True)
    return list(texts.select_related("network").order_by("-published_at", "-version"))


@transaction.atomic
def consent_text_new_version(*, network, purpose, retention, body, translations=None):
    """The next version for `network` (None: shared), published now.
    `translations`: its other languages' fields ({"body_en": …}, crm.languages)."""
    # Two coordinators publishing at once: the lock on the network serialises
    # them (the unique constraint catches the shared texts' rare race).
    if network is not None:
        Network.objects.select_for_update().filter(pk=network.pk).first()
    last = ConsentText.objects.filter(network=network).aggregate(last=Max("version"))["last"] or 0
    return ConsentText.objects.create(network=network, version=last + 1, purpose=purpose, retention=retention,
                                      body=body, **(translations or {}))


consent_text_new_version.alters_data = True
