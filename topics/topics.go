package topics

import (
	"context"
	"errors"
	"fmt"
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
	Input      corpus.Layout      // how the documents were read (format, fields); kept in the model
	Vocabulary vectorize.Options  // DF filters and weighting
	Method     nmf.Method         // loss and solver
	Settings   nmf.Settings       // iterations, tolerance, start, seed
	Top        int                // words shown (and scored) per topic
	TopDocs    int                // documents listed per topic (Topic.Documents)
	Workers    int                // documents analyzed at once; 0: GOMAXPROCS
	// Coherence lists the coherence measures to score the topics with,
	// over the training documents (or CoherenceDocs when set).
	Coherence     []coherence.Measure
	CoherenceDocs []corpus.Document
	// Progress, when set, is told of each stage and each iteration.
	Progress func(Progress)
}

// DefaultOptions are 10 topics, English analysis, scikit-learn's TF-IDF
// with sublinear tf, HALS on the Frobenius loss from NNDSVDA, 10 words per
// topic: DefaultOptionsFor(nmf.Frobenius).
func DefaultOptions() Options { return DefaultOptionsFor(nmf.Frobenius) }

// DefaultOptionsFor returns the defaults for a loss: its default method,
// and sublinear tf (1 + ln count) for the Frobenius loss only, which gave
// each document's heaviest topic a better agreement with its class on
// news posts, bbc and reuters, where the KL loss did as well or better on
// raw counts. The KL loss stops at tolerance 1e-3 (1e-4 for Frobenius):
// its coordinate descent keeps lowering the objective by a few tenths of
// a percent per ten iterations long after it has passed scikit-learn's
// final KL; at 1e-3 it stops after 30–50 iterations instead of 60–70,
// within 0.17% of where 1e-4 ends and 0.5–0.8% below scikit-learn's MU-KL
// (bbc, reuters, 20,000 IMDB reviews; k = 20).
func DefaultOptionsFor(loss nmf.Loss) Options {
	opt := Options{K: 10, Analysis: vectorize.DefaultSettings(), Vocabulary: vectorize.DefaultOptions(),
		Method: nmf.DefaultMethod(loss), Settings: nmf.DefaultSettings(), Top: 10, TopDocs: 10,
		Coherence: []coherence.Measure{coherence.UMass, coherence.UCI, coherence.NPMI, coherence.CV}}
	opt.Vocabulary.Sublinear = loss == nmf.Frobenius
	if loss == nmf.KL {
		opt.Settings.Tol = 1e-3
	}
	return opt
}

// progress returns opt.Progress, or a function that does nothing.
func (opt Options) progress() func(Progress) {
	if opt.Progress == nil {
		return func(Progress) {}
	}
	return opt.Progress
}

// top returns the number of words shown per topic (10 when not set).
func (opt Options) top() int {
	if opt.Top <= 0 {
		return 10
	}
	return opt.Top
}

// Progress reports where a fit is.
type Progress struct {
	Stage     string // "analyze", "factorize", "project", "coherence", "done"
	Documents int    // documents read so far (analyze)
	Iteration int    // iterations done (factorize)
	Objective float64
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
// to give topic weights to new documents. It is what Save writes and Load
// reads.
type Model struct {
	Analysis vectorize.Settings `json:"analysis"`
	// Input is how the training documents were read, so that documents
	// given later are read the same way (a model saved before it was kept
	// has the zero Layout: the default reading).
	Input      corpus.Layout         `json:"input,omitzero"`
	Vocabulary *vectorize.Vocabulary `json:"vocabulary"`
	Method     nmf.Method            `json:"method"`
	K          int                   `json:"k"`
	W          *mat.Dense            `json:"-"` // terms × k
	Documents  []Document            `json:"documents"`
	H          *mat.Dense            `json:"-"` // k × documents; nil for a model fitted online
	Topics     []Topic               `json:"topics"`
	Metrics    Metrics               `json:"metrics"`
	// Run is the record of the fit that made the model, as a report page
	// shows it; zero for a model saved before it was kept.
	Run RunRecord `json:"run,omitzero"`
}

// RunRecord is what a model keeps of the fit that made it.
type RunRecord struct {
	Iterations int `json:"iterations"` // of the factorization; an online fit's batches
	// Skipped counts the documents and paths left out of the corpus by
	// kind (corpus.Summary.Counts): those reading left out, to which a
	// caller that listed the corpus adds those listing left out.
	Skipped map[string]int `json:"skipped,omitempty"`
}

// Result is what a fit gives: the model, the report of the run, and the
// documents its coherence was scored over.
type Result struct {
	Model  *Model
	Report Report
	// Reference holds the tokens of the documents coherence is scored
	// over (the training documents, Options.CoherenceDocs, or an online
	// fit's sample; empty when an online fit scored none), for scoring
	// the topics again (Model.ScoreCoherence) without reading them again.
	Reference Reference
}

// Report is the account of a fit's run: how it went and what it read. It
// is not part of the model (Save does not write it).
type Report struct {
	Iterations int    `json:"iterations"` // of the factorization; an online fit's batches
	Status     string `json:"status"`
	// Restarts holds every run's final objective when the fit had
	// restarts (nmf.Settings.Restarts), and Run the one kept.
	Restarts []float64      `json:"restarts,omitempty"`
	Run      int            `json:"run,omitempty"`
	Seconds  float64        `json:"seconds"` // the factorization's own time
	Timings  Timings        `json:"timings"`
	Summary  corpus.Summary `json:"summary"`
	NNZ      int            `json:"nnz"` // non-zeros of the TF-IDF matrix
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
func Fit(ctx context.Context, docs []corpus.Document, opt Options) (*Result, error) {
	progress := opt.progress()
	if opt.K < 1 {
		return nil, fmt.Errorf("k = %d: %w (must be 1 or more)", opt.K, ErrRank)
	}
	progress(Progress{Stage: "analyze"})
	clock := newStopwatch()
	_, counts, vocab, err := analyze(ctx, docs, opt, vectorize.CountOptions{KeepTokens: true}, progress)
	if err != nil {
		return nil, err
	}
	x, err := trainingMatrix(counts, vocab, opt.K)
	if err != nil {
		return nil, err
	}
	clock.lap(&clock.Analyze)
	f, err := factorize(ctx, x, opt, progress)
	if err != nil {
		return nil, err
	}
	clock.lap(&clock.Factorize)
	progress(Progress{Stage: "project"})
	model, err := explain(ctx, x, f, opt, vocab, counts.Docs)
	if err != nil {
		return nil, err
	}
	clock.lap(&clock.Project)
	ref := Reference{Tokens: counts.Tokens, Terms: counts.Terms}
	if ref, err = model.scoreFit(ctx, ref, opt, progress); err != nil {
		return nil, err
	}
	clock.lap(&clock.Coherence)
	progress(Progress{Stage: "done"})
	model.Run = RunRecord{Iterations: f.Iterations, Skipped: counts.Summary.Counts()}
	report := Report{Iterations: f.Iterations, Status: f.Status.String(), Restarts: f.Restarts, Run: f.Run,
		Seconds: f.Seconds, Timings: clock.Timings, Summary: counts.Summary, NNZ: x.NNZ()}
	return &Result{Model: model, Report: report, Reference: ref}, nil
}

// trainingMatrix returns the TF-IDF matrix of counts over vocab, prepared
// for nmf, and checks that k fits it.
//
// X is built by rows and handed to nmf without a copy; the counts of each
// document are dropped before nmf adds the transpose, so memory never
// holds X more than twice (by rows and by columns, as the factorization
// needs) plus the tokens. Factorize, project and evaluate share the one
// prepared X.
func trainingMatrix(counts *vectorize.Counts, vocab *vectorize.Vocabulary, k int) (*nmf.Matrix, error) {
	ptr, idx, val := vocab.Rows(counts)
	nDocs := len(counts.ColPtr) - 1
	counts.ColPtr, counts.ColTerm, counts.ColCount = nil, nil, nil
	x, err := nmf.NewMatrixRows(len(vocab.Terms), nDocs, ptr, idx, val)
	if err != nil {
		return nil, err
	}
	if m, n := x.Dims(); k > min(m, n) {
		return nil, fmt.Errorf("k = %d: %w: the corpus has %d terms and %d documents, k must be at most %d", k, ErrRank, m, n, min(m, n))
	}
	return x, nil
}

// factorize runs opt's factorization of x, telling progress of each
// iteration; a cancelled run returns ctx's error.
func factorize(ctx context.Context, x *nmf.Matrix, opt Options, progress func(Progress)) (*nmf.Result, error) {
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
	return res, nil
}

// explain returns the model of the factorization f of x: its documents'
// weights, topics and metrics.
//
// The model's documents are explained by W S for nsNMF (W otherwise);
// their weights are solved against it, as Transform solves new ones. With
// a graph term the weights come from the factorization itself: the graph
// links the corpus's documents, and a projection, which sees one document
// at a time, would drop it.
func explain(ctx context.Context, x *nmf.Matrix, f *nmf.Result, opt Options, vocab *vectorize.Vocabulary, docs []corpus.Document) (*Model, error) {
	wModel := opt.Method.Smoothed(f.W)
	h := f.H
	if !opt.Method.Graph() {
		var err error
		if h, err = nmf.Project(ctx, x, wModel, opt.Method.Projection(), nmf.DefaultProjectSettings()); err != nil {
			return nil, err
		}
	}
	metrics, err := nmf.EvaluateContext(ctx, x, wModel, h)
	if err != nil {
		return nil, err
	}
	metrics.SparsityW = nmf.Hoyer(f.W)
	model := &Model{Analysis: opt.Analysis, Input: opt.Input, Vocabulary: vocab, Method: opt.Method, K: opt.K, W: f.W, H: h, Documents: documents(docs)}
	ranking := newDocumentRanking(opt.K, opt.TopDocs)
	ranking.addColumns(h, 0)
	model.describe(opt.top(), metrics, ranking)
	return model, nil
}

// documents returns the model's records of docs.
func documents(docs []corpus.Document) []Document {
	var out []Document
	for _, d := range docs {
		out = append(out, Document{ID: d.ID, Label: d.Label})
	}
	return out
}

// describe sets the model's topics (top words per topic, share and
// heaviest documents, from ranking) and its metrics: those of the
// factorization, and the diversity of the topics' top 10.
func (m *Model) describe(top int, metrics nmf.Metrics, ranking *documentRanking) {
	m.Topics = m.TopWords(top)
	ranking.describe(m.Topics, m.Documents, m.W)
	m.Metrics = Metrics{Metrics: metrics, Diversity: diversity(m.TopWords(10))}
}

// scoreFit scores the topics of a fit by opt.Coherence over opt's
// CoherenceDocs, or over training when they are not given, and returns
// the reference it scored them on. Scoring needs pairs of words.
func (m *Model) scoreFit(ctx context.Context, training Reference, opt Options, progress func(Progress)) (Reference, error) {
	if len(opt.Coherence) == 0 || opt.top() < 2 {
		return training, nil
	}
	progress(Progress{Stage: "coherence"})
	ref := training
	if opt.CoherenceDocs != nil {
		var err error
		if ref, err = m.NewReference(ctx, opt.CoherenceDocs, opt.Workers); err != nil {
			return Reference{}, err
		}
	}
	return ref, m.ScoreCoherence(ctx, ref, opt.Coherence)
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
