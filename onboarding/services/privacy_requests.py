"""The requests queue: a person's requests about their data (access,
rectification, erasure, objection, restriction), from receipt to answer,
within the legal deadline (RGPD art. 12.3).

One home for what happens to a request:
- received (`privacy_request_receive`): from the tracking page, or typed in
  by staff from an e-mail or a letter; due one month after receipt
  (crm.models.privacy.request_due_on); the network's coordinators are told;
- answered or refused (`privacy_request_answer`): the answer is e-mailed to
  the person. An erasure answered is performed here, by contact_erase, in
  the same transaction: the confirmation is written to the outbox with the
  address read before it is erased, and after the erasure's outbox eraser
  has run, so that eraser (which forgets every e-mail about the person) does
  not cancel it;
- extended (`privacy_request_extend`): once, by two months, with the reason
  told to the person before the first month is over;
- reminded (`privacy_requests_remind`, daily by beat): the coordinators are
  e-mailed once per request when its answer is due within
  REMINDER_DAYS_BEFORE days, and once more when it is overdue.

Every e-mail is an outbox row written in the transaction of its cause.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.access import is_coordinator
from crm.emails import absolute_url, email_build, network_sender
from crm.languages import contact_language
from crm.models import Contact, PrivacyRequest
from crm.models.privacy import request_due_on
from crm.outbox import OutboxEntry, email_kind, outbox_add, outbox_add_many
from crm.scope import scoped
from crm.selectors import coordinators_with_email
from onboarding.access import projects_visible_to
from onboarding.services.privacy import contact_erase

logger = logging.getLogger(__name__)

Kind, Status, Channel = PrivacyRequest.Kind, PrivacyRequest.Status, PrivacyRequest.Channel

REMINDER_DAYS_BEFORE = 7

# The kind name is the one rows were written with before the queue (kept so
# they are still sent).
RECEIVED_EMAIL = "intake.privacy_request"
ANSWERED_EMAIL = "onboarding.privacy_request_answered"
EXTENDED_EMAIL = "onboarding.privacy_request_extended"
REMINDER_EMAIL = "onboarding.privacy_request_reminder"


class PrivacyRequestError(ValueError):
    """A move the request's rules refuse; `message` says why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def privacy_request_receive(*, contact, kind, message="", channel=Channel.TRACKING_PAGE, received_on=None,
                            user=None):
    """Record a request and tell the network's coordinators; returns (request, created).

    From the tracking page, a request of a kind already open is not made
    twice (a second click, a reload): the open one is returned. Staff typing
    in a letter may record what they received as it came.
    """
    if kind not in Kind.values:
        raise PrivacyRequestError(_("Ce type de demande n'existe pas."))
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise PrivacyRequestError(_("La date de réception ne peut pas être dans le futur."))
    with transaction.atomic():
        # Locked: two clicks at once make one request, and an erasure at the
        # same moment waits (then finds the person erased).
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.erased_at is not None:
            raise PrivacyRequestError(_("Les données de cette personne sont effacées."))
        if channel == Channel.TRACKING_PAGE:
            waiting = PrivacyRequest.objects.filter(
                contact=contact, kind=kind, status__in=PrivacyRequest.OPEN_STATUSES
            ).first()
            if waiting is not None:
                return waiting, False
        request = PrivacyRequest.objects.create(
            contact=contact, kind=kind, message=message, channel=channel, received_on=received_on,
            due_on=request_due_on(received_on), created_by=user,
        )
        # To the coordinators: in French.
        outbox_add(RECEIVED_EMAIL, args={"request_id": request.pk}, cause=f"demande RGPD {request.pk}",
                   contact_id=contact.pk)
    logger.info("privacy request %s (%s) received for contact %s", request.pk, kind, contact.pk)
    return request, True


privacy_request_receive.alters_data = True


def _check_handler(request, user):
    """Only a coordinator of the person's network answers or extends (the
    pages ask privacy_request_for first; this keeps the API, a command or a
    future page to the same rule). None: the system."""
    if user is not None and not privacy_requests_visible_to(user).filter(pk=request.pk).exists():
        raise PermissionDenied


def _locked(request):
    """The request, re-read under lock. The contact first, as contact_erase
    locks it (the purge, another coordinator's erasure): the same order, no
    deadlock; and whoever comes second sees what the first did."""
    Contact.objects.select_for_update().filter(pk=request.contact_id).first()
    return PrivacyRequest.objects.select_for_update(of=("self",)).select_related("contact").get(pk=request.pk)


def answer_statuses(request):
    """The statuses the answer form offers for this request."""
    return PrivacyRequest.TRANSITIONS[request.status]


def privacy_request_answer(*, request, user, status, answer=""):
    """Move the request on: in progress, or answered / refused with the answer
    e-mailed to the person. An erasure answered erases the person."""
    answer = (answer or "").strip()
    with transaction.atomic():
        _check_handler(request, user)
        request = _locked(request)
        if status not in PrivacyRequest.TRANSITIONS[request.status]:
            raise PrivacyRequestError(
                _("Cette demande est déjà close.") if not request.is_open
                else _("Ce statut ne peut pas suivre « %(status)s ».") % {"status": request.get_status_display()}
            )
        if status == Status.IN_PROGRESS:
            request.status = status
            request.save(update_fields=["status"])
            return request
        if not answer:
            raise PrivacyRequestError(_("Écrivez la réponse envoyée à la personne."))
        contact = request.contact
        if contact.erased_at is not None:
            raise PrivacyRequestError(_("Les données de cette personne sont déjà effacées : plus d'adresse à "
                                        "laquelle répondre."))
        request.status, request.answer = status, answer
        request.answered_at, request.answered_by = timezone.now(), user
        request.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        if request.kind == Kind.ERASURE and status == Status.ANSWERED:
            # Read before the erasure empties them; written to the outbox
            # after it, so its outbox eraser does not forget this one.
            args = {"request_id": request.pk, "email": contact.email, "answer": answer}
            language = contact_language(contact)
            contact_erase(contact=contact, user=user)
            if args["email"]:
                outbox_add(ANSWERED_EMAIL, args=args, cause=f"réponse à la demande RGPD {request.pk}",
                           language=language)
        else:
            outbox_add(ANSWERED_EMAIL, args={"request_id": request.pk},
                       cause=f"réponse à la demande RGPD {request.pk}", contact_id=contact.pk,
                       language=contact_language(contact))
    logger.info("privacy request %s %s by user %s", request.pk, status, getattr(user, "pk", None))
    return request


privacy_request_answer.alters_data = True


def privacy_request_extend(*, request, user, reason):
    """Extend the deadline by two months (once), telling the person why;
    art. 12.3: within one month of receipt."""
    reason = (reason or "").strip()
    with transaction.atomic():
        _check_handler(request, user)
        request = _locked(request)
        if not request.is_open:
            raise PrivacyRequestError(_("Cette demande est déjà close."))
        if request.extended_at is not None:
            raise PrivacyRequestError(_("Le délai de cette demande a déjà été prolongé."))
        if not reason:
            raise PrivacyRequestError(_("Indiquez le motif de la prolongation : il est envoyé à la personne."))
        if timezone.localdate() > request_due_on(request.received_on):
            raise PrivacyRequestError(_("Le délai d'un mois est dépassé : il ne peut plus être prolongé. "
                                        "Répondez sans attendre."))
        request.extended_at, request.extended_by, request.extension_reason = timezone.now(), user, reason
        request.due_on = request_due_on(request.received_on, extended=True)
        request.save(update_fields=["extended_at", "extended_by", "extension_reason", "due_on"])
        outbox_add(EXTENDED_EMAIL, args={"request_id": request.pk},
                   cause=f"prolongation de la demande RGPD {request.pk}", contact_id=request.contact_id,
                   language=contact_language(request.contact))
    logger.info("privacy request %s extended to %s by user %s", request.pk, request.due_on,
                getattr(user, "pk", None))
    return request


privacy_request_extend.alters_data = True


def requests_to_remind(today):
    """[(request, threshold)]: open requests due within REMINDER_DAYS_BEFORE
    days ("soon") or past due ("overdue")."""
    horizon = today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    rows = PrivacyRequest.objects.filter(status__in=PrivacyRequest.OPEN_STATUSES, due_on__lte=horizon,
                                         contact__erased_at__isnull=True).order_by("due_on", "pk")
    return [(row, "overdue" if row.due_on < today else "soon") for row in rows]


def privacy_requests_remind(*, today=None):
    """Owe each reminder once: the dedupe key names the request, the
    threshold and the deadline (an extended request is reminded again of
    its new one). Running twice the same day adds nothing. Returns how many
    are new."""
    today = today or timezone.localdate()
    entries = [
        OutboxEntry(
            kind=REMINDER_EMAIL, args={"request_id": row.pk, "threshold": threshold},
            cause=f"rappel de la demande RGPD {row.pk}", contact_id=row.contact_id,
            dedupe_key=f"privacy-request:{row.pk}:{threshold}:{row.due_on.isoformat()}",
        )
        for row, threshold in requests_to_remind(today)
    ]
    return outbox_add_many(entries)


privacy_requests_remind.alters_data = True


# --- e-mails ---------------------------------------------------------------------------

def _open_request(request_id):
    return (
        PrivacyRequest.objects.select_related("contact__network")
        .filter(pk=request_id, status__in=PrivacyRequest.OPEN_STATUSES).first()
    )


def _staff_url(request):
    return absolute_url(reverse("privacy_request_detail", args=[request.pk]))


def _to_coordinators(template, request, **context):
    network = request.contact.network
    return [
        email_build(template, {"request": request, "url": _staff_url(request), "user": user, "network": network,
                               **context}, [user.email])
        for user in coordinators_with_email(networks=[request.contact.network_id])
    ] or None


@email_kind(RECEIVED_EMAIL)
def privacy_request_received_email(*, request_id):
    """One message per coordinator of the person's network: a request waits,
    with its kind and deadline (no personal data in it)."""
    request = _open_request(request_id)
    if request is None:
        return None
    return _to_coordinators("onboarding/email/privacy_request_received", request)


@email_kind(REMINDER_EMAIL)
def privacy_request_reminder_email(*, request_id, threshold):
    """The request is still open when it is sent: else nothing (cancelled)."""
    request = _open_request(request_id)
    if request is None:
        return None
    return _to_coordinators("onboarding/email/privacy_request_reminder", request,
                            overdue=threshold == "overdue")


@email_kind(ANSWERED_EMAIL)
def privacy_request_answered_email(*, request_id, email=None, answer=None):
    """The answer, to the person. After an erasure the row carries the
    address and the answer (both gone from the database); else they are
    read when sending (nothing if the person was erased since)."""
    request = PrivacyRequest.objects.select_related("contact__network").filter(pk=request_id).first()
    if request is None:
        return None
    network = request.contact.network
    erased, first_name = email is not None, ""
    if not erased:
        contact = request.contact
        if contact.erased_at is not None or not contact.email:
            return None
        email, answer, first_name = contact.email, request.answer, contact.first_name
    return email_build(
        "onboarding/email/privacy_request_answered",
        {"request": request, "answer": answer, "first_name": first_name, "network": network,
         "erased": erased},
        [email], **network_sender(network),
    )


@email_kind(EXTENDED_EMAIL)
def privacy_request_extended_email(*, request_id):
    request = _open_request(request_id)
    if request is None or request.contact.erased_at is not None or not request.contact.email:
        return None
    network = request.contact.network
    return email_build(
        "onboarding/email/privacy_request_extended",
        {"request": request, "first_name": request.contact.first_name, "network": network},
        [request.contact.email], **network_sender(network),
    )


# --- reads -----------------------------------------------------------------------------

def privacy_requests_visible_to(user):
    """The requests of the coordinator's networks (crm.scope); nobody else's."""
    if not is_coordinator(user):
        return PrivacyRequest.objects.none()
    return scoped(PrivacyRequest.objects.all(), user)


def privacy_request_for(user, pk):
    """The request `pk` if `user` may handle it; 404 otherwise (the same
    answer whether or not it exists)."""
    try:
        return privacy_requests_visible_to(user).select_related("contact__network", "answered_by", "extended_by",
                                                                "created_by").get(pk=pk)
    except (PrivacyRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def contact_projects_visible_to(user, contact):
    """The person's projects `user` may see (onboarding.access): their details
    are shown only through one of them."""
    return projects_visible_to(user).filter(contact=contact).order_by("-created_at", "-pk")
