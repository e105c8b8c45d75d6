"""What the API declares about the people it receives (connected in apps.ready)."""

from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, IdempotencyKey
from crm.personal_data import PersonKind, exempt, personal_data


def connect():
    # A partner's Idempotency-Key may be the person's e-mail, and the
    # request's fingerprint is a hash of their details: both go with the
    # person. A retry of that old request then creates a new lead, as a new
    # request would.
    personal_data(
        IdempotencyKey, person=PersonKind.PROSPECT, subject="project__contact", fields=("key", "request_fingerprint"),
        erase="delete", export=False, purpose=_("Ne pas enregistrer deux fois une demande reçue d'un partenaire"),
        retention=_("Effacé avec la personne"),
    )
    exempt(ApiToken, _("Clé d'API d'un partenaire : le nom de la clé, son empreinte"))
