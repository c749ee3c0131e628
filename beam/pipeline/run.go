package pipeline

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Executor runs one pipeline to completion.
type Executor func(ctx context.Context, p *beam.Pipeline) error

// RunnerExecutor runs pipelines on a registered Beam runner ("prism",
// "flink", "dataflow", "universal"), with Beam's flags (--endpoint,
// --project, ...) as parsed.
func RunnerExecutor(runner string) Executor {
	return func(ctx context.Context, p *beam.Pipeline) error {
		_, err := beam.Run(ctx, runner, p)
		return err
	}
}

// Epoch is one epoch of a run.
type Epoch struct {
	Epoch int `json:"epoch"`
	// Objective is the loss of X ≈ W H with the W the epoch started from
	// and the H the shards solved against it (Config.Project).
	Objective float64 `json:"objective"`
	Seconds   float64 `json:"seconds"`
}

// Metrics measure the final W: H is solved for every document against it
// (Config.Evaluate) and X ≈ WH is measured.
type Metrics struct {
	Objective         float64 `json:"objective"` // the loss minimized: FrobeniusHalfSq or KL
	FrobeniusHalfSq   float64 `json:"frobenius_half_sq"`
	KL                float64 `json:"kl"`
	RelativeError     float64 `json:"relative_error"`
	ExplainedVariance float64 `json:"explained_variance"`
	SparsityW         float64 `json:"sparsity_w"`
}

// Timings are a run's stages, in seconds of wall time.
type Timings struct {
	Vocabulary float64 `json:"vocabulary"`
	Shards     float64 `json:"shards"`
	Start      float64 `json:"start"`
	Epochs     float64 `json:"epochs"`
	Evaluate   float64 `json:"evaluate"`
	Total      float64 `json:"total"`
}

// Result is a fit: the vocabulary, W, and how it was reached.
type Result struct {
	Vocabulary *vectorize.Vocabulary `json:"-"`
	Summary    corpus.Summary        `json:"summary"`
	Documents  int                   `json:"documents"`
	Terms      int                   `json:"terms"`
	NNZ        int                   `json:"nnz"`
	Shards     []int                 `json:"shard_documents"` // documents per shard
	W          *mat.Dense            `json:"-"`
	Trace      []Epoch               `json:"trace"`
	Metrics    Metrics               `json:"metrics"`
	Timings    Timings               `json:"timings"`
}

// Run fits the corpus of cfg with Beam pipelines run by exec, the driver
// looping over epochs:
//
//  1. vocabulary: list and analyze the documents, sum document and corpus
//     frequencies and surface-form counts with a combiner; the driver
//     builds the vocabulary with vectorize.NewVocabulary;
//  2. shards: group the documents into Config.Shards shards and write
//     each shard's X_b (vectorize.Count and Vocabulary.Matrix);
//  3. start: the driver makes W₀, NNDSVDA of shard 0's X_b;
//  4. each epoch: a pipeline with W as a side input, in which every shard
//     solves its H_b and emits its nmf.Stats; CombinePerKey sums them and
//     the driver updates W from the sums (nmf.Stats.UpdateW), so an epoch
//     is one alternating step over the whole corpus;
//  5. evaluate: one more pass solves H against the final W and measures
//     the loss.
func Run(ctx context.Context, cfg Config, exec Executor) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	begin := time.Now()
	if err := checkLocalInput(ctx, cfg.Input); err != nil {
		return nil, err
	}
	d := newDriver(cfg, exec)
	if !cfg.KeepWork {
		defer d.removeWork(context.WithoutCancel(ctx))
	}
	if err := d.writeSettings(ctx); err != nil {
		return nil, err
	}
	vocabPath, err := d.vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	active, err := d.shards(ctx, vocabPath)
	if err != nil {
		return nil, err
	}
	w, err := d.start(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.epochs(ctx, active, w); err != nil {
		return nil, err
	}
	if err := d.evaluate(ctx, active, w); err != nil {
		return nil, err
	}
	d.res.Timings.Total = time.Since(begin).Seconds()
	return d.res, nil
}

// checkLocalInput lists a local corpus, so that a wrong path is reported
// before any pipeline starts. A remote corpus is listed by the pipelines
// only.
func checkLocalInput(ctx context.Context, input string) error {
	if isRemote(input) {
		return nil
	}
	_, err := listInput(ctx, input)
	return err
}

// lap starts timing a stage; calling what it returns stores the stage's
// seconds in *t.
func lap(t *float64) func() {
	start := time.Now()
	return func() { *t = time.Since(start).Seconds() }
}

// checkRank checks k against the vocabulary and the corpus.
func checkRank(cfg Config, terms, docs int) error {
	if cfg.K > min(terms, docs) {
		return fmt.Errorf("-k %d: the corpus has %d terms and %d documents, k must be at most %d", cfg.K, terms, docs, min(terms, docs))
	}
	return nil
}

// setVocabulary chooses the vocabulary of counts by cfg's rules (the
// local code's own), records it and the corpus's size in res, and checks
// that k fits: the one step Run and LocalFit share after counting.
func (res *Result) setVocabulary(counts *vectorize.Counts, cfg Config) (*vectorize.Vocabulary, error) {
	vocab, err := vectorize.NewVocabulary(counts, cfg.Vocabulary)
	if err != nil {
		return nil, err
	}
	res.Vocabulary, res.Summary, res.Documents, res.Terms = vocab, counts.Summary, len(counts.Docs), len(vocab.Terms)
	return vocab, checkRank(cfg, res.Terms, res.Documents)
}

// startW returns W₀: NNDSVDA of shard 0's columns (as the online fit starts
// from its first batch), from cfg.Seed.
func startW(ctx context.Context, x0 *sparse.CSC, cfg Config) (*mat.Dense, error) {
	n0 := 0
	if x0 != nil {
		_, n0 = x0.Dims()
	}
	if n0 < cfg.K || x0.NNZ() == 0 {
		return nil, fmt.Errorf("--shards %d: shard 0 holds %d documents, fewer than k = %d (or no term of the vocabulary), and W starts from it; use fewer shards", cfg.Shards, n0, cfg.K)
	}
	s := nmf.DefaultSettings()
	s.MaxIter, s.Init, s.Seed = 0, nmf.NNDSVDA, cfg.Seed
	r, err := nmf.Factorize(ctx, x0, cfg.K, cfg.Method(), s)
	if err != nil {
		return nil, fmt.Errorf("start from shard 0: %w", err)
	}
	return r.W, nil
}

// updateW sets W from the corpus's statistics: with no forgetting they
// are those of the whole corpus, so W gets its exact update (KL) or
// Config.Sweeps sweeps of coordinate descent towards it (Frobenius).
func updateW(s *nmf.Stats, w *mat.Dense, cfg Config) error {
	return s.UpdateW(w, cfg.Method(), cfg.Sweeps, s.Docs)
}

// advance ends an epoch: it returns the epoch's objective, measured with
// the W the epoch started from, and then updates w from the epoch's
// statistics.
func advance(p Partial, w *mat.Dense, cfg Config) (float64, error) {
	obj := epochObjective(p, cfg.Loss, w)
	return obj, updateW(&p.Stats, w, cfg)
}

// epochObjective is the loss of an epoch, with the W it started from and
// the H its shards solved: for the Frobenius loss it follows from the
// statistics (see frobenius), for KL the shards measured it.
func epochObjective(p Partial, loss nmf.Loss, w *mat.Dense) float64 {
	if loss == nmf.KL {
		return p.KL
	}
	return frobenius(&p.Stats, p.SumSq, w)
}

// frobenius is ½‖X − WH‖²_F = ½(‖X‖² − 2⟨W, A⟩ + ⟨WᵀW, B⟩) from the
// Frobenius statistics A = XHᵀ and B = HHᵀ: O(m·k²), nothing per document.
func frobenius(s *nmf.Stats, sumSq float64, w *mat.Dense) float64 {
	m, k := w.Dims()
	var wa float64
	for i := range m {
		row, a := w.RawRowView(i), s.A[i*k:(i+1)*k]
		for t, v := range row {
			wa += v * a[t]
		}
	}
	var g mat.Dense
	g.Mul(w.T(), w)
	var gb float64
	for t := range k {
		for u := range k {
			gb += g.At(t, u) * s.B[t*k+u]
		}
	}
	return 0.5 * (sumSq - 2*wa + gb)
}

func objective(p Partial, loss nmf.Loss) float64 {
	if loss == nmf.KL {
		return p.KL
	}
	return p.Frobenius
}

func metrics(p Partial, loss nmf.Loss, w *mat.Dense) Metrics {
	m := Metrics{Objective: objective(p, loss), FrobeniusHalfSq: p.Frobenius, KL: p.KL, SparsityW: nmf.Hoyer(w)}
	if p.SumSq > 0 {
		m.RelativeError = math.Sqrt(2 * p.Frobenius / p.SumSq)
		m.ExplainedVariance = 1 - 2*p.Frobenius/p.SumSq
	}
	return m
}

// TopWords returns each topic's n heaviest terms by their surface form.
func TopWords(w *mat.Dense, v *vectorize.Vocabulary, n int) [][]string {
	m, k := w.Dims()
	out := make([][]string, k)
	rows := make([]int, m)
	for t := range k {
		for i := range rows {
			rows[i] = i
		}
		sort.SliceStable(rows, func(a, b int) bool { return w.At(rows[a], t) > w.At(rows[b], t) })
		for _, i := range rows[:min(n, m)] {
			if w.At(i, t) > 0 {
				out[t] = append(out[t], v.Surface[i])
			}
		}
	}
	return out
}
