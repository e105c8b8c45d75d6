"""Load the départements, EPCIs and communes from the bundled open data,
with the names communes were known by (merged or renamed since 2018)."""

import csv
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from crm.models import Commune, CommuneFormerName, Departement, Epci, normalize_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMUNES_CSV = DATA_DIR / "communes.csv"
# The official list of changes (commune nouvelle → its former communes), and
# the 2018 outlines, which name the communes as they were then.
CHANGES_JSON = DATA_DIR / "communes-changes-decoupage-administratif.json"
OUTLINES_2018 = (DATA_DIR / "communes-46-lot.geojson", DATA_DIR / "communes-47-lot-et-garonne.geojson")

# The data names départements by code only.
DEPARTEMENT_NAMES = {"12": "Aveyron", "46": "Lot", "47": "Lot-et-Garonne"}


@dataclass
class LoadResult:
    departements: int
    epcis: int
    communes: int
    created: int
    updated: int
    former_names: int = 0


@dataclass(frozen=True)
class FormerName:
    insee: str  # today's commune
    name: str
    former_insee: str
    change: str  # CommuneFormerName.Change


def former_names_read(*, communes_csv=COMMUNES_CSV, changes_json=CHANGES_JSON, outlines=OUTLINES_2018):
    """The former names of today's communes, from the bundled files only
    (pure: the data migration calls it too).

    - a commune déléguée or associée names a commune merged into its chef-lieu;
    - a code in a commune nouvelle's anciensCodes that the list does not name
      is named by the 2018 outlines (merged since, delegation ended);
    - a code still in use under another name than in 2018 was renamed (the
      outlines also drop leading articles, "Bastit" for "Le Bastit": kept, it
      is how people shorten it too).
    A former name that normalises like the commune's own name is skipped.
    """
    with open(communes_csv, newline="", encoding="utf-8") as handle:
        today = {row["insee"]: row["commune"] for row in csv.DictReader(handle)}
    with open(changes_json, encoding="utf-8") as handle:
        changes = json.load(handle)["communes"]
    names_2018 = {}
    for path in outlines:
        with open(path, encoding="utf-8") as handle:
            for feature in json.load(handle)["features"]:
                names_2018[feature["properties"]["code"]] = feature["properties"]["nom"]

    found = {}

    def add(insee, name, former_insee, change):
        if insee not in today or not name:
            return
        key = (insee, normalize_name(name))
        if key[1] == normalize_name(today[insee]) or key in found:
            return
        found[key] = FormerName(insee, name, former_insee, change)

    named = set()
    for record in changes:
        if record["type"] in ("commune-deleguee", "commune-associee"):
            add(record["chefLieu"], record["nom"], record["code"], "merged")
            named.add(record["code"])
    for record in changes:
        if record["type"] == "commune-actuelle":
            for code in record.get("anciensCodes", []):
                if code not in named:
                    add(record["code"], names_2018.get(code, ""), code, "merged")
    for code, name in names_2018.items():
        if code in today:
            add(code, name, code, "renamed")
    return sorted(found.values(), key=lambda f: (f.insee, normalize_name(f.name)))


def _former_names_sync(former_names):
    """Make the table say exactly what the data says; returns how many rows changed."""
    ids = dict(Commune.objects.values_list("insee", "pk"))
    wanted = {
        (ids[f.insee], normalize_name(f.name)): f for f in former_names if f.insee in ids
    }
    existing = {(row.commune_id, row.name_search): row for row in CommuneFormerName.objects.all()}
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    CommuneFormerName.objects.filter(pk__in=stale).delete()
    changed = len(stale)
    to_create = []
    for key, f in wanted.items():
        row = existing.get(key)
        values = {"name": f.name, "former_insee": f.former_insee, "change": f.change}
        if row is None:
            to_create.append(CommuneFormerName(commune_id=key[0], name_search=key[1], **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            CommuneFormerName.objects.filter(pk=row.pk).update(**values)
            changed += 1
    CommuneFormerName.objects.bulk_create(to_create)
    return changed + len(to_create)


def _read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {"departement", "insee", "commune", "epci_siren", "epci", "epci_nature", "population", "lat", "lon"}
    if not rows or not expected <= set(rows[0]):
        raise ValueError(f"{path} does not have the expected columns {sorted(expected)}")
    return rows


def _upsert(model, lookup, values):
    """Like update_or_create, but says whether anything changed (and writes only then)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if not changed:
        return obj, None
    for field in changed:
        setattr(obj, field, values[field])
    obj.save(update_fields=changed)
    return obj, "updated"


@transaction.atomic
def territories_load(*, path=COMMUNES_CSV):
    """Create or update every row; running it twice changes nothing."""
    rows = _read_rows(path)
    created = updated = 0

    departements = {}
    for code in sorted({row["departement"] for row in rows}):
        obj, change = _upsert(Departement, {"code": code}, {"name": DEPARTEMENT_NAMES.get(code, code)})
        departements[code] = obj
        created += change == "created"
        updated += change == "updated"

    # An EPCI belongs to the département most of its communes are in.
    epci_deps = {}
    for row in rows:
        epci_deps.setdefault(row["epci_siren"], Counter())[row["departement"]] += 1
    epcis = {}
    for row in rows:
        siren = row["epci_siren"]
        if siren in epcis:
            continue
        main_dep = epci_deps[siren].most_common(1)[0][0]
        obj, change = _upsert(
            Epci,
            {"siren": siren},
            {"name": row["epci"], "nature": row["epci_nature"], "departement_id": departements[main_dep].pk},
        )
        epcis[siren] = obj
        created += change == "created"
        updated += change == "updated"

    existing = {c.insee: c for c in Commune.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        values = {
            "name": row["commune"],
            "name_search": normalize_name(row["commune"]),
            "departement_id": departements[row["departement"]].pk,
            "epci_id": epcis[row["epci_siren"]].pk,
            "population": int(row["population"] or 0),
            "latitude": Decimal(row["lat"]) if row["lat"] else None,
            "longitude": Decimal(row["lon"]) if row["lon"] else None,
        }
        commune = existing.get(row["insee"])
        if commune is None:
            to_create.append(Commune(insee=row["insee"], **values))
            continue
        if any(getattr(commune, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(commune, k, v)
            to_update.append(commune)
    Commune.objects.bulk_create(to_create, batch_size=500)
    Commune.objects.bulk_update(to_update, list(values), batch_size=500)
    created += len(to_create)
    updated += len(to_update)
    # Only with the bundled communes: another file has no matching list of changes.
    former = former_names_read() if Path(path) == COMMUNES_CSV else []
    former_changed = _former_names_sync(former) if former else 0

    return LoadResult(
        departements=len(departements),
        epcis=len(epcis),
        communes=len(rows),
        created=created,
        updated=updated,
        former_names=former_changed,
    )
