"""Demo events: per département, a welcome evening in two weeks (people
invited, registered, declined, reminded) and a discovery day last month
(present, absent), with invitations to the network's demo newcomers. Made
once (by name); invitations written directly, without e-mails."""

import datetime

from django.db import transaction
from django.utils import timezone

from crm.models import Contact, Event
from events.models import Invitation, InviteeKind
from onboarding.states import State


def _contacts(network, departement, count):
    return list(Contact.objects.filter(
        projects__network=network, projects__installed_commune__departement=departement,
        projects__state__in=(State.INSTALLED, State.INTEGRATED), erased_at__isnull=True,
    ).exclude(email="").distinct().order_by("pk")[:count])


def demo_events(networks):
    """Returns how many events were made this time."""
    today = timezone.localdate()
    now = timezone.now()
    made = 0
    for network in networks.values():
        for departement in network.departements.order_by("code"):
            plans = (
                (f"Soirée d'accueil des nouveaux arrivants ({departement.name})", 14,
                 ("invited", "registered", "registered", "declined", "reminded", "invited")),
                (f"Journée découverte du territoire ({departement.name})", -30,
                 ("present", "present", "absent", "declined", "invited")),
            )
            for name, offset, states in plans:
                if Event.objects.filter(network=network, name=name).exists():
                    continue
                start = today + datetime.timedelta(days=offset)
                with transaction.atomic():
                    event = Event.objects.create(
                        name=name, kind=Event.Kind.WELCOME, place="Salle des fêtes", starts_on=start, ends_on=start,
                        starts_at=datetime.time(18, 30), ends_at=datetime.time(21, 0), network=network,
                        area_departement=departement, capacity=80, organiser=network.programme,
                        description="Rencontre avec les élus, les associations et les services du territoire, "
                                    "autour d'un buffet de produits locaux.")
                    for contact, state in zip(_contacts(network, departement, len(states)), states, strict=False):
                        registered = state in ("registered", "reminded", "present", "absent")
                        Invitation.objects.create(
                            event=event, contact=contact, invitee_kind=InviteeKind.NEWCOMER, audience="newcomers",
                            sent_at=now, registered_at=now if registered else None,
                            household_size=3 if registered else None,
                            declined_at=now if state == "declined" else None,
                            reminded_at=now if state == "reminded" else None,
                            attended={"present": True, "absent": False}.get(state),
                            attendance_at=now if state in ("present", "absent") else None,
                        )
                made += 1
    return made
