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

// NewOnline returns a model over vocab with no topics yet, for PartialFit:
// W is learned from batches of documents fed in turn, starting from
// opt.Settings' start (NNDSVD family or random) made from the first batch.
// Only the analysis, method, k and seed of opt are used.
func NewOnline(vocab *vectorize.Vocabulary, opt Options, s nmf.OnlineSettings) (*Model, error) {
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
	on, err := nmf.NewOnline(opt.K, opt.Method, s)
	if err != nil {
		return nil, err
	}
	return &Model{Analysis: opt.Analysis, Vocabulary: vocab, Method: opt.Method, K: opt.K, online: on, workers: opt.Workers}, nil
}

// PartialFit analyzes docs as the model's vocabulary weighs them, learns
// from them as one batch, and returns their topic weights (k × documents,
// solved with W as it was before the batch) and the documents read (empty
// and binary files are left out). The model's W is updated; its Topics
// are not (call TopWords). A model made by Fit or Load continues from its
// W with fresh statistics.
func (m *Model) PartialFit(ctx context.Context, docs []corpus.Document) (*mat.Dense, []corpus.Document, error) {
	if m.online == nil {
		s := nmf.DefaultOnlineSettings()
		s.W0 = m.W
		on, err := nmf.NewOnline(m.K, m.Method, s)
		if err != nil {
			return nil, nil, err
		}
		m.online = on
	}
	x, read, err := m.batchMatrix(ctx, docs)
	if err != nil {
		return nil, nil, err
	}
	h, err := m.online.PartialFit(ctx, x)
	if err != nil {
		return nil, nil, err
	}
	m.W = m.online.W
	m.Iterations = m.online.Batches
	return h, read, nil
}

// batchMatrix analyzes docs and returns their weighted matrix over the
// model's vocabulary.
func (m *Model) batchMatrix(ctx context.Context, docs []corpus.Document) (*sparse.CSC, []corpus.Document, error) {
	if m.analyzer == nil {
		a, err := vectorize.NewAnalyzer(m.Analysis)
		if err != nil {
			return nil, nil, err
		}
		m.analyzer = a
	}
	counts, err := vectorize.Count(ctx, docs, m.analyzer, vectorize.CountOptions{Workers: m.workers})
	if err != nil {
		return nil, nil, err
	}
	return m.Vocabulary.Matrix(counts), counts.Docs, nil
}

// FitOnline fits a model in memory that does not grow with the corpus:
// one pass counts the dictionary and document frequencies (no document's
// terms are kept), then oo.Passes passes learn W from batches of
// oo.BatchSize documents (in one shuffled order, the same for every pass,
// from opt.Settings.Seed), then a last pass solves every document's
// weights against the final W, in the input order, hands them to emit (if
// not nil) and measures the fit. The model keeps W and its topics, not H.
// Coherence is scored over a fixed, evenly spaced sample of
// oo.CoherenceDocs documents.
func FitOnline(ctx context.Context, docs []corpus.Document, opt Options, oo OnlineOptions, emit func(Document, []float64) error) (*Model, error) {
	progress := opt.Progress
	if progress == nil {
		progress = func(Progress) {}
	}
	if oo.BatchSize < 1 || oo.Passes < 1 || !(oo.Forget > 0 && oo.Forget <= 1) {
		return nil, fmt.Errorf("online: need a batch size ≥ 1, passes ≥ 1 and a forgetting factor in (0, 1]")
	}
	if opt.K < 1 {
		return nil, fmt.Errorf("k = %d: %w (must be 1 or more)", opt.K, ErrRank)
	}
	timings := newStopwatch()
	progress(Progress{Stage: "analyze"})
	analyzer, counts, vocab, err := analyze(ctx, docs, opt, vectorize.CountOptions{DictionaryOnly: true}, progress)
	if err != nil {
		return nil, err
	}
	n := len(counts.Docs)
	if opt.K > min(len(vocab.Terms), n) {
		return nil, fmt.Errorf("k = %d: %w: the corpus has %d terms and %d documents, k must be at most %d", opt.K, ErrRank, len(vocab.Terms), n, min(len(vocab.Terms), n))
	}
	batch := min(oo.BatchSize, n)
	if batch < opt.K {
		return nil, fmt.Errorf("online: a batch of %d documents cannot start %d topics (--batch-size)", batch, opt.K)
	}
	s := nmf.DefaultOnlineSettings()
	s.Forget = math.Pow(oo.Forget, float64(batch)/float64(n))
	s.Docs = float64(n)
	model, err := NewOnline(vocab, opt, s)
	if err != nil {
		return nil, err
	}
	model.analyzer = analyzer
	timings.lap(&timings.Analyze)

	// The learning passes go through one shuffled order, so that each
	// batch mixes the corpus's folders (documents come sorted by folder).
	order := rand.New(rand.NewPCG(opt.Settings.Seed, 0x0411)).Perm(n)
	batchDocs := make([]corpus.Document, 0, batch)
	for pass := range oo.Passes {
		for lo := 0; lo < n; lo += batch {
			batchDocs = batchDocs[:0]
			for _, i := range order[lo:min(n, lo+batch)] {
				batchDocs = append(batchDocs, counts.Docs[i])
			}
			if _, _, err := model.PartialFit(ctx, batchDocs); err != nil {
				return nil, err
			}
			progress(Progress{Stage: "factorize", Iteration: pass + 1, Documents: min(n, lo+batch)})
		}
	}
	timings.lap(&timings.Factorize)

	progress(Progress{Stage: "project"})
	var fro, kl, sumSq, sparsityH float64
	proj := opt.Method.Projection()
	for lo := 0; lo < n; lo += batch {
		xb, read, err := model.batchMatrix(ctx, counts.Docs[lo:min(n, lo+batch)])
		if err != nil {
			return nil, err
		}
		sq := 0.0
		for _, v := range xb.RawMatrix().Data {
			sq += v * v
		}
		x, err := nmf.NewMatrix(xb) // projected and evaluated: prepared once
		if err != nil {
			return nil, err
		}
		h, err := nmf.Project(ctx, x, model.W, proj, nmf.DefaultProjectSettings())
		if err != nil {
			return nil, err
		}
		if x.NNZ() > 0 {
			met, err := nmf.EvaluateContext(ctx, x, model.W, h)
			if err != nil {
				return nil, err
			}
			fro, kl, sparsityH = fro+met.FrobeniusHalfSq, kl+met.KL, sparsityH+met.SparsityH*float64(len(read))
			model.NNZ += x.NNZ()
			sumSq += sq
		}
		weights := DocumentTopics(h)
		for j, d := range read {
			doc := Document{ID: d.ID, Label: d.Label}
			model.Documents = append(model.Documents, doc)
			if emit != nil {
				if err := emit(doc, weights[j]); err != nil {
					return nil, err
				}
			}
		}
	}
	model.Metrics.Metrics = nmf.Metrics{FrobeniusHalfSq: fro, KL: kl, SparsityW: nmf.Hoyer(model.W), SparsityH: sparsityH / float64(len(model.Documents))}
	if sumSq > 0 {
		model.Metrics.RelativeError = math.Sqrt(2 * fro / sumSq)
		model.Metrics.ExplainedVariance = 1 - 2*fro/sumSq
	}
	model.Summary = counts.Summary
	model.Status = fmt.Sprintf("online: %d passes of %d batches", oo.Passes, (n+batch-1)/batch)
	top := opt.Top
	if top <= 0 {
		top = 10
	}
	model.Topics = model.TopWords(top)
	model.Metrics.Diversity = diversity(model.TopWords(10))
	timings.lap(&timings.Project)
	if len(opt.Coherence) > 0 && top >= 2 {
		progress(Progress{Stage: "coherence"})
		ref, err := model.NewReference(ctx, coherenceSample(counts.Docs, opt.CoherenceDocs, oo.CoherenceDocs), opt.Workers)
		if err != nil {
			return nil, err
		}
		if err := model.ScoreCoherence(ctx, ref, opt.Coherence); err != nil {
			return nil, err
		}
	}
	timings.lap(&timings.Coherence)
	model.Timings = timings.Timings
	model.Seconds = timings.Factorize
	progress(Progress{Stage: "done"})
	return model, nil
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
