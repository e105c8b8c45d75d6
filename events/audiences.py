"""Who an event's invitations go to: a small registry of audiences.

An audience is a function `func(event, **params)` that returns a queryset of
crm.Contact to invite to `event` (a crm.Event), in a bounded number of
queries (one queryset, evaluated by the sending service), narrowed to the
event's network, and only people who agreed to be contacted (the audience
knows how its people gave their consent). The sending service
(events.services.invitations_send) applies on top what every audience
shares: a contact of the event's network, with an e-mail, not erased, not
yet invited to this event.

Apps register theirs in their AppConfig.ready():

    from events.audiences import AudienceParam, register_audience
    from events.models import InviteeKind

    register_audience(
        "ambassadors", _("Les ambassadeurs du réseau"), ambassadors_to_invite,
        invitee_kind=InviteeKind.AMBASSADOR,
        event_kinds=(Event.Kind.PROGRAMME,),     # empty: every kind
        params=(),                               # integer parameters the staff form asks for
    )

The built-in ones (events.receivers): the newcomers installed in the event's
area in the last N months, and the prospects whose target is in it.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q


@dataclass(frozen=True)
class AudienceParam:
    """An integer parameter of an audience, asked for by the send form."""

    name: str
    label: str
    default: int
    minimum: int = 1
    maximum: int = 120


@dataclass(frozen=True)
class Audience:
    code: str
    label: str
    func: Any  # (event, **params) -> QuerySet[crm.Contact]
    invitee_kind: str
    event_kinds: tuple = ()
    params: tuple = ()

    def suits(self, event):
        return not self.event_kinds or event.kind in self.event_kinds

    def contacts(self, event, **params):
        values = {param.name: params.get(param.name, param.default) for param in self.params}
        return self.func(event, **values)


_audiences = {}


def register_audience(code, label, func, *, invitee_kind, event_kinds=(), params=()):
    """Register (or replace) the audience `code`; returns it."""
    audience = Audience(code=code, label=label, func=func, invitee_kind=invitee_kind,
                        event_kinds=tuple(event_kinds), params=tuple(params))
    _audiences[code] = audience
    return audience


def audience(code):
    """The registered audience, or None."""
    return _audiences.get(code)


def audiences_for(event):
    """The audiences that suit the event's kind, in registration order."""
    return [found for found in _audiences.values() if found.suits(event)]


def area_filter(event, commune_path):
    """A Q keeping rows whose commune (`commune_path`, a path to crm.Commune)
    is in the event's area: its communes, else its EPCI, else its
    département, else the départements of its network. Reads the event's
    communes (one query when the event has none prefetched)."""
    communes = [commune.pk for commune in event.area_communes.all()]
    if communes:
        return Q(**{f"{commune_path}__in": communes})
    if event.area_epci_id:
        return Q(**{f"{commune_path}__epci": event.area_epci_id})
    if event.area_departement_id:
        return Q(**{f"{commune_path}__departement": event.area_departement_id})
    return Q(**{f"{commune_path}__departement__networks": event.network_id})


def with_consent(contacts):
    """Contacts who gave their consent (onboarding.Consent: the consent text
    they accepted with their project, or renewed, covers being contacted by
    the programme)."""
    from onboarding.models import Consent

    return contacts.filter(Exists(Consent.objects.filter(contact=OuterRef("pk"))))
