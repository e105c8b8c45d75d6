"""The journey written down as data: states, labels, the reasons lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    NEW = "new", _("Nouveau")
    CONTACTED = "contacted", _("Premier contact")
    QUALIFIED = "qualified", _("Qualifié")
    ACCOMPANIED = "accompanied", _("En accompagnement")
    SETTLING = "settling", _("Installation en préparation")
    INSTALLED = "installed", _("Installé")
    INTEGRATED = "integrated", _("Suivi clos")
    ON_HOLD = "on_hold", _("En pause")
    ABANDONED = "abandoned", _("Abandonné")
    REJECTED = "rejected", _("Non recevable")


# Active states can be paused or abandoned; the others are at rest or closed.
ACTIVE_STATES = (
    State.NEW,
    State.CONTACTED,
    State.QUALIFIED,
    State.ACCOMPANIED,
    State.SETTLING,
)
# Projects still followed by someone: they count in a referent's load.
OPEN_STATES = (*ACTIVE_STATES, State.ON_HOLD)
CLOSED_STATES = (State.INSTALLED, State.INTEGRATED, State.ABANDONED, State.REJECTED)


class Channel(models.TextChoices):
    UI = "ui", _("Interface")
    API = "api", _("API")
    SYSTEM = "system", _("Système")


class ContactChannel(models.TextChoices):
    """How the referent reached the person for the first contact (make_contact):
    kept in the log row's fields, not on the project."""

    CALL = "call", _("Appel téléphonique")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Rendez-vous")


class AbandonReason(models.TextChoices):
    JOB = "job", _("Emploi")
    HOUSING = "housing", _("Logement")
    PARTNER_JOB = "partner_job", _("Emploi du conjoint")
    PERSONAL = "personal", _("Raisons personnelles")
    OTHER_TERRITORY = "other_territory", _("A choisi un autre territoire")
    UNREACHABLE = "unreachable", _("Injoignable")
    OTHER = "other", _("Autre")


# The reason the system gives when it closes a project because the person
# had their data erased (transition close_on_erasure). Never offered to
# staff, whose reasons are AbandonReason; the model's field accepts both.
ERASED = "erased"
# The same for a project handed to another network (close_on_transfer): the
# receiving network follows the person now, in a project of its own.
TRANSFERRED = "transferred"
ABANDON_REASON_CHOICES = [
    *AbandonReason.choices,
    (ERASED, _("Données personnelles effacées")),
    (TRANSFERRED, _("Transféré à un autre réseau")),
]


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Indésirable (spam)")
    DUPLICATE = "duplicate", _("Doublon")
    OUT_OF_SCOPE = "out_of_scope", _("Hors périmètre")


class Source(models.TextChoices):
    WEBSITE = "website", _("Formulaire du site")
    PARTNER_API = "partner_api", _("Site partenaire (API)")
    EVENT = "event", _("Salon ou événement")
    AMBASSADOR = "ambassador", _("Ambassadeur")
    PHONE = "phone", _("Téléphone")
    OTHER = "other", _("Autre")


class Horizon(models.TextChoices):
    UNDER_6_MONTHS = "lt6m", _("Moins de 6 mois")
    SIX_TO_12_MONTHS = "6-12m", _("Entre 6 mois et 1 an")
    ONE_TO_2_YEARS = "1-2y", _("Entre 1 et 2 ans")
    LATER = "later", _("Plus tard")
    UNKNOWN = "unknown", _("Je ne sais pas encore")
