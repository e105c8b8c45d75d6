"""The sentence a person reads about a routing decision ("CC Grand-Figeac +
Emploi → équipe CCI → Marie Dupont (12 projets ouverts / 30)"), and the
words for why a referent was passed over. Pure functions of the decision's
parts; onboarding.routing_decision calls them."""

import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SKIP_INACTIVE = "inactive"
SKIP_ABSENT = "absent"
SKIP_FULL = "full"
SKIP_NOT_COVERED = "not-covered"  # a previous referent none of whose rules covers the new project


def skip_label(code):
    return {
        SKIP_INACTIVE: _("inactif"),
        SKIP_ABSENT: _("absent aujourd'hui"),
        SKIP_FULL: _("complet"),
        SKIP_NOT_COVERED: _("aucune de ses règles ne couvre ce projet"),
    }.get(code, "")


def french_count(n):
    """The number to give ngettext so that French reads right: in French 0
    and 1 take the singular ("0 projet ouvert"). The msgids are French and no
    catalogue translates them, so ngettext would apply the English rule
    (singular for 1 only)."""
    return 1 if n <= 1 else n


def _load_label(candidate):
    return ngettext(
        "%(name)s (%(open)s projet ouvert / %(capacity)s)",
        "%(name)s (%(open)s projets ouverts / %(capacity)s)",
        french_count(candidate.open),
    ) % {"name": candidate.name, "open": candidate.open, "capacity": candidate.capacity}


def overridden_label(code, name, open_count, capacity):
    """Why a reassignment went to someone routing would have passed over."""
    if code == SKIP_FULL:
        return ngettext(
            "%(name)s complet (%(open)s projet ouvert / %(capacity)s)",
            "%(name)s complet (%(open)s projets ouverts / %(capacity)s)",
            french_count(open_count),
        ) % {"name": name, "open": open_count, "capacity": capacity}
    return _("%(name)s %(why)s") % {"name": name, "why": skip_label(code)}


def sticky_reason(previous, *, covering=None, kept_by=None):
    """Why a returning contact keeps their referent: their rule covers the
    project, or the rule that takes it keeps previous referents."""
    if covering is not None:
        why = _("sa règle « %(rule)s » couvre ce projet") % {"rule": covering.name}
    else:
        why = _("la règle « %(rule)s » garde le référent précédent (option de la coordination)") % {
            "rule": kept_by.name}
    return _("Contact déjà accompagné par %(name)s, %(why)s → %(load)s") % {
        "name": previous.name, "why": why, "load": _load_label(previous)
    }


def reason_prefix(previous):
    if previous is None or not previous.skipped:
        return ""
    if previous.skipped == SKIP_NOT_COVERED:
        return _("Référent précédent %(name)s non repris (%(why)s) ; ") % {
            "name": previous.name, "why": previous.skipped_label
        }
    return _("Référent précédent %(name)s indisponible (%(why)s) ; ") % {
        "name": previous.name, "why": previous.skipped_label
    }


def _criteria_label(check, facts):
    rule = check.rule
    parts = []
    if rule.conditions["epcis"]:
        parts.append(", ".join(epci.name for epci in facts.epcis if epci.pk in rule.conditions["epcis"]))
    elif rule.conditions["departements"]:
        parts.append(", ".join(d.name for d in facts.departements if d.pk in rule.conditions["departements"]))
    if rule.conditions["segments"] and facts.segment is not None:
        parts.append(facts.segment.name)
    if check.matched_needs:
        parts.append(", ".join(need.name for need in check.matched_needs))
    return " + ".join(parts) or _("« %(rule)s »") % {"rule": rule.name}


def _skip_counts(pool):
    counts = {}
    for c in pool:
        counts[c.skipped] = counts.get(c.skipped, 0) + 1
    labels = {
        SKIP_INACTIVE: lambda n: ngettext("%(n)s inactif", "%(n)s inactifs", n),
        SKIP_ABSENT: lambda n: ngettext("%(n)s absent", "%(n)s absents", n),
        SKIP_FULL: lambda n: ngettext("%(n)s complet", "%(n)s complets", n),
    }
    parts = [labels[code](french_count(counts[code])) % {"n": counts[code]} for code in labels if code in counts]
    return ", ".join(parts) or _("aucun membre")


def _folded(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def team_label(team):
    """"équipe CCI", but "Équipe CCI – reprise" as it is: never "équipe Équipe"."""
    name = team.name.strip()
    if _folded(name).split(" ", 1)[0] == "equipe":
        return name
    return _("équipe %(team)s") % {"team": name}


def rule_reason(check, facts, target_label, pool, chosen):
    criteria = _criteria_label(check, facts)
    if chosen is not None:
        if check.rule.target_team_id:
            return " → ".join([criteria, target_label, _load_label(chosen)])
        return " → ".join([criteria, _load_label(chosen)])
    nobody = _("personne de disponible (%(why)s) : file d'attente de la coordination") % {
        "why": _skip_counts(pool)
    }
    return " → ".join([criteria, target_label, nobody])


def home_label(rule):
    """Why a rule was passed over for its home département (the preview's column)."""
    return _("hors de son département : %(departement)s") % {"departement": rule.home_departement_name}


def outside_home_note(rules):
    """" ; « Thématique : CCI du Lot » écartée (hors de son département : Lot)", or ""."""
    if not rules:
        return ""
    names = ", ".join(_("« %(rule)s »") % {"rule": rule.name} for rule in rules)
    return " ; " + ngettext(
        "%(names)s écartée (%(why)s)",
        "%(names)s écartées (hors de leur département)",
        len(rules),
    ) % {"names": names, "why": home_label(rules[0])}
