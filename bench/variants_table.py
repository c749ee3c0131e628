#!/usr/bin/python3
"""The solvers and variants of nmftopics side by side, through `fit`.

For a corpus and k, runs `nmftopics fit -k K --json --doc-topics` once per
method (every solver from the same default start, nndsvda with seed 0, the
default stopping rule: at most 200 iterations, tolerance 1e-4), and prints a
Markdown table: iterations, seconds of the factorization, the loss of the
model (Frobenius ½‖X−WH‖² or KL; with penalties, smoothing or graph, the
plain loss of W S H), relative error, sparsity of W and H, mean coherence
(c_v and u_mass, gensim's definitions) and the NMI between each document's
heaviest topic and its folder.

Usage: variants_table.py NMFTOPICS_BINARY CORPUS_DIR K [--json OUT]
"""
import csv, json, os, subprocess, sys, tempfile

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

METHODS = [
    ("hals", []), ("mu", ["--solver", "mu"]), ("als", ["--solver", "als"]), ("anls", ["--solver", "anls"]),
    ("pgd", ["--solver", "pgd"]),
    ("kl mu", ["--loss", "kl", "--solver", "mu"]), ("kl cd", ["--loss", "kl", "--solver", "cd"]),
    ("hals l1=0.01", ["--l1-w", "0.01", "--l1-h", "0.01"]), ("hals l1=0.05", ["--l1-w", "0.05", "--l1-h", "0.05"]),
    ("hals l1=0.1", ["--l1-w", "0.1", "--l1-h", "0.1"]),
    ("kl cd l1=1", ["--loss", "kl", "--l1-w", "1", "--l1-h", "1"]),
    ("hals nsnmf θ=0.3", ["--nsnmf-theta", "0.3"]), ("hals nsnmf θ=0.6", ["--nsnmf-theta", "0.6"]),
    ("hals nsnmf θ=0.9", ["--nsnmf-theta", "0.9"]),
    ("hals gnmf p=10 λ=0.03", ["--graph-neighbors", "10", "--graph-lambda", "0.03"]),
    ("hals gnmf p=10 λ=0.1", ["--graph-neighbors", "10", "--graph-lambda", "0.1"]),
    ("hals gnmf p=10 λ=1", ["--graph-neighbors", "10", "--graph-lambda", "1"]),
    ("mu gnmf p=10 λ=1", ["--solver", "mu", "--graph-neighbors", "10", "--graph-lambda", "1"]),
]


def main():
    binary, corpus, k = sys.argv[1], sys.argv[2], sys.argv[3]
    only = sys.argv[5].split(",") if len(sys.argv) > 5 and sys.argv[4] == "--only" else None
    tmp = tempfile.mkdtemp()
    rows = []
    print(f"| method | iterations | seconds | loss | relative error | sparsity W | sparsity H | c_v | u_mass | NMI |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, flags in METHODS:
        if only and name not in only:
            continue
        js, dt = os.path.join(tmp, "r.json"), os.path.join(tmp, "dt.csv")
        subprocess.run([binary, "fit", "-k", k, "--json", js, "--doc-topics", dt] + flags + [corpus], check=True, capture_output=True)
        r = json.load(open(js))
        with open(dt) as f:
            recs = list(csv.reader(f))[1:]
        labels = [x[0].split("/")[0] for x in recs]
        pred = [int(np.argmax([float(v) for v in x[1:]])) for x in recs]
        m = r["metrics"]
        loss = m["kl"] if r["loss"] == "kl" else m["frobenius_half_sq"]
        row = dict(method=name, iterations=r["iterations"], seconds=r["seconds"], loss=loss, relative_error=m["relative_error"],
                   sparsity_w=m["sparsity_w"], sparsity_h=m["sparsity_h"], cv=m["coherence"]["cv"], umass=m["coherence"]["umass"],
                   nmi=normalized_mutual_info_score(labels, pred))
        rows.append(row)
        print(f"| {name} | {row['iterations']} | {row['seconds']:.2f} | {loss:.6g} | {row['relative_error']:.4f} | "
              f"{row['sparsity_w']:.3f} | {row['sparsity_h']:.3f} | {row['cv']:.4f} | {row['umass']:.4f} | {row['nmi']:.4f} |", flush=True)
    if "--json" in sys.argv:
        json.dump(rows, open(sys.argv[sys.argv.index("--json") + 1], "w"), indent=1)


if __name__ == "__main__":
    main()
