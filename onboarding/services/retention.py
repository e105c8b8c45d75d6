"""How long a person's data is kept, and asking them before it goes.

The clock (crm.Contact.last_person_contact_at) is the last contact the
person initiated: a submission (a new project, or a known contact's new
one), an exchange with them logged by staff (PERSON_EXCHANGE_KINDS), an
action on their tracking page (a POST: a correction, a request, a download),
a renewal. Never an e-mail we send, a staff edit or a staff note:
`person_contact_record` is called by those causes only.

Their data is kept PERSONAL_DATA_RETENTION_YEARS calendar years from the
clock (activity on day D is kept to the end of the same day N years later,
28 February for a 29 February in a year without one, and erased the next
day: `retention_limit`), as long as they have no open project (a person
being accompanied is kept, as before the clock).

One month before that day (`reminder_limit`: on the same day of the month
before, or the last day of a shorter month), a daily task e-mails them a
signed link (`retention_reminders_send`, once per clock value); one click on
the page's button renews (`retention_renew`: a Consent of channel "renewal"
on their latest project, and the clock moves to now). Without an answer,
the purge anonymises them at the limit through
onboarding.services.privacy.contact_erase (`personal_data_purge`), and
never less than a month after their reminder: a person whose limit came
before any reminder (the contacts the clock found already old when it was
introduced, a beat that was down) is asked first. A person without an
e-mail cannot be asked and is anonymised at the limit.

Each reminder sent, renewal and anonymisation is counted in the DPO's
monthly log (onboarding.RetentionMonth) in the transaction of what it
counts: a task run twice counts nothing twice.
"""

import datetime
import hashlib
import logging
from collections import Counter

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from crm.batches import keyset_batches
from crm.emails import absolute_url, email_build, network_sender
from crm.languages import language_or_default
from crm.models import Contact, OutboxEmail
from crm.outbox import OutboxEntry, email_kind, outbox_add_many
from crm.services.consent import consent_text_for_intake
from onboarding.extensions import Section, retention_holds
from onboarding.models import Consent, Interaction, Project, RetentionMonth
from onboarding.public_site import network_reverse
from onboarding.services.privacy import contact_erase
from onboarding.states import OPEN_STATES

logger = logging.getLogger(__name__)

# The exchanges logged by staff in which the person reached us or took part
# (Interaction has a kind, no direction): a call, a meeting, a visit, an
# event, a new submission. Not an e-mail (staff log the ones they send as
# well as the ones they receive, and an e-mail we send must not keep the
# data) nor a note (staff's own words).
PERSON_EXCHANGE_KINDS = (
    Interaction.Kind.SUBMISSION, Interaction.Kind.CALL, Interaction.Kind.MEETING, Interaction.Kind.VISIT,
    Interaction.Kind.EVENT,
)


# --- the calendar -----------------------------------------------------------------------

def add_years(day, years):
    """The same day `years` later (or earlier); 29 February becomes the 28th
    in a year without one, as French law counts a period in years (Code de
    procédure civile, art. 641: "à défaut d'un quantième identique, le délai
    expire le dernier jour du mois")."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def add_months(day, months):
    """The same day `months` later (or earlier), the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def _start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _today(now):
    return timezone.localdate(now or timezone.now())


def erasure_day(day):
    """The first day on which activity of local day `day` is no longer kept."""
    return add_years(day, settings.PERSONAL_DATA_RETENTION_YEARS) + datetime.timedelta(days=1)


def reminder_day(day):
    """The day the person whose clock is on `day` is asked: one month before their erasure day."""
    return add_months(erasure_day(day), -1)


def retention_limit(*, now=None):
    """The first instant whose activity is still kept.

    Activity on local day D is kept until the end of its anniversary
    add_years(D, N), N = PERSONAL_DATA_RETENTION_YEARS, and erased from the
    next day on. So the limit is the start of the first day D whose
    anniversary is not yet over: kept iff add_years(D, N) >= today.
    """
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    today = _today(now)
    first_kept = add_years(today, -years)
    if add_years(first_kept, years) < today:  # today is 29 February, that year had none
        first_kept += datetime.timedelta(days=1)
    return _start(first_kept)


def _first_day_not(due, guess):
    """The first day for which `due(day)` is false, `due` being true for every earlier day."""
    day = guess - datetime.timedelta(days=7)
    while not due(day):
        day -= datetime.timedelta(days=7)
    while due(day):
        day += datetime.timedelta(days=1)
    return day


def reminder_limit(*, now=None):
    """The first instant whose clock is not yet due its reminder today
    (a clock before it is: its reminder day has come)."""
    today = _today(now)
    guess = add_years(add_months(today, 1), -settings.PERSONAL_DATA_RETENTION_YEARS)
    return _start(_first_day_not(lambda day: reminder_day(day) <= today, guess))


def reminded_long_enough(*, now=None):
    """The first instant at which a reminder written is not yet a month old today."""
    today = _today(now)
    return _start(_first_day_not(lambda day: add_months(day, 1) <= today, add_months(today, -1)))


# --- the clock ---------------------------------------------------------------------------

def person_contact_record(*, contact_id, at=None):
    """The person reached us at `at` (default now): their clock moves forward, never back."""
    at = at or timezone.now()
    Contact.objects.filter(pk=contact_id).update(
        last_person_contact_at=Greatest(Coalesce("last_person_contact_at", at), at)
    )


person_contact_record.alters_data = True

# A contact that no cause has set yet (made before the clock by another path) counts from its creation.
CLOCK = Coalesce("last_person_contact_at", "created_at")


def _not_followed():
    """Contacts still named, with no open project (a person being accompanied
    is kept), nor held by an app (an active ambassador: onboarding.extensions.register_retention_hold)."""
    open_projects = Project.objects.filter(contact=OuterRef("pk"), state__in=OPEN_STATES)
    rows = Contact.objects.filter(erased_at__isnull=True).annotate(clock=CLOCK).exclude(Exists(open_projects))
    for hold in retention_holds():
        rows = rows.exclude(pk__in=hold())
    return rows


def contacts_past_retention(*, now=None):
    """Contacts with no open project whose clock is past the retention period (the calendar rule)."""
    return _not_followed().filter(clock__lt=retention_limit(now=now))


def contacts_to_anonymise(*, now=None):
    """Past retention, and either asked at least a month ago (for this clock)
    or impossible to ask: no address, or no project to renew (the reminder
    renews a project; someone who never had one, a former ambassador, has
    nothing to keep)."""
    return contacts_past_retention(now=now).filter(
        Q(email="")
        | ~Exists(Project.objects.filter(contact=OuterRef("pk")))
        | Q(retention_reminder_at__gte=F("clock"), retention_reminder_at__lt=reminded_long_enough(now=now))
    )


def contacts_due_reminder(*, now=None):
    """Contacts whose reminder day has come and who have not been asked since their clock last moved."""
    return (
        _not_followed()
        .exclude(email="")
        .filter(clock__lt=reminder_limit(now=now))
        .filter(Q(retention_reminder_at__isnull=True) | Q(retention_reminder_at__lt=F("clock")))
        .filter(Exists(Project.objects.filter(contact=OuterRef("pk"))))
    )


# The contacts due are read this many at a time (by id, in order): memory
# stays bounded however many are due on the first run after a long pause.
PURGE_CHUNK = 500


# --- the DPO's monthly log ------------------------------------------------------------------

def _count(*, network_id, field, now=None, by=1):
    """Add `by` to this month's `field`, inside the caller's transaction."""
    month = _today(now).replace(day=1)
    row, _ = RetentionMonth.objects.get_or_create(network_id=network_id, month=month)
    RetentionMonth.objects.filter(pk=row.pk).update(**{field: F(field) + by})


# --- the reminder ---------------------------------------------------------------------------

RENEWAL_SALT = "onboarding.retention_renewal"
REMINDER_EMAIL = "onboarding.retention_reminder"


def _clock_key(clock):
    # Which clock value a reminder (and its link) was for, without writing
    # the person's last contact date into a link: a short digest of it.
    return hashlib.sha256(clock.isoformat().encode()).hexdigest()[:16]


def renewal_token(project, clock):
    return signing.dumps({"p": str(project.public_id), "k": _clock_key(clock)}, salt=RENEWAL_SALT)


def renewal_url(project, clock):
    return absolute_url(network_reverse(project.network, "retention_renewal", renewal_token(project, clock)))


def renewal_max_age():
    # Sent a month before the limit; the purge waits a month after it. Two
    # months and a margin: past that, the person is erased or asked again.
    return datetime.timedelta(days=75)


def retention_reminders_send(*, now=None):
    """Daily: e-mail each person whose reminder day has come; returns how many were written.

    Once per person and clock value: the contact records the reminder, and
    the outbox's dedupe key (contact, clock) holds even for two runs at once.
    Set-based, PURGE_CHUNK people at a time in one transaction: the chunk's
    contacts still due are locked and read with their latest project in one
    statement, their e-mails written together (crm.outbox.outbox_add_many),
    the reminder recorded by one UPDATE and counted once per network: a fixed
    number of queries per chunk, whatever its size."""
    now = now or timezone.now()
    sent = 0
    latest = Project.objects.filter(contact=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")[:1]
    for ids in keyset_batches(contacts_due_reminder(now=now), PURGE_CHUNK):
        with transaction.atomic():
            # Locked, and read again: renewed, erased or followed since the list was read drops out.
            rows = list(
                contacts_due_reminder(now=now).select_for_update(of=("self",)).filter(pk__in=ids)
                .annotate(latest_project_id=Subquery(latest)).order_by("pk")
                .values_list("pk", "network_id", "clock", "latest_project_id", "language")
            )
            if not rows:
                continue
            entries = [
                OutboxEntry(
                    REMINDER_EMAIL, args={"project_id": project_id, "clock": _clock_key(clock)},
                    cause=f"contact {pk} : conservation des données", contact_id=pk, project_id=project_id,
                    dedupe_key=f"retention-reminder:{pk}:{_clock_key(clock)}",
                    language=language_or_default(language),
                )
                for pk, _network_id, clock, project_id, language in rows
            ]
            # Which are new, by network, for the month's log (the rows are
            # locked: no other run writes these keys meanwhile).
            existing = set(OutboxEmail.objects.filter(dedupe_key__in=[e.dedupe_key for e in entries])
                           .values_list("dedupe_key", flat=True))
            outbox_add_many(entries)
            Contact.objects.filter(pk__in=[row[0] for row in rows]).update(retention_reminder_at=now)
            by_network = Counter(row[1] for row, entry in zip(rows, entries, strict=True)
                                 if entry.dedupe_key not in existing)
            for network_id, n in sorted(by_network.items(), key=lambda item: item[0] or 0):
                _count(network_id=network_id, field="reminders_sent", now=now, by=n)
            sent += sum(by_network.values())
    logger.info("retention: %s reminder(s) written", sent)
    return sent


def erasure_date_for(contact, *, reminded_at):
    """The day the person's data goes if they do not answer (for the e-mail)."""
    day = erasure_day(timezone.localdate(contact.last_person_contact_at or contact.created_at))
    return max(day, add_months(timezone.localdate(reminded_at), 1))


@email_kind(REMINDER_EMAIL)
def retention_reminder_email(*, project_id, clock):
    """The question and its signed link; None (cancelled) if the person was
    erased, or reached us since (their clock moved: nothing to ask)."""
    project = Project.objects.select_related("contact", "network").filter(pk=project_id).first()
    if project is None or not project.contact.email or project.contact.erased_at is not None:
        return None
    contact = project.contact
    current = contact.last_person_contact_at or contact.created_at
    if _clock_key(current) != clock:
        return None
    context = {
        "project": project,
        "network": project.network,
        "contact": contact,
        "renewal_url": renewal_url(project, current),
        "erasure_date": erasure_date_for(contact, reminded_at=contact.retention_reminder_at or timezone.now()),
        "years": settings.PERSONAL_DATA_RETENTION_YEARS,
    }
    return email_build("onboarding/email/retention_reminder", context, [contact.email],
                       **network_sender(project.network))


# --- the renewal ---------------------------------------------------------------------------

class RenewalLinkExpired(Exception):
    """A genuine link, older than renewal_max_age()."""


class RenewalLinkInvalid(Exception):
    """Not ours, tampered with, or its person is gone."""


def renewal_project(token, *, network):
    """The project a renewal link names, in `network`; raises RenewalLinkExpired or RenewalLinkInvalid."""
    try:
        payload = signing.loads(token, salt=RENEWAL_SALT, max_age=renewal_max_age())
    except signing.SignatureExpired:
        raise RenewalLinkExpired() from None
    except signing.BadSignature:
        raise RenewalLinkInvalid() from None
    if not isinstance(payload, dict) or not isinstance(payload.get("k"), str):
        raise RenewalLinkInvalid()
    try:
        project = (
            Project.objects.select_related("contact", "network")
            .filter(public_id=payload.get("p"), network=network).first()
        )
    except Exception:  # not a UUID
        raise RenewalLinkInvalid() from None
    if project is None or project.contact.erased_at is not None:
        raise RenewalLinkInvalid()
    return project, payload["k"]


def retention_renew(*, token, network, now=None):
    """The person clicked "Oui, je souhaite continuer": a Consent (channel
    renewal, the current text) on their latest project, their clock moved to
    now, counted in the month's log. The same link twice renews once.
    Returns True if this call renewed, False if the link had already."""
    project, clock = renewal_project(token, network=network)
    now = now or timezone.now()
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=project.contact_id)
        if contact.erased_at is not None:
            raise RenewalLinkInvalid()
        latest = Project.objects.filter(contact=contact).order_by("-created_at", "-pk").first()
        try:
            with transaction.atomic():
                Consent.objects.create(
                    project=latest, contact=contact, text=consent_text_for_intake(latest.network), at=now,
                    channel=Consent.Channel.RENEWAL, renewal_key=f"{project.pk}:{clock}"[:100],
                )
        except IntegrityError:
            return False
        person_contact_record(contact_id=contact.pk, at=now)
        _count(network_id=contact.network_id, field="renewed", now=now)
    logger.info("retention: contact %s renewed", contact.pk)
    return True


retention_renew.alters_data = True


# --- the purge -----------------------------------------------------------------------------

def personal_data_purge(*, now=None):
    """Anonymise every contact due (contacts_to_anonymise); returns how many.

    Each contact in its own transaction, by the same contact_erase as a
    request, with its count in the month's log: a failure leaves the others
    erased and this one whole (and uncounted). The contacts due are read
    PURGE_CHUNK at a time."""
    count = 0
    for rows in keyset_batches(contacts_to_anonymise(now=now), PURGE_CHUNK, "network_id"):
        for pk, network_id in rows:
            with transaction.atomic():
                contact_erase(contact=Contact(pk=pk, network_id=network_id))
                _count(network_id=network_id, field="anonymised", now=now)
            count += 1
    return count


# --- the staff project page -----------------------------------------------------------------

def consents_section(project):
    """The project page's small section (onboarding.extensions, "project_page"): its consents and the clock."""
    consents = list(project.consents.select_related("text", "by").order_by("at", "pk"))
    return Section("onboarding/_consents_section.html", {
        "consents": consents, "clock": project.contact.last_person_contact_at,
    })
