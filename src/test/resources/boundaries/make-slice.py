#!/usr/bin/env python3
"""Cuts the zone-builder test slice (see README.md here) out of the full boundary data.

usage: python3 make-slice.py FULL_DIR OUT_DIR
FULL_DIR is the boundary folder UkraineZonesBuilder reads (e.g. ../shared/data/boundaries). The
slice keeps the same file names and layout; features are copied unchanged (JSON re-serialised),
the crosswalk gets the slice's feature indexes (source_id keeps the original one), the OSM file
keeps only the katotth, name and name:en tags, the codifier only the rows of the kept units.
"""
import csv
import io
import json
import os
import sys

OBLASTS = {"UA01000000000013043", "UA44000000000018893", "UA74000000000025378", "UA32000000000030281",
           "UA85000000000065278"}  # AR Crimea, Luhansk, Chernihiv, Kyiv oblasts; Sevastopol
CITIES = {"UA80000000000093317", "UA85000000000065278"}  # Kyiv and Sevastopol (hromady.geojson features)
RAIONS = {"UA74040000000028062", "UA74080000000030554",  # Nizhynskyi, Prylutskyi (Chernihiv)
          "UA44120000000092852"}  # Sievierodonetskyi (Luhansk)
MATUSZAK = "ua-2020-matuszak-cc-by"


def main(src, out):
    with open(f"{src}/boundaries_katottg_crosswalk.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]

    def kept(file, r):
        code, parent = r[5], r[7]
        if file == "regiony.geojson":
            return code in OBLASTS
        if file == "rayony.geojson":
            return code in RAIONS
        return code in CITIES or parent in RAIONS

    cw_out = []
    for file in ["regiony.geojson", "rayony.geojson", "hromady.geojson"]:
        with open(f"{src}/{MATUSZAK}/{file}", encoding="utf-8") as f:
            fc = json.load(f)
        by_index = {int(r[1]): r for r in rows if r[0] == file}
        features = []
        for i, feature in enumerate(fc["features"]):
            r = by_index[i]
            if kept(file, r):
                cw_out.append([r[0], str(len(features))] + r[2:])
                features.append(feature)
        fc["features"] = features
        os.makedirs(f"{out}/{MATUSZAK}", exist_ok=True)
        with open(f"{out}/{MATUSZAK}/{file}", "w", encoding="utf-8") as f:
            json.dump(fc, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        print(f"{file}: {len(features)} features")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header] + cw_out)
    with open(f"{out}/boundaries_katottg_crosswalk.csv", "w", encoding="utf-8") as f:
        f.write(buf.getvalue())

    with open(f"{src}/osm-oblasts/ukraine_oblasts_osm.geojson", encoding="utf-8") as f:
        osm = json.load(f)
    osm["features"] = [{"type": "Feature", "properties": {k: ft["properties"][k] for k in ("katotth", "name", "name:en")},
                        "geometry": ft["geometry"]}
                       for ft in osm["features"] if ft["properties"].get("katotth") in OBLASTS | CITIES]
    os.makedirs(f"{out}/osm-oblasts", exist_ok=True)
    with open(f"{out}/osm-oblasts/ukraine_oblasts_osm.geojson", "w", encoding="utf-8") as f:
        json.dump(osm, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"ukraine_oblasts_osm.geojson: {len(osm['features'])} features")

    name = "katottg/kodifikator-2025-05-16.csv"
    with open(f"{src}/{name}", "rb") as f:
        lines = f.read().splitlines(keepends=True)  # bytes as they are (BOM, line ends)
    keep = lines[:1]
    for l in lines[1:]:
        c = l.decode("utf-8").split(";")
        if (c[0] in OBLASTS | CITIES and not c[1]) or c[1] in RAIONS:
            keep.append(l)
    os.makedirs(f"{out}/katottg", exist_ok=True)
    with open(f"{out}/{name}", "wb") as f:
        f.write(b"".join(keep))
    print(f"{name}: {len(keep) - 1} rows")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
