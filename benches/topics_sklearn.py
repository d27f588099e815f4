#!/usr/bin/env python3
"""The scikit-learn side-by-side for `chachong topics` on the Sina corpus.

The data README's reference pipeline: Python jieba 0.42 tokens, scikit-learn
TF-IDF (sublinear tf, min_df 5, max_df 0.5), LSA to 100 dimensions
(TruncatedSVD), L2-normalised, k-means at k = 6 with one start and with ten,
five seeds each; ARI and NMI against `label`, on the records with at least
50 letters/digits/ideographs (the same filter as benches/topics_sina.py).

    pip install jieba==0.42.1 scikit-learn==1.9.0
    python3 benches/topics_sklearn.py [path]
"""
import statistics
import time

from sina_jieba import TOKENS, load

labels, docs, t_seg = load()

from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import normalize

t0 = time.time()
tfidf = TfidfVectorizer(sublinear_tf=True, **TOKENS)
x = tfidf.fit_transform(docs)
t_tfidf = time.time() - t0
print(f"records {len(docs)}, vocabulary {x.shape[1]}, jieba {t_seg:.1f} s, tfidf {t_tfidf:.1f} s")
for n_init in (1, 10):
    aris, nmis, secs = [], [], []
    for seed in range(1, 6):
        t0 = time.time()
        lsa = normalize(TruncatedSVD(100, random_state=seed).fit_transform(x))
        km = KMeans(6, n_init=n_init, random_state=seed).fit(lsa)
        secs.append(time.time() - t0)
        aris.append(adjusted_rand_score(labels, km.labels_))
        nmis.append(normalized_mutual_info_score(labels, km.labels_))
    print(f"LSA-100 + k-means, {n_init} start(s): ARI {statistics.mean(aris):.3f} ± {statistics.stdev(aris):.3f}, "
          f"NMI {statistics.mean(nmis):.3f} ± {statistics.stdev(nmis):.3f}, {statistics.mean(secs):.1f} s per seed (SVD + k-means)")
