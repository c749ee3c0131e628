#!/usr/bin/python3
"""Measures the targets of issue 19 on a newsgroup-like archive written by
bench/newsgroups (DIR/raw/GROUP/N, DIR/bodies/GROUP/N, DIR/labels.csv).

For each run it reports
  (a) NMI: scikit-learn's normalized_mutual_info_score (arithmetic mean)
      between each post's heaviest topic and its group;
  (b) header topics: topics whose top 10 words hold 3 or more words that
      live mostly outside message bodies.

A word lives mostly outside bodies when its stem's document frequency in
bodies/ is less than half its document frequency in raw/:
      df_bodies(stem) < df_raw(stem) / 2
Both trees are read as plain text with the same analyzer as the peers and
nmftopics: scikit-learn's token pattern (?u)\\b\\w\\w+\\b on lowercased text,
scikit-learn's English stop words removed, NLTK's Snowball stemmer
(nmftopics's stems are the same). Top words are matched by stem: `fit
--json` gives each top word's "stem"; the peer's terms are stems. The
frequencies are cached in the temporary folder, by DIR and the time
labels.csv was written.

Runs:
  news_eval.py DIR --bin NMFTOPICS [--flags "--loss kl --quotes drop"]...
      `nmftopics fit -k K --seed 0 FLAGS --json ... --doc-topics ... DIR/raw`
      once per --flags (none: the defaults; write --flags=--sublinear-tf
      for a single flag, which argparse would take for an option);
  news_eval.py DIR --bin NMFTOPICS --grid
      the flag sets of GRID below, each for Frobenius and KL;
  news_eval.py DIR --peer
      scikit-learn's pipeline (TfidfVectorizer on Snowball stems, English
      stop words, min_df 2, max_df 0.95; NMF k=20 init nndsvda, Frobenius
      solver cd and KL solver mu with beta_loss kullback-leibler, max_iter
      200, random_state 0) on raw/ and on bodies/.
Prints one line per run: what ran, loss, NMI, the number of header topics,
and those topics' top words (words outside bodies marked with *).
With --out FILE, also writes the results as JSON lines.
"""
import argparse, csv, functools, hashlib, json, os, re, subprocess, sys, tempfile, time, warnings

TOKEN = re.compile(r"(?u)\b\w\w+\b")

GRID = [
    "",
    "--content plain",
    "--quotes drop",
    "--sublinear-tf",
    "--norm none",
    "--quotes drop --sublinear-tf",
    "--content plain --sublinear-tf",
    "--sublinear-tf --norm none",
]


def stemmer():
    from nltk.stem.snowball import SnowballStemmer
    return functools.lru_cache(maxsize=None)(SnowballStemmer("english").stem)


def analyzer():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    stem, stops = stemmer(), frozenset(ENGLISH_STOP_WORDS)
    return lambda text: [stem(w) for w in TOKEN.findall(text.lower()) if w not in stops]


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def documents(tree, ids):
    return [read_text(os.path.join(tree, i)) for i in ids]


def labels(archive):
    with open(os.path.join(archive, "labels.csv"), newline="") as f:
        return {row["id"]: row["group"] for row in csv.DictReader(f)}


def stem_df(archive, ids):
    """Document frequency of each stem in raw/ and in bodies/ (cached)."""
    stamp = "%s %s" % (os.path.abspath(archive), os.stat(os.path.join(archive, "labels.csv")).st_mtime_ns)
    cache = os.path.join(tempfile.gettempdir(), "news_eval-%s.json" % hashlib.sha1(stamp.encode()).hexdigest()[:16])
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    analyze, dfs = analyzer(), {}
    for tree in ("raw", "bodies"):
        df = {}
        for text in documents(os.path.join(archive, tree), ids):
            for s in set(analyze(text)):
                df[s] = df.get(s, 0) + 1
        dfs[tree] = df
    with open(cache, "w") as f:
        json.dump(dfs, f)
    return dfs


def outside(dfs, stem):
    raw = dfs["raw"].get(stem, 0)
    return dfs["bodies"].get(stem, 0) < raw / 2


def header_topics(dfs, topics):
    """topics: lists of (shown word, stem); those with >= 3 outside words."""
    out = []
    for words in topics:
        marks = [outside(dfs, s) for _, s in words[:10]]
        if sum(marks) >= 3:
            out.append(" ".join(w + ("*" if m else "") for (w, _), m in zip(words, marks)))
    return out


def nmi(truth, heaviest):
    from sklearn.metrics import normalized_mutual_info_score
    return normalized_mutual_info_score(truth, heaviest, average_method="arithmetic")


def run_ours(args, flags, truth, dfs):
    with tempfile.TemporaryDirectory(prefix="news_eval") as tmp:
        rep, dt = os.path.join(tmp, "fit.json"), os.path.join(tmp, "dt.csv")
        cmd = [args.bin, "fit", "-k", str(args.k), "--seed", "0"] + flags.split() + \
              ["--json", rep, "--doc-topics", dt, os.path.join(args.dir, "raw")]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True)
        secs = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit("news_eval: %s failed:\n%s" % (" ".join(cmd), p.stderr))
        with open(rep) as f:
            report = json.load(f)
        ids, heaviest = [], []
        with open(dt, newline="") as f:
            for row in csv.reader(f):
                if row[0] == "document":
                    continue
                w = [float(x) for x in row[1:]]
                ids.append(row[0])
                heaviest.append(max(range(len(w)), key=w.__getitem__))
    topics = [[(w["term"], w["stem"]) for w in t["words"]] for t in report["topics"]]
    score = nmi([truth[i] for i in ids], heaviest)
    return dict(run="nmftopics " + (flags or "(defaults)"), loss=report["loss"], nmi=score,
                header=header_topics(dfs, topics), seconds=secs)


def run_peer(args, tree, loss, truth, ids, dfs):
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer
    t0 = time.perf_counter()
    vec = TfidfVectorizer(analyzer=analyzer(), min_df=2, max_df=0.95)
    X = vec.fit_transform(documents(os.path.join(args.dir, tree), ids))
    if loss == "frobenius":
        model = NMF(n_components=args.k, init="nndsvda", solver="cd", max_iter=200, random_state=0)
    else:
        model = NMF(n_components=args.k, init="nndsvda", solver="mu", beta_loss="kullback-leibler",
                    max_iter=200, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        W = model.fit_transform(X)
    terms = vec.get_feature_names_out()
    topics = [[(terms[j], terms[j]) for j in np.argsort(-row)[:10]] for row in model.components_]
    score = nmi([truth[i] for i in ids], W.argmax(axis=1))
    return dict(run="sklearn " + tree, loss=loss, nmi=score, header=header_topics(dfs, topics),
                seconds=time.perf_counter() - t0)


def show(r, out):
    print("%-44s %-9s NMI %.3f  header topics %2d  %s" % (
        r["run"], r["loss"], r["nmi"], len(r["header"]), " | ".join(r["header"])), flush=True)
    if out:
        out.write(json.dumps(r) + "\n")
        out.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="the archive: raw/, bodies/, labels.csv")
    p.add_argument("--bin", help="the nmftopics binary")
    p.add_argument("--k", type=int, default=20)
    p.add_argument("--flags", action="append", help="extra flags of one fit run (repeat for several)")
    p.add_argument("--grid", action="store_true", help="run GRID's flag sets, each for frobenius and kl")
    p.add_argument("--peer", action="store_true", help="run scikit-learn on raw/ and bodies/")
    p.add_argument("--peer-tree", action="append", choices=["raw", "bodies"], help="--peer on this tree only")
    p.add_argument("--peer-loss", action="append", choices=["frobenius", "kl"], help="--peer with this loss only")
    p.add_argument("--out", help="append each result as a JSON line to this file")
    a = p.parse_args()
    truth = labels(a.dir)
    ids = sorted(truth)
    dfs = stem_df(a.dir, ids)
    out = open(a.out, "a") if a.out else None
    if a.peer:
        for tree in a.peer_tree or ("raw", "bodies"):
            for loss in a.peer_loss or ("frobenius", "kl"):
                show(run_peer(a, tree, loss, truth, ids, dfs), out)
    runs = list(a.flags or [])
    if a.grid:
        runs += [(f + " --loss " + loss).strip() for f in GRID for loss in ("frobenius", "kl")]
    if not runs and not a.peer:
        runs = [""]
    for flags in runs:
        if not a.bin:
            sys.exit("news_eval: --bin is needed to run nmftopics")
        show(run_ours(a, flags, truth, dfs), out)


if __name__ == "__main__":
    main()
