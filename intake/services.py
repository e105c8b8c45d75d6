"""What a prospect does from their private tracking page: correct their
contact details, ask for their data to be deleted, get a fresh link."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse

from crm.emails import absolute_url, email_build, network_sender
from crm.models import Contact, PrivacyRequest
from crm.outbox import email_kind, outbox_add
from crm.selectors import coordinators_with_email
from onboarding.models import DetailChange, Project
from onboarding.services.projects import contact_update_details
from onboarding.states import OPEN_STATES
from onboarding.tracking_links import tracking_url

logger = logging.getLogger(__name__)

CORRECTABLE_FIELDS = ("email", "phone", "current_city")


class EmailTaken(ValueError):
    """Another contact already uses that e-mail address."""


@transaction.atomic
def contact_correct(*, contact, email, phone, current_city):
    """The prospect corrects how to reach them; returns the changed field names.

    Raises EmailTaken if the new e-mail belongs to another contact (one
    e-mail is one person, within a network); nothing is changed then.
    """
    values = {"email": email.strip(), "phone": phone.strip(), "current_city": current_city.strip()}
    changed = [name for name in CORRECTABLE_FIELDS if values[name] != getattr(contact, name)]
    if not changed:
        return []
    if "email" in changed and values["email"]:
        others = Contact.objects.annotate(email_key=Lower("email")).filter(
            email_key=values["email"].lower(), network_id=contact.network_id,
        )
        if others.exclude(pk=contact.pk).exists():
            raise EmailTaken()
    try:
        with transaction.atomic():
            # The one way a contact's details change: it records the edit
            # (old → new) in the history staff read.
            changed = contact_update_details(
                contact=contact, user=None, fields={name: values[name] for name in changed},
                channel=DetailChange.Channel.PROSPECT,
            )
    except IntegrityError:  # the same address taken at the same moment
        raise EmailTaken() from None
    logger.info("tracking: contact %s corrected %s", contact.pk, ",".join(changed))
    return changed


contact_correct.alters_data = True


@transaction.atomic
def privacy_deletion_request(*, contact, message=""):
    """Ask for the person's data to be deleted; coordinators are e-mailed after commit.

    Returns (request, created): a request still waiting is not duplicated.
    """
    waiting = PrivacyRequest.objects.filter(
        contact=contact, kind=PrivacyRequest.Kind.DELETION, handled_at__isnull=True
    ).first()
    if waiting is not None:
        return waiting, False
    request = PrivacyRequest.objects.create(contact=contact, kind=PrivacyRequest.Kind.DELETION, message=message)
    outbox_add(PRIVACY_REQUEST_EMAIL, args={"request_id": request.pk},
               cause=f"demande RGPD {request.pk}", contact_id=contact.pk)
    logger.info("tracking: deletion requested for contact %s (request %s)", contact.pk, request.pk)
    return request, True


privacy_deletion_request.alters_data = True


PRIVACY_REQUEST_EMAIL = "intake.privacy_request"
TRACKING_LINK_EMAIL = "intake.tracking_link"


@email_kind(PRIVACY_REQUEST_EMAIL)
def privacy_request_email(*, request_id):
    """One message per coordinator of the person's network: a deletion request
    waits (no personal data in it)."""
    request = (
        PrivacyRequest.objects.select_related("contact__network").filter(pk=request_id, handled_at__isnull=True)
        .first()
    )
    if request is None:
        return None
    network = request.contact.network
    admin_url = absolute_url(reverse("admin:crm_privacyrequest_change", args=[request.pk]))
    return [
        email_build("intake/email/privacy_request",
                    {"request": request, "admin_url": admin_url, "user": user, "network": network}, [user.email])
        for user in coordinators_with_email(networks=[request.contact.network_id])
    ] or None


def project_to_track(contact):
    """The project a fresh link points to: the latest open one, else the latest."""
    projects = Project.objects.filter(contact=contact).select_related("network").order_by("-created_at", "-pk")
    return projects.filter(state__in=OPEN_STATES).first() or projects.first()


def tracking_link_resend(*, email, network=None):
    """Owe a fresh tracking link to whoever typed `email` on `network`'s page;
    says nothing either way. Only a contact of that network gets one: people
    are per network.

    The page always writes one outbox row with the address typed and looks
    nothing up: neither the answer nor its timing tells whether the address
    is on file. The builder looks it up when sending, and a row for an
    unknown address is cancelled and emptied.
    """
    email = (email or "").strip()
    if email:
        args = {"email": email}
        if network is not None:
            args["network_id"] = network.pk
        outbox_add(TRACKING_LINK_EMAIL, args=args, cause="lien de suivi demandé")


tracking_link_resend.alters_data = True


@email_kind(TRACKING_LINK_EMAIL)
def tracking_link_email(*, email, network_id=None):
    """A fresh link to the project of the network's contact with this address,
    if any. (Rows written before networks have no network_id: any contact.)"""
    contacts = Contact.objects.annotate(email_key=Lower("email")).filter(
        email_key=email.lower(), projects__isnull=False
    )
    if network_id is not None:
        contacts = contacts.filter(network_id=network_id)
    contact = contacts.order_by("pk").first()
    project = project_to_track(contact) if contact is not None else None
    if project is None:
        return None
    network = project.network
    return email_build(
        "intake/email/tracking_link",
        {"contact": contact, "project": project, "network": network, "tracking_url": tracking_url(project),
         "max_age_days": settings.TRACKING_LINK_MAX_AGE_DAYS},
        [contact.email], **network_sender(network),
    )
