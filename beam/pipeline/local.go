package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/james-bowman/sparse"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// LocalFit is the reference the pipeline is checked against: the same
// epochs on one machine, without Beam. The corpus is counted whole by
// vectorize.Count and its vocabulary built by vectorize.NewVocabulary, X is
// held whole, W starts from NNDSVDA of the same documents (shard 0's), and
// each epoch solves H for all of X and updates W from the statistics of
// all of X at once. It takes a local Input only.
func LocalFit(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Work == "" {
		cfg.Work = "-" // not used
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if isRemote(cfg.Input) {
		return nil, fmt.Errorf("--input %s: the local reference reads local files only", cfg.Input)
	}
	begin := time.Now()
	res := &Result{}
	refs, err := listInput(ctx, cfg.Input)
	if err != nil {
		return nil, err
	}
	docs := make([]corpus.Document, len(refs))
	var first []corpus.Document // shard 0
	for i, r := range refs {
		docs[i] = r.document(nil)
		if r.Index%cfg.Shards == 0 {
			first = append(first, docs[i])
		}
	}
	analyzer, err := vectorize.NewAnalyzer(cfg.Analysis)
	if err != nil {
		return nil, err
	}
	counts, err := vectorize.Count(ctx, docs, analyzer, vectorize.CountOptions{})
	if err != nil {
		return nil, err
	}
	vocab, err := res.setVocabulary(counts, cfg)
	if err != nil {
		return nil, err
	}
	x := vocab.Matrix(counts)
	res.NNZ = x.NNZ()
	c0, err := vectorize.Count(ctx, first, analyzer, vectorize.CountOptions{})
	if err != nil && !errors.Is(err, corpus.ErrNoDocuments) {
		return nil, err
	}
	var x0 *sparse.CSC // nil when shard 0 holds only empty files
	if c0 != nil {
		x0 = vocab.Matrix(c0)
	}
	w, err := startW(ctx, x0, cfg)
	if err != nil {
		return nil, err
	}
	res.Timings.Vocabulary = time.Since(begin).Seconds()
	start := time.Now()
	for e := range cfg.Epochs {
		t := time.Now()
		p, err := shardPartial(ctx, x, factorOf(w), cfg.Loss, cfg.Project, cfg.Loss == nmf.KL)
		if err != nil {
			return nil, err
		}
		obj := epochObjective(p, cfg.Loss, w)
		if err := updateW(&p.Stats, w, cfg); err != nil {
			return nil, err
		}
		res.Trace = append(res.Trace, Epoch{Epoch: e + 1, Objective: obj, Seconds: time.Since(t).Seconds()})
	}
	res.Timings.Epochs = time.Since(start).Seconds()
	start = time.Now()
	p, err := shardPartial(ctx, x, factorOf(w), cfg.Loss, cfg.Evaluate, true)
	if err != nil {
		return nil, err
	}
	res.W = w
	res.Metrics = metrics(p, cfg.Loss, w)
	res.Timings.Evaluate = time.Since(start).Seconds()
	res.Timings.Total = time.Since(begin).Seconds()
	return res, nil
}
