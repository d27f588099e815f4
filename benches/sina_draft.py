#!/usr/bin/env python3
"""The ~3,000-char draft the check benchmarks use: two paragraphs of two
Sina articles set among new text. Writes OUT/draft.txt and OUT/expect.txt
(the two source ids, one a line) and prints the draft's length.

    python3 benches/sina_draft.py SINA_GZ OUT
"""
import gzip
import json
import sys

recs = [json.loads(l) for l in gzip.open(sys.argv[1], "rt", encoding="utf-8")]
long = [r for r in recs if len(r["text"]) > 1600]
a, b = long[10], long[len(long) // 2]
new = ("海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础。科学家们利用新型采样设备，"
       "在不同深度连续观测了三个季节，发现水温的细微变化会显著影响浮游生物的种类和数量。") * 20
draft = new[:900] + "\n\n" + a["text"][300:1000] + "\n\n" + new[900:1900] + "\n\n" + b["text"][500:1300]
open(sys.argv[2] + "/draft.txt", "w").write(draft)
open(sys.argv[2] + "/expect.txt", "w").write(a["id"] + "\n" + b["id"] + "\n")
print("draft chars:", len(draft), "sources:", a["id"], b["id"])
