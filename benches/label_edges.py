#!/usr/bin/env python3
"""Where dateline and notice words stand in Sina bodies, against subject words.

For each word: the share of its uses that start in the first or end in the
last tenth of the text (whitespace removed), over records of at least 300
characters. The numbers behind the label rule in src/topics/labels.rs
(EDGE_FRACTION 0.1, EDGE_SHARE 0.55). Plain substring counts, no
segmentation, so a word's count includes longer words that hold it.

    python3 benches/label_edges.py [path]
"""
import gzip
import json
import os
import sys

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "../../shared/data/sina-news-6class.jsonl.gz")
if not os.path.exists(path):
    print(f"SKIPPED: {path} is absent")
    sys.exit(0)

WORDS = {
    "datelines and notices": ["新浪科技", "新浪娱乐", "点击阅读原文", "本文转载自", "台湾媒体报道",
                              "新浪博客", "时尚芭莎", "内容来源", "新浪", "原文", "转载"],
    "subjects": ["本场比赛", "研究发现", "国际学校", "西装外套", "数据显示", "金庸先生", "科技",
                 "阅读", "微博", "公司", "中国", "学生", "考生", "搭配", "患者", "球队", "报道", "记者"],
}
texts = []
for line in gzip.open(path, "rt", encoding="utf-8"):
    text = "".join((json.loads(line).get("text") or "").split())
    if len(text) >= 300:
        texts.append(text)
print(f"{len(texts)} records of at least 300 characters")
for kind, words in WORDS.items():
    cells = []
    for w in words:
        uses = edge = 0
        for t in texts:
            i, n = t.find(w), len(t)
            while i >= 0:
                uses += 1
                edge += i < 0.1 * n or i + len(w) > 0.9 * n
                i = t.find(w, i + 1)
        cells.append(f"{w} {edge / max(uses, 1):.2f} ({uses})")
    print(f"{kind}: " + ", ".join(cells))
