"""The person who tells their story is a data subject: their copy, their
erasure, and the purge after the retention period, through the registry."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from crm.personal_data import Person, PersonKind, person_erase, person_export
from testimonials.models import Testimonial as Story
from testimonials.services import testimonial_consent_withdraw as consent_withdraw
from testimonials.services import testimonials_purge as purge
from tests.testimonials.photos import photo
from tests.testimonials.stories import story

pytestmark = pytest.mark.django_db


def test_the_giver_receives_their_story_and_its_consent(alice):
    lea = story(by=alice, shown_name="Léa", occupation="Infirmière")

    sections = {s.key: s for s in person_export(Person(kind=PersonKind.TESTIMONIAL, ids=(lea.pk,)))}

    row = sections["testimonials.testimonial"].rows[0]
    assert (row["shown_name"], row["occupation"], row["consent_given_on"]) == ("Léa", "Infirmière", "2026-01-15")
    assert [r["action"] for r in sections["testimonials.testimonialevent"].rows] == ["créé", "publié"]


def test_the_erasure_leaves_a_row_that_names_nobody_and_shows_nowhere(alice, django_capture_on_commit_callbacks):
    lea = story(by=alice, shown_name="Léa", occupation="Infirmière", video_url="https://video.example/lea",
                photo=photo())
    stored = lea.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(Person(kind=PersonKind.TESTIMONIAL, ids=(lea.pk,), by=alice))

    lea.refresh_from_db()
    assert (lea.shown_name, lea.text, lea.occupation, lea.video_url, lea.photo.name, lea.consent_wording) == \
        ("Anonyme", "", "", "", "", "")
    assert lea.status == Story.Status.ARCHIVED and lea.erased_at is not None
    assert not default_storage.exists(stored)


def test_the_purge_erases_a_story_a_year_after_the_consent_was_withdrawn(alice):
    withdrawn = story(by=alice, shown_name="Léa")
    consent_withdraw(testimonial=withdrawn, by=alice)
    Story.objects.filter(pk=withdrawn.pk).update(
        consent_withdrawn_at=timezone.now() - datetime.timedelta(days=366))
    recent = story(by=alice, shown_name="Marc")
    consent_withdraw(testimonial=recent, by=alice)
    shown = story(by=alice, shown_name="Nina")

    assert purge() == 1

    assert Story.objects.get(pk=withdrawn.pk).shown_name == "Anonyme"
    assert {t.shown_name for t in Story.objects.exclude(pk=withdrawn.pk)} == {"Marc", "Nina"}
    assert shown.pk in Story.objects.filter(erased_at__isnull=True).values_list("pk", flat=True)
