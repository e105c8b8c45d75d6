"""Writes of the ambassadors' network, each one transaction: the sign-up,
the ambassador's own changes and leaving, the coordinators' decisions, a
referral recorded with its project, an introduction declined by the
ambassador. E-mails are outbox rows written in the same transaction
(ambassadors.emails builds them)."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambassadors.models import Ambassador, AmbassadorEvent, Referral
from ambassadors.proposals import KIND
from crm.languages import contact_language, language_or_default
from crm.models import Contact
from crm.outbox import outbox_add
from onboarding.exceptions import JourneyError
from onboarding.models import Project, Proposal
from onboarding.services.intake import contact_by_email
from onboarding.services.privacy import contact_erase
from onboarding.services.proposals import proposal_decline_by_counterpart
from onboarding.services.retention import person_contact_record
from testimonials.regions import region_of_place

logger = logging.getLogger(__name__)

Status = Ambassador.Status

APPLIED_EMAIL = "ambassadors.applied"
APPROVED_EMAIL = "ambassadors.approved"
OWN_LINK_EMAIL = "ambassadors.own_link"
INSTALLED_EMAIL = "ambassadors.referral_installed"

CONSENT_VERSION = "ambassadeurs-2026-12"
CONSENT_TEXT = _l("J'accepte que l'équipe du programme me contacte au sujet du réseau des ambassadeurs, et que mon "
                  "prénom, ma commune, mon métier et ce que je propose de partager soient montrés aux personnes "
                  "qui envisagent de s'installer, quand un référent me propose à elles. Mon nom, mon adresse "
                  "e-mail et mon téléphone ne leur sont transmis que si elles acceptent la mise en relation.")

# Who may go where: the coordinators' decisions, as data.
MOVES = {
    Status.APPROVED: (Status.APPLIED, Status.PAUSED, Status.REMOVED),
    Status.PAUSED: (Status.APPROVED,),
    Status.REMOVED: (Status.APPLIED, Status.APPROVED, Status.PAUSED),
}

PROFILE_FIELDS = ("commune", "occupation", "came_from", "arrived_year", "household")


class AmbassadorError(JourneyError):
    code = "ambassador_error"


def _profile(ambassador, data):
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(ambassador, name, data[name])
    ambassador.former_region = region_of_place(ambassador.came_from)
    ambassador.languages = Ambassador.languages_stored(data.get("languages") or ())


def _event(ambassador, to, *, by, at):
    AmbassadorEvent.objects.create(ambassador=ambassador, from_status=ambassador.status, to_status=to, by=by, at=at)
    ambassador.status, ambassador.status_changed_at, ambassador.status_changed_by = to, at, by


@transaction.atomic
def ambassador_apply(*, network, data, language=""):
    """A resident applies from the public page; returns (ambassador, created).

    The same e-mail in the network is the same person (a newcomer who became
    an ambassador keeps one contact): a known contact's name and phone are
    only completed, never replaced (whoever knows an address could rewrite
    them). A person already in the network (applied, active, paused) is
    left as they are; a removed one applies again. Either way their own link
    goes to the address typed, which only its owner reads; the page says
    the same thing in every case. `language`, the page's: their e-mails
    follow it (crm.languages), as a newcomer's follow their form's."""
    email = data["email"].strip()
    language = language_or_default(language) if language else ""
    contact = contact_by_email(email, network)
    if contact is None:
        try:
            with transaction.atomic():
                contact = Contact.objects.create(
                    network=network, email=email, first_name=data["first_name"].strip(),
                    last_name=data["last_name"].strip(), phone=data.get("phone", "").strip(),
                    occupation=data.get("occupation", "").strip(), **({"language": language} if language else {}))
        except IntegrityError:  # the same address at the same moment
            contact = contact_by_email(email, network)
    else:
        changed = [name for name in ("phone", "occupation") if data.get(name) and not getattr(contact, name)]
        for name in changed:
            setattr(contact, name, data[name].strip())
        if language and language != contact.language:  # the language they write in today is the one to answer in
            contact.language = language
            changed.append("language")
        if changed:
            contact.save(update_fields=changed)
    now = timezone.now()
    ambassador = Ambassador.objects.select_for_update().filter(contact=contact).first()
    created = ambassador is None or ambassador.status == Status.REMOVED
    if ambassador is None:
        ambassador = Ambassador(contact=contact, network=network, applied_at=now, status_changed_at=now)
    if created:
        _profile(ambassador, data)
        ambassador.consent_text, ambassador.consent_version, ambassador.consent_at = (
            str(CONSENT_TEXT), CONSENT_VERSION, now)
        if ambassador.pk is None:
            ambassador.save()
            AmbassadorEvent.objects.create(ambassador=ambassador, to_status=Status.APPLIED, at=now)
        else:
            _event(ambassador, Status.APPLIED, by=None, at=now)
            ambassador.applied_at = now
            ambassador.save()
        ambassador.shares.set(data.get("shares") or ())
    person_contact_record(contact_id=contact.pk)
    outbox_add(APPLIED_EMAIL, args={"ambassador_id": ambassador.pk, "created": created},
               cause=f"ambassadeur {ambassador.pk} : candidature", contact_id=contact.pk,
               language=contact_language(contact))
    return ambassador, created


ambassador_apply.alters_data = True


@transaction.atomic
def ambassador_update(*, ambassador, data):
    """The ambassador changes their profile from their own link."""
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    _profile(ambassador, data)
    ambassador.save()
    ambassador.shares.set(data.get("shares") or ())
    phone = (data.get("phone") or "").strip()
    if phone != ambassador.contact.phone:
        Contact.objects.filter(pk=ambassador.contact_id).update(phone=phone)
    person_contact_record(contact_id=ambassador.contact_id)
    return ambassador


ambassador_update.alters_data = True


@transaction.atomic
def ambassador_status_set(*, ambassador, status, user):
    """A coordinator approves, pauses or removes an ambassador (a row each
    time); approving sends them their referral link. A paused or removed
    ambassador's referral link stops counting at once (ambassadors.links),
    and their introductions still waiting for an answer are declined."""
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    if ambassador.erased_at is not None or ambassador.status not in MOVES.get(status, ()):
        raise AmbassadorError(_("Ce changement n'est pas possible dans l'état actuel de l'ambassadeur (%(status)s).")
                              % {"status": ambassador.get_status_display()})
    _event(ambassador, status, by=user, at=timezone.now())
    ambassador.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    if status in (Status.PAUSED, Status.REMOVED):
        # Not put in touch any more: the introductions still waiting for the person's answer are declined.
        for proposal in Proposal.objects.filter(kind=KIND, target_id=ambassador.pk,
                                                status=Proposal.Status.PROPOSED):
            proposal_decline_by_counterpart(proposal=proposal)
    if status == Status.APPROVED:
        outbox_add(APPROVED_EMAIL, args={"ambassador_id": ambassador.pk},
                   cause=f"ambassadeur {ambassador.pk} : actif", contact_id=ambassador.contact_id,
                   language=contact_language(ambassador.contact))
    return ambassador


ambassador_status_set.alters_data = True


def ambassador_link_send(*, ambassador):
    """A fresh own link to the ambassador's address (their link expired)."""
    outbox_add(OWN_LINK_EMAIL, args={"ambassador_id": ambassador.pk},
               cause=f"ambassadeur {ambassador.pk} : nouveau lien", contact_id=ambassador.contact_id,
               language=contact_language(ambassador.contact))


ambassador_link_send.alters_data = True


def ambassadors_erase(rows, person=None):
    """The registry's erase for ambassador profiles (crm.personal_data): what
    describes the person goes, the row stays anonymous and removed so that
    the referrals and introductions it counted stay counted."""
    now = timezone.now()
    ids = list(rows.values_list("pk", flat=True))
    Ambassador.shares.through.objects.filter(ambassador_id__in=ids).delete()
    for ambassador in Ambassador.objects.filter(pk__in=ids).exclude(status=Status.REMOVED):
        AmbassadorEvent.objects.create(ambassador=ambassador, from_status=ambassador.status,
                                       to_status=Status.REMOVED, at=now, by=getattr(person, "by", None))
    Ambassador.objects.filter(pk__in=ids).update(
        occupation="", came_from="", arrived_year=None, household="", languages="", consent_text="",
        status=Status.REMOVED, status_changed_at=now, erased_at=now)
    # An introduction still open leaves with the person.
    for proposal in Proposal.objects.filter(kind=KIND, target_id__in=ids, status__in=Proposal.OPEN_STATUSES):
        proposal_decline_by_counterpart(proposal=proposal)


@transaction.atomic
def ambassador_leave(*, ambassador):
    """The ambassador leaves the network from their own link: their data is
    erased through the privacy machinery (crm.personal_data). A person who is
    only an ambassador is erased whole (onboarding.services.privacy); one who
    also has a newcomer's project keeps it, and loses only the profile."""
    contact = Contact.objects.select_for_update().get(pk=ambassador.contact_id)
    if Project.objects.filter(contact=contact).exists():
        ambassadors_erase(Ambassador.objects.filter(pk=ambassador.pk))
    else:
        contact_erase(contact=contact)
    logger.info("ambassadors: ambassador %s left the network", ambassador.pk)


ambassador_leave.alters_data = True


def referral_record(*, ambassador, project, prospect_agreed):
    """The project came through `ambassador`'s referral link: called by
    intake inside the project's creation transaction (the ambassador was
    checked to count: ambassadors.links.referring_ambassador)."""
    return Referral.objects.create(ambassador=ambassador, project=project, prospect_agreed=bool(prospect_agreed))


referral_record.alters_data = True


def referral_installed_notify(*, project_id):
    """"Their" newcomer is installed: the referring ambassador is told, once,
    if they are still in the network (the e-mail names the person only if
    they agreed on the form)."""
    referral = Referral.objects.select_related("ambassador__contact").filter(project_id=project_id).first()
    if referral is None or referral.ambassador.erased_at is not None \
            or referral.ambassador.status == Status.REMOVED:
        return None
    return outbox_add(INSTALLED_EMAIL, args={"referral_id": referral.pk},
                      cause=f"projet {project_id} : installé, venu par l'ambassadeur {referral.ambassador_id}",
                      contact_id=referral.ambassador.contact_id, dedupe_key=f"ambassador-installed:{referral.pk}",
                      language=contact_language(referral.ambassador.contact))


referral_installed_notify.alters_data = True


@transaction.atomic
def introduction_decline(*, ambassador, proposal_id):
    """The ambassador declines an introduction from their own link (before or
    after the person accepted). Raises ProposalNotOpen when it was closed meanwhile;
    another ambassador's proposal is not found (AmbassadorError)."""
    proposal = Proposal.objects.filter(pk=proposal_id, kind=KIND, target_id=ambassador.pk).first()
    if proposal is None:
        raise AmbassadorError(_("Cette mise en relation n'existe pas."))
    person_contact_record(contact_id=ambassador.contact_id)
    return proposal_decline_by_counterpart(proposal=proposal)


introduction_decline.alters_data = True
