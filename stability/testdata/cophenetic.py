"""Golden values for stability.Cophenetic and stability.Dispersion.

Run from the repository root with Debian's python3 (scipy 1.10.1, numpy 1.24.2):

    /usr/bin/python3 stability/testdata/cophenetic.py > stability/testdata/cophenetic.json

Each case is a consensus matrix C (n x n) with, for the cases made from
simulated runs, the runs themselves (labels and presence), so that the Go
test can rebuild C with Consensus and compare it entry for entry. The
largest case gives the runs only, and the Go test builds C from them. The
golden values are scipy's: linkage(1 - C, method='average') on the
condensed distances of the pairs i < j, cophenet against those distances,
and the dispersion (1/n^2) sum 4 (C_ij - 1/2)^2.
"""
import json
import sys

import numpy as np
import scipy
from scipy.cluster.hierarchy import cophenet, linkage


def consensus_from_runs(n, runs):
    together = np.zeros((n, n))
    sampled = np.zeros((n, n))
    for labels, present in runs:
        idx = [j for j in range(n) if present[j]]
        for a, i in enumerate(idx):
            sampled[i, i] += 1
            together[i, i] += 1
            for j in idx[a + 1:]:
                sampled[i, j] += 1
                sampled[j, i] += 1
                if labels[i] == labels[j]:
                    together[i, j] += 1
                    together[j, i] += 1
    c = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if sampled[i, j] > 0:
                c[i, j] = together[i, j] / sampled[i, j]
    return c


def simulated_runs(rng, n, blocks, nruns, keep, noise):
    truth = np.arange(n) % blocks
    runs = []
    for _ in range(nruns):
        present = rng.random(n) < keep
        labels = np.where(rng.random(n) < noise, rng.integers(0, blocks, n), truth)
        # a run's labels are permuted: only equality matters
        perm = rng.permutation(blocks)
        labels = perm[labels]
        runs.append(([int(x) for x in labels], [bool(x) for x in present]))
    return runs


def golden(name, c, runs=None, full=True):
    n = c.shape[0]
    iu = np.triu_indices(n, 1)
    y = 1 - c[iu]  # condensed distances, pairs i < j in row order
    z = linkage(y, method="average")
    r, coph = cophenet(z, y)
    case = {
        "name": name,
        "n": n,
        "cophenetic": float(r),
        "dispersion": float(np.mean(4 * (c - 0.5) ** 2)),
    }
    if full:
        case["c"] = [[float(x) for x in row] for row in c]
        case["cophenetic_distances"] = [float(x) for x in coph]
    if runs is not None:
        case["runs"] = [{"labels": l, "present": p} for l, p in runs]
    return case


def main():
    rng = np.random.default_rng(20261125)
    cases = []

    # Few runs, every document present: entries are multiples of 1/4, with
    # many equal distances (ties in the tree).
    runs = simulated_runs(rng, 12, 3, 4, 1.0, 0.3)
    cases.append(golden("runs_n12_ties", consensus_from_runs(12, runs), runs))

    # Ten runs on 80% samples: ratios of small integers.
    runs = simulated_runs(rng, 20, 4, 10, 0.8, 0.25)
    cases.append(golden("runs_n20_resampled", consensus_from_runs(20, runs), runs))

    # A real-valued symmetric matrix in [0, 1], no ties.
    n = 30
    a = rng.random((n, n))
    c = (a + a.T) / 2
    np.fill_diagonal(c, 1)
    cases.append(golden("random_n30", c))

    # A larger one, given by its runs only (C and the 44850 cophenetic
    # distances would take megabytes): 20 runs on 80% samples of 300
    # documents in 5 groups, 30% of labels at random.
    runs = simulated_runs(rng, 300, 5, 20, 0.8, 0.3)
    cases.append(golden("runs_n300", consensus_from_runs(300, runs), runs, full=False))

    # one case a line
    head = json.dumps({"scipy": scipy.__version__, "numpy": np.__version__})
    sys.stdout.write(head[:-1] + ', "cases": [\n')
    sys.stdout.write(",\n".join(json.dumps(c) for c in cases))
    sys.stdout.write("\n]}\n")


if __name__ == "__main__":
    main()
