#!/usr/bin/python3
"""One README table from harness JSON files: per corpus, ours / peer (ratio peer/ours).

Usage: harness_table.py HARNESS.json...
"""
import json, sys
rows = []
for path in sys.argv[1:]:
    d = json.load(open(path))
    for name, r in d.items():
        rows.append((r["documents"], name, r))
rows.sort(key=lambda x: x[0])
print("| corpus | documents | terms | non-zeros | read + vectorize | factorize (+ project) | per iteration | coherence | total (stages) | whole process | peak RSS | iterations | relative error |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
def st(r, k, unit="s"):
    x = r[k]
    return f"{x['ours']:.3g} / {x['peer']:.3g} {unit} ({x['ratio']:.1f}×)"
for n, name, r in rows:
    coh = st(r, "coherence") if r["coherence"]["peer"] > 0 else "—"
    pi = r["per_iteration"]
    print(f"| {name} | {n:,} | {r['terms']:,} | {r['nnz']:,} | {st(r,'read_vectorize')} | {st(r,'factorize')} | "
          f"{pi['ours']*1000:.3g} / {pi['peer']*1000:.3g} ms ({pi['ratio']:.1f}×) | {coh} | {st(r,'total')} | {st(r,'process')} | "
          f"{r['rss_mib']['ours']:.0f} / {r['rss_mib']['peer']:.0f} MiB ({r['rss_mib']['ours']/r['rss_mib']['peer']:.2f}) | "
          f"{r['iterations']['ours']} / {r['iterations']['peer']} | {r['relative_error']['ours']:.5f} / {r['relative_error']['peer']:.5f} |")
