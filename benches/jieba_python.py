"""Side-by-side reference for the front benchmark: Python jieba 0.42 segmenting
the titles and texts of ../shared/data/sina-news-6class.jsonl.gz (HMM on, the
default), one process, as the data README measured it.

Run: python3 benches/jieba_python.py [path]   (pip install jieba==0.42.1)
"""
import gzip, json, sys, time, os

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data/sina-news-6class.jsonl.gz")
if not os.path.exists(path):
    print(f"SKIPPED: {path} is absent")
    sys.exit(0)
import jieba

t0 = time.time()
jieba.initialize()
t_dict = time.time() - t0
t = time.time()
records = [json.loads(l) for l in gzip.open(path, "rt", encoding="utf-8") if l.strip()]
t_read = time.time() - t
t = time.time()
tokens = 0
for r in records:
    tokens += sum(1 for _ in jieba.cut(r.get("title") or ""))
    tokens += sum(1 for _ in jieba.cut(r.get("text") or ""))
t_seg = time.time() - t
print(f"jieba {jieba.__version__}: records {len(records)}, tokens {tokens}")
print(f"dictionary {t_dict:.2f} s, read {t_read:.2f} s, segment {t_seg:.2f} s, total {time.time() - t0:.2f} s")
