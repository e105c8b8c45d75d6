"""Load the départements, EPCIs and communes from the bundled open data."""

import csv
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from crm.models import Commune, Departement, Epci, normalize_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMUNES_CSV = DATA_DIR / "communes.csv"

# The data names départements by code only.
DEPARTEMENT_NAMES = {"12": "Aveyron", "46": "Lot", "47": "Lot-et-Garonne"}


@dataclass
class LoadResult:
    departements: int
    epcis: int
    communes: int
    created: int
    updated: int


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

    return LoadResult(
        departements=len(departements),
        epcis=len(epcis),
        communes=len(rows),
        created=created,
        updated=updated,
    )
