#!/usr/bin/env python3
"""How much of chachong's findings on the Sina corpus is scrape debris.

Issue 13's measure, kept as a script so every change to the clean stage can
be scored the same way. Runs `chachong dups --format json` (and reads the
corpus for the texts of clusters), then reports:

- passage groups in the order `dups` gives them and the report shows them
  (by interest), and most copies first: how many of the first 100 are
  mostly code or markup;
- near-duplicate clusters: how many are held together only by code (no
  member is a near duplicate of the representative once code-like lines are
  removed from both: 5-gram Jaccard < 0.5 and containment < 0.75); and, on
  the raw text, how many have a representative whose whole text is mostly
  code or markup (at least half ASCII, 3% code punctuation; a real reprint
  that carries a style sheet counts here too) and how many hold U+FFFD;
- the 20 largest offending groups, for the note.

"Mostly code" is measured on characters, not guessed from repetition: a
text is code-like when at least half of its non-space characters are ASCII
(letters, digits, punctuation) and at least 3% are code punctuation
(`{}();=<>[]`), or when it holds a JavaScript/CSS marker (`function(`,
`var `, `document.`, `window.`, `{color:`, `.loadWidget(`) and is at least
30% ASCII. Chinese prose quoting a URL or an English name stays well below
both thresholds.

Usage (from the project root, after `cargo build --release`):

    python3 benches/debris_sina.py [--data ../shared/data/sina-news-6class.jsonl.gz]
        [--bin target/release/chachong] [--top 100]
"""

import argparse
import gzip
import json
import subprocess
import sys

CODE_PUNCT = set("{}();=<>[]")
MARKERS = ("function(", "function (", "var ", "document.", "window.", "{color:", ".loadWidget(",
           "navigator.", "=function", "return ", "!important")


def ascii_share(text):
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0, 0.0
    ascii_ = sum(1 for c in chars if ord(c) < 128)
    punct = sum(1 for c in chars if c in CODE_PUNCT)
    return ascii_ / len(chars), punct / len(chars)


def code_like(text):
    """A passage that is mostly code or markup."""
    a, p = ascii_share(text)
    if a >= 0.5 and p >= 0.03:
        return True
    return a >= 0.3 and any(m in text for m in MARKERS)


def mostly_code(text):
    """A whole document that is mostly code or markup (markers alone do not
    count: an article can carry one CSS block and still be an article)."""
    a, p = ascii_share(text)
    return a >= 0.5 and p >= 0.03


def replacement_share(text):
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if c == "\ufffd") / len(chars) if chars else 0.0


def without_code(text):
    """The text with its code-like lines (this script's own measure) removed."""
    return "\n".join(line for line in text.split("\n") if not code_like(line))


def grams(text, n=5):
    m = "".join(c for c in text if c.isalnum())
    return {m[i:i + n] for i in range(len(m) - n + 1)}


# The tool folds width, case and traditional forms before it compares, and
# this script does not: the two measures of one pair differ by a few
# hundredths, so "near" here allows that much.
TOL = 0.05


def held_by_code(cluster, doc_text):
    """True when no member is a near duplicate (5-gram Jaccard >= 0.5 or
    containment >= 0.75, the tool's defaults) of the representative once code-like lines are
    removed from both: the cluster exists only because of code."""
    rep = grams(without_code(doc_text[cluster["representative"]]))
    for m in cluster["members"]:
        if m == cluster["representative"]:
            continue
        other = grams(without_code(doc_text[m]))
        inter = len(rep & other)
        union = len(rep | other)
        small = min(len(rep), len(other))
        if union and (inter / union >= 0.5 - TOL or (small and inter / small >= 0.75 - TOL)):
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/sina-news-6class.jsonl.gz")
    ap.add_argument("--bin", default="target/release/chachong")
    ap.add_argument("--top", type=int, default=100)
    args = ap.parse_args()
    try:
        texts = {}
        with gzip.open(args.data, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                texts[r.get("id")] = r.get("text") or ""
    except FileNotFoundError:
        print(f"SKIPPED: {args.data} is absent", file=sys.stderr)
        return 0
    out = subprocess.run([args.bin, "dups", args.data, "--format", "json", "--quiet"],
                         check=True, capture_output=True).stdout
    d = json.loads(out)

    groups = list(enumerate(d["passages"]))
    for order, ranked in (
        ("the dups and report order", groups),
        ("most copies first", sorted(groups, key=lambda g: (-len(g[1]["copies"]), -g[1]["chars"], g[0]))),
    ):
        top = ranked[: args.top]
        bad = [(i, g) for i, g in top if code_like(g["text"])]
        print(f"passage groups: {len(groups)}; code-like among the first {len(top)} "
              f"({order}): {len(bad)}")
        for i, g in bad[:20]:
            snippet = " ".join(g["text"].split())[:70]
            print(f"  group {i}: {len(g['copies'])} copies, {g['chars']} chars: {snippet}")

    clusters = d["near_duplicates"]["clusters"]
    doc_text = {}
    # The JSONL reader names records by their `id` field.
    for c in clusters:
        for m in c["members"]:
            doc_text[m] = texts.get(m, "")
    code_clusters = [c for c in clusters if mostly_code(doc_text[c["representative"]])]
    made_of_code = [c for c in clusters if held_by_code(c, doc_text)]
    print(f"near-duplicate clusters: {len(clusters)}; held together only by code "
          f"(no member near its representative once code-like lines are removed): "
          f"{len(made_of_code)}")
    for c in made_of_code[:20]:
        t = " ".join(doc_text[c["representative"]].split())[:60]
        print(f"  {len(c['members'])} members, e.g. {c['representative']}: {t}")
    fffd_clusters = [c for c in clusters if replacement_share(doc_text[c["representative"]]) > 0]
    print(f"near-duplicate clusters: {len(clusters)}; raw text mostly code: "
          f"{len(code_clusters)}; holding U+FFFD: {len(fffd_clusters)}")
    for c in sorted(code_clusters, key=lambda c: -len(c["members"]))[:20]:
        t = " ".join(doc_text[c["representative"]].split())[:60]
        print(f"  {len(c['members'])} members, e.g. {c['representative']}: {t}")

    pairs = d["near_duplicates"]["pairs"]
    code_pairs = [p for p in pairs
                  if mostly_code(texts.get(p["a"], "")) or mostly_code(texts.get(p["b"], ""))]
    low_j = [p for p in pairs if p["jaccard"] < 0.5]
    print(f"near-duplicate pairs: {len(pairs)}; with a mostly-code side: {len(code_pairs)}; "
          f"by containment alone (jaccard < 0.5): {len(low_j)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
