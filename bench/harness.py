#!/usr/bin/python3
"""The benchmark harness: nmftopics against the Python pipeline, stage by
stage, in one run.

For each corpus, REPS times, alternating:
  ours: nmftopics fit -k K --json   (its stage timings: analyze = list, read,
        analyze and TF-IDF; factorize; project = document weights and
        metrics; coherence = all four measures)
  peer: ../shared/peers/pipeline_peer.py DIR --k K   (read, vectorize, nmf:
        scikit-learn's TfidfVectorizer with NLTK stems and NMF, solver cd,
        nndsvda, tol 1e-4), then ../shared/peers/coherence_peer.py on our
        tokens and the peer's topics (gensim, all four measures)
and prints a table: stage, median seconds of each side, the ratio, and per
side the peak RSS of its processes, the iterations and the relative error.
Writes the same as JSON with --json.

Scaling: --slices SRC --sizes 1000,5000,... builds nested random slices of
the documents under SRC (a fixed shuffle, seed 1; folders of symbolic links
under --slice-dir) and runs each slice as a corpus. --plot OUT.png (or .svg)
draws seconds against documents for both sides (bench/scaleplot, gonum/plot)
from the JSON.

Usage: harness.py NMFTOPICS_BINARY [CORPUS_DIR...] [--slices SRC --sizes N,...]
       [--k 10] [--reps 3] [--no-coherence] [--json OUT] [--plot OUT.png]
"""
import argparse, json, os, random, statistics, subprocess, sys, tempfile, time

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers")


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode()}")
    return out.decode(), ru.ru_maxrss / 1024, time.perf_counter() - t0


def make_slices(src, sizes, dest):
    """Nested slices of src's documents: the first n of one fixed shuffle,
    as folders of symbolic links that keep the class folders."""
    paths = sorted(os.path.relpath(os.path.join(r, f), src) for r, _, fs in os.walk(src) for f in fs)
    random.Random(1).shuffle(paths)
    out = []
    for n in sizes:
        if n > len(paths):
            sys.exit(f"--sizes {n}: {src} has only {len(paths)} documents")
        d = os.path.join(dest, f"{os.path.basename(os.path.normpath(src))}-{n}")
        if not os.path.isdir(d):
            for rel in paths[:n]:
                os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
                os.symlink(os.path.join(os.path.abspath(src), rel), os.path.join(d, rel))
        out.append(d)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpora", nargs="*")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--slices")
    ap.add_argument("--sizes", default="1000,5000,10000,20000,50000,100000")
    ap.add_argument("--slice-dir", default=os.path.join(tempfile.gettempdir(), "nmftopics-slices"))
    ap.add_argument("--no-coherence", action="store_true", help="leave coherence out on both sides")
    ap.add_argument("--json")
    ap.add_argument("--plot")
    a = ap.parse_args()
    if a.slices:
        a.corpora += make_slices(a.slices, [int(n) for n in a.sizes.split(",")], a.slice_dir)
    if not a.corpora:
        sys.exit("name a corpus folder or --slices")
    tmp = tempfile.mkdtemp()
    results = {}
    m = statistics.median
    for corpus in a.corpora:
        name = os.path.basename(os.path.normpath(corpus))
        tokens = os.path.join(tmp, "tokens.txt")
        run([a.binary, "vectorize", "--tokens", tokens, corpus])
        ours, peer = [], []
        for _ in range(a.reps):
            js = os.path.join(tmp, "fit.json")
            _, rss, wall = run([a.binary, "fit", "-k", str(a.k), "--sublinear-tf=false", "--stop", "gradient", "--json", js, corpus])
            f = json.load(open(js))
            t = f["timings"]
            # Without coherence, our total leaves its stage out (the process
            # time still holds it: milliseconds, see the coherence rows).
            ours.append(dict(read_vectorize=t["analyze"], factorize=t["factorize"] + t["project"], coherence=t["coherence"],
                             total=t["total"] - (t["coherence"] if a.no_coherence else 0), process=wall, rss=rss, iterations=f["iterations"],
                             relative_error=f["metrics"]["relative_error"], documents=f["documents"], terms=f["terms"],
                             nnz=f["nnz"], per_iteration=t["factorize"] / max(1, f["iterations"])))
            out, rss_p, wall_p = run(["/usr/bin/python3", os.path.join(PEERS, "pipeline_peer.py"), corpus, "--k", str(a.k)])
            p = json.loads(out)
            topics = os.path.join(tmp, "topics.txt")
            with open(topics, "w") as fh:
                for tp in p["topics"]:
                    fh.write(" ".join(tp) + "\n")
            rss_c, wall_c, coh = 0, 0, 0
            if not a.no_coherence:
                out, rss_c, wall_c = run(["/usr/bin/python3", os.path.join(PEERS, "coherence_peer.py"), tokens, topics])
                c = json.loads(out)
                coh = sum(x["seconds"] for x in c["measures"].values())
            s = p["seconds"]
            peer.append(dict(read_vectorize=s["read"] + s["vectorize"], factorize=s["nmf"], coherence=coh,
                             total=s["total"] + coh, process=wall_p + wall_c, rss=max(rss_p, rss_c),
                             iterations=p["n_iter"], relative_error=p["relative_error"], per_iteration=s["nmf"] / max(1, p["n_iter"])))
        row = dict(documents=ours[0]["documents"], terms=ours[0]["terms"], nnz=ours[0]["nnz"], k=a.k, reps=a.reps)
        for stage in ["read_vectorize", "factorize", "per_iteration", "coherence", "total", "process"]:
            o, q = m(x[stage] for x in ours), m(x[stage] for x in peer)
            row[stage] = dict(ours=o, peer=q, ratio=q / o if o else None)
        row["rss_mib"] = dict(ours=m(x["rss"] for x in ours), peer=m(x["rss"] for x in peer))
        row["iterations"] = dict(ours=ours[0]["iterations"], peer=peer[0]["iterations"])
        row["relative_error"] = dict(ours=ours[0]["relative_error"], peer=peer[0]["relative_error"])
        results[name] = row
        print(f"\n{name} ({row['documents']} documents, {row['terms']} terms, {row['nnz']} non-zeros; k = {a.k}, {a.reps} runs each, medians)")
        print(f"| stage | nmftopics s | scikit-learn + gensim s | ratio |")
        print("|---|---|---|---|")
        for stage in ["read_vectorize", "factorize", "per_iteration", "coherence", "total", "process"]:
            r = row[stage]
            if a.no_coherence and stage == "coherence":
                continue
            print(f"| {stage} | {r['ours']:.4g} | {r['peer']:.4g} | {r['ratio']:.1f}× |")
        print(f"| peak RSS MiB | {row['rss_mib']['ours']:.0f} | {row['rss_mib']['peer']:.0f} | |")
        print(f"| iterations | {row['iterations']['ours']} | {row['iterations']['peer']} | |")
        print(f"| relative error | {row['relative_error']['ours']:.5f} | {row['relative_error']['peer']:.5f} | |", flush=True)
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)
    if a.plot:
        if not a.json:
            sys.exit("--plot needs --json")
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        subprocess.run(["go", "run", "./bench/scaleplot", os.path.abspath(a.plot), os.path.abspath(a.json)], cwd=root, check=True)


if __name__ == "__main__":
    main()
