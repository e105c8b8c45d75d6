"""Requesting, generating and delivering kits: the writes.

A request is a `Kit` row in `pending`, committed before anything is sent to
the broker: if the broker is down the row waits, and `kit_requeue_stale`
(run by beat every minute) sends it again. The task may run more than once
for a row (a requeue racing the original message, a redelivery after a lost
worker): `_claim` lets only one run work on a row at a time, under a lease
that a heartbeat extends while it renders, and a done row is never redone.
A worker killed mid-render loses its lease within KIT_LEASE; its redelivered
message (same task id) takes the row back at once.

The prospect's "your kit is ready" e-mail is an outbox row (crm.outbox)
written in the transaction that finishes the kit: one per new version of a
project's kit, however many requests produced it.

A kit stays true: a change to what a done kit shows (its referent, its
territory, the household, or a row staff edit in the admin: content, service
points, partners, the brand; welcome_kits.concerned) queues a refresh
(`kit_refresh_request`), a pending row that waits until `not_before`; each
further change within KIT_REFRESH_DELAY pushes that time back, so several
changes make one version (never more than KIT_REFRESH_MAX_DELAY after the
first). The sweep sends it when due. Its prospect is e-mailed only when the
new version names another referent or territory than the previous one, or
when staff chose to announce a content edit. Old versions stay for staff;
the prospect's link always serves the current one (views.kit_download).
"""

import datetime
import hashlib
import logging
import secrets
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from crm.batches import keyset_batches
from crm.emails import email_build, network_sender
from crm.languages import language_or_default
from crm.outbox import email_kind, outbox_add
from crm.queue import enqueue_on_commit
from onboarding.models import Project
from welcome_kits.links import kit_download_url, link_expires_on
from welcome_kits.models import Kit

logger = logging.getLogger(__name__)

# A worker holds a row this long without a heartbeat; it renews it every third.
KIT_LEASE = datetime.timedelta(seconds=30)
MAX_ATTEMPTS = 4  # the first run and the task's three retries
KIT_READY_EMAIL = "welcome_kits.kit_ready"
# Changes within this delay of each other make one refreshed version.
KIT_REFRESH_DELAY = datetime.timedelta(minutes=10)
# ...but a refresh waits no longer than this after the first change.
KIT_REFRESH_MAX_DELAY = datetime.timedelta(hours=1)
# The facts that, when they change, are worth an e-mail to the prospect.
ANNOUNCED_FACTS = ("referent", "departement", "epci", "commune")


class KitBusy(Exception):
    """Another live worker holds the row; `retry_in` seconds until its lease ends."""

    def __init__(self, retry_in):
        super().__init__(f"kit held by another worker for {retry_in:.0f}s")
        self.retry_in = retry_in


def _queue_generation(kit_id):
    enqueue_on_commit("welcome_kits.tasks.generate_kit", kit_id)


def kit_request(*, project, user=None, notify_prospect=True):
    """Record a request for the project's kit, then queue it after commit."""
    with transaction.atomic():
        kit = Kit.objects.create(
            project=project,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            notify_prospect=notify_prospect,
        )
        _queue_generation(kit.pk)
    return kit


kit_request.alters_data = True


def kit_refresh_request(*, project_id, announce=False, now=None):
    """A change to what the project's kit shows: refresh the kit, once the
    changes settle. Only a project that has a done kit gets one (an edit
    never gives a kit to a project that was never given one). Returns the
    pending refresh row, or None."""
    now = now or timezone.now()
    with transaction.atomic():
        # The project row serialises the refreshes of one project.
        if not Project.objects.select_for_update().filter(pk=project_id).exists():
            return None
        if not Kit.objects.filter(project_id=project_id, status=Kit.Status.DONE).exists():
            return None
        # A refresh not yet sent to a worker takes this change too.
        waiting = (
            Kit.objects.select_for_update()
            .filter(project_id=project_id, status=Kit.Status.PENDING, refresh=True, queued_at__isnull=True)
            .order_by("pk").first()
        )
        if waiting is None:
            return Kit.objects.create(
                project_id=project_id, refresh=True, announce=announce, notify_prospect=False,
                not_before=now + KIT_REFRESH_DELAY,
            )
        waiting.not_before = min(now + KIT_REFRESH_DELAY, waiting.requested_at + KIT_REFRESH_MAX_DELAY)
        waiting.announce = waiting.announce or announce
        waiting.save(update_fields=["not_before", "announce"])
        return waiting


kit_refresh_request.alters_data = True


def kit_refresh_for(*, model, ids, announce=False):
    """Rows that kits show were edited, added or deleted (welcome_kits.concerned
    names the models): queue a new version of each done kit they concern, to
    be announced to its prospect or not. Returns how many projects."""
    from welcome_kits.concerned import projects_concerned

    ids = set(ids)
    project_ids = projects_concerned(model, ids)
    for project_id in sorted(project_ids):
        kit_refresh_request(project_id=project_id, announce=announce)
    if project_ids:
        logger.info("Queued the refresh of %s kit(s) after an edit of %s %s row(s)",
                    len(project_ids), len(ids), model._meta.label)
    return len(project_ids)


kit_refresh_for.alters_data = True


def kit_retry(*, kit):
    """Send a failed kit back to the queue (the staff page's retry button)."""
    with transaction.atomic():
        updated = Kit.objects.filter(pk=kit.pk, status=Kit.Status.FAILED).update(
            status=Kit.Status.PENDING, error="", attempts=0, queued_at=timezone.now(), finished_at=None
        )
        if updated:
            _queue_generation(kit.pk)
    return bool(updated)


kit_retry.alters_data = True


def _project_for_render(project_id):
    return Project.objects.select_related(
        "contact", "segment", "network", "referent__user", "referent__organisation",
        "target_epci__departement", "target_commune__departement", "target_commune__epci",
        "installed_commune__departement", "installed_commune__epci",
    ).get(pk=project_id)


def _claim(kit_id, worker):
    """Mark the row running for `worker` (a task id) if it is free: pending,
    or running under a lease that ended, or already `worker`'s (a redelivered
    message). Returns True, or False when there is nothing to do; raises
    KitBusy while another worker's lease runs."""
    now = timezone.now()
    claimed = (
        Kit.objects.filter(pk=kit_id)
        .filter(Q(status=Kit.Status.PENDING, not_before__isnull=True)
                | Q(status=Kit.Status.PENDING, not_before__lte=now)
                | Q(status=Kit.Status.RUNNING, lease_until__lt=now)
                | Q(status=Kit.Status.RUNNING, claimed_by=worker, attempts__lt=MAX_ATTEMPTS))
        .update(status=Kit.Status.RUNNING, started_at=now, lease_until=now + KIT_LEASE, claimed_by=worker,
                attempts=F("attempts") + 1, error="")
    )
    if claimed:
        return True
    held = Kit.objects.filter(pk=kit_id, status=Kit.Status.RUNNING).values_list("lease_until", flat=True).first()
    if held is not None:
        raise KitBusy(max((held - now).total_seconds(), 0) + 1)
    return False


@contextmanager
def _heartbeat(kit_id, worker):
    """Push the lease back every third of KIT_LEASE while the body runs."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(KIT_LEASE.total_seconds() / 3):
                Kit.objects.filter(pk=kit_id, status=Kit.Status.RUNNING, claimed_by=worker).update(
                    lease_until=timezone.now() + KIT_LEASE
                )
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"kit-{kit_id}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        # Not forever: in a test's transaction the beat may wait on a row lock
        # the caller holds; it ends on its own once that lock is released.
        thread.join(timeout=2)


def _latest_version(project_id):
    return (
        Kit.objects.filter(project_id=project_id, status=Kit.Status.DONE, version__isnull=False)
        .order_by("-version")
        .first()
    )


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def kit_generate(*, kit_id, worker=""):
    """Render the kit of a pending request and store it; return the done Kit.

    The HTML is deterministic, so its checksum says whether anything changed
    since the project's latest version: if not, the request is done at once,
    pointing to that version and its file, and WeasyPrint is not even run.
    """
    # Imported here: WeasyPrint is heavy, and only workers render.
    from welcome_kits.rendering import html_to_pdf, kit_render

    worker = worker or f"local-{secrets.token_hex(8)}"
    if not _claim(kit_id, worker):
        return None
    kit = Kit.objects.get(pk=kit_id)
    with _heartbeat(kit_id, worker):
        project = _project_for_render(kit.project_id)
        html, facts = kit_render(project)
        html_sha = _sha256(html.encode())

        previous = _latest_version(project.pk)
        if previous is not None and previous.html_sha256 == html_sha:
            return _finish(kit, same_as=previous, facts=facts)

        pdf = html_to_pdf(html)
    # A random name: nothing about the project or its content can be read
    # or guessed from it; files are only ever served by the checked views.
    name = default_storage.save(f"kits/{secrets.token_urlsafe(24)}.pdf", ContentFile(pdf))
    try:
        return _finish(kit, html_sha=html_sha, pdf=pdf, name=name, facts=facts)
    except Exception:
        default_storage.delete(name)
        raise


def _refresh_is_news(kit, previous, facts):
    """Whether a refreshed new version is worth an e-mail: staff announce
    it, or it names another referent or territory than the version before
    (a version made before kits recorded their facts: any new version is)."""
    if kit.announce or previous is None or not previous.facts:
        return True
    return any(previous.facts.get(name) != facts.get(name) for name in ANNOUNCED_FACTS)


def _finish(kit, *, same_as=None, html_sha="", pdf=b"", name="", facts=None):
    with transaction.atomic():
        # One version number at a time per project: the project row is the lock.
        Project.objects.select_for_update().filter(pk=kit.project_id).values_list("pk").get()
        kit = Kit.objects.select_for_update().get(pk=kit.pk)
        if kit.status != Kit.Status.RUNNING:
            return kit  # finished or reset by someone else meanwhile
        if same_as is None:
            # Another worker may have stored the same content while this one rendered.
            latest = _latest_version(kit.project_id)
            if latest is not None and latest.html_sha256 == html_sha:
                transaction.on_commit(lambda: default_storage.delete(name))
                same_as = latest
        now = timezone.now()
        if same_as is not None:
            kit.same_as = same_as
            kit.version = None
            kit.file.name = same_as.file.name
            kit.html_sha256, kit.pdf_sha256, kit.size = same_as.html_sha256, same_as.pdf_sha256, same_as.size
            if kit.refresh:
                kit.notify_prospect = False  # nothing new to tell: that version had its e-mail, or not
        else:
            if kit.refresh:
                kit.notify_prospect = _refresh_is_news(kit, _latest_version(kit.project_id), facts or {})
            top = Kit.objects.filter(project_id=kit.project_id).aggregate(top=Max("version"))["top"] or 0
            kit.version = top + 1
            kit.file.name = name
            kit.html_sha256, kit.pdf_sha256, kit.size = html_sha, _sha256(pdf), len(pdf)
        kit.facts = facts or {}
        kit.status = Kit.Status.DONE
        kit.finished_at = now
        kit.error = ""
        kit.lease_until = None
        kit.save()
        if kit.notify_prospect:
            _owe_kit_email(kit)
    logger.info("Kit %s of project %s done (version %s)", kit.pk, kit.project_id, kit.shown_version)
    return kit


def kit_record_failure(*, kit_id, error, final):
    """After a failed run: back to pending for the retry, or failed for good.

    The message is the exception's type and text: rendering errors carry no
    personal data, and staff need something to report.
    """
    message = f"{type(error).__name__}: {error}"[:2000]
    fields = {"error": message, "finished_at": timezone.now() if final else None, "lease_until": None,
              "claimed_by": ""}
    fields["status"] = Kit.Status.FAILED if final else Kit.Status.PENDING
    if not final:
        fields["queued_at"] = timezone.now()  # the retry is on its way
    Kit.objects.filter(pk=kit_id).exclude(status=Kit.Status.DONE).update(**fields)
    logger.warning("Kit %s failed (%s)%s", kit_id, type(error).__name__, "" if final else ", will retry")


kit_record_failure.alters_data = True


# The sweep reads and requeues this many kits at a time (by id): memory and
# each transaction stay bounded however many wait after a broker outage.
SWEEP_CHUNK = 500


def kit_requeue_stale(*, older_than=None, now=None, chunk=None):
    """Send again what waits too long: pending rows the broker may never have
    received, and running rows whose worker died; and send refreshes that
    are due. Returns how many.

    Set-based: one UPDATE per chunk of SWEEP_CHUNK ids (read by keyset, in
    its own transaction, each id queued after that transaction commits),
    never the whole list in memory."""
    older_than = older_than if older_than is not None else datetime.timedelta(
        minutes=settings.KIT_REQUEUE_AFTER_MINUTES
    )
    now = now or timezone.now()
    chunk = chunk or SWEEP_CHUNK
    lost = Kit.objects.filter(status=Kit.Status.RUNNING, lease_until__lt=now)
    # A row that used all its attempts and then lost its worker fails for good.
    lost.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Kit.Status.FAILED, finished_at=now, error="Interrompu : le traitement n'a pas abouti."
    )
    waiting = (
        Kit.objects.annotate(last_sent=Coalesce("queued_at", "requested_at"))
        .filter(status=Kit.Status.PENDING)
        .exclude(not_before__gt=now)
        .filter(Q(last_sent__lte=now - older_than) | Q(not_before__isnull=False, queued_at__isnull=True))
    )
    count = 0
    # The waiting first: a lost row put back below is queued now, not twice.
    for queryset, put_back in ((waiting, False), (lost, True)):
        for ids in keyset_batches(queryset, chunk):
            with transaction.atomic():
                if put_back:
                    Kit.objects.filter(pk__in=ids, status=Kit.Status.RUNNING).update(
                        status=Kit.Status.PENDING, lease_until=None, claimed_by="", queued_at=now)
                else:
                    Kit.objects.filter(pk__in=ids).update(queued_at=now)
                for kit_id in ids:
                    _queue_generation(kit_id)
            count += len(ids)
    if count:
        logger.info("Requeued %s waiting kit(s)", count)
    return count


kit_requeue_stale.alters_data = True


def kit_language(kit):
    """The language of the kit's person (their e-mail about it is written in it)."""
    code = Project.objects.filter(pk=kit.project_id).values_list("contact__language", flat=True).first()
    return language_or_default(code)


def _owe_kit_email(kit):
    """The prospect's e-mail for this kit's version, unless that version has
    one already (a second request for unchanged content sends nothing)."""
    version = kit.shown_version
    outbox_add(
        KIT_READY_EMAIL, args={"kit_id": kit.pk}, cause=f"projet {kit.project_id} : kit v{version} prêt",
        project_id=kit.project_id, dedupe_key=f"kit-ready:{kit.project_id}:v{version}",
        language=kit_language(kit),
    )


def _kit_email_sent(*, kit_id):
    Kit.objects.filter(pk=kit_id, notified_at__isnull=True).update(notified_at=timezone.now())


@email_kind(KIT_READY_EMAIL, after_send=_kit_email_sent)
def kit_ready_email(*, kit_id):
    """A signed link to a done kit, or None if the kit or the address is gone."""
    kit = (
        Kit.objects.select_related("project__contact", "project__referent__user", "project__network", "same_as")
        .filter(pk=kit_id, status=Kit.Status.DONE).first()
    )
    if kit is None or not kit.notify_prospect or not kit.project.contact.email:
        return None
    contact = kit.project.contact
    referent = kit.project.referent
    network = kit.project.network
    context = {
        "contact": contact,
        "network": network,
        "kit": kit,
        "url": kit_download_url(kit),
        "expires_on": link_expires_on(),
        "referent": referent,
        "referent_email": referent.user.email if referent else "",
    }
    # The network's sender; replies go to the referent who prepared the kit, else to the network.
    sender = network_sender(network)
    if context["referent_email"]:
        sender["reply_to"] = [context["referent_email"]]
    return email_build("welcome_kits/email/kit_ready", context, [contact.email], **sender)


def kits_erase(*, project_ids):
    """Delete the kits of these projects, files included (a PDF names the
    household): for the erasure of a contact's personal data. Returns how
    many rows went; the files go after the commit (receivers.delete_kit_file)."""
    deleted, _ = Kit.objects.filter(project_id__in=list(project_ids)).delete()
    return deleted


kits_erase.alters_data = True


def kit_file_delete_if_unused(name):
    """Remove a stored PDF once no kit row points to it (identical requests share one)."""
    if name and not Kit.objects.filter(file=name).exists():
        default_storage.delete(name)
