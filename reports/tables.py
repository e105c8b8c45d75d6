"""The report's figures as tables: one definition that the page, the CSV and
XLSX exports, the PDF and the JSON all read, so that they cannot disagree.

A table holds raw values (numbers, dates, None); `Table.display_rows()`
formats them the French way for people. Loops here run over the rows an
aggregate returned (states, months, referents...), never over projects.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from onboarding.states import ERASED, TRANSFERRED, AbandonReason, Source, State

from .selectors import PIPELINE, RANK, TIMED_STAGES, months_between


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # text, int, ratio (0..1, shown as a percentage), days, decimal, month (a date), date
    kind: str = "int"


@dataclass
class Table:
    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)  # dicts keyed by column key
    total: dict | None = None
    note: str = ""
    # Keys of each row that the JSON gives beside the columns, for programs:
    # "code" (a state, a segment's or need's code, an EPCI's SIREN, a
    # referent's id...) and, for EPCIs, "departement". Never shown to people.
    code_keys: tuple = ()

    def display_rows(self):
        """[[(text, is_number)]]: the cells as people read them."""
        return [self._display(row) for row in self.rows]

    def display_total(self):
        return None if self.total is None else self._display(self.total)

    def _display(self, row):
        return [(display(row.get(c.key), c.kind), c.kind not in ("text", "month", "date")) for c in self.columns]

    def export_rows(self):
        """The rows, then the total, as lists of raw values."""
        rows = [[row.get(c.key) for c in self.columns] for row in self.rows]
        if self.total is not None:
            rows.append([self.total.get(c.key) for c in self.columns])
        return rows

    def as_json(self):
        return {
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [
                {**{c.key: json_value(row.get(c.key)) for c in self.columns},
                 **{key: json_value(row.get(key)) for key in self.code_keys}}
                for row in self.rows
            ],
            "total": None if self.total is None else {c.key: json_value(self.total.get(c.key)) for c in self.columns},
            "note": self.note,
        }


def display(value, kind):
    if value is None or value == "":
        return "—"
    if isinstance(value, str):  # a label, or "Total" in a column of numbers or months
        return value
    if kind == "int":
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if kind == "ratio":
        return f"{formats.number_format(rounded(value * 100), 1, use_l10n=True)} %"
    if kind in ("days", "decimal"):
        return formats.number_format(rounded(value), 1, use_l10n=True, force_grouping=True)
    if kind == "month":
        return formats.date_format(value, "F Y")
    if kind == "date":
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def rounded(value, places=1):
    """Half up, from the shortest decimal writing of the float: 25.05 -> 25.1.
    (Django's number_format cuts floats instead of rounding them.)"""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def json_value(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def ratio(part, whole):
    return part / whole if whole else None


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- one builder per table ------------------------------------------------------

def states_table(report):
    rows = [{"code": s, "label": _label(State, s), "projects": report["states"][s]} for s in State.values]
    return Table(
        "etats", _("Projets par état aujourd'hui"),
        [Column("label", _("État"), "text"), Column("projects", _("Projets"))],
        rows, total={"label": _("Total"), "projects": sum(r["projects"] for r in rows)},
        note=_("Tous les projets du périmètre, quelle que soit la période."), code_keys=("code",),
    )


def funnel_table(report):
    reached = report["funnel"]["reached"]
    first = reached[State.NEW]
    rows = [
        {"code": s, "label": _label(State, s), "projects": reached[s], "share_of_new": ratio(reached[s], first)}
        for s in PIPELINE
    ]
    return Table(
        "entonnoir", _("Étapes atteintes pendant la période"),
        [Column("label", _("Étape"), "text"), Column("projects", _("Projets")),
         Column("share_of_new", _("Rapporté aux nouveaux projets"), "ratio")],
        rows,
        note=_("Projets arrivés à l'étape pendant la période (une reprise après une pause ne compte pas ; "
               "une réouverture compte comme un nouveau premier contact). Installé : par date d'installation "
               "déclarée, comme les installations des chiffres clés et du tableau des installations."),
        code_keys=("code",),
    )


def conversion_table(report):
    funnel = report["funnel"]
    rows = []
    for stage in PIPELINE[:-1]:
        following = PIPELINE[RANK[stage]]
        label = _label(State, following)
        if stage == State.QUALIFIED:
            label = _("%(next)s ou au-delà") % {"next": label}
        rows.append({
            "from_stage": stage, "code": stage, "from_label": _label(State, stage), "to_label": label,
            "reached": funnel["reached"][stage], "went_on": funnel["beyond"][stage],
            "rate": ratio(funnel["beyond"][stage], funnel["reached"][stage]),
        })
    rows.append({
        "from_stage": "new_to_installed", "code": "new_to_installed", "from_label": _label(State, State.NEW),
        "to_label": _("%(installed)s (de bout en bout)") % {"installed": _label(State, State.INSTALLED)},
        "reached": funnel["reached"][State.NEW], "went_on": funnel["new_to_installed"],
        "rate": ratio(funnel["new_to_installed"], funnel["reached"][State.NEW]),
    })
    return Table(
        "conversion", _("Conversion d'étape en étape"),
        [Column("from_label", _("De"), "text"), Column("to_label", _("Vers"), "text"),
         Column("reached", _("Arrivés pendant la période")), Column("went_on", _("Allés plus loin depuis")),
         Column("rate", _("Taux"), "ratio")],
        rows,
        note=_("Parmi les projets arrivés à une étape pendant la période, ceux qui ont atteint une étape "
               "suivante depuis, jusqu'à aujourd'hui. L'accompagnement est facultatif : un projet qualifié "
               "qui passe directement à l'installation en préparation va plus loin."),
        code_keys=("code",),
    )


def time_in_stage_table(report):
    rows = [
        {"code": s, "label": _label(State, s), "median": v["median"], "p75": v["p75"], "projects": v["projects"]}
        for s in TIMED_STAGES
        for v in [report["time_in_stage"][s]]
    ]
    return Table(
        "durees", _("Temps passé dans chaque étape (jours)"),
        [Column("label", _("Étape"), "text"), Column("median", _("Médiane (jours)"), "days"),
         Column("p75", _("75e centile (jours)"), "days"), Column("projects", _("Projets mesurés"))],
        rows,
        note=_("Pour chaque projet sorti d'une étape pendant la période : le total de ses séjours dans "
               "l'étape. Le temps en pause compte pour « En pause », pas pour l'étape mise en pause."),
        code_keys=("code",),
    )


def new_by_month_table(report):
    filters = report["filters"]
    counts = {(month, source): n for month, source, n in report["new_by_month"]}
    rows = []
    for month in months_between(filters.start, filters.end):
        row = {"month": month, **{source: counts.get((month, source), 0) for source in Source.values}}
        row["total"] = sum(row[source] for source in Source.values)
        rows.append(row)
    total = {"month": _("Total"), **{s: sum(r[s] for r in rows) for s in [*Source.values, "total"]}}
    return Table(
        "nouveaux-par-mois", _("Nouveaux projets par mois et par source"),
        [Column("month", _("Mois"), "month"),
         *[Column(value, str(label)) for value, label in Source.choices],
         Column("total", _("Total"))],
        rows, total=total,
    )


def events_table(report):
    rows = [
        {
            "code": r["event"], "event": r["event__name"], "starts_on": r["event__starts_on"],
            "captured": r["captured"],
            "contacted": r["contacted"], "qualified": r["qualified"], "installed": r["installed"],
            "installed_rate": ratio(r["installed"], r["captured"]),
        }
        for r in report["events"]
    ]
    return Table(
        "evenements", _("Salons et événements : contacts suivis jusqu'à l'installation"),
        [Column("event", _("Événement"), "text"), Column("starts_on", _("Date"), "date"),
         Column("captured", _("Contacts recueillis")), Column("contacted", _("Contactés")),
         Column("qualified", _("Qualifiés")), Column("installed", _("Installés")),
         Column("installed_rate", _("Taux d'installation"), "ratio")],
        rows,
        note=_("Projets venus d'un événement et créés pendant la période, suivis jusqu'à aujourd'hui."),
        code_keys=("code",),
    )


def installations_table(report):
    filters = report["filters"]
    by_month = report["installations"]
    targets = report["targets"]
    rows = []
    cumulative = {}
    for month in months_between(datetime.date(filters.start.year, 1, 1), filters.end):
        cumulative[month.year] = cumulative.get(month.year, 0) + by_month.get(month, 0)
        if month < filters.start.replace(day=1):
            continue  # counted in the year's cumulative, not shown
        target = targets.get(month.year)
        pace = target * month.month / 12 if target is not None else None
        rows.append({
            "month": month, "installations": by_month.get(month, 0), "cumulative": cumulative[month.year],
            "target_pace": pace, "target_share": ratio(cumulative[month.year], target),
        })
    return Table(
        "installations", _("Installations par mois, cumul de l'année et objectif"),
        [Column("month", _("Mois"), "month"), Column("installations", _("Installations")),
         Column("cumulative", _("Cumul depuis janvier")),
         Column("target_pace", _("Objectif au prorata"), "decimal"),
         Column("target_share", _("Part de l'objectif annuel atteinte"), "ratio")],
        rows,
        total={"month": _("Total"), "installations": sum(r["installations"] for r in rows)},
        note=_("Par date d'installation déclarée. L'objectif annuel est réparti également sur les douze mois."),
    )


def targets_table(report):
    filters = report["filters"]
    by_month = report["installations"]
    rows = []
    for year in filters.years:
        installed = sum(n for month, n in by_month.items() if month.year == year)
        target = report["targets"].get(year)
        rows.append({"year": str(year), "target": target, "installations": installed,
                     "share": ratio(installed, target)})
    return Table(
        "objectifs", _("Objectifs annuels d'installations"),
        [Column("year", _("Année"), "text"), Column("target", _("Objectif")),
         Column("installations", _("Installations (jusqu'à la fin de la période)")),
         Column("share", _("Part atteinte"), "ratio")],
        rows,
    )


def _breakdown_table(slug, title, rows, name_key, name_label, empty_label, note="", code_key=None, extra=None):
    """`code_key`: the row's stable code (None when "non renseigné"); `extra`:
    {JSON key: row key} of further codes."""
    columns = [Column("name", name_label, "text"), Column("new", _("Nouveaux projets")),
               Column("installed", _("Installations")), Column("open", _("Projets ouverts aujourd'hui"))]
    extra = extra or {}
    rows = [
        {"name": r[name_key] or empty_label, "new": r["new"], "installed": r["installed"], "open": r["open"],
         "code": r[code_key], **{key: r[source] for key, source in extra.items()}}
        for r in rows
    ]
    return Table(slug, title, columns, rows, note=note, code_keys=("code", *extra))


def segments_table(report):
    table = _breakdown_table(
        "segments", _("Par segment"), report["segments"], "segment__name", _("Segment"), _("Non renseigné"),
        code_key="segment__code",
    )
    table.total = {"name": _("Total"), **{k: sum(r[k] for r in table.rows) for k in ("new", "installed", "open")}}
    return table


def needs_table(report):
    return _breakdown_table(
        "besoins", _("Par besoin"), report["needs"], "need__name", _("Besoin"), _("Non renseigné"),
        note=_("Un projet qui a plusieurs besoins compte pour chacun."), code_key="need__code",
    )


def epcis_table(report):
    table = _breakdown_table(
        "epci", _("Par intercommunalité"), report["epcis"], "report_epci_name", _("Intercommunalité"),
        _("Territoire non précisé"),
        note=_("Commune d'installation, sinon commune visée, sinon intercommunalité visée."),
        code_key="report_epci_siren", extra={"departement": "report_departement"},
    )
    table.total = {"name": _("Total"), **{k: sum(r[k] for r in table.rows) for k in ("new", "installed", "open")}}
    return table


def referents_table(report):
    rows = []
    for r in report["referents"]:
        if r["referent"] is None:
            name = _("File de la coordination (sans référent)")
        else:
            full = f"{r['referent__user__first_name']} {r['referent__user__last_name']}".strip()
            name = full or r["referent__user__username"]
        rows.append({
            "code": r["referent"], "name": name, "open": r["open"], "capacity": r["referent__capacity"],
            "load": ratio(r["open"], r["referent__capacity"]), "new": r["new"], "due": r["due"],
            "on_time": r["on_time"], "late": r["late"], "pending": r["due"] - r["on_time"] - r["late"],
            "on_time_share": ratio(r["on_time"], r["on_time"] + r["late"]),
        })
    keys = ("open", "new", "due", "on_time", "late", "pending")
    total = {"name": _("Total"), **{k: sum(r[k] for r in rows) for k in keys}}
    total["on_time_share"] = ratio(total["on_time"], total["on_time"] + total["late"])
    return Table(
        "referents", _("Charge des référents et délais de premier contact"),
        [Column("name", _("Référent"), "text"),
         Column("open", _("Projets ouverts aujourd'hui (charge totale, hors filtres)")),
         Column("capacity", _("Capacité")), Column("load", _("Charge totale / capacité"), "ratio"),
         Column("new", _("Nouveaux projets")), Column("due", _("Premiers contacts attendus")),
         Column("on_time", _("Faits à temps")), Column("late", _("En retard")), Column("pending", _("À venir")),
         Column("on_time_share", _("Part à temps"), "ratio")],
        rows, total=total,
        note=_("Charge totale : tous les projets ouverts aujourd'hui du référent parmi ceux que vous pouvez "
               "voir, quels que soient la période, le territoire, le segment ou les autres filtres ; les autres "
               "colonnes suivent les filtres. Premiers contacts dont l'échéance tombe dans la période (projets "
               "non recevables exclus). À temps : le jour du premier contact est au plus tard celui de "
               "l'échéance. La part à temps se calcule sur les contacts faits ou en retard."),
        code_keys=("code",),
    )


def _closure_label(value):
    if value == ERASED:
        return _("Données effacées à la demande")
    if value == TRANSFERRED:
        return _("Transféré à un autre réseau")
    return _label(AbandonReason, value) if value else _("Non précisé")


def abandons_table(report):
    counts = report["abandons"]
    whole = sum(counts.values())
    order = {value: index for index, value in enumerate([*AbandonReason.values, ERASED, TRANSFERRED])}
    rows = [
        {"code": value or None, "reason": _closure_label(value), "abandons": counts[value],
         "share": ratio(counts[value], whole)}
        # The most frequent first; ties in the order of the list of reasons.
        for value in sorted(counts, key=lambda v: (-counts[v], order.get(v, len(order)), str(v)))
    ]
    return Table(
        "abandons", _("Motifs d'abandon"),
        [Column("reason", _("Motif"), "text"), Column("abandons", _("Abandons")),
         Column("share", _("Part"), "ratio")],
        rows, total={"reason": _("Total"), "abandons": whole, "share": 1.0 if whole else None},
        note=_("Projets passés à « Abandonné » pendant la période : abandons déclarés par l'équipe, et projets "
               "clos par l'application quand la personne a demandé l'effacement de ses données ou que le projet "
               "a été transféré à un autre réseau. Un projet rouvert puis abandonné de nouveau compte deux fois."),
        code_keys=("code",),
    )


BUILDERS = (
    states_table, funnel_table, conversion_table, time_in_stage_table, new_by_month_table, events_table,
    installations_table, targets_table, segments_table, needs_table, epcis_table, referents_table,
    abandons_table,
)


def report_tables(report):
    """{slug: Table}, in the order of the page."""
    tables = [build(report) for build in BUILDERS]
    return {table.slug: table for table in tables}


TABLE_SLUGS = (
    "etats", "entonnoir", "conversion", "durees", "nouveaux-par-mois", "evenements", "installations",
    "objectifs", "segments", "besoins", "epci", "referents", "abandons",
)
