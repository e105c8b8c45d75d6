"""Handing a project to another network (programme).

A project whose person now aims at another network's département is
proposed for transfer (`transfer_propose`: by its referent or a coordinator
of its network; `transfer_on_move`: by the system, when an edit or a
transition puts its territory there). The person is told by e-mail, in the
same transaction (an outbox row): another data controller will hold their
data, and a signed link lets them object (`transfer_object`) until the
receiving network's coordinator accepts (`transfer_accept`) or refuses
(`transfer_refuse`); the sending side may withdraw it (`transfer_cancel`).

Accepting gives the receiving network a contact of its own (a copy of the
person's details, or its contact with the same e-mail) and a new project in
state new, routed by its rules; the sending project is closed by the
system's close_on_transfer transition, and the person's data on the sending
side is erased (onboarding.services.privacy.contact_erase) unless they have
another open project there: the sending network keeps the anonymous figures.

Each service is one transaction, checks permissions first (an outsider
learns nothing from a refusal) and raises TransferError with a French
message, the database unchanged.
"""

import uuid

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.access import is_coordinator, networks_of
from crm.emails import absolute_url, email_build, network_sender
from crm.languages import contact_language
from crm.models import Contact, Network, OutboxEmail
from crm.outbox import email_kind, outbox_add
from onboarding.access import may_act
from onboarding.exceptions import JourneyError
from onboarding.location import network_for
from onboarding.models import Project, ProjectTransfer
from onboarding.states import OPEN_STATES, Channel, State
from onboarding.tracking_links import max_age

Status = ProjectTransfer.Status

# A project can be handed over while someone follows it, or once installed
# (the person settled across the border); not once abandoned or rejected.
TRANSFERABLE_STATES = (*OPEN_STATES, State.INSTALLED, State.INTEGRATED)
REASON_MAX_LENGTH = 2000


class TransferError(JourneyError):
    code = "transfer_refused"


class TransferDenied(TransferError):
    code = "permission_denied"


def _denied():
    return TransferDenied(_("Vous n'avez pas le droit de faire cette action sur ce transfert."))


# --- who may do what -------------------------------------------------------------------

def _in_network(user, network_id):
    return network_id in networks_of(user)  # every network for a superuser


def may_propose(project, user):
    """The project's referent or a coordinator, within the project's network."""
    return project.network_id is not None and _in_network(user, project.network_id) and may_act(project, user)


def may_decide(transfer, user):
    """Accept or refuse: a coordinator of the receiving network."""
    return is_coordinator(user) and _in_network(user, transfer.to_network_id)


def transfer_targets(project, user):
    """The networks `user` may propose `project` to: a coordinator any other
    active network; a referent only the network of the project's territory."""
    others = Network.objects.filter(is_active=True).exclude(pk=project.network_id)
    if is_coordinator(user):
        return others
    territory = territory_network(project)
    return others.filter(pk=territory.pk) if territory is not None else others.none()


def territory_network(project):
    """The active network of the project's département, when it is another one."""
    if project.departement_id is None:
        return None
    found = network_for(departement_id=project.departement_id)
    return found if found is not None and found.pk != project.network_id and found.is_active else None


# --- proposing -------------------------------------------------------------------------

def _clean_reason(reason):
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise TransferError(_("Le motif ne peut pas dépasser %(n)s caractères.") % {"n": REASON_MAX_LENGTH})
    return reason


def _propose(project, to_network, reason, user):
    if project.state not in TRANSFERABLE_STATES:
        raise TransferError(
            _("Un projet « %(state)s » ne peut pas être transféré.") % {"state": project.get_state_display()}
        )
    try:
        with transaction.atomic():  # a savepoint: the unique index is the guard against two at once
            transfer = ProjectTransfer.objects.create(
                project=project, from_network_id=project.network_id, to_network=to_network, reason=reason,
                proposed_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise TransferError(
            _("Un transfert de ce projet est déjà proposé : attendez la réponse ou annulez-le d'abord.")
        ) from None
    contact = project.contact
    if contact.email:
        outbox_add(
            TRANSFER_EMAIL, args={"transfer_id": transfer.pk},
            cause=f"projet {project.pk} : transfert n°{transfer.pk} proposé",
            contact_id=contact.pk, project_id=project.pk, dedupe_key=f"transfer:{transfer.pk}",
            language=contact_language(contact),
        )
    return transfer


@transaction.atomic
def transfer_propose(*, project, user, to_network=None, reason=""):
    """Propose `project` to `to_network` (default: the network of its
    territory); returns the ProjectTransfer. A coordinator may choose any
    other active network; the referent only the territory's."""
    project = Project.objects.select_for_update().select_related("contact").get(pk=project.pk)
    if not may_propose(project, user):
        raise _denied()
    reason = _clean_reason(reason)
    if to_network is None:
        to_network = territory_network(project)
        if to_network is None:
            raise TransferError(
                _("Le territoire du projet ne relève d'aucun autre réseau : choisissez le réseau destinataire.")
            )
    elif not transfer_targets(project, user).filter(pk=to_network.pk).exists():
        raise TransferError(
            _("Ce projet ne peut pas être proposé à « %(network)s » : seul le réseau de son territoire peut "
              "le recevoir, ou celui qu'une coordinatrice ou un coordinateur choisit.") % {"network": to_network}
        )
    return _propose(project, to_network, reason, user)


transfer_propose.alters_data = True


def project_moved_receiver(sender, *, project, **kwargs):
    """onboarding.signals.project_moved: a project's département changed."""
    transfer_on_move(project=project)


def transfer_on_move(*, project):
    """Called by the services that change a project's territory (an edit, a
    transition), inside their transaction: when the territory is now in
    another network's département, propose the project to that network, as
    the system. Nothing when a proposal is already open."""
    to_network = territory_network(project)
    if to_network is None or project.network_id is None or project.state not in TRANSFERABLE_STATES:
        return None
    if ProjectTransfer.objects.filter(project=project, status=Status.PROPOSED).exists():
        return None
    reason = _("Le territoire du projet relève désormais de « %(network)s ».") % {"network": to_network}
    try:
        with transaction.atomic():
            return _propose(project, to_network, reason, None)
    except TransferError:  # proposed meanwhile by someone else: theirs stands
        return None


transfer_on_move.alters_data = True


# --- deciding ----------------------------------------------------------------------------

def _locked(transfer):
    return ProjectTransfer.objects.select_for_update().select_related("to_network", "from_network").get(
        pk=transfer.pk
    )


def _still_proposed(transfer):
    if transfer.status != Status.PROPOSED:
        raise TransferError(
            _("Ce transfert n'est plus en attente : il est « %(status)s ».")
            % {"status": transfer.get_status_display()}
        )


@transaction.atomic
def transfer_accept(*, transfer, user):
    """The receiving network takes the project over; returns its new project."""
    transfer = _locked(transfer)
    if not may_decide(transfer, user):
        raise _denied()
    _still_proposed(transfer)
    if OutboxEmail.objects.filter(dedupe_key=f"transfer:{transfer.pk}", status=OutboxEmail.Status.PENDING).exists():
        raise TransferError(
            _("La personne n'a pas encore reçu l'e-mail qui l'informe du transfert : réessayez dans quelques "
              "minutes, elle doit pouvoir s'y opposer.")
        )
    project = Project.objects.select_for_update().select_related("contact").get(pk=transfer.project_id)
    if project.network_id != transfer.from_network_id:
        raise TransferError(_("Ce projet a changé de réseau entre-temps : le transfert n'est plus valable."))

    new_project = _receiving_project(transfer, project, user)
    ProjectTransfer.objects.filter(pk=transfer.pk).update(
        status=Status.ACCEPTED, decided_by=user, decided_at=timezone.now(), new_project=new_project,
    )
    _sending_side_close(transfer, project)
    return new_project


transfer_accept.alters_data = True


def _receiving_contact(contact, network):
    """The receiving network's contact for the person: its own with the same
    e-mail, else a copy of what the sending side knows."""
    if contact.email:
        found = (
            Contact.objects.select_for_update().annotate(email_key=Lower("email"))
            .filter(email_key=contact.email.lower(), network=network).first()
        )
        if found is not None:
            return found
    fields = ("first_name", "last_name", "email", "phone", "current_city", "occupation", "has_partner",
              "partner_occupation", "partner_seeks_job", "children_ages", "children_ages_on")
    return Contact.objects.create(network=network, **{name: getattr(contact, name) for name in fields})


def _receiving_project(transfer, project, user):
    from onboarding.services.projects import project_create
    from onboarding.services.routing import route_project

    network = transfer.to_network
    contact = _receiving_contact(project.contact, network)
    note = _("Projet reçu par transfert depuis « %(network)s ».") % {"network": transfer.from_network}
    if transfer.reason:
        # The receiving side's own copy: the transfer's row is blanked when
        # the sending side erases the person.
        note = f"{note}\n{_('Motif : %(reason)s') % {'reason': transfer.reason}}"
    new_project = project_create(
        contact=contact, source=project.source, user=user, channel=Channel.UI, note=note,
        needs=list(project.needs.all()), network=network,
        segment=project.segment, summary=project.summary, message=project.message,
        target_epci=project.target_epci, target_commune=project.installed_commune or project.target_commune,
        horizon=project.horizon, move_date=project.move_date, referrer=project.referrer,
        event=project.event if project.event_id and project.event.network_id == network.pk else None,
        consent_version=project.consent_version, consent_at=project.consent_at,
    )
    if new_project.network_id != network.pk:
        # A coordinator chose the network explicitly, whatever the territory says.
        Project.objects.filter(pk=new_project.pk).update(network=network)
        new_project.network = network
    route_project(project=new_project, user=None)
    if contact.email:
        # The person's confirmation from the receiving programme, with the
        # tracking link of the project that follows them now.
        outbox_add(
            "onboarding.intake_confirmation", args={"project_id": new_project.pk, "created": True},
            cause=f"projet {new_project.pk} : reçu par transfert", contact_id=contact.pk, project_id=new_project.pk,
            language=contact_language(contact),
        )
    return new_project


def _sending_side_close(transfer, project):
    from onboarding.services.journey import project_transition
    from onboarding.services.privacy import contact_erase

    if project.state in OPEN_STATES:
        project_transition(
            project=project, transition="close_on_transfer", user=None, channel=Channel.SYSTEM,
            note=_("Transféré à « %(network)s », qui suit désormais la personne.") % {"network": transfer.to_network},
        )
    others = Project.objects.filter(contact=project.contact_id, state__in=OPEN_STATES).exclude(pk=project.pk)
    if not others.exists():
        # Nothing left to follow here: the sending side keeps the figures only.
        contact_erase(contact=project.contact)


@transaction.atomic
def transfer_refuse(*, transfer, user, reason):
    """The receiving network declines; the project stays where it is."""
    transfer = _locked(transfer)
    if not may_decide(transfer, user):
        raise _denied()
    _still_proposed(transfer)
    reason = _clean_reason(reason)
    if not reason:
        raise TransferError(_("Indiquez le motif du refus : l'équipe qui a proposé le transfert le lira."))
    ProjectTransfer.objects.filter(pk=transfer.pk).update(
        status=Status.REFUSED, decided_by=user, decided_at=timezone.now(), refusal_reason=reason,
    )
    transfer.refresh_from_db()
    return transfer


transfer_refuse.alters_data = True


@transaction.atomic
def transfer_cancel(*, transfer, user):
    """The sending side withdraws its proposal."""
    transfer = _locked(transfer)
    project = Project.objects.get(pk=transfer.project_id)
    if project.network_id != transfer.from_network_id or not may_propose(project, user):
        raise _denied()
    _still_proposed(transfer)
    ProjectTransfer.objects.filter(pk=transfer.pk).update(
        status=Status.CANCELLED, decided_by=user, decided_at=timezone.now(),
    )
    transfer.refresh_from_db()
    return transfer


transfer_cancel.alters_data = True


@transaction.atomic
def transfer_object(*, transfer):
    """The person refuses the transfer, from their signed link, before it is
    accepted: it stops, and the project stays with the sending network."""
    transfer = _locked(transfer)
    _still_proposed(transfer)
    ProjectTransfer.objects.filter(pk=transfer.pk).update(status=Status.OBJECTED, objection_at=timezone.now())
    transfer.refresh_from_db()
    return transfer


transfer_object.alters_data = True


# --- the person's signed link -------------------------------------------------------------

SALT = "onboarding.transfer-objection"


class LinkInvalid(Exception):
    """Not made by us, or expired."""


def objection_token(transfer):
    return signing.dumps({"t": str(transfer.public_id)}, salt=SALT)


def transfer_from_token(token):
    """The transfer a link was made for; raises LinkInvalid."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
        public_id = uuid.UUID(payload["t"])
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        raise LinkInvalid() from None
    transfer = (
        ProjectTransfer.objects.select_related("project__contact", "from_network", "to_network")
        .filter(public_id=public_id).first()
    )
    if transfer is None:
        raise LinkInvalid()
    return transfer


def objection_url(transfer):
    from django.urls import reverse

    return absolute_url(reverse("transfer_objection", args=[objection_token(transfer)]))


# --- the e-mail telling the person (an outbox row written by _propose) --------------------

TRANSFER_EMAIL = "onboarding.transfer_proposed"


def _told(*, transfer_id):
    ProjectTransfer.objects.filter(pk=transfer_id, prospect_told_at__isnull=True).update(
        prospect_told_at=timezone.now()
    )


@email_kind(TRANSFER_EMAIL, after_send=_told)
def transfer_proposed_email(*, transfer_id):
    """The person learns which programme would follow them and who would hold
    their data; None once the transfer is no longer proposed."""
    transfer = (
        ProjectTransfer.objects.select_related("project__contact", "from_network", "to_network")
        .filter(pk=transfer_id, status=Status.PROPOSED).first()
    )
    if transfer is None or not transfer.project.contact.email:
        return None
    sender = transfer.from_network
    context = {
        "contact": transfer.project.contact,
        "from_network": sender,
        "to_network": transfer.to_network,
        "objection_url": objection_url(transfer),
        "network": sender,
    }
    return email_build(
        "onboarding/email/transfer_proposed", context, [transfer.project.contact.email], **network_sender(sender),
    )
