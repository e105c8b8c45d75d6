"""Every e-mail the application sends goes through this outbox.

The guarantee (README, "E-mails"): an e-mail is a row (`OutboxEmail`)
written in the same transaction as what caused it, so it exists if and only
if its cause was committed. After the commit the row is handed to a worker
(`crm.tasks.deliver_email`); if the broker is down at that moment, nothing is
lost and the caller sees no error: the sweep (`crm.tasks.sweep_outbox`, every
minute) finds the row. A sender claims a row with a lease before sending and
marks it sent after; a row whose sender died (or whose SMTP server timed out,
an unknown outcome) is taken again once the lease ends, with the same
Message-ID. So each e-mail is sent once, at worst twice after an unknown
outcome, and then recognisably the same message. A row that fails
`OUTBOX_MAX_ATTEMPTS` times is marked failed, logged, and can be sent again
from the admin.

Apps register a builder per kind of e-mail with `email_kind`; the builder
takes the row's args and returns the message (crm.emails.email_build), or
None when there is nothing to send any more (the project was assigned since,
the contact was erased): the row is then cancelled.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from crm.emails import MAIL_ERRORS, emails_send
from crm.models import OutboxEmail
from crm.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

DELIVER_TASK = "crm.tasks.deliver_email"


@dataclass(frozen=True)
class EmailKind:
    name: str
    build: object  # (**args) -> EmailMessage | [EmailMessage] | None
    after_send: object = None  # (**args) -> None, once the message is sent


_KINDS = {}


def email_kind(name, *, after_send=None):
    """Register the builder of one kind of e-mail (a decorator)."""

    def register(build):
        _KINDS[name] = EmailKind(name=name, build=build, after_send=after_send)
        return build

    return register


def _kind(name):
    # Builders live beside the services that cause them; each app imports
    # those modules in its AppConfig.ready(), so every process has them all.
    return _KINDS.get(name)


def _message_id():
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return make_msgid(domain=domain)


def _nth_message_id(message_id, index):
    """A row that fans out (one message per coordinator) gives each message
    its own Message-ID, the same at every attempt."""
    return message_id if index == 0 else message_id.replace("<", f"<{index}.", 1)


def outbox_add(kind, *, args=None, cause, language=None, contact_id=None, project_id=None, dedupe_key=None):
    """Write the e-mail `kind` owes, in the caller's transaction, and hand it
    to a worker once that transaction commits. Returns the row, or None when
    `dedupe_key` says this cause already has its e-mail."""
    if _kind(kind) is None:
        raise LookupError(f"No e-mail kind {kind!r} is registered.")
    fields = {
        "kind": kind,
        "args": args or {},
        "cause": cause[:200],
        "language": language or settings.LANGUAGE_CODE,
        "contact_id": contact_id,
        "project_id": project_id,
        "message_id": _message_id(),
    }
    if dedupe_key is not None:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                row = OutboxEmail.objects.create(dedupe_key=dedupe_key[:200], **fields)
        except IntegrityError:
            return None
    else:
        row = OutboxEmail.objects.create(**fields)
    enqueue_on_commit(DELIVER_TASK, row.pk)
    return row


outbox_add.alters_data = True


@dataclass(frozen=True)
class OutboxEntry:
    """One e-mail owed, for `outbox_add_many`."""

    kind: str
    args: dict
    cause: str
    dedupe_key: str
    language: str = ""
    contact_id: int | None = None
    project_id: int | None = None


def outbox_add_many(entries):
    """Write many owed e-mails in three queries whatever their number (the
    daily digest); an entry whose `dedupe_key` already has a row is skipped.
    Returns how many rows are new."""
    entries = list(entries)
    if not entries:
        return 0
    for name in {entry.kind for entry in entries}:
        if _kind(name) is None:
            raise LookupError(f"No e-mail kind {name!r} is registered.")
    keys = [entry.dedupe_key[:200] for entry in entries]
    existing = set(OutboxEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(
                kind=entry.kind, args=entry.args, cause=entry.cause[:200], dedupe_key=key,
                language=entry.language or settings.LANGUAGE_CODE, contact_id=entry.contact_id,
                project_id=entry.project_id, message_id=_message_id(),
            )
            for entry, key in zip(entries, keys, strict=True)
            if key not in existing
        ],
        ignore_conflicts=True,
    )
    new = (
        OutboxEmail.objects.filter(dedupe_key__in=[key for key in keys if key not in existing],
                                   status=OutboxEmail.Status.PENDING)
        .values_list("pk", flat=True)
    )
    new = list(new)
    for pk in new:
        enqueue_on_commit(DELIVER_TASK, pk)
    return len(new)


outbox_add_many.alters_data = True


def _lease():
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def _backoff(attempts):
    """After the n-th failed attempt: 1, 2, 4... minutes, at most an hour."""
    return datetime.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def _claim(pk, now):
    return bool(
        OutboxEmail.objects.filter(pk=pk, status=OutboxEmail.Status.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .update(lease_until=now + _lease(), attempts=F("attempts") + 1)
    )


def outbox_deliver(pk):
    """Send one row if it is due and nobody else holds it. Returns the new
    status, or None when the row was not ours to send. Never raises: the row
    records what went wrong and is retried later."""
    now = timezone.now()
    if not _claim(pk, now):
        return None
    row = OutboxEmail.objects.get(pk=pk)
    kind = _kind(row.kind)
    try:
        if kind is None:
            raise LookupError(f"unknown e-mail kind {row.kind}")
        with translation.override(row.language):
            built = kind.build(**row.args)
        messages = [] if built is None else built if isinstance(built, list) else [built]
        if not messages:
            return _finish(row, OutboxEmail.Status.CANCELLED)
        for index, message in enumerate(messages):
            message.extra_headers["Message-ID"] = _nth_message_id(row.message_id, index)
        emails_send(messages)
    except Exception as exc:  # noqa: BLE001 - recorded on the row, retried after a backoff
        return _failed(row, exc)
    status = _finish(row, OutboxEmail.Status.SENT)
    if kind.after_send is not None:
        try:
            kind.after_send(**row.args)
        except Exception:  # the message is out: a bookkeeping error must not resend it
            logger.exception("outbox: after-send step of %s #%s failed", row.kind, row.pk)
    return status


outbox_deliver.alters_data = True


def _finish(row, status):
    fields = {"status": status, "lease_until": None, "last_error": ""}
    if status == OutboxEmail.Status.SENT:
        fields["sent_at"] = timezone.now()
    # Done with: the args may hold an address typed on a public page.
    fields["args"] = {}
    OutboxEmail.objects.filter(pk=row.pk).update(**fields)
    logger.info("outbox: %s #%s %s", row.kind, row.pk, status)
    return status


def _failed(row, exc):
    # Only the exception's class: an SMTP error message may quote an address.
    error = type(exc).__name__
    expected = isinstance(exc, MAIL_ERRORS)
    final = row.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    fields = {"last_error": error[:200]}
    if final:
        fields.update(status=OutboxEmail.Status.FAILED, lease_until=None)
    else:
        fields["lease_until"] = timezone.now() + _backoff(row.attempts)
    OutboxEmail.objects.filter(pk=row.pk).update(**fields)
    log = logger.warning if expected else logger.error
    log("outbox: %s #%s attempt %s failed (%s)%s", row.kind, row.pk, row.attempts, error,
        ", given up" if final else ", will retry", exc_info=not expected)
    return OutboxEmail.Status.FAILED if final else OutboxEmail.Status.PENDING


def outbox_due(*, now=None, limit=200):
    """Rows a sweep should send: never handed over (older than a grace
    period, so the worker that got them first is not raced), or whose lease
    or backoff has ended."""
    now = now or timezone.now()
    grace = now - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    return (
        OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING)
        .filter(Q(lease_until__isnull=True, created_at__lte=grace) | Q(lease_until__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_sweep(*, now=None):
    """Send what is due (run by beat every minute). Returns {status: count}."""
    counts = {}
    for pk in list(outbox_due(now=now)):
        status = outbox_deliver(pk)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    if counts:
        logger.info("outbox sweep: %s", counts)
    purged = outbox_purge_expired()
    if purged:
        counts["purged"] = purged
    return counts


outbox_sweep.alters_data = True


def outbox_retry(*, pks):
    """Send failed rows again (the admin's action); returns how many."""
    updated = OutboxEmail.objects.filter(pk__in=pks, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.PENDING, attempts=0, lease_until=None, last_error=""
    )
    for pk in OutboxEmail.objects.filter(pk__in=pks, status=OutboxEmail.Status.PENDING).values_list("pk", flat=True):
        enqueue_on_commit(DELIVER_TASK, pk)
    return updated


outbox_retry.alters_data = True


def outbox_purge_expired(*, now=None):
    """Rows are kept OUTBOX_RETENTION_DAYS once finished, then deleted: they
    name who was written to and about what."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    deleted, _ = (
        OutboxEmail.objects.exclude(status=OutboxEmail.Status.PENDING).filter(created_at__lt=limit).delete()
    )
    return deleted


outbox_purge_expired.alters_data = True


def outbox_about(*, contact_ids=(), project_ids=(), emails=()):
    """The rows about these contacts or projects, or asking a link for one of
    these addresses: what a person's erasure deletes and their export lists."""
    contact_ids, project_ids, emails = list(contact_ids), list(project_ids), [e.lower() for e in emails if e]
    if not (contact_ids or project_ids or emails):
        return OutboxEmail.objects.none()
    about = Q(contact_id__in=contact_ids) | Q(project_id__in=project_ids)
    if emails:
        # A link asked from a public page holds the address typed, in any case.
        about |= Q(args__email__iregex=r"^(" + "|".join(re.escape(e) for e in emails) + r")$")
    return OutboxEmail.objects.filter(about)


def outbox_erase(*, contact_ids=(), project_ids=(), emails=()):
    """Delete every row about these people (their erasure): pending ones are
    not sent, sent ones are forgotten. Returns how many."""
    deleted, _ = outbox_about(contact_ids=contact_ids, project_ids=project_ids, emails=emails).delete()
    return deleted


outbox_erase.alters_data = True
