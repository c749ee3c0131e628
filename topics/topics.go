package topics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/coherence"
	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Options are the settings of a fit: analysis, vocabulary, factorization
// and presentation.
type Options struct {
	K          int                // number of topics
	Analysis   vectorize.Settings // tokens, stop words, stemming
	Vocabulary vectorize.Options  // DF filters and weighting
	Method     nmf.Method         // loss and solver
	Settings   nmf.Settings       // iterations, tolerance, start, seed
	Top        int                // words shown (and scored) per topic
	Workers    int                // documents analyzed at once; 0: GOMAXPROCS
	// Coherence lists the coherence measures to score the topics with,
	// over the training documents (or CoherenceDocs when set).
	Coherence     []coherence.Measure
	CoherenceDocs []corpus.Document
	// Progress, when set, is told of each stage and each iteration.
	Progress func(Progress)
}

// DefaultOptions are 10 topics, English analysis, scikit-learn's TF-IDF,
// HALS on the Frobenius loss from NNDSVDA, 10 words per topic.
func DefaultOptions() Options {
	return Options{K: 10, Analysis: vectorize.DefaultSettings(), Vocabulary: vectorize.DefaultOptions(),
		Method: nmf.DefaultMethod(nmf.Frobenius), Settings: nmf.DefaultSettings(), Top: 10,
		Coherence: []coherence.Measure{coherence.UMass, coherence.UCI, coherence.NPMI, coherence.CV}}
}

// Progress reports where a fit is.
type Progress struct {
	Stage     string // "analyze", "factorize", "project", "coherence", "done"
	Documents int    // documents read so far (analyze)
	Iteration int    // iterations done (factorize)
	Objective float64
}

// Word is one word of a topic: its most frequent surface form, the stem the
// model counts, and its weight in the topic (its entry of W).
type Word struct {
	Term   string  `json:"term"`
	Stem   string  `json:"stem"`
	Weight float64 `json:"weight"`
}

// Topic is a column of W, read as its heaviest words.
type Topic struct {
	ID    int    `json:"id"`
	Words []Word `json:"words"`
	// Coherence holds the topic's score by each measure (see package
	// coherence), keyed by measure name.
	Coherence map[string]float64 `json:"coherence"`
}

// Document is a column of H: a document the model was fitted on.
type Document struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Metrics measure a fitted model.
type Metrics struct {
	nmf.Metrics
	// Coherence holds the mean over topics of each measure.
	Coherence map[string]float64 `json:"coherence"`
	// Diversity is the share of distinct words among the topics' top 10.
	Diversity float64 `json:"diversity"`
}

// Model is a fitted topic model: everything needed to print its topics and
// to give topic weights to new documents.
type Model struct {
	Analysis   vectorize.Settings    `json:"analysis"`
	Vocabulary *vectorize.Vocabulary `json:"vocabulary"`
	Method     nmf.Method            `json:"method"`
	K          int                   `json:"k"`
	W          *mat.Dense            `json:"-"` // terms × k
	Documents  []Document            `json:"documents"`
	H          *mat.Dense            `json:"-"` // k × documents, from nmf.Project with W fixed
	Topics     []Topic               `json:"topics"`
	Metrics    Metrics               `json:"metrics"`

	Iterations int    `json:"iterations"`
	Status     string `json:"status"`
	// Restarts holds every run's final objective when the fit had
	// restarts (nmf.Settings.Restarts), and Run the one kept.
	Restarts []float64      `json:"restarts,omitempty"`
	Run      int            `json:"run,omitempty"`
	Seconds  float64        `json:"seconds"` // the factorization's own time
	Timings  Timings        `json:"timings"`
	Summary  corpus.Summary `json:"summary"`
	NNZ      int            `json:"nnz"`

	// Tokens are the training documents' token sequences (indices into
	// TokenTerms), kept after a fit for coherence; not saved.
	Tokens     [][]int32 `json:"-"`
	TokenTerms []string  `json:"-"`

	// Online learning (PartialFit): its state, the analyzer its batches
	// go through, and how many documents are analyzed at once.
	online   *nmf.Online
	analyzer *vectorize.Analyzer
	workers  int
}

// Timings are the wall seconds of a fit's stages.
type Timings struct {
	Analyze   float64 `json:"analyze"`   // list, read, analyze, vocabulary and X
	Factorize float64 `json:"factorize"` // start and iterations
	Project   float64 `json:"project"`   // document weights and metrics
	Coherence float64 `json:"coherence"`
	Total     float64 `json:"total"`
}

// ErrRank is returned when k does not fit the corpus.
var ErrRank = errors.New("invalid number of topics")

// Fit runs the whole pipeline on docs (from corpus.List, or in memory):
// analysis, TF-IDF, factorization, and the model's H by projection on the
// final W (so that Transform of the same documents gives it back).
func Fit(ctx context.Context, docs []corpus.Document, opt Options) (*Model, error) {
	progress := opt.Progress
	if progress == nil {
		progress = func(Progress) {}
	}
	if opt.K < 1 {
		return nil, fmt.Errorf("k = %d: %w (must be 1 or more)", opt.K, ErrRank)
	}
	progress(Progress{Stage: "analyze"})
	timings := newStopwatch()
	_, counts, vocab, err := analyze(ctx, docs, opt, vectorize.CountOptions{KeepTokens: true}, progress)
	if err != nil {
		return nil, err
	}
	// X is built by rows and handed to nmf without a copy; the counts of
	// each document are dropped before nmf adds the transpose, so memory
	// never holds X more than twice (by rows and by columns, as the
	// factorization needs) plus the tokens. Factorize, project and
	// evaluate share the one prepared X.
	ptr, idx, val := vocab.Rows(counts)
	nDocs := len(counts.ColPtr) - 1
	counts.ColPtr, counts.ColTerm, counts.ColCount = nil, nil, nil
	x, err := nmf.NewMatrixRows(len(vocab.Terms), nDocs, ptr, idx, val)
	if err != nil {
		return nil, err
	}
	if m, n := x.Dims(); opt.K > min(m, n) {
		return nil, fmt.Errorf("k = %d: %w: the corpus has %d terms and %d documents, k must be at most %d", opt.K, ErrRank, m, n, min(m, n))
	}
	timings.lap(&timings.Analyze)
	s := opt.Settings
	user := s.Recorder
	s.Recorder = func(p nmf.Progress) bool {
		progress(Progress{Stage: "factorize", Iteration: p.Iteration, Objective: p.Objective})
		return user != nil && user(p)
	}
	res, err := nmf.Factorize(ctx, x, opt.K, opt.Method, s)
	if err != nil {
		return nil, err
	}
	if res.Status == nmf.Cancelled {
		return nil, ctx.Err()
	}
	timings.lap(&timings.Factorize)
	progress(Progress{Stage: "project"})
	// The model's documents are explained by W S for nsNMF (W otherwise);
	// their weights are solved against it, as Transform solves new ones.
	// With a graph term the weights come from the factorization itself:
	// the graph links the corpus's documents, and a projection, which
	// sees one document at a time, would drop it.
	wModel := opt.Method.Smoothed(res.W)
	h := res.H
	if !opt.Method.Graph() {
		if h, err = nmf.Project(ctx, x, wModel, opt.Method.Projection(), nmf.DefaultProjectSettings()); err != nil {
			return nil, err
		}
	}
	metrics, err := nmf.EvaluateContext(ctx, x, wModel, h)
	if err != nil {
		return nil, err
	}
	metrics.SparsityW = nmf.Hoyer(res.W)
	model := &Model{Analysis: opt.Analysis, Vocabulary: vocab, Method: opt.Method, K: opt.K, W: res.W, H: h,
		Iterations: res.Iterations, Status: res.Status.String(), Seconds: res.Seconds, Restarts: res.Restarts, Run: res.Run,
		Summary: counts.Summary, NNZ: x.NNZ(), Tokens: counts.Tokens, TokenTerms: counts.Terms}
	for _, d := range counts.Docs {
		model.Documents = append(model.Documents, Document{ID: d.ID, Label: d.Label})
	}
	top := opt.Top
	if top <= 0 {
		top = 10
	}
	model.Topics = model.TopWords(top)
	model.Metrics = Metrics{Metrics: metrics, Diversity: diversity(model.TopWords(10))}
	timings.lap(&timings.Project)
	if len(opt.Coherence) > 0 && top >= 2 { // a measure needs pairs of words
		progress(Progress{Stage: "coherence"})
		ref := Reference{Tokens: counts.Tokens, Terms: counts.Terms}
		if opt.CoherenceDocs != nil {
			if ref, err = model.NewReference(ctx, opt.CoherenceDocs, opt.Workers); err != nil {
				return nil, err
			}
		}
		if err := model.ScoreCoherence(ctx, ref, opt.Coherence); err != nil {
			return nil, err
		}
	}
	timings.lap(&timings.Coherence)
	model.Timings = timings.Timings
	progress(Progress{Stage: "done"})
	return model, nil
}

// stopwatch times a fit's stages.
type stopwatch struct {
	Timings
	start time.Time
}

func newStopwatch() *stopwatch { return &stopwatch{start: time.Now()} }

// lap sets *stage to the time since the last lap and adds it to the total.
func (s *stopwatch) lap(stage *float64) {
	now := time.Now()
	*stage = now.Sub(s.start).Seconds()
	s.Total += *stage
	s.start = now
}

// analyze counts docs with opt's analysis (plus co's options) and chooses
// the vocabulary.
func analyze(ctx context.Context, docs []corpus.Document, opt Options, co vectorize.CountOptions, progress func(Progress)) (*vectorize.Analyzer, *vectorize.Counts, *vectorize.Vocabulary, error) {
	analyzer, err := vectorize.NewAnalyzer(opt.Analysis)
	if err != nil {
		return nil, nil, nil, err
	}
	co.Workers = opt.Workers
	co.Progress = func(n int) { progress(Progress{Stage: "analyze", Documents: n}) }
	counts, err := vectorize.Count(ctx, docs, analyzer, co)
	if err != nil {
		return nil, nil, nil, err
	}
	progress(Progress{Stage: "analyze", Documents: len(counts.Docs)})
	vocab, err := vectorize.NewVocabulary(counts, opt.Vocabulary)
	if err != nil {
		return nil, nil, nil, err
	}
	return analyzer, counts, vocab, nil
}

// TopWords returns each topic's n heaviest words (ties broken by stem).
func (m *Model) TopWords(n int) []Topic {
	terms, k := m.W.Dims()
	n = min(n, terms)
	topics := make([]Topic, k)
	order := make([]int, terms)
	for t := range k {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			wa, wb := m.W.At(a, t), m.W.At(b, t)
			switch {
			case wa > wb:
				return -1
			case wa < wb:
				return 1
			}
			return 0 // stems are sorted, so ties keep the smaller stem first
		})
		topics[t] = Topic{ID: t}
		for _, i := range order[:n] {
			topics[t].Words = append(topics[t].Words, Word{Term: m.Vocabulary.Surface[i], Stem: m.Vocabulary.Terms[i], Weight: m.W.At(i, t)})
		}
	}
	return topics
}

// diversity is the share of distinct stems among the topics' words.
func diversity(topics []Topic) float64 {
	seen := map[string]bool{}
	total := 0
	for _, t := range topics {
		for _, w := range t.Words {
			seen[w.Stem] = true
			total++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(len(seen)) / float64(total)
}

// Transform returns the topic weights (k × documents) of docs, analyzed and
// weighted as the model's own documents were, with W fixed; and the
// documents read (empty and binary files are left out).
func (m *Model) Transform(ctx context.Context, docs []corpus.Document) (*mat.Dense, []corpus.Document, error) {
	x, read, err := m.batchMatrix(ctx, docs)
	if err != nil {
		return nil, nil, err
	}
	h, err := nmf.Project(ctx, x, m.Method.Smoothed(m.W), m.Method.Projection(), nmf.DefaultProjectSettings())
	if err != nil {
		return nil, nil, err
	}
	return h, read, nil
}

// DocumentTopics returns h's columns normalized to sum 1 (a column of zeros,
// a document with no word of the vocabulary, stays zero).
func DocumentTopics(h mat.Matrix) [][]float64 {
	k, n := h.Dims()
	out := make([][]float64, n)
	for j := range n {
		row := make([]float64, k)
		sum := 0.0
		for t := range k {
			row[t] = h.At(t, j)
			sum += row[t]
		}
		if sum > 0 {
			for t := range row {
				row[t] /= sum
			}
		}
		out[j] = row
	}
	return out
}
