#!/usr/bin/env python3
"""How well chachong reads a document's region from its text, scored
without hand labels against the dateline.

    python3 benches/region_accuracy.py [SINA.jsonl.gz] [CHACHONG]

Takes the Sina file (../shared/data/sina-news-6class.jsonl.gz), keeps the
articles whose first 100 characters hold a dateline naming a Chinese place
(新华社济南11月30日电, 中新网杭州10月31日电, 本报北京10月30日电), cuts the
dateline out of the text so the tagger cannot see it, runs
`chachong inspect` on what is left and scores the province (and, when the
dateline names a city, the city) the tagger infers against the dateline's.
Prints the set's size, coverage (a region inferred at all) and accuracy,
over every article (no region counts as wrong) and over those with one.
Asserts the counts it computes add up.
"""
import gzip
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "../shared/data/sina-news-6class.jsonl.gz"
CHACHONG = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "target/release/chachong")

AGENCIES = ["新华社", "中新社", "中新网客户端", "中新网", "中国新闻网", "人民网", "新华网", "央视网",
            "央广网", "光明网", "中国日报网", "国际在线", "澎湃新闻", "海外网", "环球网", "本报记者",
            "本报", "本网", "本台"]
SUFFIXES = ["特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"]


def places():
    """name -> (province code, city code or None), full and short names of
    provinces and cities (the dateline's own reading, independent of the
    tagger's name rules but from the same GB/T 2260 table)."""
    out = {}
    for line in open(ROOT / "src/regions/divisions.tsv", encoding="utf-8"):
        if line.startswith("#"):
            continue
        code, name = line.rstrip("\n").split("\t")
        code = int(code)
        if code % 100:
            continue  # counties: a dateline names a city
        province = code // 10000 * 10000
        city = None if code % 10000 == 0 else code
        if code in (110000, 120000, 310000, 500000, 810000, 820000):
            city = code  # a municipality is its own city
        names = {name}
        for s in SUFFIXES:
            if name.endswith(s) and len(name) - len(s) >= 2:
                names.add(name[: -len(s)])
                break
        for n in names:
            out.setdefault(n, (province, city))
    return out


def main():
    table = places()
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        "(" + "|".join(AGENCIES) + ")((?:" + "|".join(names) + "){1,2})"
        r"(\d{1,2}月\d{1,2}日)?(电|讯)"
    )
    records = []
    for line in gzip.open(SINA, "rt", encoding="utf-8"):
        r = json.loads(line)
        text = r.get("text") or ""
        m = pattern.search(text[:100])
        if not m:
            continue
        # The last place of the dateline is the most precise (四川乐山: 乐山).
        place = m.group(2)
        last = next(n for n in names if place.endswith(n))
        first = next(n for n in names if place.startswith(n))
        province, city = table[last]
        if table[first][0] != province:
            continue
        cut = text[: m.start()] + text[m.end():]
        records.append({"id": r["id"], "title": r.get("title") or "", "text": cut,
                        "label_province": province, "label_city": city, "dateline": m.group(0)})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "datelined.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]},
                                   ensure_ascii=False) + "\n")
        out = subprocess.run([CHACHONG, "inspect", str(path), "--format", "json", "-q"],
                             capture_output=True, text=True, check=True)
    docs = {d["id"]: d for d in json.loads(out.stdout)["documents"]}
    assert len(docs) == len(records), (len(docs), len(records))
    score(records, docs, "every dateline")
    score([r for r in records if r["label_province"] != 110000], docs,
          "datelines outside 北京 (where the national desks file from)")


def score(records, docs, what):
    prov_hit = prov_given = city_hit = city_given = city_n = 0
    misses = []
    for r in records:
        d = docs[r["id"]]
        provinces = [x for x in d["regions"] if x["level"] == "province"]
        cities = [x for x in d["regions"] if x["level"] == "city"]
        guess = int(provinces[0]["code"]) if d["region"] is not None else None
        if guess is not None:
            prov_given += 1
            prov_hit += guess == r["label_province"]
        if guess != r["label_province"]:
            misses.append((r["dateline"], d["region"], r["title"][:30]))
        if r["label_city"] is not None:
            city_n += 1
            if guess is not None and cities:
                city_given += 1
                city_hit += int(cities[0]["code"]) == r["label_city"]
    n = len(records)
    assert prov_hit <= prov_given <= n and city_hit <= city_given <= city_n <= n
    print(f"== {what}: {n} articles")
    print(f"province: coverage {prov_given / n:.3f} ({prov_given}), "
          f"accuracy {prov_hit / n:.3f} over all, {prov_hit / max(prov_given, 1):.3f} when given")
    print(f"city ({city_n} datelines naming a city): coverage {city_given / max(city_n, 1):.3f}, "
          f"accuracy {city_hit / max(city_n, 1):.3f} over all, "
          f"{city_hit / max(city_given, 1):.3f} when given")
    for miss in misses[:30]:
        print("  miss:", *miss)


if __name__ == "__main__":
    main()
