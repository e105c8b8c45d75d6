"""The demo's testimonials: published stories in both départements, made once."""

import pytest

from crm.models import Network
from demo.testimonials import demo_testimonials
from testimonials.selectors import testimonials_shown as shown
from tests.network_world import lot_et_garonne

pytestmark = pytest.mark.django_db


def test_each_departement_gets_published_stories_once():
    lot = Network.objects.order_by("pk").first()
    garonne, _places = lot_et_garonne()
    networks = {"46": lot, "47": garonne}

    assert demo_testimonials(networks, {}) == 7
    assert demo_testimonials(networks, {}) == 0

    assert (shown(lot).count(), shown(garonne).count()) == (4, 3)
