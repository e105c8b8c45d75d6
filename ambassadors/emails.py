"""The ambassadors' e-mails (outbox kinds, crm.outbox): each builder reads
fresh rows when it sends and returns None when there is nobody to write to."""

from django.conf import settings

from ambassadors.links import own_url, referral_url
from ambassadors.models import Ambassador, Referral
from ambassadors.services import APPLIED_EMAIL, APPROVED_EMAIL, INSTALLED_EMAIL, OWN_LINK_EMAIL
from crm.emails import email_build, network_sender
from crm.outbox import email_kind


def _reachable(ambassador_id):
    ambassador = (Ambassador.objects.select_related("contact", "network", "commune")
                  .filter(pk=ambassador_id, erased_at__isnull=True).first())
    if ambassador is None or not ambassador.contact.email or ambassador.contact.erased_at is not None:
        return None
    return ambassador


def _build(template, ambassador, **context):
    context = {"ambassador": ambassador, "contact": ambassador.contact, "network": ambassador.network,
               "own_url": own_url(ambassador), "max_age_days": settings.AMBASSADOR_LINK_MAX_AGE_DAYS, **context}
    return email_build(template, context, [ambassador.contact.email], **network_sender(ambassador.network))


@email_kind(APPLIED_EMAIL)
def applied_email(*, ambassador_id, created=True):
    ambassador = _reachable(ambassador_id)
    if ambassador is None:
        return None
    return _build("ambassadors/email/applied", ambassador, created=created)


@email_kind(APPROVED_EMAIL)
def approved_email(*, ambassador_id):
    ambassador = _reachable(ambassador_id)
    if ambassador is None or not ambassador.counts:
        return None
    return _build("ambassadors/email/approved", ambassador, referral_url=referral_url(ambassador))


@email_kind(OWN_LINK_EMAIL)
def own_link_email(*, ambassador_id):
    ambassador = _reachable(ambassador_id)
    if ambassador is None or ambassador.status == Ambassador.Status.REMOVED:
        return None
    return _build("ambassadors/email/own_link", ambassador)


@email_kind(INSTALLED_EMAIL)
def referral_installed_email(*, referral_id):
    """"Their" newcomer is installed. The person is named (first name, commune
    of installation) only if they agreed to it on the form, and not erased
    since; otherwise the e-mail says nothing of them."""
    referral = (Referral.objects.select_related("project__contact", "project__installed_commune")
                .filter(pk=referral_id).first())
    if referral is None:
        return None
    ambassador = _reachable(referral.ambassador_id)
    if ambassador is None or ambassador.status == Ambassador.Status.REMOVED:
        return None
    prospect = referral.project.contact
    named = referral.prospect_agreed and prospect.erased_at is None
    return _build("ambassadors/email/referral_installed", ambassador, named=named,
                  prospect_first_name=prospect.first_name if named else "",
                  installed_commune=referral.project.installed_commune if named else None)
