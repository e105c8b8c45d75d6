"""The charts are accessible images drawn from the tables' own figures."""

import datetime
import re

import pytest
from django.urls import reverse

from reports.charts import funnel_svg, horizontal_bars_svg, month_bars_svg, nice_ceiling

from .test_dataset import PERIOD_2025, build_dataset


def test_a_chart_is_an_image_with_a_title_and_a_description():
    svg = funnel_svg("c", [("Nouveau", 7), ("Premier contact", 4)], title="Entonnoir", desc="Nouveau : 7")
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Entonnoir</title>' in svg
    assert '<desc id="c-desc">Nouveau : 7</desc>' in svg


def test_it_escapes_names_from_the_database():
    svg = horizontal_bars_svg("c", [('<script>alert("x")</script>', [3, 1])], ["Nouveaux", "Installés"],
                              title="T", desc="D")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_bars_are_as_tall_as_their_figures():
    months = [datetime.date(2025, m, 1) for m in (1, 2)]
    svg = month_bars_svg("c", months, [("Site", [2, 4])], title="T", desc="D")
    heights = sorted(float(h) for h in re.findall(r'<rect class="bar" [^>]*height="([\d.]+)"', svg))
    assert heights[1] == pytest.approx(2 * heights[0])


def test_empty_figures_draw_an_empty_chart():
    assert "<svg" in month_bars_svg("c", [], [], title="T", desc="D")
    assert "<svg" in horizontal_bars_svg("c", [], ["Nouveaux"], title="T", desc="D")
    assert "<svg" in funnel_svg("c", [("Nouveau", 0)], title="T", desc="D")


@pytest.mark.parametrize(("value", "expected"), [(0, (1, 1)), (3, (3, 1)), (7, (8, 2)), (54, (60, 20)),
                                                 (1234, (1500, 500))])
def test_axes_end_on_round_numbers(value, expected):
    assert nice_ceiling(value) == expected


@pytest.mark.django_db
def test_the_page_shows_each_chart_beside_its_table(client, alice, bob, charlie, territory):
    build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    client.force_login(alice)
    page = client.get(reverse("report"), PERIOD_2025).content.decode()
    assert page.count('role="img"') == 4
    for chart, table in [("chart-funnel", "table-entonnoir"), ("chart-new", "table-nouveaux-par-mois"),
                         ("chart-installations", "table-installations"), ("chart-epci", "table-epci")]:
        assert f'id="{chart}-title"' in page
        assert f'id="{table}"' in page
    # The funnel says its figures in words too.
    assert "Nouveau : 7; Premier contact : 4; Qualifié : 3" in page
