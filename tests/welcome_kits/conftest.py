"""Kits need more of the map than the root `territory` fixture: Figeac,
Cahors (another EPCI of the Lot) and Agen (the Lot-et-Garonne), with their
real INSEE codes and coordinates, and the demo content seeded on top."""

import pytest

from demo.kit_content import kit_content_seed

from .helpers import create_places, new_project


@pytest.fixture
def places(db):
    return create_places()


@pytest.fixture
def kit_content(places):
    kit_content_seed()
    return places


@pytest.fixture
def make_project(bob):
    """make_project(commune, segment, needs, **contact fields) -> a project followed by Bob."""

    def make(commune, segment, needs, **kwargs):
        return new_project(bob.referent, commune, segment, needs, **kwargs)

    return make
