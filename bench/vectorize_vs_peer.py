#!/usr/bin/python3
"""Time nmftopics' vectorize stage against scikit-learn's, in one run.

For each corpus, runs in turn (A B A B ..., so drift on a shared machine
hits both alike), REPS times each:
  A: nmftopics vectorize CORPUS           (its stage seconds: list, read,
     analyze, count, vocabulary and TF-IDF matrix, as it prints them)
  B: ../shared/peers/pipeline_peer.py CORPUS --max-iter 1
     (its 'read' and 'vectorize' seconds: TfidfVectorizer with the cached
     NLTK Snowball analyzer; the 1-iteration NMF after it is not counted)
  C (with --gotest): the Go benchmark BenchmarkVectorizeInMemory<Corpus>
     of a `go test -c ./vectorize` binary, 3 iterations: the same work as
     the peer's vectorize stage (analyze, count, vocabulary, TF-IDF matrix
     of documents already in memory), in ns/op
and reports medians, the ratios peer/ours (their vectorize against our
whole stage, which also lists and reads the files; their read + vectorize
against it; their vectorize against the Go benchmark, like for like), and
each process's peak RSS (whole process: the peer's includes its imports
and one NMF iteration).

Usage: vectorize_vs_peer.py NMFTOPICS_BINARY CORPUS... [--reps N] [--gotest VECTORIZE_TEST_BINARY]
Prints a table and one JSON object.
"""
import argparse, json, os, re, statistics, subprocess, sys

PEER = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peers", "pipeline_peer.py")


def run_rss(cmd):
    """Runs cmd; returns its stdout, stderr and peak RSS in MiB."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode()}")
    return out.decode(), err.decode(), ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--gotest", help="a `go test -c ./vectorize` binary, for its in-memory benchmarks")
    a = ap.parse_args()
    pkg = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectorize")
    results = {}
    for corpus in a.corpora:
        ours, ours_rss, peer_vec, peer_read, peer_rss, inmem = [], [], [], [], [], []
        bench = {"bbc": "BBC", "reuters": "Reuters"}.get(os.path.basename(os.path.normpath(corpus)))
        for _ in range(a.reps):
            if a.gotest and bench:
                out = subprocess.run([os.path.abspath(a.gotest), "-test.run", "XXX", "-test.bench", f"^BenchmarkVectorizeInMemory{bench}$",
                                      "-test.benchtime", "3x"], cwd=pkg, capture_output=True, text=True, check=True).stdout
                inmem.append(float(re.search(r"([0-9.]+) ns/op", out).group(1)) / 1e9)
            _, err, rss = run_rss([a.binary, "vectorize", corpus])
            ours.append(float(re.search(r"([0-9.]+) s$", err.strip()).group(1)))
            ours_rss.append(rss)
            out, _, rss = run_rss(["/usr/bin/python3", PEER, corpus, "--k", "2", "--max-iter", "1"])
            s = json.loads(out)["seconds"]
            peer_vec.append(s["vectorize"])
            peer_read.append(s["read"] + s["vectorize"])
            peer_rss.append(rss)
        m = statistics.median
        r = dict(ours_seconds=m(ours), peer_vectorize_seconds=m(peer_vec), peer_read_vectorize_seconds=m(peer_read),
                 ratio_vectorize=m(p / o for p, o in zip(peer_vec, ours)),
                 ratio_read_vectorize=m(p / o for p, o in zip(peer_read, ours)),
                 ours_peak_rss_mib=m(ours_rss), peer_peak_rss_mib=m(peer_rss), reps=a.reps,
                 ours_all=ours, peer_vectorize_all=peer_vec)
        if inmem:
            r.update(ours_inmemory_seconds=m(inmem), ratio_inmemory_vectorize=m(p / o for p, o in zip(peer_vec, inmem)),
                     ours_inmemory_all=inmem)
        results[os.path.basename(os.path.normpath(corpus))] = r
    print(f"{'corpus':10} {'ours s':>8} {'peer vec s':>10} {'peer r+v s':>10} {'x vec':>6} {'x r+v':>6} {'ours MiB':>9} {'peer MiB':>9}"
          f" {'in-mem s':>9} {'x in-mem':>8}")
    for name, r in results.items():
        print(f"{name:10} {r['ours_seconds']:8.3f} {r['peer_vectorize_seconds']:10.3f} {r['peer_read_vectorize_seconds']:10.3f} "
              f"{r['ratio_vectorize']:6.1f} {r['ratio_read_vectorize']:6.1f} {r['ours_peak_rss_mib']:9.0f} {r['peer_peak_rss_mib']:9.0f}"
              f" {r.get('ours_inmemory_seconds', float('nan')):9.3f} {r.get('ratio_inmemory_vectorize', float('nan')):8.1f}")
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
