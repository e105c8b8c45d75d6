"""Coordinators moderate their network's testimonials in the admin: each
change is a history row (who, when, what); a withdrawn consent cannot be
published again; a referent has no say."""

import pytest
from django.urls import reverse

from testimonials.models import Testimonial as Story
from tests.testimonials.stories import story

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:testimonials_testimonial_changelist")


def act(client, action, *stories):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [s.pk for s in stories]}, follow=True)


def history(testimonial):
    return [(e.action, e.from_status, e.to_status, e.by.username if e.by else None)
            for e in testimonial.events.order_by("pk")]


def test_a_coordinator_publishes_archives_and_records_a_withdrawal(client, alice):
    draft = story(shown_name="Léa", publish=False)
    client.force_login(alice)

    act(client, "testimonial_publish", draft)
    act(client, "withdraw_consent", draft)
    refused = act(client, "testimonial_publish", draft)

    assert Story.objects.get(pk=draft.pk).status == "archived"
    assert "ne peut plus être publié" in refused.content.decode()
    assert history(draft) == [("create", "", "draft", None), ("publish", "draft", "published", "alice"),
                              ("withdraw", "published", "archived", "alice")]


def test_a_coordinator_records_a_story_with_its_consent_and_a_checked_photo(client, alice):
    from tests.testimonials.photos import photo

    client.force_login(alice)
    fields = {"network": alice.networks.get().pk, "shown_name": "Nina", "text": "Arrivée en 2025.",
              "occupation": "Kinésithérapeute", "household": "alone", "former_region": "11",
              "consent_given_on": "2026-11-02", "consent_wording": "Version 2026-1", "published_from": "2026-11-03",
              "video_url": "http://video.example/nina", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"}

    refused = client.post(reverse("admin:testimonials_testimonial_add"), {**fields, "photo_file": photo("GIF")})
    assert Story.objects.count() == 0
    page = refused.content.decode()
    assert "Ce fichier n&#x27;est pas une image lisible" in page and "commence par https://" in page

    client.post(reverse("admin:testimonials_testimonial_add"),
                {**fields, "video_url": "https://video.example/nina", "photo_file": photo()})
    nina = Story.objects.get()
    assert (nina.status, nina.consent_recorded_by, bool(nina.photo)) == ("draft", alice, True)


def test_a_referent_cannot_moderate(client, bob):
    client.force_login(bob)
    assert client.get(CHANGELIST).status_code in (302, 403)
