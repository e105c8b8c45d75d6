"""The report's key figures as people read them, in one wording for the
page, the committee PDF and the workbook.

A figure is a label, the figure itself and a detail in smaller print. The
year's installations read "Installations 2025 / objectif: 5 / 12 (41,7 %
de l'objectif)" when the network set a target, and "Installations 2025:
5 (objectif non fixé)" when it did not: never "/ objectif" over a figure
that has none.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding.access import is_coordinator
from onboarding.states import OPEN_STATES

from .tables import display


@dataclass(frozen=True)
class KeyFigure:
    key: str  # stable, for templates and tests: new, installed, open, on_time_share, year
    label: str
    figure: str
    detail: str = ""
    # The raw number when the figure is one (the workbook keeps it as a
    # number with its format); None for "2 / 12" or a missing figure.
    value: int | float | None = None
    kind: str = "int"


def _figure(key, label, value, kind="int"):
    return KeyFigure(key, label, display(value, kind), value=value, kind=kind)


def _with_detail(figure, detail):
    return KeyFigure(figure.key, figure.label, figure.figure, detail, value=figure.value, kind=figure.kind)


def said_not_contacted_text(count):
    """How many people said during the period that nobody had called them yet."""
    if not count:
        return ""
    return ngettext("%(n)s personne a signalé ne pas avoir été contactée",
                    "%(n)s personnes ont signalé ne pas avoir été contactées", count) % {"n": count}


def no_target_text():
    """The words for a year whose installation target nobody set."""
    return _("objectif non fixé")


def year_figure(*, year, installed, target, share):
    """The year's installations against its target (raw numbers in, text out)."""
    if target is None:
        return KeyFigure(
            "year", _("Installations %(year)s") % {"year": year}, display(installed, "int"), no_target_text(),
            value=installed,
        )
    return KeyFigure(
        "year", _("Installations %(year)s / objectif") % {"year": year},
        f"{display(installed, 'int')} / {display(target, 'int')}",
        _("%(share)s de l'objectif") % {"share": display(share, "ratio")},
    )


def report_headline(report, tables):
    """{key: KeyFigure}: the few figures at the top of the page and of the PDF."""
    target = tables["objectifs"].rows[-1]
    figures = [
        _figure("new", _("Nouveaux projets"), report["funnel"]["reached"]["new"]),
        _figure("installed", _("Installations"), tables["installations"].total["installations"]),
        _figure("open", _("Projets ouverts aujourd'hui"), sum(report["states"][state] for state in OPEN_STATES)),
        _with_detail(
            _figure("on_time_share", _("Premiers contacts faits à temps"), tables["referents"].total["on_time_share"],
                    "ratio"),
            said_not_contacted_text(report.get("said_not_contacted", 0)),
        ),
        year_figure(year=target["year"], installed=target["installations"], target=target["target"],
                    share=target["share"]),
    ]
    return {figure.key: figure for figure in figures}


def scope_label(user):
    """Whose projects the figures count, as the page and the PDF say it."""
    if is_coordinator(user):
        return _("Tous les projets de votre réseau")
    return _("Vos projets et ceux de vos équipes")
