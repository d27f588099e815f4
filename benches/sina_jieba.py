"""The Sina records the topic benchmarks share, segmented by Python jieba.

`load()` reads the data file (default ../shared/data/sina-news-6class.jsonl.gz,
or the first command-line argument), keeps the records with at least 50
letters/digits/ideographs (the filter of benches/topics_sina.py), and gives
their labels, their texts as space-joined jieba tokens and the seconds jieba
took. It exits 0 with a SKIPPED line when the file is absent. `TOKENS` are
the TfidfVectorizer settings of the data README's reference pipeline.
"""
import gzip
import json
import os
import sys
import time

TOKENS = dict(token_pattern=r"(?u)[^ ]{2,}", min_df=5, max_df=0.5)


def load():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "../../shared/data/sina-news-6class.jsonl.gz")
    if not os.path.exists(path):
        print(f"SKIPPED: {path} is absent")
        sys.exit(0)
    import jieba

    jieba.setLogLevel(60)
    records = [json.loads(l) for l in gzip.open(path, "rt", encoding="utf-8") if l.strip()]
    records = [r for r in records if sum(c.isalnum() for c in (r.get("text") or "")) >= 50]
    t0 = time.time()
    docs = [" ".join(jieba.cut(r["text"])) for r in records]
    return [r["label"] for r in records], docs, time.time() - t0
