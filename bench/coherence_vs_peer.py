#!/usr/bin/python3
"""Coherence of nmftopics against gensim's CoherenceModel, on the same tokens
and the same topics, and the time of each.

For a corpus and k: `nmftopics fit -k K --json` gives the topics and their
coherence (umass, uci, npmi, cv) computed on the training tokens;
`nmftopics vectorize --tokens` writes those tokens; the topics' stems go to
a topics file; then gensim (../shared/peers/coherence_peer.py) and
`nmftopics coherence` score the same topics on the same tokens. Reported:
the largest absolute difference per measure between gensim and fit, and
between gensim and the coherence command; gensim's seconds per measure and
in all; ours for all four (the command's own timing and its whole process).

Usage: coherence_vs_peer.py NMFTOPICS_BINARY CORPUS_DIR K
"""
import json, os, subprocess, sys, tempfile, time

PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers", "coherence_peer.py")
NAMES = {"umass": "u_mass", "uci": "c_uci", "npmi": "c_npmi", "cv": "c_v"}


def main():
    binary, corpus, k = sys.argv[1], sys.argv[2], sys.argv[3]
    tmp = tempfile.mkdtemp()
    tokens, topics, fitj, cohj = (os.path.join(tmp, n) for n in ("tokens.txt", "topics.txt", "fit.json", "coh.json"))
    subprocess.run([binary, "vectorize", "--tokens", tokens, corpus], check=True, capture_output=True)
    subprocess.run([binary, "fit", "-k", k, "--json", fitj, corpus], check=True, capture_output=True)
    fit = json.load(open(fitj))
    with open(topics, "w") as f:
        for t in fit["topics"]:
            f.write(" ".join(w["stem"] for w in t["words"]) + "\n")
    t0 = time.perf_counter()
    subprocess.run([binary, "coherence", "--texts", tokens, "--topics", topics, "--json", cohj], check=True, capture_output=True)
    ours_process = time.perf_counter() - t0
    coh = json.load(open(cohj))
    peer = json.loads(subprocess.run(["/usr/bin/python3", PEER, tokens, topics], check=True, capture_output=True, text=True).stdout)
    out = dict(corpus=os.path.basename(os.path.normpath(corpus)), k=int(k), documents=fit["documents"], measures={},
               ours_seconds_all_four=max(m["seconds"] for m in coh["measures"].values()),
               ours_process_seconds=ours_process,
               gensim_seconds_all_four=sum(m["seconds"] for m in peer["measures"].values()))
    for ours, theirs in NAMES.items():
        g = peer["measures"][theirs]["per_topic"]
        f = [t["coherence"][ours] for t in fit["topics"]]
        c = coh["measures"][ours]["per_topic"]
        out["measures"][ours] = dict(gensim_mean=peer["measures"][theirs]["mean"], fit_mean=fit["metrics"]["coherence"][ours],
                                     max_abs_diff_fit=max(abs(a - b) for a, b in zip(f, g)),
                                     max_abs_diff_command=max(abs(a - b) for a, b in zip(c, g)),
                                     gensim_seconds=peer["measures"][theirs]["seconds"])
    out["speedup"] = out["gensim_seconds_all_four"] / out["ours_seconds_all_four"]
    out["speedup_whole_process"] = out["gensim_seconds_all_four"] / ours_process
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
