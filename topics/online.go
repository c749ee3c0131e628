package topics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// OnlineOptions control FitOnline.
type OnlineOptions struct {
	// BatchSize is the number of documents per batch (scikit-learn's
	// MiniBatchNMF uses 1024).
	BatchSize int
	// Passes is the number of passes of updates over the corpus.
	Passes int
	// Forget is the weight the statistics keep after a whole pass (each
	// batch discounts them by Forget^(batch/documents)); scikit-learn's
	// forget_factor, 0.7.
	Forget float64
	// CoherenceDocs is the number of documents (a fixed, evenly spaced
	// sample) whose tokens are held to score coherence, so that memory
	// does not grow with the corpus.
	CoherenceDocs int
}

// DefaultOnlineOptions are batches of 1024 documents, 3 passes, forgetting
// 0.7 per pass, coherence over 10,000 documents.
func DefaultOnlineOptions() OnlineOptions {
	return OnlineOptions{BatchSize: 1024, Passes: 3, Forget: 0.7, CoherenceDocs: 10000}
}

// Online learns a model's W from batches of documents fed in turn
// (PartialFit), in memory that does not grow with the documents seen.
type Online struct {
	// Model is the model learned: its W is updated by each batch (nil
	// until the first one for a model made by NewOnline); its Topics are
	// not (call Model.TopWords), and it keeps no H.
	Model *Model

	fit      *nmf.Online
	analyzer *vectorize.Analyzer // the one the batches go through
	workers  int                 // documents analyzed at once
}

// NewOnline returns an online fit over vocab with no topics yet: W is
// learned from batches of documents fed in turn, starting from
// opt.Settings' start (NNDSVD family or random) made from the first batch.
// Only the analysis, method, k, seed and workers of opt are used.
func NewOnline(vocab *vectorize.Vocabulary, opt Options, s nmf.OnlineSettings) (*Online, error) {
	if opt.K < 1 || opt.K > len(vocab.Terms) {
		return nil, fmt.Errorf("k = %d: %w: the vocabulary has %d terms", opt.K, ErrRank, len(vocab.Terms))
	}
	if opt.Method.Graph() || opt.Method.Theta != 0 {
		return nil, fmt.Errorf("an online fit has no graph or nsNMF term (--graph-*, --nsnmf-theta)")
	}
	if opt.Settings.Init == nmf.Custom {
		return nil, fmt.Errorf("an online fit starts from its first batch: no custom start (--init custom)")
	}
	s.Seed, s.Workers, s.Init = opt.Settings.Seed, opt.Settings.Workers, opt.Settings.Init
	fit, err := nmf.NewOnline(opt.K, opt.Method, s)
	if err != nil {
		return nil, err
	}
	analyzer, err := vectorize.NewAnalyzer(opt.Analysis)
	if err != nil {
		return nil, err
	}
	model := &Model{Analysis: opt.Analysis, Input: opt.Input, Vocabulary: vocab, Method: opt.Method, K: opt.K}
	return &Online{Model: model, fit: fit, analyzer: analyzer, workers: opt.Workers}, nil
}

// ContinueOnline returns an online fit that continues from m's W (a model
// made by Fit or Load) with fresh statistics; its batches update m's W.
func ContinueOnline(m *Model) (*Online, error) {
	s := nmf.DefaultOnlineSettings()
	s.W0 = m.W
	fit, err := nmf.NewOnline(m.K, m.Method, s)
	if err != nil {
		return nil, err
	}
	analyzer, err := vectorize.NewAnalyzer(m.Analysis)
	if err != nil {
		return nil, err
	}
	return &Online{Model: m, fit: fit, analyzer: analyzer}, nil
}

// PartialFit analyzes docs as the model's vocabulary weighs them, learns
// from them as one batch, and returns their topic weights, k × len(docs),
// solved with W as it was before the batch. As with Transform, empty and
// binary files are not read: their columns are zero and skipped lists them.
func (o *Online) PartialFit(ctx context.Context, docs []corpus.Document) (h *mat.Dense, skipped []int, err error) {
	x, read, err := weigh(ctx, o.analyzer, o.Model.Vocabulary, docs, o.workers)
	if err != nil {
		return nil, nil, err
	}
	if h, err = o.fit.PartialFit(ctx, x); err != nil {
		return nil, nil, err
	}
	o.Model.W = o.fit.W
	return lineUp(h, docs, read)
}

// Batches returns the number of batches learned.
func (o *Online) Batches() int { return o.fit.Batches }

// FitOnline fits a model in memory that does not grow with the corpus:
// one pass counts the dictionary and document frequencies (no document's
// terms are kept), then oo.Passes passes learn W from batches of
// oo.BatchSize documents (in one shuffled order, the same for every pass,
// from opt.Settings.Seed), then a last pass solves every document's
// weights against the final W, in the input order, hands them to emit (if
// not nil) and measures the fit. The model keeps W and its topics, not H.
// Coherence is scored over a fixed, evenly spaced sample of
// oo.CoherenceDocs documents.
func FitOnline(ctx context.Context, docs []corpus.Document, opt Options, oo OnlineOptions, emit func(Document, []float64) error) (*Result, error) {
	progress := opt.progress()
	if oo.BatchSize < 1 || oo.Passes < 1 || !(oo.Forget > 0 && oo.Forget <= 1) {
		return nil, fmt.Errorf("online: need a batch size ≥ 1, passes ≥ 1 and a forgetting factor in (0, 1]")
	}
	if opt.K < 1 {
		return nil, fmt.Errorf("k = %d: %w (must be 1 or more)", opt.K, ErrRank)
	}
	clock := newStopwatch()
	progress(Progress{Stage: "analyze"})
	analyzer, counts, vocab, err := analyze(ctx, docs, opt, vectorize.CountOptions{DictionaryOnly: true}, progress)
	if err != nil {
		return nil, err
	}
	o, batch, err := newOnlineFit(vocab, len(counts.Docs), opt, oo)
	if err != nil {
		return nil, err
	}
	o.analyzer = analyzer
	clock.lap(&clock.Analyze)
	if err := o.learn(ctx, counts.Docs, batch, oo.Passes, opt.Settings.Seed, progress); err != nil {
		return nil, err
	}
	clock.lap(&clock.Factorize)
	progress(Progress{Stage: "project"})
	ranking := newDocumentRanking(opt.K, opt.TopDocs)
	sums, err := o.project(ctx, counts.Docs, batch, ranking, emit)
	if err != nil {
		return nil, err
	}
	o.Model.describe(opt.top(), sums.metrics(o.Model.W, len(o.Model.Documents)), ranking)
	clock.lap(&clock.Project)
	ref, err := o.Model.scoreSample(ctx, counts.Docs, opt, oo, progress)
	if err != nil {
		return nil, err
	}
	clock.lap(&clock.Coherence)
	progress(Progress{Stage: "done"})
	n := len(counts.Docs)
	o.Model.Run = RunRecord{Iterations: o.Batches(), Skipped: counts.Summary.Counts()}
	report := Report{Iterations: o.Batches(), Status: fmt.Sprintf("online: %d passes of %d batches", oo.Passes, (n+batch-1)/batch),
		Seconds: clock.Factorize, Timings: clock.Timings, Summary: counts.Summary, NNZ: sums.nnz}
	return &Result{Model: o.Model, Report: report, Reference: ref}, nil
}

// newOnlineFit returns the online fit of FitOnline over vocab and n
// documents, and its batch size, after checking that k fits them.
func newOnlineFit(vocab *vectorize.Vocabulary, n int, opt Options, oo OnlineOptions) (*Online, int, error) {
	if opt.K > min(len(vocab.Terms), n) {
		return nil, 0, fmt.Errorf("k = %d: %w: the corpus has %d terms and %d documents, k must be at most %d", opt.K, ErrRank, len(vocab.Terms), n, min(len(vocab.Terms), n))
	}
	batch := min(oo.BatchSize, n)
	if batch < opt.K {
		return nil, 0, fmt.Errorf("online: a batch of %d documents cannot start %d topics (--batch-size)", batch, opt.K)
	}
	s := nmf.DefaultOnlineSettings()
	s.Forget = math.Pow(oo.Forget, float64(batch)/float64(n))
	s.Docs = float64(n)
	o, err := NewOnline(vocab, opt, s)
	return o, batch, err
}

// learn runs passes over docs in batches of batch documents. The passes
// go through one shuffled order (from seed), so that each batch mixes the
// corpus's folders (documents come sorted by folder).
func (o *Online) learn(ctx context.Context, docs []corpus.Document, batch, passes int, seed uint64, progress func(Progress)) error {
	n := len(docs)
	order := rand.New(rand.NewPCG(seed, 0x0411)).Perm(n)
	batchDocs := make([]corpus.Document, 0, batch)
	for pass := range passes {
		for lo := 0; lo < n; lo += batch {
			batchDocs = batchDocs[:0]
			for _, i := range order[lo:min(n, lo+batch)] {
				batchDocs = append(batchDocs, docs[i])
			}
			if _, _, err := o.PartialFit(ctx, batchDocs); err != nil {
				return err
			}
			progress(Progress{Stage: "factorize", Iteration: pass + 1, Documents: min(n, lo+batch)})
		}
	}
	return nil
}

// project solves the weights of docs, in batches of batch documents in
// order, against the final W; it records the documents read in the model,
// hands each one's weights (summing to 1) to emit, and sums the fit's
// measures batch by batch, and the documents' weights into ranking.
func (o *Online) project(ctx context.Context, docs []corpus.Document, batch int, ranking *documentRanking, emit func(Document, []float64) error) (*batchSums, error) {
	sums := &batchSums{}
	for lo := 0; lo < len(docs); lo += batch {
		xb, read, err := weigh(ctx, o.analyzer, o.Model.Vocabulary, docs[lo:min(len(docs), lo+batch)], o.workers)
		if err != nil {
			return nil, err
		}
		h, err := sums.add(ctx, xb, o.Model.W, o.Model.Method.Projection(), len(read))
		if err != nil {
			return nil, err
		}
		weights := DocumentTopics(h)
		for j := range read {
			ranking.add(len(o.Model.Documents)+j, mat.Col(nil, j, h), weights[j])
		}
		for j, d := range read {
			doc := Document{ID: d.ID, Label: d.Label}
			o.Model.Documents = append(o.Model.Documents, doc)
			if emit != nil {
				if err := emit(doc, weights[j]); err != nil {
					return nil, err
				}
			}
		}
	}
	return sums, nil
}

// batchSums are a fit's measures summed over batches of its documents.
type batchSums struct {
	fro, kl, sumSq float64
	sparsityH      float64 // weighted by the batch's documents
	nnz            int
}

// add projects the batch xb on w (with the projection method proj) and
// adds its measures; docs is the batch's number of documents. It returns
// the batch's weights.
func (s *batchSums) add(ctx context.Context, xb *sparse.CSC, w *mat.Dense, proj nmf.Method, docs int) (*mat.Dense, error) {
	sq := 0.0
	for _, v := range xb.RawMatrix().Data {
		sq += v * v
	}
	x, err := nmf.NewMatrix(xb) // projected and evaluated: prepared once
	if err != nil {
		return nil, err
	}
	h, err := nmf.Project(ctx, x, w, proj, nmf.DefaultProjectSettings())
	if err != nil {
		return nil, err
	}
	if x.NNZ() > 0 {
		met, err := nmf.EvaluateContext(ctx, x, w, h)
		if err != nil {
			return nil, err
		}
		s.fro, s.kl, s.sparsityH = s.fro+met.FrobeniusHalfSq, s.kl+met.KL, s.sparsityH+met.SparsityH*float64(docs)
		s.nnz += x.NNZ()
		s.sumSq += sq
	}
	return h, nil
}

// metrics returns the fit's metrics, for W and its docs documents.
func (s *batchSums) metrics(w *mat.Dense, docs int) nmf.Metrics {
	m := nmf.Metrics{FrobeniusHalfSq: s.fro, KL: s.kl, SparsityW: nmf.Hoyer(w), SparsityH: s.sparsityH / float64(docs)}
	if s.sumSq > 0 {
		m.RelativeError = math.Sqrt(2 * s.fro / s.sumSq)
		m.ExplainedVariance = 1 - 2*s.fro/s.sumSq
	}
	return m
}

// scoreSample scores the topics of an online fit of docs by opt.Coherence
// over opt.CoherenceDocs, or over a sample of oo.CoherenceDocs of docs,
// and returns the reference it scored them on. Scoring needs pairs of
// words.
func (m *Model) scoreSample(ctx context.Context, docs []corpus.Document, opt Options, oo OnlineOptions, progress func(Progress)) (Reference, error) {
	if len(opt.Coherence) == 0 || opt.top() < 2 {
		return Reference{}, nil
	}
	progress(Progress{Stage: "coherence"})
	ref, err := m.NewReference(ctx, coherenceSample(docs, opt.CoherenceDocs, oo.CoherenceDocs), opt.Workers)
	if err != nil {
		return Reference{}, err
	}
	return ref, m.ScoreCoherence(ctx, ref, opt.Coherence)
}

// coherenceSample returns the documents coherence is scored over: the
// given ones, or up to size of docs, evenly spaced.
func coherenceSample(docs, given []corpus.Document, size int) []corpus.Document {
	if given != nil {
		return given
	}
	if size <= 0 || size >= len(docs) {
		return docs
	}
	out := make([]corpus.Document, size)
	for i := range out {
		out[i] = docs[i*len(docs)/size]
	}
	return out
}
