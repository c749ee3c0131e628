#!/usr/bin/python3
"""The performance targets in one command: nmftopics against the Python
pipeline (Frobenius and KL, whole process) and against RcppML (the
factorization alone), side by side, alternating, on each corpus.

Both sides factor the same matrix: nmftopics runs with the peer's analysis
(--content plain --keep-numbers --sublinear-tf=false: raw text, digit-only
tokens kept, scikit-learn's TF-IDF weighting), whatever its defaults are.

Rows, per corpus (medians of --reps runs; the ratio is peer ÷ nmftopics):
  fit frobenius   nmftopics fit -k K                 vs pipeline_peer.py --k K (cd, nndsvda, tol 1e-4)
  fit kl          nmftopics fit -k K --loss kl       vs pipeline_peer.py --k K --loss kl (mu)
                  whole process wall time and peak RSS; relative error
                  (Frobenius) or KL of each, and ours ÷ the peer's
  factor k=K2     nmftopics factor -k K2 X.mtx       vs rcppml_peer.R X.mtx K2 (RcppML::nmf, tol 1e-4,
                  for each K2 in --factor-k          100 iterations at most, seed 1, 2 threads)
                  the factorization's own seconds (reading excluded on both
                  sides), iterations, relative error; and "to RcppML's
                  error": the seconds nmftopics' trace takes to reach the
                  relative error RcppML ends at (trace_seconds of a run
                  continued with --tol 0, 300 iterations at most).
  factor kl       nmftopics factor -k K --loss kl X.mtx: the seconds its
                  trace takes to the pipeline's final KL (and to 1.002
                  times it), against the pipeline's NMF stage.

X.mtx is written by `nmftopics vectorize --mtx` with the same analysis.
Needs: apt-get install -y python3-sklearn python3-nltk r-cran-rcppml r-cran-matrix

Usage: targets.py NMFTOPICS_BINARY CORPUS_DIR... [--k 20] [--factor-k 10,20]
       [--reps 3] [--threads 2] [--json OUT] [--skip kl,rcppml]
"""
import argparse, json, math, os, shutil, statistics, subprocess, sys, tempfile, time

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers")
PEER_ANALYSIS = ["--content", "plain", "--keep-numbers"]


def timed(cmd):
    """Runs cmd and returns (stdout, peak RSS MiB, wall seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed ({status}): {err.decode()[-2000:]}")
    return out.decode(), ru.ru_maxrss / 1024, wall


def time_to(trace, seconds, target):
    """The first time in the trace at or below target, or None."""
    for obj, s in zip(trace, seconds):
        if obj <= target:
            return s
    return None


def fit_rows(binary, corpus, k, loss, reps, tmp):
    ours, peer = [], []
    for _ in range(reps):
        js = os.path.join(tmp, "fit.json")
        flags = ["--loss", loss] if loss == "kl" else []
        _, rss, wall = timed([binary, "fit", "-k", str(k), *PEER_ANALYSIS, "--sublinear-tf=false", *flags, "--json", js, corpus])
        f = json.load(open(js))
        ours.append(dict(process=wall, rss=rss, iterations=f["iterations"], relative_error=f["metrics"]["relative_error"],
                         kl=f["metrics"]["kl"], terms=f["terms"], nnz=f["nnz"], documents=f["documents"],
                         timings=f["timings"]))
        pflags = ["--loss", "kl"] if loss == "kl" else []
        out, rss_p, wall_p = timed(["/usr/bin/python3", os.path.join(PEERS, "pipeline_peer.py"), corpus, "--k", str(k), *pflags])
        p = json.loads(out)
        peer.append(dict(process=wall_p, rss=rss_p, iterations=p["n_iter"], relative_error=p["relative_error"], kl=p["kl"],
                         terms=p["terms"], nnz=p["nnz"], seconds=p["seconds"]))
    return ours, peer


def run_factor(binary, mtx, k, threads, tmp, *flags):
    """Runs nmftopics factor and returns its JSON report with "relative_trace":
    the relative error after each iteration (from objective_trace, with
    ‖X‖² from the final metrics)."""
    js = os.path.join(tmp, "factor.json")
    timed([binary, "factor", "-k", str(k), "--threads", str(threads), *flags, "--json", js, mtx])
    f = json.load(open(js))
    m = f["metrics"]
    xnorm2 = 2 * m["frobenius_half_sq"] / m["relative_error"] ** 2
    f["relative_trace"] = [math.sqrt(max(2 * o, 0) / xnorm2) for o in f["objective_trace"]]
    return f


def factor_rows(binary, mtx, k, reps, threads, tmp):
    ours, peer = [], []
    for _ in range(reps):
        f = run_factor(binary, mtx, k, threads, tmp)
        ours.append(dict(seconds=f["seconds"], iterations=f["iterations"], relative_error=f["metrics"]["relative_error"]))
        out, _, _ = timed(["Rscript", os.path.join(PEERS, "rcppml_peer.R"), mtx, str(k), "1e-4", "100", str(threads)])
        s, it, re = out.split()
        peer.append(dict(seconds=float(s), iterations=int(it), relative_error=float(re)))
    # The time to RcppML's error, from a run that does not stop before
    # it (the same iterations as the default run, continued).
    for o, p in zip(ours, peer):
        f = run_factor(binary, mtx, k, threads, tmp, "--tol", "0", "--max-iter", "300")
        o["to_peer"] = time_to(f["relative_trace"], f["trace_seconds"], p["relative_error"])
    return ours, peer


def med(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(x, spec=".3g"):
    return "—" if x is None else format(x, spec)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--factor-k", default="10,20")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip", default="", help="comma-separated: frobenius, kl, rcppml")
    ap.add_argument("--json")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    if "rcppml" not in skip and not shutil.which("Rscript"):
        sys.exit("no Rscript: apt-get install -y r-cran-rcppml r-cran-matrix, or --skip rcppml")
    tmp = tempfile.mkdtemp()
    results = {}
    for corpus in a.corpora:
        name = os.path.basename(os.path.normpath(corpus))
        res = results[name] = {}
        print(f"\n{name}: k = {a.k} for fit, {a.reps} runs each alternating, medians; ratio = peer ÷ nmftopics", flush=True)
        print("| row | nmftopics | peer | ratio | nmftopics error | peer error | error ratio | iterations | peak RSS MiB (ratio) |")
        print("|---|---|---|---|---|---|---|---|---|")
        for loss in ["frobenius", "kl"]:
            if loss in skip:
                continue
            ours, peer = fit_rows(a.binary, corpus, a.k, loss, a.reps, tmp)
            key = "kl" if loss == "kl" else "relative_error"
            o, p = med(ours, "process"), med(peer, "process")
            eo, ep = ours[0][key], peer[0][key]
            ro, rp = med(ours, "rss"), med(peer, "rss")
            res["fit_" + loss] = dict(ours=ours, peer=peer)
            print(f"| fit {loss} (scikit-learn {'mu' if loss == 'kl' else 'cd'}), whole process s | {o:.3g} | {p:.3g} | {p / o:.1f}× | "
                  f"{eo:.6g} | {ep:.6g} | {eo / ep:.5f} | {ours[0]['iterations']} / {peer[0]['iterations']} | "
                  f"{ro:.0f} / {rp:.0f} ({ro / rp:.2f}) |", flush=True)
            t = ours[0]["timings"]
            print(f"| … inside nmftopics: analyze {t['analyze']:.3g} s, factorize {t['factorize']:.3g} s, project {t['project']:.3g} s; "
                  f"peer: read + vectorize {peer[0]['seconds']['read'] + peer[0]['seconds']['vectorize']:.3g} s, nmf {peer[0]['seconds']['nmf']:.3g} s; "
                  f"terms {ours[0]['terms']} / {peer[0]['terms']}, non-zeros {ours[0]['nnz']} / {peer[0]['nnz']} | | | | | | | | |", flush=True)
        if "rcppml" in skip and "kl" in skip:
            continue
        mtx = os.path.join(tmp, "x.mtx")
        timed([a.binary, "vectorize", *PEER_ANALYSIS, "--mtx", mtx, corpus])
        if "fit_kl" in res:
            # The same matrix: the time our KL factorization's trace takes
            # to the pipeline's final KL (and to 1.002 times it), against
            # the seconds of the pipeline's NMF stage.
            peer_kl = statistics.median(p["kl"] for p in res["fit_kl"]["peer"])
            peer_s = statistics.median(p["seconds"]["nmf"] for p in res["fit_kl"]["peer"])
            tos, tos2 = [], []
            for _ in range(a.reps):
                f = run_factor(a.binary, mtx, a.k, a.threads, tmp, "--loss", "kl")
                tos.append(time_to(f["objective_trace"], f["trace_seconds"], peer_kl))
                tos2.append(time_to(f["objective_trace"], f["trace_seconds"], 1.002 * peer_kl))
            to, to2 = statistics.median(tos), statistics.median(tos2)
            res["kl_time_to_peer"] = dict(to_peer=tos, to_peer_1002=tos2, peer_kl=peer_kl, peer_nmf_seconds=peer_s)
            print(f"| factor k={a.k} --loss kl: time to the pipeline's KL (× 1.002) s, against its NMF stage | {fmt(to)} ({fmt(to2)}) | "
                  f"{peer_s:.3g} | {fmt(peer_s / to if to else None, '.1f')}× ({fmt(peer_s / to2 if to2 else None, '.1f')}×) | | | | | |", flush=True)
        if "rcppml" in skip:
            continue
        for k in [int(x) for x in a.factor_k.split(",")]:
            ours, peer = factor_rows(a.binary, mtx, k, a.reps, a.threads, tmp)
            res[f"factor_{k}"] = dict(ours=ours, peer=peer)
            o, p = med(ours, "seconds"), med(peer, "seconds")
            eo, ep = ours[0]["relative_error"], peer[0]["relative_error"]
            print(f"| factor k={k} (RcppML), fit s | {o:.3g} | {p:.3g} | {p / o:.1f}× | {eo:.6f} | {ep:.6f} | {eo / ep:.5f} | "
                  f"{ours[0]['iterations']} / {peer[0]['iterations']} | |", flush=True)
            to = med(ours, "to_peer")
            print(f"| factor k={k}: time to RcppML's relative error s | {fmt(to)} | {p:.3g} | {fmt(p / to if to else None, '.1f')}× | | | | | |", flush=True)
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
