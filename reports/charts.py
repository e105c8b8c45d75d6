"""The report's charts, drawn on the server as SVG: no script, no CDN, the
same picture on the page and in the PDF.

Each chart is an image for assistive technologies (role="img", a <title>
and a <desc> naming what it shows) and sits beside the table that holds the
same figures. Every text from the database (EPCI or event names) is escaped.
"""

import math

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Okabe–Ito: told apart by people with any common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6b6b6b")
INK = "#222222"
GRID = "#d0d0d0"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _n(value, digits=0):
    return formats.number_format(value, digits, use_l10n=True, force_grouping=True)


def nice_ceiling(value):
    """The top of an axis at or above value, and its whole-number step
    (1, 2 or 5 × 10^k), for at most five gridlines."""
    if value <= 0:
        return 1, 1
    raw = value / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    return step * math.ceil(value / step), step


def _svg(chart_id, width, height, title, desc, body):
    return mark_safe(  # noqa: S308 — every text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" {FONT} font-size="14">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _truncate(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def funnel_svg(chart_id, stages, *, title, desc):
    """stages: [(label, count)], widest first; each bar centred, as wide as its count."""
    width, row, label_width = 640, 38, 220
    height = row * len(stages) + 10
    top = max([n for _label, n in stages] + [1])
    area = width - label_width - 10
    body = []
    for index, (label, count) in enumerate(stages):
        y = 5 + index * row
        bar = max(area * count / top, 2 if count else 0)
        x = label_width + (area - bar) / 2
        colour = PALETTE[0] if index % 2 == 0 else PALETTE[4]
        body.append(
            f'<text x="{label_width - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(_truncate(label, 30))}</text>"
            f'<rect x="{x:.1f}" y="{y + 3}" width="{bar:.1f}" height="{row - 6}" fill="{colour}" rx="2"/>'
        )
        inside = bar > 48
        text_x = label_width + area / 2 if inside else x + bar + 6
        anchor = "middle" if inside else "start"
        fill = "#ffffff" if inside and colour == PALETTE[0] else INK
        body.append(
            f'<text x="{text_x:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="bold">{_n(count)}</text>'
        )
    return _svg(chart_id, width, height, title, desc, body)


def _y_axis(body, *, left, right, top, bottom, maximum, step):
    value = 0
    while value <= maximum + 1e-9:
        y = bottom - (bottom - top) * value / maximum
        body.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}" font-size="13">{_n(value)}</text>'
        )
        value += step


def _month_label(x, y, month, first):
    """The month, and under it the year for the first month and each January."""
    text = (
        f'<text x="{x:.1f}" y="{y}" text-anchor="middle" fill="{INK}" font-size="13">'
        f'{escape(formats.date_format(month, "N"))}'
    )
    if first or month.month == 1:
        text += f'<tspan x="{x:.1f}" dy="15">{month.year}</tspan>'
    return text + "</text>"


def _legend(body, items, *, x, y, width):
    """items: [(label, colour, kind)] with kind "bar", "line" or "dashed"; wraps to new lines."""
    cursor_x, cursor_y = x, y
    for label, colour, kind in items:
        label = _truncate(label, 28)
        item_width = 28 + 8 * len(label)
        if cursor_x + item_width > width and cursor_x > x:
            cursor_x, cursor_y = x, cursor_y + 18
        if kind == "bar":
            body.append(f'<rect x="{cursor_x}" y="{cursor_y - 9}" width="12" height="12" fill="{colour}"/>')
        else:
            dash = ' stroke-dasharray="5 3"' if kind == "dashed" else ""
            body.append(
                f'<line x1="{cursor_x - 2}" x2="{cursor_x + 14}" y1="{cursor_y - 3}" y2="{cursor_y - 3}" '
                f'stroke="{colour}" stroke-width="2.5"{dash}/>'
            )
        body.append(f'<text x="{cursor_x + 18}" y="{cursor_y + 2}" fill="{INK}" font-size="13">{escape(label)}</text>')
        cursor_x += item_width
    return cursor_y


def month_bars_svg(chart_id, months, series, *, title, desc, lines=()):
    """Stacked bars by month, and optional lines on the same scale.

    months: [date]; series: [(label, [value per month])], stacked in order;
    lines: [(label, [value or None per month], dashed)].
    """
    width, left, right, top = 640, 44, 630, 12
    bottom = 220
    totals = [sum(values[i] for _label, values in series) for i in range(len(months))]
    line_values = [v for _label, values, _dashed in lines for v in values if v is not None]
    maximum, step = nice_ceiling(max(totals + line_values + [1]))
    body = []
    _y_axis(body, left=left, right=right, top=top, bottom=bottom, maximum=maximum, step=step)
    slot = (right - left) / max(len(months), 1)
    bar = min(slot * 0.7, 36)
    label_every = max(1, math.ceil(len(months) / 12))
    for i, month in enumerate(months):
        x = left + slot * i + (slot - bar) / 2
        y = bottom
        for s, (_label, values) in enumerate(series):
            h = (bottom - top) * values[i] / maximum
            if h > 0:
                y -= h
                body.append(
                    f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{PALETTE[s % len(PALETTE)]}"/>'
                )
        if i % label_every == 0:
            body.append(_month_label(left + slot * i + slot / 2, bottom + 16, month, i == 0))
    for index, (_label, values, dashed) in enumerate(lines):
        colour = INK if index == 0 else PALETTE[5]
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        # One line per calendar year: a yearly cumulative starts again in January.
        for year in sorted({month.year for month in months}):
            points = [
                f"{left + slot * i + slot / 2:.1f},{bottom - (bottom - top) * v / maximum:.1f}"
                for i, v in enumerate(values) if v is not None and months[i].year == year
            ]
            if len(points) == 1:
                x, y = points[0].split(",")
                body.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
            elif points:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash}/>'
                )
    body.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>')
    legend = [(label, PALETTE[s % len(PALETTE)], "bar") for s, (label, _values) in enumerate(series)]
    legend += [
        (label, INK if index == 0 else PALETTE[5], "dashed" if dashed else "line")
        for index, (label, _values, dashed) in enumerate(lines)
    ]
    last = _legend(body, legend, x=left, y=bottom + 52, width=right)
    return _svg(chart_id, width, last + 12, title, desc, body)


def horizontal_bars_svg(chart_id, rows, series, *, title, desc):
    """rows: [(label, [value per series])]; series: [label]; one group of bars per row."""
    width, label_width, right = 640, 280, 600
    group = 8 + 12 * len(series)
    top = 6
    height = top + group * len(rows)
    maximum = max([v for _label, values in rows for v in values] + [1])
    area = right - label_width
    body = []
    for index, (label, values) in enumerate(rows):
        y = top + index * group
        body.append(
            f'<text x="{label_width - 8}" y="{y + group / 2 + 2:.1f}" text-anchor="end" fill="{INK}" '
            f'font-size="13">{escape(_truncate(label, 36))}</text>'
        )
        for s, value in enumerate(values):
            w = area * value / maximum
            by = y + 4 + 12 * s
            body.append(
                f'<rect x="{label_width}" y="{by}" width="{w:.1f}" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
                f'<text x="{label_width + w + 4:.1f}" y="{by + 10}" fill="{INK}" font-size="12">{_n(value)}</text>'
            )
    body.append(
        f'<line x1="{label_width}" x2="{label_width}" y1="{top}" y2="{height}" stroke="{INK}" stroke-width="1"/>'
    )
    last = _legend(body, [(label, PALETTE[s], "bar") for s, label in enumerate(series)],
                   x=label_width, y=height + 18, width=width)
    return _svg(chart_id, width, last + 10, title, desc, body)


# --- the report's four charts, from its tables -------------------------------------

def report_charts(tables, *, prefix="chart"):
    """{name: svg}, built from the tables (the figures cannot differ)."""
    funnel = tables["entonnoir"]
    monthly = tables["nouveaux-par-mois"]
    installations = tables["installations"]
    epci = tables["epci"]
    source_columns = [c for c in monthly.columns if c.key not in ("month", "total")]
    months = [row["month"] for row in monthly.rows]
    stages = [(row["label"], row["projects"]) for row in funnel.rows]
    return {
        "funnel": funnel_svg(
            f"{prefix}-funnel", stages, title=_("Entonnoir : étapes atteintes pendant la période"),
            desc="; ".join(f"{label} : {_n(n)}" for label, n in stages),
        ),
        "new_by_month": month_bars_svg(
            f"{prefix}-new", months,
            [(c.label, [row[c.key] for row in monthly.rows]) for c in source_columns],
            title=_("Nouveaux projets par mois et par source"),
            desc=_("Barres empilées par source ; total de la période : %(n)s. Chiffres dans le tableau qui suit.")
            % {"n": _n(monthly.total["total"])},
        ),
        "installations": month_bars_svg(
            f"{prefix}-installations", [row["month"] for row in installations.rows],
            [(_("Installations du mois"), [row["installations"] for row in installations.rows])],
            lines=[
                (_("Cumul depuis janvier"), [row["cumulative"] for row in installations.rows], False),
                (_("Objectif au prorata"), [row["target_pace"] for row in installations.rows], True),
            ],
            title=_("Installations par mois, cumul et objectif"),
            desc=_("Installations de la période : %(n)s. Chiffres dans le tableau qui suit.")
            % {"n": _n(installations.total["installations"])},
        ),
        "epci": horizontal_bars_svg(
            f"{prefix}-epci", [(row["name"], [row["new"], row["installed"]]) for row in epci.rows],
            [_("Nouveaux projets"), _("Installations")],
            title=_("Nouveaux projets et installations par intercommunalité"),
            desc=_("%(n)s intercommunalités ; chiffres dans le tableau qui suit.") % {"n": len(epci.rows)},
        ),
    }
