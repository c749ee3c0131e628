#!/usr/bin/python3
"""Check nmftopics vectorize against scikit-learn on one corpus.

1. Matrix parity: the tokens nmftopics exported (--tokens) are fed to
   scikit-learn's TfidfVectorizer(analyzer=<those tokens>, min_df, max_df);
   its matrix must equal nmftopics' X (--mtx, terms x documents) entry by
   entry, and its vocabulary nmftopics' (--vocab).
2. Vocabulary agreement: the vocabulary of the scikit-learn + NLTK Snowball
   pipeline (the analyzer of ../shared/peers/pipeline_peer.py, reproduced
   here because the peer does not print its vocabulary) against nmftopics'
   vocabulary: Jaccard, and the terms found on one side only.

Usage: vectorize_parity.py CORPUS_DIR OUT_PREFIX  (after
  nmftopics vectorize --mtx OUT.mtx --vocab OUT.vocab --docs OUT.docs --tokens OUT.tokens CORPUS_DIR)
Prints one JSON object. Needs python3-sklearn, python3-nltk.
"""
import functools, json, os, re, sys

import numpy as np
import scipy.io
from nltk.stem.snowball import SnowballStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer


def main():
    corpus_dir, prefix = sys.argv[1], sys.argv[2]
    X = scipy.io.mmread(prefix + ".mtx").tocsr()
    vocab = open(prefix + ".vocab", encoding="utf-8").read().split("\n")[:-1]
    with open(prefix + ".tokens", encoding="utf-8") as f:
        token_docs = [line.rstrip("\n").split(" ") if line.strip() else [] for line in f]

    vec = TfidfVectorizer(analyzer=lambda toks: toks, min_df=2, max_df=0.95)
    S = vec.fit_transform(token_docs).T.tocsr()  # terms x documents
    sk_vocab = list(vec.get_feature_names_out())
    same_vocab = sk_vocab == vocab
    out = dict(documents=len(token_docs), terms=len(vocab), nnz=int(X.nnz), sklearn_terms=len(sk_vocab),
               sklearn_nnz=int(S.nnz), same_vocabulary=same_vocab)
    if same_vocab and S.shape == X.shape:
        D = (S - X).tocsr()
        out["max_abs_diff"] = float(abs(D).max()) if D.nnz else 0.0
        out["same_pattern"] = bool(((S != 0) != (X != 0)).nnz == 0)

    # The peer pipeline's analyzer: sklearn tokens, stop words, NLTK stems.
    paths = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus_dir) for f in fs)
    docs = [open(p, "rb").read().decode("utf-8", errors="replace") for p in paths]
    stem = functools.lru_cache(maxsize=None)(SnowballStemmer("english").stem)
    token = re.compile(r"(?u)\b\w\w+\b")
    stops = set(ENGLISH_STOP_WORDS)
    analyze = lambda doc: [stem(w) for w in token.findall(doc.lower()) if w not in stops]
    pv = TfidfVectorizer(analyzer=analyze, min_df=2, max_df=0.95)
    P = pv.fit_transform(docs)
    pvocab = set(pv.get_feature_names_out())
    ours = set(vocab)
    out["peer_pipeline"] = dict(documents=len(docs), terms=len(pvocab), nnz=int(P.nnz),
                                jaccard=len(ours & pvocab) / len(ours | pvocab),
                                only_nmftopics=sorted(ours - pvocab)[:40], only_nmftopics_count=len(ours - pvocab),
                                only_peer=sorted(pvocab - ours)[:40], only_peer_count=len(pvocab - ours))
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
