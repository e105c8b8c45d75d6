"""What a prospect does from their private tracking page: correct their
contact details, exercise their rights over their data (the requests queue:
onboarding.services.privacy_requests), get a fresh link."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from ambassadors.services import referral_record
from crm.emails import email_build, network_sender
from crm.languages import active_language, language_or_default
from crm.models import Contact, PrivacyRequest
from crm.outbox import email_kind, outbox_add
from onboarding.models import DetailChange, Project
from onboarding.services.intake import intake_submit
from onboarding.services.privacy_requests import privacy_request_receive
from onboarding.services.projects import contact_update_details
from onboarding.states import OPEN_STATES
from onboarding.tracking_links import tracking_url

logger = logging.getLogger(__name__)

CORRECTABLE_FIELDS = ("email", "phone", "current_city")


@transaction.atomic
def project_submit(*, data, source, channel, network, event=None, ambassador=None, prospect_agreed=False):
    """The public form's submission (onboarding.services.intake.intake_submit);
    when it came through an ambassador's referral link that counts and made a
    new project, the referral is written in the same transaction
    (ambassadors.services.referral_record). Returns IntakeResult."""
    result = intake_submit(data=data, source=source, channel=channel, event=event, network=network)
    if ambassador is not None and result.created:
        referral_record(ambassador=ambassador, project=result.project, prospect_agreed=prospect_agreed)
    return result


project_submit.alters_data = True


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


def contact_language_set(*, contact, language):
    """The person chooses the language we write to them in (their tracking
    page's switch): their next e-mails and welcome kits are in it."""
    language = language_or_default(language)
    if contact.language != language:
        contact.language = language
        contact.save(update_fields=["language", "updated_at"])
    return language


contact_language_set.alters_data = True


def privacy_deletion_request(*, contact, message=""):
    """Ask for the person's data to be erased (the tracking page's own form,
    with its confirmation box); returns (request, created). The queue's
    rules: onboarding.services.privacy_requests."""
    return privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ERASURE, message=message)


privacy_deletion_request.alters_data = True


def privacy_right_request(*, contact, kind, message=""):
    """Exercise another right from the tracking page; returns (request, created)."""
    return privacy_request_receive(contact=contact, kind=kind, message=message)


privacy_right_request.alters_data = True


TRACKING_LINK_EMAIL = "intake.tracking_link"


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
        # In the language of the page the link was asked from.
        outbox_add(TRACKING_LINK_EMAIL, args=args, cause="lien de suivi demandé", language=active_language())


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
