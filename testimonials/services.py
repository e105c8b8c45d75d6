"""Writes on testimonials, each in one transaction with its history row."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.images import image_clean, image_delete, image_store
from crm.personal_data import Person, PersonKind, person_erase
from testimonials.models import Testimonial, TestimonialEvent

Status = Testimonial.Status
Action = TestimonialEvent.Action

# The moderation, written down once: action -> (states it leaves, state it enters).
TRANSITIONS = {
    Action.PUBLISH: ((Status.DRAFT,), Status.PUBLISHED),
    Action.UNPUBLISH: ((Status.PUBLISHED,), Status.DRAFT),
    Action.ARCHIVE: ((Status.DRAFT, Status.PUBLISHED), Status.ARCHIVED),
}
PHOTO_FOLDER = "testimonials"
# A withdrawn or archived story is erased this long after (the register says so).
RETENTION_AFTER_END = timedelta(days=365)


def _event(testimonial, *, by, action, from_status="", to_status="", note=""):
    TestimonialEvent.objects.create(testimonial=testimonial, by=by, action=action, from_status=from_status,
                                    to_status=to_status, note=note[:300])


def _photo_replace(testimonial, photo):
    """Store the new photo (checked and re-encoded by crm.images); the old file goes after the commit."""
    old = testimonial.photo.name
    testimonial.photo.name = image_store(image_clean(photo), folder=PHOTO_FOLDER)
    if old:
        transaction.on_commit(lambda: image_delete(old))


@transaction.atomic
def testimonial_create(*, network, by, needs=(), photo=None, **fields):
    """A draft, with the consent as it was recorded (by whom, when)."""
    testimonial = Testimonial(network=network, consent_recorded_by=by, consent_recorded_at=timezone.now(), **fields)
    testimonial.full_clean(exclude=["photo"])
    if photo:
        _photo_replace(testimonial, photo)
    testimonial.save()
    testimonial.needs.set(needs)
    _event(testimonial, by=by, action=Action.CREATE, to_status=testimonial.status)
    return testimonial


@transaction.atomic
def testimonial_update(*, testimonial, by, needs=None, photo=None, photo_remove=False, **fields):
    locked = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if locked.erased_at:
        raise ValidationError(_("Les données de ce témoignage ont été effacées : il ne peut plus être modifié."))
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["photo"])
    if photo:
        _photo_replace(locked, photo)
        changed.append("photo")
    elif photo_remove and locked.photo:
        old = locked.photo.name
        locked.photo.name = ""
        transaction.on_commit(lambda: image_delete(old))
        changed.append("photo")
    locked.save()
    if needs is not None and set(locked.needs.values_list("pk", flat=True)) != {n.pk for n in needs}:
        locked.needs.set(needs)
        changed.append("needs")
    if changed:
        labels = [str(Testimonial._meta.get_field(name).verbose_name) for name in changed]
        _event(locked, by=by, action=Action.EDIT, note=", ".join(labels))
    return locked


@transaction.atomic
def testimonial_transition(*, testimonial, by, action, note=""):
    """Publish, put back in draft or archive; refused (ValidationError, in French) from another state."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Action inconnue."))
    sources, target = TRANSITIONS[action]
    locked = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if action == Action.PUBLISH and (locked.consent_withdrawn_at or locked.erased_at):
        raise ValidationError(_("La personne a retiré son consentement : ce témoignage ne peut plus être publié."))
    if locked.status not in sources:
        raise ValidationError(_("Ce témoignage est « %(status)s » : cette action n'est plus possible.")
                              % {"status": locked.get_status_display()})
    previous = locked.status
    locked.status = target
    locked.save(update_fields=["status"])
    _event(locked, by=by, action=action, from_status=previous, to_status=target, note=note)
    return locked


@transaction.atomic
def testimonial_consent_withdraw(*, testimonial, by, note=""):
    """The person withdrew their consent: out of every page at once
    (archived in the same transaction), and never published again."""
    locked = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if locked.consent_withdrawn_at:
        return locked
    previous = locked.status
    locked.consent_withdrawn_at = timezone.now()
    locked.status = Status.ARCHIVED
    locked.save(update_fields=["consent_withdrawn_at", "status"])
    _event(locked, by=by, action=Action.WITHDRAW, from_status=previous, to_status=locked.status, note=note)
    return locked


def testimonials_erase(rows, person):
    """The registry's erasure (crm.personal_data): the story, the photo and
    the name go; the row and its history stay, naming nobody, archived."""
    now = timezone.now()
    for testimonial in rows.select_for_update():
        old = testimonial.photo.name
        previous = testimonial.status
        Testimonial.objects.filter(pk=testimonial.pk).update(
            shown_name="Anonyme", text="", text_en="", photo="", video_url="", occupation="", consent_wording="",
            status=Status.ARCHIVED, erased_at=now,
            consent_withdrawn_at=testimonial.consent_withdrawn_at or now,
        )
        testimonial.needs.clear()
        _event(testimonial, by=person.by, action=Action.ERASE, from_status=previous, to_status=Status.ARCHIVED)
        if old:
            transaction.on_commit(lambda old=old: image_delete(old))


def testimonials_purge(*, today=None):
    """Erase the stories whose consent was withdrawn, that were archived, or
    whose publication period ended, RETENTION_AFTER_END ago or more."""
    today = today or timezone.localdate()
    limit = timezone.now() - RETENTION_AFTER_END
    archived_long_ago = Exists(TestimonialEvent.objects.filter(
        testimonial=OuterRef("pk"), action=Action.ARCHIVE, at__lt=limit))
    ids = tuple(Testimonial.objects.filter(erased_at__isnull=True).filter(
        Q(consent_withdrawn_at__lt=limit) | Q(published_until__lt=today - RETENTION_AFTER_END)
        | (Q(status=Status.ARCHIVED) & archived_long_ago)
    ).values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            person_erase(Person(kind=PersonKind.TESTIMONIAL, ids=ids))
    return len(ids)
