package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

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
	x, x0, err := res.localMatrices(ctx, cfg)
	if err != nil {
		return nil, err
	}
	w, err := startW(ctx, x0, cfg)
	if err != nil {
		return nil, err
	}
	res.Timings.Vocabulary = time.Since(begin).Seconds()
	if err := res.localEpochs(ctx, cfg, x, w); err != nil {
		return nil, err
	}
	if err := res.localEvaluate(ctx, cfg, x, w); err != nil {
		return nil, err
	}
	res.Timings.Total = time.Since(begin).Seconds()
	return res, nil
}

// localDocuments lists the corpus, and the documents of shard 0 apart.
func localDocuments(ctx context.Context, cfg Config) (all, first []corpus.Document, err error) {
	refs, err := listInput(ctx, cfg.Input)
	if err != nil {
		return nil, nil, err
	}
	all = make([]corpus.Document, len(refs))
	for i, r := range refs {
		all[i] = r.document(nil)
		if r.Index%cfg.Shards == 0 {
			first = append(first, all[i])
		}
	}
	return all, first, nil
}

// localMatrices counts the corpus, chooses its vocabulary (recorded in
// res) and returns X, the whole corpus weighed by it, and X₀, shard 0's
// documents weighed by it: nil when shard 0 holds only empty files.
func (res *Result) localMatrices(ctx context.Context, cfg Config) (x, x0 *sparse.CSC, err error) {
	all, first, err := localDocuments(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	analyzer, err := vectorize.NewAnalyzer(cfg.Analysis)
	if err != nil {
		return nil, nil, err
	}
	counts, err := vectorize.Count(ctx, all, analyzer, vectorize.CountOptions{})
	if err != nil {
		return nil, nil, err
	}
	vocab, err := res.setVocabulary(counts, cfg)
	if err != nil {
		return nil, nil, err
	}
	x = vocab.Matrix(counts)
	res.NNZ = x.NNZ()
	c0, err := vectorize.Count(ctx, first, analyzer, vectorize.CountOptions{})
	if err != nil && !errors.Is(err, corpus.ErrNoDocuments) {
		return nil, nil, err
	}
	if c0 != nil {
		x0 = vocab.Matrix(c0)
	}
	return x, x0, nil
}

// localEpochs runs Config.Epochs epochs on the whole of X, updating w,
// and records each epoch's objective.
func (res *Result) localEpochs(ctx context.Context, cfg Config, x *sparse.CSC, w *mat.Dense) error {
	defer lap(&res.Timings.Epochs)()
	for e := range cfg.Epochs {
		t := time.Now()
		p, err := shardPartial(ctx, x, factorOf(w), cfg.Loss, cfg.Project, cfg.Loss == nmf.KL)
		if err != nil {
			return err
		}
		obj, err := advance(p, w, cfg)
		if err != nil {
			return err
		}
		res.Trace = append(res.Trace, Epoch{Epoch: e + 1, Objective: obj, Seconds: time.Since(t).Seconds()})
	}
	return nil
}

// localEvaluate solves H for the whole of X against the final W and
// records W and its metrics.
func (res *Result) localEvaluate(ctx context.Context, cfg Config, x *sparse.CSC, w *mat.Dense) error {
	defer lap(&res.Timings.Evaluate)()
	p, err := shardPartial(ctx, x, factorOf(w), cfg.Loss, cfg.Evaluate, true)
	if err != nil {
		return err
	}
	res.W = w
	res.Metrics = metrics(p, cfg.Loss, w)
	return nil
}
