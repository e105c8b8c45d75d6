"""A few rows the testimonials' tests share: a published story of the Lot, made through the services."""

import datetime

from django.utils import timezone

from crm.models import Need, Network
from testimonials.models import TestimonialEvent
from testimonials.services import testimonial_create, testimonial_transition

CONSENT = "J'accepte que mon témoignage soit publié par le service d'accueil pendant deux ans (version 2026-1)."


def story(*, network=None, by=None, needs=(), publish=True, **fields):
    values = {"shown_name": "Léa", "text": "Nous sommes arrivés il y a deux ans.",
              "consent_given_on": datetime.date(2026, 1, 15), "consent_wording": CONSENT,
              "published_from": timezone.localdate() - datetime.timedelta(days=30), **fields}
    testimonial = testimonial_create(network=network or Network.objects.order_by("pk").first(), by=by,
                                     needs=Need.objects.filter(code__in=needs), **values)
    if publish:
        testimonial = testimonial_transition(testimonial=testimonial, by=by, action=TestimonialEvent.Action.PUBLISH)
    return testimonial
