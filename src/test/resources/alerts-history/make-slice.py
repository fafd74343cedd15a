#!/usr/bin/env python3
"""Cuts the test slice of the public alert record (see README.md here) out of the full files.

usage: python3 make-slice.py FULL_DIR OUT_DIR
FULL_DIR holds the upstream official_data_en.csv, official_data_uk.csv and volunteer_data_en.csv
(e.g. ../shared/data/alerts-history). Rows are copied unchanged and in their original order.
"""
import sys

# (what it is for, oblast or None for every region, raion or None, from, to): the rows whose
# alert overlaps [from, to) (UTC) are kept; with a raion, only that oblast's oblast-level rows and
# that raion's rows.
WINDOWS = [
    ("record start, the swapped row, replay", None, None, "2022-03-15 00:00", "2022-03-16 00:00"),
    ("volunteer rows before the official ones", None, None, "2022-02-25 00:00", "2022-02-26 00:00"),
    ("Kharkiv city, October 2022 (summer time ends)", "Kharkivska oblast", None, "2022-09-23 00:00", "2022-11-09 00:00"),
    ("Kharkiv city, January 2023 (HTTP API)", "Kharkivska oblast", None, "2022-12-24 00:00", "2023-02-09 00:00"),
    ("every oblast, the week of 9-16 January 2023 (ranking)", None, None, "2023-01-08 00:00", "2023-01-17 00:00"),
    ("Kyiv city, March 2023 (summer time begins)", "Kyiv City", None, "2023-02-21 00:00", "2023-04-09 00:00"),
    ("Chervonohryhorivska hromada, 22 Jan - 5 Feb 2024 (hromada, raion and oblast alerts)",
     "Dnipropetrovska oblast", "Nikopolskyi raion", "2024-01-14 00:00", "2024-02-13 00:00"),
]
UK_END = "2023-12-18 19:00"  # the UK official file stops here; its rows match the EN ones line by line until then


def lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def keep_official(c):
    for _, oblast, raion, a, b in WINDOWS:
        if not (c[5][:16] >= a and c[4][:16] < b):
            continue
        if oblast is None or (c[0] == oblast and (raion is None or c[3] == "oblast" or c[1] == raion)):
            return True
    return False


def keep_volunteer(c):
    for _, oblast, _, a, b in WINDOWS:
        if c[2][:16] >= a and c[1][:16] < b and (oblast is None or c[0] == oblast):
            return True
    return False


def main(src, out):
    en = lines(f"{src}/official_data_en.csv")
    uk = lines(f"{src}/official_data_uk.csv")
    picked = [i for i in range(1, len(en)) if keep_official(en[i].split(","))]
    uk_rows = []
    for i in picked:
        e = en[i].split(",")
        if e[4] >= UK_END:
            continue
        u = uk[i].split(",")
        assert u[3:6] == e[3:6], (i, en[i], uk[i])
        uk_rows.append(uk[i])
    vol = lines(f"{src}/volunteer_data_en.csv")
    vol_rows = [l for l in vol[1:] if keep_volunteer(l.split(","))]
    for name, header, rows in [("official_data_en.csv", en[0], [en[i] for i in picked]),
                               ("official_data_uk.csv", uk[0], uk_rows),
                               ("volunteer_data_en.csv", vol[0], vol_rows)]:
        with open(f"{out}/{name}", "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join([header] + rows) + "\n")
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
