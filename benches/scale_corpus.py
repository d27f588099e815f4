#!/usr/bin/env python3
"""Writes a corpus of about a million documents for the scale benchmarks
(issue 17), made from the corpora in ../shared/data with variations, as
JSONL shards of at most SHARD documents: OUT/part-000.jsonl, ...

    python3 benches/scale_corpus.py OUT [SINA_GZ] [POETRY_JSONL]

- each of the 387,074 poems twice: as it is, and with its lines in reverse
  order under a changed title (so the second copy shares passages with
  the first without being the same text);
- each Sina article with at least 200 characters 21 times: variant k drops
  its paragraph k (modulo its paragraph count), opens with a line naming
  the variant and ends with a line of its own.

Ids are the source id plus `#vK`. Deterministic: the same files every run.
"""
import gzip
import json
import os
import sys

SHARD = 100_000
SINA_VARIANTS = 21


def sina_variants(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            text = r.get("text") or ""
            if len(text) < 200:
                continue
            paras = [p for p in text.split("\n") if p.strip()]
            for k in range(SINA_VARIANTS):
                kept = [p for i, p in enumerate(paras) if len(paras) < 2 or i != k % len(paras)]
                body = "\n".join(
                    [f"（转载第{k + 1}版）"] + kept + [f"本文第{k + 1}次转载，编号{k * 7919 % 10007}。"]
                )
                yield {
                    "id": f"{r['id']}#v{k}",
                    "title": r.get("title", ""),
                    "source": f"site{k % 7}",
                    "label": r.get("label", ""),
                    "text": body,
                }


def poetry_variants(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            yield {**r, "id": f"{r['id']}#v0"}
            lines = r["text"].split("\n")
            yield {
                **r,
                "id": f"{r['id']}#v1",
                "title": "重编：" + r.get("title", ""),
                "text": "\n".join(reversed(lines)),
            }


def main():
    out = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    sina = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "../../shared/data/sina-news-6class.jsonl.gz")
    poetry = sys.argv[3] if len(sys.argv) > 3 else "/tmp/poetry/poetry.jsonl"
    os.makedirs(out, exist_ok=True)
    n, shard, f = 0, 0, None
    for source in (poetry_variants(poetry), sina_variants(sina)):
        for rec in source:
            if n % SHARD == 0:
                if f:
                    f.close()
                f = open(os.path.join(out, f"part-{shard:03}.jsonl"), "w", encoding="utf-8")
                shard += 1
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    if f:
        f.close()
    print(f"{n} documents in {shard} shards under {out}")


if __name__ == "__main__":
    main()
