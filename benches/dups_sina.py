#!/usr/bin/env python3
"""Near-duplicate documents on the Sina corpus: exact ground truth, the
`chachong dups` result scored against it, and datasketch side by side.

Ground truth: pairs of records whose character 5-gram Jaccard is >= 0.5,
5-grams taken over the `text` with every non-alphanumeric character removed
(`str.isalnum`, as Rust's `char::is_alphanumeric`), over records with at
least 50 such characters. Computed exactly with prefix filtering: 5-grams
ordered by document frequency, each record indexed on its prefix of
`|x| - ceil(t |x|) + 1` rarest grams (two sets with Jaccard >= t must share
one of them), every candidate verified on the full sets.

Usage (from the project root, after `cargo build --release`):

    python3 benches/dups_sina.py [--data ../shared/data/sina-news-6class.jsonl.gz]
        [--bin target/release/chachong] [--datasketch]

The tool folds traditional characters to simplified ones before matching
(the ground truth does not), so a traditional-script copy of a story can
reach Jaccard 0.5 for the tool and not for the ground truth. Scoring
therefore runs the tool with `--no-t2s` (same definition as the truth); the
default run is timed and its extra pairs listed.

Every truth pair the tool does not report is explained or the script
fails: a side is flagged damaged, or the pair's Jaccard over body text only
(the clean stage's exclusions from `chachong inspect --record`, site
boilerplate from the dups result) is below the threshold; the reason is
printed with each. Asserts the ground-truth size (827 on this file), that
no missed pair is unexplained, and precision 1.0.
"""

import argparse
import gzip
import json
import math
import subprocess
import sys
import time
from collections import defaultdict

N = 5
T = 0.5
MIN_CHARS = 50


def records(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def matchable(text):
    # The tool folds case and full-width forms before matching; do the same
    # for ASCII/full-width letters so the two sides agree on Latin text.
    out = []
    for c in text:
        if 0xFF01 <= ord(c) <= 0xFF5E:
            c = chr(ord(c) - 0xFEE0)
        if c.isalnum():
            out.append(c.lower() if c.isascii() else c)
    return "".join(out)


def shingles(s):
    return {s[i : i + N] for i in range(len(s) - N + 1)}


def exact_pairs(sets, t=T):
    """All pairs (i, j), i < j, with Jaccard >= t, by prefix filtering."""
    df = defaultdict(int)
    for s in sets.values():
        for g in s:
            df[g] += 1
    ordered = {k: sorted(s, key=lambda g: (df[g], g)) for k, s in sets.items()}
    index = defaultdict(list)
    cands = set()
    for k, grams in ordered.items():
        p = len(grams) - math.ceil(t * len(grams)) + 1
        for g in grams[:p]:
            for other in index[g]:
                cands.add((other, k) if other < k else (k, other))
            index[g].append(k)
    out = {}
    for a, b in cands:
        sa, sb = sets[a], sets[b]
        inter = len(sa & sb)
        j = inter / (len(sa) + len(sb) - inter)
        if j >= t:
            out[(a, b)] = j
    return out


def containment_pairs(sets, c=0.75, max_df=None):
    """All pairs whose containment (overlap / smaller set) is >= c over all
    5-grams (the tool's definition: the same sets as Jaccard), or those in
    at most `max_df` records when given:
    exact, by prefix filtering (the smaller set x must share one of any
    |x| - ceil(c |x|) + 1 of its grams with the larger)."""
    df = defaultdict(int)
    for s in sets.values():
        for g in s:
            df[g] += 1
    distinct = sets if max_df is None else {
        k: {g for g in s if df[g] <= max_df} for k, s in sets.items()}
    index = defaultdict(list)
    for k, s in distinct.items():
        for g in s:
            index[g].append(k)
    out = {}
    for k, s in distinct.items():
        if not s:
            continue
        grams = sorted(s)
        p = len(grams) - math.ceil(c * len(grams)) + 1
        cands = {o for g in grams[:p] for o in index[g] if o != k}
        for o in cands:
            t = distinct[o]
            if (len(t), o) < (len(s), k):
                continue  # seen from the smaller side only
            inter = len(s & t)
            if inter >= c * len(s):
                out[(min(k, o), max(k, o))] = inter / len(s)
    return out


def run_tool(binary, data, extra=()):
    start = time.perf_counter()
    res = subprocess.run(
        [binary, "dups", data, "--format", "json", "--quiet", *extra],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    return json.loads(res.stdout), wall


def score(found, truth):
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    return tp, precision, recall


def datasketch_side(sets, truth, num_perm=128):
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=T, num_perm=num_perm)
    sigs = {}
    for k, s in sets.items():
        m = MinHash(num_perm=num_perm)
        m.update_batch([g.encode("utf-8") for g in s])
        sigs[k] = m
        lsh.insert(k, m)
    found = set()
    for k, m in sigs.items():
        for other in lsh.query(m):
            if other != k:
                found.add((min(k, other), max(k, other)))
    wall = time.perf_counter() - start
    # datasketch gives candidates; keep those whose estimated Jaccard passes,
    # as a MinHash-only tool would report them.
    est = {p for p in found if sigs[p[0]].jaccard(sigs[p[1]]) >= T}
    return est, wall


def inspect_record(binary, data, rid, cache):
    """The text and excluded spans of one record, as `chachong inspect`
    reads it (the clean stage's exclusions: code, style, widget, furniture,
    ...; boilerplate is corpus-wide and comes from the dups result)."""
    if rid not in cache:
        res = subprocess.run(
            [binary, "inspect", data, "--record", rid, "--format", "json", "--quiet",
             "--keep-boilerplate"],
            check=True, capture_output=True)
        out = json.loads(res.stdout)
        out = out[0] if isinstance(out, list) else out
        cache[rid] = out
    return cache[rid]


class Bodies:
    """Each record's 5-gram set over its body text only: the text as read
    without the clean stage's exclusions (`chachong inspect --record`) and
    the site boilerplate of the dups result, with the characters removed by
    reason."""

    def __init__(self, args, result, texts):
        self.args, self.texts, self.cache = args, texts, {}
        self.bp = defaultdict(list)
        for b in result.get("boilerplate", []):
            for c in b["copies"]:
                self.bp[c["doc"]].append((c["start"], c["end"], "boilerplate"))
        self.inspected = {}

    def of(self, rid):
        if rid not in self.cache:
            ins = inspect_record(self.args.bin, self.args.data, rid, self.inspected)
            text = self.texts[rid]
            spans = [(e["start"], e["end"], e["reason"]) for e in ins.get("excluded", [])]
            keep, removed = [True] * len(text), defaultdict(int)
            for s0, e0, reason in spans + self.bp.get(rid, []):
                for i in range(s0, min(e0, len(text))):
                    if keep[i]:
                        keep[i] = False
                        removed[reason] += 1
            body = "".join(c for c, k in zip(text, keep) if k)
            self.cache[rid] = (shingles(matchable(body)), removed)
        return self.cache[rid]

    def jaccard(self, a, b):
        (sa, ra), (sb, rb) = self.of(a), self.of(b)
        inter = len(sa & sb)
        j = inter / (len(sa) + len(sb) - inter) if sa or sb else 0.0
        removed = defaultdict(int)
        for r in (ra, rb):
            for k, v in r.items():
                removed[k] += v
        top = sorted(removed.items(), key=lambda kv: -kv[1])[:3]
        return j, ", ".join(f"{r} {n}" for r, n in top) or "nothing"


def explain_missed(result, missed, truth_j, bodies):
    """Why each truth pair the tool no longer reports is left out: a side is
    damaged (the dups result's `damaged` list), or the text they share is
    excluded (code, style, widget, boilerplate): the pair's 5-gram Jaccard
    over body text only is below the threshold. Prints every missed pair
    with its reason; a pair with neither is unexplained (None)."""
    damaged = {d["doc"]: d for d in result.get("damaged", [])}
    out = []
    for a, b in missed:
        why = None
        flagged = [x for x in (a, b) if x in damaged]
        if flagged:
            why = "damaged: " + "; ".join(
                x.split("/")[-1][:20] + " (" + ", ".join(
                    f"{r['reason']} {r['share']}" for r in damaged[x]["reasons"]) + ")"
                for x in flagged)
        else:
            j, removed = bodies.jaccard(a, b)
            if j < T:
                why = f"body Jaccard {j:.3f}; excluded chars: {removed}"
        out.append(((a, b), why))
        print(f"  missed: J={truth_j[(a, b)]:.4f} {a} | {b}: {why or 'UNEXPLAINED'}")
    return out


def explain_extra(extra, bodies, tolerance=0.05):
    """Pairs the tool reports at Jaccard >= T that the raw-text truth does
    not: explained when their Jaccard over body text only reaches
    `T - tolerance` (the tool folds more than `str.isalnum` keeps, so the two
    measures differ by a few hundredths): code or boilerplate in the raw
    text hid a real copy. Prints each; gives the unexplained ones."""
    unexplained = []
    for a, b in extra:
        j, removed = bodies.jaccard(a, b)
        ok = j >= T - tolerance
        print(f"  extra: {a} | {b}: body Jaccard {j:.3f} (excluded chars: {removed})"
              + ("" if ok else " UNEXPLAINED"))
        if not ok:
            unexplained.append((a, b))
    return unexplained


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/sina-news-6class.jsonl.gz")
    ap.add_argument("--bin", default="target/release/chachong")
    ap.add_argument("--datasketch", action="store_true")
    args = ap.parse_args()

    start = time.perf_counter()
    sets, texts = {}, {}
    for r in records(args.data):
        texts[r["id"]] = r.get("text") or ""
        m = matchable(r.get("text") or "")
        if len(m) >= MIN_CHARS:
            sets[r["id"]] = shingles(m)
    truth_j = exact_pairs(sets)
    truth = set(truth_j)
    print(f"records with >= {MIN_CHARS} matchable chars: {len(sets)}")
    print(f"ground truth: {len(truth)} pairs with 5-gram Jaccard >= {T} "
          f"({time.perf_counter() - start:.1f} s in Python)")

    key = lambda p: (min(p["a"], p["b"]), max(p["a"], p["b"]))
    eligible = lambda p: p["a"] in sets and p["b"] in sets

    def flagged(result):
        pairs = result["near_duplicates"]["pairs"]
        return {key(p) for p in pairs if p["jaccard"] >= T and eligible(p)}

    result, wall = run_tool(args.bin, args.data, ["--no-t2s"])
    found = flagged(result)
    tp, precision, recall = score(found, truth)
    print(f"chachong dups --no-t2s: {wall:.2f} s wall; {len(found)} pairs with "
          f"jaccard >= {T} on eligible records; precision {precision:.4f}, "
          f"recall {recall:.4f}")
    bodies = Bodies(args, result, texts)
    explained = explain_missed(result, sorted(truth - found), truth_j, bodies)
    extra_unexplained = explain_extra(sorted(found - truth), bodies)

    contain_truth = containment_pairs(sets)
    found_c = {key(p) for p in result["near_duplicates"]["pairs"]
               if p["containment"] >= 0.75 and eligible(p)}
    _, p_c, r_c = score(found_c, set(contain_truth))
    print(f"containment >= 0.75 (all 5-grams, raw text): {len(contain_truth)} "
          f"exact pairs; the tool (--no-t2s) has {len(found_c)}: precision "
          f"{p_c:.4f}, recall {r_c:.4f}")
    for a, b in sorted(set(contain_truth) - found_c)[:20]:
        print(f"  missed: C={contain_truth[(a, b)]:.4f} {a} | {b}")

    default, wall = run_tool(args.bin, args.data)
    pairs = default["near_duplicates"]["pairs"]
    found_default = flagged(default)
    _, p_def, r_def = score(found_default, truth)
    print(f"chachong dups (default): {wall:.2f} s wall (whole command); "
          f"{len(pairs)} near-duplicate pairs, {len(found_default)} with jaccard >= {T} "
          f"on eligible records; precision {p_def:.4f}, recall {r_def:.4f}")
    for a, b in sorted(found_default - truth):
        print(f"  extra (default): {a} | {b}")
    contain_only = [p for p in pairs if p["jaccard"] < T]
    print(f"containment-only pairs: {len(contain_only)}; "
          f"rewrites: {len(default['rewrites'])}; clusters: "
          f"{len(default['near_duplicates']['clusters'])}; passages: {len(default['passages'])}")

    if args.datasketch:
        est, ds_wall = datasketch_side(sets, truth)
        _, p, r = score(est, truth)
        print(f"datasketch MinHashLSH 128 perms: {ds_wall:.1f} s to sign, index "
              f"and query; precision {p:.4f}, recall {r:.4f}")

    assert len(truth) == 827, f"ground truth changed: {len(truth)}"
    unexplained = [p for p, why in explained if why is None]
    kept = len(truth) - len(explained) + len(unexplained)
    recall_kept = (kept - len(unexplained)) / kept
    print(f"truth pairs not made of excluded text: {kept}; found {kept - len(unexplained)} "
          f"(recall {recall_kept:.4f}); excluded for a reason: {len(explained) - len(unexplained)}")
    assert not unexplained, f"{len(unexplained)} truth pairs missed for no exclusion"
    assert not extra_unexplained, f"{len(extra_unexplained)} extra pairs not explained by exclusions"


if __name__ == "__main__":
    sys.exit(main())
