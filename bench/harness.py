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

Usage: harness.py NMFTOPICS_BINARY CORPUS_DIR... [--k 10] [--reps 3] [--json OUT]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers")


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode()}")
    return out.decode(), ru.ru_maxrss / 1024, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json")
    a = ap.parse_args()
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
            _, rss, wall = run([a.binary, "fit", "-k", str(a.k), "--json", js, corpus])
            f = json.load(open(js))
            t = f["timings"]
            ours.append(dict(read_vectorize=t["analyze"], factorize=t["factorize"] + t["project"], coherence=t["coherence"],
                             total=t["total"], process=wall, rss=rss, iterations=f["iterations"],
                             relative_error=f["metrics"]["relative_error"]))
            out, rss_p, wall_p = run(["/usr/bin/python3", os.path.join(PEERS, "pipeline_peer.py"), corpus, "--k", str(a.k)])
            p = json.loads(out)
            topics = os.path.join(tmp, "topics.txt")
            with open(topics, "w") as fh:
                for tp in p["topics"]:
                    fh.write(" ".join(tp) + "\n")
            out, rss_c, wall_c = run(["/usr/bin/python3", os.path.join(PEERS, "coherence_peer.py"), tokens, topics])
            c = json.loads(out)
            s = p["seconds"]
            coh = sum(x["seconds"] for x in c["measures"].values())
            peer.append(dict(read_vectorize=s["read"] + s["vectorize"], factorize=s["nmf"], coherence=coh,
                             total=s["total"] + coh, process=wall_p + wall_c, rss=max(rss_p, rss_c),
                             iterations=p["n_iter"], relative_error=p["relative_error"]))
        row = {}
        for stage in ["read_vectorize", "factorize", "coherence", "total", "process"]:
            o, q = m(x[stage] for x in ours), m(x[stage] for x in peer)
            row[stage] = dict(ours=o, peer=q, ratio=q / o if o else None)
        row["rss_mib"] = dict(ours=m(x["rss"] for x in ours), peer=m(x["rss"] for x in peer))
        row["iterations"] = dict(ours=ours[0]["iterations"], peer=peer[0]["iterations"])
        row["relative_error"] = dict(ours=ours[0]["relative_error"], peer=peer[0]["relative_error"])
        results[name] = row
        print(f"\n{name} (k = {a.k}, {a.reps} runs each, medians)")
        print(f"| stage | nmftopics s | scikit-learn + gensim s | ratio |")
        print("|---|---|---|---|")
        for stage in ["read_vectorize", "factorize", "coherence", "total", "process"]:
            r = row[stage]
            print(f"| {stage} | {r['ours']:.3f} | {r['peer']:.3f} | {r['ratio']:.1f}× |")
        print(f"| peak RSS MiB | {row['rss_mib']['ours']:.0f} | {row['rss_mib']['peer']:.0f} | |")
        print(f"| iterations | {row['iterations']['ours']} | {row['iterations']['peer']} | |")
        print(f"| relative error | {row['relative_error']['ours']:.5f} | {row['relative_error']['peer']:.5f} | |", flush=True)
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
