#!/usr/bin/python3
"""Check nmftopics vectorize against scikit-learn on one corpus.

1. Matrix parity: the tokens nmftopics exported (--tokens) are fed to
   scikit-learn's TfidfVectorizer(min_df, max_df, ngram_range) as
   already-analyzed token lists (scikit-learn forms the n-grams); its
   matrix must equal nmftopics' X (--mtx, terms x documents) entry by
   entry, and its vocabulary nmftopics' (--vocab).
2. Pipeline parity: the scikit-learn + NLTK Snowball pipeline (the analyzer
   of ../shared/peers/pipeline_peer.py, reproduced here because the peer
   does not print its vocabulary) from the raw files: its vocabulary
   against nmftopics' (Jaccard, the terms found on one side only) and,
   when they are the same, its matrix against X.

Terms hold a letter by default: the tokens of (?u)\b\w\w+\b that hold a
Unicode letter (str.isalpha, category L). scikit-learn users get nearly
the same with token_pattern=r"(?u)\b(?=\w*[^\W\d_])\w\w+\b", which also
takes a token whose only non-digits are numeric signs such as ½ or Ⅻ.
With --keep-numbers (nmftopics vectorize --keep-numbers), the tokens that
hold a letter or a number: every \w\w+ token but underscores alone,
token_pattern=r"(?u)\b(?=\w*[^\W_])\w\w+\b".

Usage: vectorize_parity.py [--keep-numbers] [--ngram-range MIN:MAX] CORPUS_DIR OUT_PREFIX
  (after nmftopics vectorize [the same flags] --mtx OUT.mtx --vocab OUT.vocab
   --docs OUT.docs --tokens OUT.tokens CORPUS_DIR)
Prints one JSON object. Needs python3-sklearn, python3-nltk.
"""
import argparse, functools, json, os, re, sys

import numpy as np
import scipy.io
from nltk.stem.snowball import SnowballStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer


def compare(S, X):
    """The largest difference between two terms x documents matrices, and
    whether they have the same non-zero pattern."""
    D = (S - X).tocsr()
    return dict(max_abs_diff=float(abs(D).max()) if D.nnz else 0.0,
                same_pattern=bool(((S != 0) != (X != 0)).nnz == 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep-numbers", action="store_true")
    ap.add_argument("--ngram-range", default="1:1")
    ap.add_argument("corpus_dir")
    ap.add_argument("prefix")
    args = ap.parse_args()
    corpus_dir, prefix = args.corpus_dir, args.prefix
    ngrams = tuple(int(x) for x in args.ngram_range.split(":"))
    identity = lambda x: x
    X = scipy.io.mmread(prefix + ".mtx").tocsr()
    vocab = open(prefix + ".vocab", encoding="utf-8").read().split("\n")[:-1]
    with open(prefix + ".tokens", encoding="utf-8") as f:
        token_docs = [line.rstrip("\n").split(" ") if line.strip() else [] for line in f]

    vec = TfidfVectorizer(preprocessor=identity, tokenizer=identity, lowercase=False, token_pattern=None,
                          ngram_range=ngrams, min_df=2, max_df=0.95)
    S = vec.fit_transform(token_docs).T.tocsr()  # terms x documents
    sk_vocab = list(vec.get_feature_names_out())
    same_vocab = sk_vocab == vocab
    out = dict(documents=len(token_docs), terms=len(vocab), nnz=int(X.nnz), sklearn_terms=len(sk_vocab),
               sklearn_nnz=int(S.nnz), same_vocabulary=same_vocab)
    if same_vocab and S.shape == X.shape:
        out.update(compare(S, X))

    # The peer pipeline's analyzer: sklearn tokens, stop words, NLTK stems.
    # In nmftopics' column order (--docs: paths under CORPUS_DIR), so that
    # the matrices compare column by column.
    ids = open(prefix + ".docs", encoding="utf-8").read().split("\n")[:-1]
    paths = [os.path.join(corpus_dir, i) for i in ids]
    docs = [open(p, "rb").read().decode("utf-8", errors="replace") for p in paths]
    stem = functools.lru_cache(maxsize=None)(SnowballStemmer("english").stem)
    token = re.compile(r"(?u)\b\w\w+\b")
    if args.keep_numbers:
        is_term = lambda w: not all(c == "_" for c in w)
    else:
        is_term = lambda w: any(c.isalpha() for c in w)
    stops = set(ENGLISH_STOP_WORDS)
    analyze = lambda doc: [stem(w) for w in token.findall(doc.lower()) if w not in stops and is_term(w)]
    pv = TfidfVectorizer(preprocessor=identity, tokenizer=analyze, lowercase=False, token_pattern=None,
                         ngram_range=ngrams, min_df=2, max_df=0.95)
    P = pv.fit_transform(docs).T.tocsr()
    pvocab_list = list(pv.get_feature_names_out())
    pvocab = set(pvocab_list)
    ours = set(vocab)
    peer = dict(documents=len(docs), terms=len(pvocab), nnz=int(P.nnz),
                jaccard=len(ours & pvocab) / len(ours | pvocab), same_vocabulary=pvocab_list == vocab,
                only_nmftopics=sorted(ours - pvocab)[:40], only_nmftopics_count=len(ours - pvocab),
                only_peer=sorted(pvocab - ours)[:40], only_peer_count=len(pvocab - ours))
    if pvocab_list == vocab and P.shape == X.shape:
        peer.update(compare(P, X))
    out["peer_pipeline"] = peer
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
