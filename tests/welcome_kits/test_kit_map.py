"""The kit's map of the surroundings: drawn on the server from the outlines,
its numbers are the list's, and the PDF reads them back in order."""

import re

import pytest

from welcome_kits.kit_map import number_points, surroundings_svg
from welcome_kits.rendering import kit_context, kit_render_pdf
from welcome_kits.selectors import services_near

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_the_kit_numbers_the_nearest_points_on_its_map_and_in_its_list(kit_content, make_project):
    figeac = kit_content["commune"]
    project = make_project(figeac, "famille", ["garde-ecole"])
    expected = [point.name for _value, _label, points in services_near(figeac) for point in points]
    assert len(expected) >= 10  # the demo's points around Figeac, three of each kind at most

    # A name may break after its hyphen at the end of a cell's line.
    text = pdf_text(kit_render_pdf(project)).replace("- ", "-")

    for number, name in enumerate(expected, start=1):
        assert f"{number} {name}" in text, name
    assert "Contours : IGN – ADMIN EXPRESS COG, Licence Ouverte 2.0." in text
    svg = str(kit_context(project)["services_map"])
    assert [int(n) for n in re.findall(r">(\d+)</text>", svg)] == list(range(1, len(expected) + 1))
    assert svg.count('fill="#fde9b6"') == 1  # Figeac itself, among its neighbours


def test_a_commune_without_coordinates_gets_no_map(kit_content):
    figeac = kit_content["commune"]
    points = number_points(services_near(figeac))
    figeac.latitude = None

    assert surroundings_svg(figeac, points) == ""
