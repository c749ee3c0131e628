#!/usr/bin/python3
"""nmftopics factor against scikit-learn's NMF, side by side, in one run.

For each matrix X (terms x documents, Matrix Market) and each k: one start
W0, H0 (nmftopics' nndsvda, written by `factor --max-iter 0`) is given to
both sides; then for each method (ours / scikit-learn's: hals / cd,
mu / mu on Frobenius, mu / mu on KL) both run the same number of
iterations with tol 0, REPS times, alternating. Reported: final objective
(0.5||X-WH||^2 or KL) of each and their ratio (ours/peer; <= 1.001 is the
parity bar), iterations, median seconds of the fit (ours: the factor's own
'seconds'; scikit-learn: fit_transform), the per-iteration speed ratio
peer/ours, and the median peak RSS of each process.

Usage: nmf_vs_peer.py NMFTOPICS_BINARY X.mtx[,X2.mtx...] --k 10,20 [--iters 100] [--reps 3]
       [--methods hals,mu,mu-kl] [--json OUT]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers", "nmf_peer.py")
METHODS = [("hals", "frobenius", "hals", "cd"), ("mu", "frobenius", "mu", "mu"), ("mu-kl", "kl", "mu", "mu")]


def run(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode()}")
    return out.decode(), ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("matrices")
    ap.add_argument("--k", default="10,20")
    ap.add_argument("--iters", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--methods", default="hals,mu,mu-kl", help="which of hals, mu, mu-kl to run")
    ap.add_argument("--json")
    a = ap.parse_args()
    methods = [m for m in METHODS if m[0] in a.methods.split(",")]
    rows = []
    tmp = tempfile.mkdtemp()
    for x in a.matrices.split(","):
        for k in map(int, a.k.split(",")):
            w0, h0 = os.path.join(tmp, "W0.mtx"), os.path.join(tmp, "H0.mtx")
            run([a.binary, "factor", "-k", str(k), "--max-iter", "0", "--w-out", w0, "--h-out", h0, x])
            for name, loss, ours_solver, peer_solver in methods:
                o_sec, p_sec, o_rss, p_rss = [], [], [], []
                for _ in range(a.reps):
                    js = os.path.join(tmp, "ours.json")
                    _, rss = run([a.binary, "factor", "-k", str(k), "--loss", loss, "--solver", ours_solver,
                                  "--init-w", w0, "--init-h", h0, "--max-iter", str(a.iters), "--tol", "0", "--json", js, x])
                    ours = json.load(open(js))
                    o_sec.append(ours["seconds"]); o_rss.append(rss)
                    out, rss = run(["/usr/bin/python3", PEER, x, "--k", str(k), "--loss", loss, "--solver", peer_solver,
                                    "--w0", w0, "--h0", h0, "--max-iter", str(a.iters), "--tol", "0"])
                    peer = json.loads(out)
                    p_sec.append(peer["fit_seconds"]); p_rss.append(rss)
                key = "frobenius_half_sq" if loss == "frobenius" else "kl"
                m = statistics.median
                rows.append(dict(matrix=os.path.basename(x), k=k, method=name, peer_solver=peer_solver,
                                 ours_objective=ours["metrics"][key], peer_objective=peer[key],
                                 objective_ratio=ours["metrics"][key] / peer[key],
                                 ours_iterations=ours["iterations"], peer_iterations=peer["n_iter"],
                                 ours_seconds=m(o_sec), peer_seconds=m(p_sec),
                                 speed_per_iteration=(m(p_sec) / peer["n_iter"]) / (m(o_sec) / ours["iterations"]),
                                 ours_rss_mib=m(o_rss), peer_rss_mib=m(p_rss)))
                r = rows[-1]
                print(f"{r['matrix']:10} k={k:<3} {name:6} obj {r['ours_objective']:.8g} vs {r['peer_objective']:.8g} "
                      f"(x{r['objective_ratio']:.6f}) it {r['ours_iterations']}/{r['peer_iterations']} "
                      f"s {r['ours_seconds']:.3f}/{r['peer_seconds']:.3f} speed x{r['speed_per_iteration']:.2f} "
                      f"RSS {r['ours_rss_mib']:.0f}/{r['peer_rss_mib']:.0f} MiB", flush=True)
    if a.json:
        json.dump(rows, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
