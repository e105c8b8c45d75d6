"""The journey's picture, generated from the transitions declared on Project.

Nothing here is drawn by hand but the position of each state: the arrows,
their names and their conditions all come from the model, so the picture
cannot drift from the code.
"""

from django.utils.html import escape
from django_fsm import RETURN_VALUE

from onboarding.models import Project
from onboarding.states import State


def _transitions():
    field = Project._meta.get_field("state")
    for t in field.get_all_transitions(Project):
        if isinstance(t.target, RETURN_VALUE):
            targets = list(t.target.allowed_states)
        else:
            targets = [t.target]
        yield t, targets


def journey_edges():
    """[(source, target, transition name)], resume going back to each state it can."""
    edges = []
    for t, targets in _transitions():
        if t.name == "resume":
            # resume returns to the state the project was paused from.
            edges.extend((State.ON_HOLD.value, target, t.name) for target in targets)
        else:
            edges.extend((str(t.source), str(target), t.name) for target in targets)
    return sorted(set(edges), key=lambda e: (list(State.values).index(e[0]), e[2], e[1]))


def journey_mermaid():
    lines = ["stateDiagram-v2", "    [*] --> new"]
    for value, label in State.choices:
        lines.append(f'    {value} : {value} ({label})')
    for source, target, name in journey_edges():
        lines.append(f"    {source} --> {target} : {name}")
    return "\n".join(lines)


def journey_transition_table():
    """One row per transition name: from which states, to which, on what conditions."""
    rows = {}
    labels = dict(State.choices)
    for t, targets in _transitions():
        row = rows.setdefault(
            t.name,
            {"name": t.name, "sources": [], "targets": [], "conditions": []},
        )
        row["sources"].append(labels[t.source])
        for target in targets:
            label = labels[target] if t.name != "resume" else labels[target]
            if label not in row["targets"]:
                row["targets"].append(label)
        for cond in t.conditions:
            if cond.label not in row["conditions"]:
                row["conditions"].append(cond.label)
    order = [
        "make_contact", "qualify", "start_support", "confirm_move", "mark_installed",
        "close_follow_up", "pause", "resume", "abandon", "reopen", "reject", "close_on_erasure",
    ]
    return sorted(rows.values(), key=lambda r: order.index(r["name"]) if r["name"] in order else 99)


# Where each state sits on the help page's picture (column, row).
_POSITIONS = {
    State.NEW: (0, 1),
    State.CONTACTED: (1, 1),
    State.QUALIFIED: (2, 1),
    State.ACCOMPANIED: (3, 0),
    State.SETTLING: (4, 1),
    State.INSTALLED: (5, 1),
    State.INTEGRATED: (6, 1),
    State.REJECTED: (0, 3),
    State.ON_HOLD: (2, 3),
    State.ABANDONED: (4, 3),
}


def journey_svg():
    """An accessible SVG of the journey (title and description included)."""
    box_w, box_h, gap_x, gap_y, margin = 150, 46, 40, 60, 20
    labels = dict(State.choices)

    def centre(state):
        col, row = _POSITIONS[state]
        return (margin + col * (box_w + gap_x) + box_w / 2, margin + row * (box_h + gap_y) + box_h / 2)

    width = margin * 2 + 7 * box_w + 6 * gap_x
    height = margin * 2 + 4 * box_h + 3 * gap_y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="journey-title journey-desc" class="img-fluid">',
        '<title id="journey-title">Parcours d\'un projet d\'installation</title>',
        '<desc id="journey-desc">Les états et les transitions, détaillés dans le tableau ci-dessous.</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
    ]
    # Edges into and out of on_hold are many: draw them once each, lighter.
    for source, target, name in journey_edges():
        (x1, y1), (x2, y2) = centre(source), centre(target)
        light = State.ON_HOLD.value in (source, target) or target == State.ABANDONED.value
        colour = "#767676" if light else "#1a1a1a"
        # Stop the line at the box edge so that the arrow head shows.
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1)
        shrink = min(abs(box_w / 2 / dx) if dx else 1e9, abs(box_h / 2 / dy) if dy else 1e9)
        ex, ey = x2 - dx * min(shrink, length) , y2 - dy * min(shrink, length)
        sx, sy = x1 + dx * min(shrink, length), y1 + dy * min(shrink, length)
        offset = 6 if name == "resume" else 0
        parts.append(
            f'<line x1="{sx + offset:.0f}" y1="{sy:.0f}" x2="{ex + offset:.0f}" y2="{ey:.0f}" stroke="{colour}" '
            f'stroke-width="1.5" marker-end="url(#arrow)"><title>{escape(name)}</title></line>'
        )
        if not light:
            parts.append(
                f'<text x="{(sx + ex) / 2:.0f}" y="{(sy + ey) / 2 - 6:.0f}" font-size="11" '
                f'text-anchor="middle" fill="#1a1a1a">{escape(name)}</text>'
            )
    for state, (col, row) in _POSITIONS.items():
        x = margin + col * (box_w + gap_x)
        y = margin + row * (box_h + gap_y)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="8" fill="#eef3f8" stroke="#0b4f8a"/>'
            f'<text x="{x + box_w / 2}" y="{y + 20}" font-size="13" text-anchor="middle" fill="#1a1a1a">'
            f"{escape(str(labels[state]))}</text>"
            f'<text x="{x + box_w / 2}" y="{y + 36}" font-size="11" text-anchor="middle" fill="#444">'
            f"{state.value}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
