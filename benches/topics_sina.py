#!/usr/bin/env python3
"""Benchmark `chachong topics` on the Sina 6-class corpus.

Runs the release binary with `--k 6` for five seeds and once with `--k auto`,
each under `/usr/bin/time -v`, and scores the assignments against the `label`
field with ARI and NMI (arithmetic mean normalisation, as scikit-learn).
Pure Python: no numpy needed. Asserts the document count it expects, so a
fast wrong answer fails.

    cargo build --release
    python3 benches/topics_sina.py [--data ../shared/data/sina-news-6class.jsonl.gz]
                                 [--seeds 1 2 3 4 5] [--extra ARGS...]
"""

import argparse
import gzip
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "chachong"
MIN_CHARS = 50
# The data README counts 11,743 records with >= 50 characters; chachong's
# rule (Unicode letters, digits and ideographs) keeps 11,737 of them.
EXPECTED_DOCS = 11737


def comb2(n):
    return n * (n - 1) // 2


def ari(a, b):
    pairs = Counter(zip(a, b))
    sum_ij = sum(comb2(n) for n in pairs.values())
    sum_a = sum(comb2(n) for n in Counter(a).values())
    sum_b = sum(comb2(n) for n in Counter(b).values())
    expected = sum_a * sum_b / comb2(len(a))
    top = (sum_a + sum_b) / 2
    return (sum_ij - expected) / (top - expected)


def entropy(counts, n):
    return -sum(c / n * math.log(c / n) for c in counts.values() if c)


def nmi(a, b):
    n = len(a)
    ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b))
    mi = sum(
        c / n * math.log(c * n / (ca[x] * cb[y])) for (x, y), c in cab.items()
    )
    h = (entropy(ca, n) + entropy(cb, n)) / 2
    return mi / h if h > 0 else 1.0


def labels_by_id(path):
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out[rec["id"]] = rec["label"]
    return out


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; gives (stdout, wall s, max RSS MiB)."""
    p = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, check=False
    )
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    h, m, s = wall.groups()
    secs = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return p.stdout, secs, rss / 1024


def run(data, seed, k, extra):
    cmd = [str(BIN), "topics", str(data), "--quiet", "--format", "json",
           "--skip-shorter", str(MIN_CHARS), "--k", str(k), "--seed", str(seed)] + extra
    out, wall, rss = timed(cmd)
    return json.loads(out), wall, rss, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared/data/sina-news-6class.jsonl.gz"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--no-auto", action="store_true")
    ap.add_argument("--extra", nargs=argparse.REMAINDER, default=[])
    args = ap.parse_args()

    truth = labels_by_id(args.data)
    aris, nmis, walls, rsss = [], [], [], []
    first = None
    for seed in args.seeds:
        result, wall, rss, raw = run(args.data, seed, 6, args.extra)
        docs = [a["doc"] for a in result["assignments"]]
        assert len(docs) == EXPECTED_DOCS, f"{len(docs)} documents, expected {EXPECTED_DOCS}"
        pred = [a["topic"] for a in result["assignments"]]
        gold = [truth[d] for d in docs]
        aris.append(ari(gold, pred))
        nmis.append(nmi(gold, pred))
        walls.append(wall)
        rsss.append(rss)
        print(f"seed {seed}: ARI {aris[-1]:.4f}  NMI {nmis[-1]:.4f}  "
              f"wall {wall:.2f} s  max RSS {rss:.0f} MiB  k {result['k']}")
        if first is None:
            first = result
            # Same input and seed: byte-identical JSON.
            again = run(args.data, seed, 6, args.extra)[3]
            assert again == raw, "output differs between two identical runs"
            print("  repeat run: byte-identical JSON")

    sd = lambda xs: statistics.stdev(xs) if len(xs) > 1 else 0.0
    print(f"k=6 over {len(args.seeds)} seeds: ARI {statistics.mean(aris):.4f} ± {sd(aris):.4f}, "
          f"NMI {statistics.mean(nmis):.4f} ± {sd(nmis):.4f}, "
          f"wall {statistics.mean(walls):.2f} s (max {max(walls):.2f}), "
          f"max RSS {max(rsss):.0f} MiB")
    print("topics (first seed):")
    for t in first["topics"]:
        members = Counter(
            truth[a["doc"]] for a in first["assignments"] if a["topic"] == t["id"]
        ).most_common(2)
        print(f"  [{t['id']}] {t['label']}  size {t['size']}  "
              f"mostly {members}  phrases {t['phrases'][:3]}")
    for note in first["notes"]:
        print(f"  note: {note}")

    if not args.no_auto:
        result, wall, rss, _ = run(args.data, args.seeds[0], "auto", args.extra)
        docs = [a["doc"] for a in result["assignments"]]
        pred = [a["topic"] for a in result["assignments"]]
        gold = [truth[d] for d in docs]
        curve = ", ".join(
            f"{p['k']}:{p['score']:.4f}" + (f"±{p['se']:.4f}" if p.get("se") is not None else "")
            for p in result["silhouette"]
        )
        print(f"k=auto: chose k {result['k']}  ARI {ari(gold, pred):.4f}  "
              f"NMI {nmi(gold, pred):.4f}  wall {wall:.2f} s  max RSS {rss:.0f} MiB")
        print(f"  silhouette: {curve}")


if __name__ == "__main__":
    main()
