#!/usr/bin/env python3
"""A corpus of millions of news-like documents, made from the Sina file, for
the Spark benchmark (BENCHMARKS.md, "Past one machine").

    python3 benches/spark_corpus.py OUT_DIR [--docs 5000000] [--per-file 100000] [--seed 1]

Writes OUT_DIR/part-NNNN.jsonl files of `{"id", "title", "text"}` lines and
OUT_DIR.planted.json (how many of each kind were made). Every document is
built from the sentences of ../shared/data/sina-news-6class.jsonl.gz:

- **fresh** (most): 4 to 10 sentences drawn at random from all Sina
  sentences, with 20 % of their characters replaced by characters drawn from
  the Sina text, so that two fresh documents sharing a source sentence share
  almost no 5-character shingle (a 5-gram survives in both with 0.8^10 ≈ 0.11):
  an archive where most articles are unique.
- **copy** (2 %): an earlier document with 2 % of its characters replaced
  and, half the time, one sentence dropped: a reprint with edits
  (Jaccard about 0.6 to 0.9).
- **quote** (1 %): an earlier document inside as much fresh text: a
  containment.
- **footer**: 20 % of documents end with one of 20 site footers (60 to 120
  characters, unchanged): the boilerplate every page of a site carries.
- **notice** (1 %): a page that is almost all footer (one short fresh line
  and the footer of site 0): tens of thousands of them make the giant LSH
  buckets the bucket cap is for.

Deterministic for a seed. Needs numpy.
"""

import argparse
import gzip
import json
import os
import re
import sys

import numpy as np

SINA = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "../../shared/data/sina-news-6class.jsonl.gz"
)


def sentences():
    """Every Sina sentence of 10 to 120 characters, as one code-point array
    and the (start, end) of each."""
    parts = []
    with gzip.open(SINA, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            for s in re.split(r"(?<=[。！？])|\n", text):
                s = s.strip()
                if 10 <= len(s) <= 120 and "\ufffd" not in s:
                    parts.append(s)
    joined = "".join(parts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.array([len(s) for s in parts], dtype=np.int64)
    ends = np.cumsum(lengths)
    return codes, ends - lengths, ends


def spans(starts, ends):
    """The code-point indices of the spans, concatenated."""
    lengths = ends - starts
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(lengths.sum()) + offsets


def text_of(codes):
    return codes.astype(np.uint32).tobytes().decode("utf-32-le")


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--docs", type=int, default=5_000_000)
    p.add_argument("--per-file", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    codes, s_start, s_end = sentences()
    n_sent = len(s_start)
    footers = []
    for _ in range(20):
        picks = rng.integers(0, n_sent, 3)
        f = text_of(codes[spans(s_start[picks], s_end[picks])])[: int(rng.integers(60, 121))]
        footers.append(f)
    kept = []  # earlier texts, a bounded pool to copy and quote from
    counts = {"fresh": 0, "copy": 0, "quote": 0, "notice": 0, "footer": 0}
    made = 0
    part = 0
    while made < args.docs:
        n = min(args.per_file, args.docs - made)
        # Fresh bodies for the whole file at once.
        k = rng.integers(4, 11, n)
        picks = rng.integers(0, n_sent, k.sum())
        idx = spans(s_start[picks], s_end[picks])
        flat = codes[idx].copy()
        swap = rng.random(len(flat)) < 0.2
        flat[swap] = codes[rng.integers(0, len(codes), swap.sum())]
        sent_len = (s_end - s_start)[picks]
        doc_len = np.add.reduceat(sent_len, np.concatenate(([0], np.cumsum(k)[:-1])))
        bounds = np.concatenate(([0], np.cumsum(doc_len)))
        kind = rng.random(n)
        foot = rng.random(n) < 0.2
        path = os.path.join(args.out, f"part-{part:04d}.jsonl")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            for i in range(n):
                body = text_of(flat[bounds[i] : bounds[i + 1]])
                if kind[i] < 0.02 and kept:
                    src = kept[int(rng.integers(0, len(kept)))]
                    chars = np.frombuffer(src.encode("utf-32-le"), dtype=np.uint32).copy()
                    m = rng.random(len(chars)) < 0.02
                    chars[m] = codes[rng.integers(0, len(codes), m.sum())]
                    text = text_of(chars)
                    if rng.random() < 0.5:
                        cut = text.split("。")
                        if len(cut) > 2:
                            del cut[int(rng.integers(0, len(cut)))]
                            text = "。".join(cut)
                    counts["copy"] += 1
                elif kind[i] < 0.03 and kept:
                    src = kept[int(rng.integers(0, len(kept)))]
                    half = len(body) // 2
                    text = body[:half] + src + body[half:]
                    counts["quote"] += 1
                elif kind[i] < 0.04:
                    text = body[:20] + "\n" + footers[0]
                    counts["notice"] += 1
                else:
                    text = body
                    counts["fresh"] += 1
                if foot[i] and kind[i] >= 0.04:
                    text = text + "\n" + footers[int(rng.integers(0, 20))]
                    counts["footer"] += 1
                if len(kept) < 20000:
                    kept.append(text)
                elif rng.random() < 0.01:
                    kept[int(rng.integers(0, len(kept)))] = text
                doc = {"id": f"d{made + i:08d}", "title": body[:16], "text": text}
                out.write(json.dumps(doc, ensure_ascii=False))
                out.write("\n")
        os.replace(path + ".tmp", path)
        made += n
        part += 1
        print(f"{made} documents", file=sys.stderr)
    with open(args.out.rstrip("/") + ".planted.json", "w") as f:
        json.dump({"documents": made, "files": part, **counts}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
