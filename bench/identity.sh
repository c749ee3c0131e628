#!/usr/bin/env bash
# identity.sh BIN OUTDIR: runs a fixed set of vectorize, fit, factor, sweep
# and transform commands on bbc and reuters and writes their outputs to
# OUTDIR, with the JSON reports' timings removed (the model file is
# checked through transform's output), so two builds can be
# compared byte for byte:
#
#	bench/identity.sh /tmp/old /tmp/out-old
#	bench/identity.sh /tmp/new /tmp/out-new
#	diff -r /tmp/out-old /tmp/out-new
#
# The corpora are read from ../shared/corpora beside the repository, or
# from $CORPORA when it is set (from a git worktree elsewhere).
set -euo pipefail
bin=$(realpath "$1")
out=$2
corpora=${CORPORA:-$(dirname "$0")/../../shared/corpora}
corpora=$(realpath "$corpora")
mkdir -p "$out"
cd "$out"
n() { "$bin" "$@" 2>>stderr.log >/dev/null; }

for c in bbc reuters; do
	n vectorize --mtx $c.mtx --vocab $c.vocab --docs $c.docs --tokens $c.tokens "$corpora/$c"
	n fit -k 10 --json $c.fit.json --doc-topics $c.fit.csv --save $c.model "$corpora/$c"
	n transform --model $c.model --doc-topics $c.transform.csv "$corpora/$c"
done
b=$corpora/bbc
n fit -k 5 --loss kl --json bbc.kl.json --doc-topics bbc.kl.csv "$b"
n fit -k 5 --loss kl --solver mu --max-iter 30 --json bbc.klmu.json "$b"
for s in mu als anls pgd; do
	n fit -k 5 --solver $s --max-iter 30 --json bbc.$s.json "$b"
done
n fit -k 5 --max-iter 30 --l1-w 0.01 --l2-h 0.01 --json bbc.pen.json "$b"
n fit -k 5 --max-iter 30 --solver mu --l1-h 0.01 --l2-w 0.01 --json bbc.penmu.json "$b"
n fit -k 5 --max-iter 30 --nsnmf-theta 0.3 --json bbc.nsnmf.json "$b"
n fit -k 5 --max-iter 30 --solver mu --nsnmf-theta 0.3 --json bbc.nsnmfmu.json "$b"
n fit -k 5 --max-iter 30 --graph-lambda 0.5 --graph-neighbors 5 --json bbc.graph.json "$b"
n fit -k 5 --max-iter 30 --loss kl --solver mu --graph-lambda 0.5 --graph-neighbors 5 --json bbc.graphkl.json "$b"
n fit -k 5 --max-iter 20 --restarts 2 --json bbc.restarts.json "$b"
n fit -k 5 --init random --max-iter 30 --json bbc.random.json "$b"
n fit -k 5 --init nndsvd --max-iter 30 --json bbc.nndsvd.json "$b"
n fit -k 5 --online --json bbc.online.json --doc-topics bbc.online.csv "$b"
n factor -k 8 --w-out bbc.w.mtx --h-out bbc.h.mtx --json bbc.factor.json bbc.mtx
n factor -k 8 --loss kl --max-iter 30 --w-out bbc.klw.mtx --h-out bbc.klh.mtx bbc.mtx
n factor -k 8 --online --w-out bbc.onw.mtx --h-out bbc.onh.mtx bbc.mtx
n sweep -k 3:5 --json bbc.sweep.json "$b"
# The model file is read back by transform, whose output is compared.
rm -f stderr.log ./*.model
# Timings differ run to run; everything else must not.
for f in *.json; do
	python3 - "$f" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("seconds", "timings")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
p = sys.argv[1]
with open(p) as f:
    v = json.load(f)
with open(p, "w") as f:
    json.dump(strip(v), f, indent=1, sort_keys=False)
PY
done
