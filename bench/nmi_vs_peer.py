#!/usr/bin/python3
"""Normalized mutual information between each document's heaviest topic and
its folder, for nmftopics fit and for the scikit-learn pipeline on the same
settings (TfidfVectorizer with NLTK Snowball stems, min_df 2, max_df 0.95;
NMF k, nndsvda, solver cd, tol 1e-4, max_iter 200, as pipeline_peer.py).

Usage: nmi_vs_peer.py CORPUS_DIR DOC_TOPICS.csv K
(DOC_TOPICS.csv from: nmftopics fit -k K --sublinear-tf=false --doc-topics DOC_TOPICS.csv
CORPUS_DIR: the peer uses raw counts, fit's Frobenius default is sublinear tf)
"""
import csv, functools, json, os, re, sys

import numpy as np
from nltk.stem.snowball import SnowballStemmer
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score


def main():
    corpus_dir, doc_topics, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(doc_topics) as f:
        rows = list(csv.reader(f))[1:]
    ours_labels = [r[0].split("/")[0] for r in rows]
    ours_pred = [int(np.argmax([float(v) for v in r[1:]])) for r in rows]

    paths = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus_dir) for f in fs)
    docs = [open(p, "rb").read().decode("utf-8", errors="replace") for p in paths]
    labels = [os.path.basename(os.path.dirname(p)) for p in paths]
    stem = functools.lru_cache(maxsize=None)(SnowballStemmer("english").stem)
    token = re.compile(r"(?u)\b\w\w+\b")
    stops = set(ENGLISH_STOP_WORDS)
    vec = TfidfVectorizer(analyzer=lambda d: [stem(w) for w in token.findall(d.lower()) if w not in stops], min_df=2, max_df=0.95)
    X = vec.fit_transform(docs)
    W = NMF(n_components=k, init="nndsvda", solver="cd", tol=1e-4, max_iter=200, random_state=0).fit_transform(X)
    peer_pred = list(np.argmax(W, axis=1))
    print(json.dumps(dict(documents=len(rows), k=k,
                          nmi_nmftopics=normalized_mutual_info_score(ours_labels, ours_pred),
                          nmi_sklearn=normalized_mutual_info_score(labels, peer_pred)), indent=1))


if __name__ == "__main__":
    main()
