package topics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/sysmem"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/stability"
	"github.com/nmftopics/nmftopics/vectorize"
)

// SweepOptions control Sweep; the rest of the settings (analysis,
// vocabulary, method, iterations, seed) come from Options.
type SweepOptions struct {
	Ks     []int   // the candidate numbers of topics
	Runs   int     // models on random subsets per k (Greene et al.: 20)
	Sample float64 // share of the documents in each subset (0.8)
	Top    int     // terms per topic compared between runs (20)
	// ConsensusDocs bounds the documents of the consensus matrices: a
	// fixed random sample of that many when the corpus is larger, so that
	// no n × n matrix is built over a large corpus.
	ConsensusDocs int
	// Progress, when set, is told of each finished model.
	Progress func(done, total int)
}

// DefaultSweepOptions are 20 runs on 80% subsets, top 20 terms, consensus
// over at most 1,000 documents.
func DefaultSweepOptions() SweepOptions {
	return SweepOptions{Runs: 20, Sample: 0.8, Top: 20, ConsensusDocs: 1000}
}

// Rank is what a sweep measured for one k.
type Rank struct {
	K int `json:"k"`
	// Stability is the mean agreement (Average Jaccard of the top terms,
	// topics matched by the Hungarian algorithm) between the model of the
	// whole corpus and the models of the subsets (Greene, O'Callaghan &
	// Cunningham 2014).
	Stability float64 `json:"stability"`
	// Cophenetic and Dispersion measure the consensus matrix of document
	// co-assignment over the runs (Brunet et al. 2004; Kim & Park 2007).
	Cophenetic        float64            `json:"cophenetic"`
	Dispersion        float64            `json:"dispersion"`
	RelativeError     float64            `json:"relative_error"`
	ExplainedVariance float64            `json:"explained_variance"`
	Coherence         map[string]float64 `json:"coherence"`
	Diversity         float64            `json:"diversity"`
}

// SweepResult is a sweep's ranks and its recommendation.
type SweepResult struct {
	Ranks []Rank `json:"ranks"`
	BestK int    `json:"best_k"`
	// Tied lists the candidate ks within 0.01 of the recommended one's
	// stability, the recommended one included, in increasing k.
	Tied []int `json:"tied_k"`
	// Peak says whether the recommendation is an inner peak of the
	// stability curve; false means the curve only rose or only fell over
	// the range, and a wider range may be worth a try.
	Peak bool `json:"peak"`
	// ConsensusDocs is the number of documents the consensus matrices
	// cover (all, or a fixed sample).
	ConsensusDocs int `json:"consensus_documents"`
	Documents     int `json:"documents"`
}

// nearTie is how close two stabilities must be to count as tied.
const nearTie = 0.01

// Sweep fits models for each k of so.Ks and measures how stable and how
// good they are. The corpus is analyzed once; each k gets a model of the
// whole corpus (the reference) and so.Runs models of random subsets of its
// documents, all from the method of opt, several at a time. Each run of a
// k uses its own random subset (the same subsets for every k) and its own
// random start (seed Seed+run+1); the reference uses opt's start. The
// recommended k is the most stable inner peak of the stability curve (see
// bestK).
func Sweep(ctx context.Context, docs []corpus.Document, opt Options, so SweepOptions) (*SweepResult, error) {
	if err := so.check(len(docs)); err != nil {
		return nil, err
	}
	_, counts, vocab, err := analyze(ctx, docs, opt, vectorize.CountOptions{KeepTokens: true}, func(Progress) {})
	if err != nil {
		return nil, err
	}
	x := vocab.Matrix(counts)
	m, n := x.Dims()
	for _, k := range so.Ks {
		if k < 1 || k > min(m, n) {
			return nil, fmt.Errorf("k = %d: %w: the corpus has %d terms and %d documents", k, ErrRank, m, n)
		}
	}
	size := max(1, int(math.Round(so.Sample*float64(n))))
	if err := checkSweepMemory(x, size, opt, so); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(opt.Settings.Seed, 0x5eed))
	subsets := make([][]int, so.Runs)
	for r := range subsets {
		subsets[r] = sample(rng, n, size)
	}
	consensusDocs := sample(rng, n, min(n, max(2, so.ConsensusDocs)))
	out, err := sweepRuns(ctx, x, subsets, opt, vocab, so)
	if err != nil {
		return nil, err
	}
	res := &SweepResult{ConsensusDocs: len(consensusDocs), Documents: n}
	ref := Reference{Tokens: counts.Tokens, Terms: counts.Terms}
	c := newConsensusIndex(n, consensusDocs)
	for ki, k := range so.Ks {
		rank, err := c.rank(ctx, k, out[ki], subsets, ref, opt, so)
		if err != nil {
			return nil, err
		}
		res.Ranks = append(res.Ranks, rank)
	}
	res.BestK, res.Tied, res.Peak = bestK(res.Ranks)
	return res, nil
}

// check checks the sweep's options and that no k exceeds the docs
// documents, before the corpus is read (the ks are checked again against
// the terms and documents the analysis keeps).
func (so SweepOptions) check(docs int) error {
	if len(so.Ks) == 0 || so.Runs < 1 || !(so.Sample > 0 && so.Sample <= 1) || so.Top < 1 {
		return fmt.Errorf("sweep: need ks, runs ≥ 1, a sample in (0, 1] and top ≥ 1")
	}
	for i := 1; i < len(so.Ks); i++ {
		if so.Ks[i] <= so.Ks[i-1] {
			return fmt.Errorf("sweep: ks must increase, got %d after %d", so.Ks[i], so.Ks[i-1])
		}
	}
	if lo, hi := so.Ks[0], so.Ks[len(so.Ks)-1]; lo < 1 || hi > docs {
		k := lo
		if lo >= 1 {
			k = hi
		}
		return fmt.Errorf("k = %d: %w: there are %d documents, k must be in 1..%d", k, ErrRank, docs, docs)
	}
	return nil
}

// checkSweepMemory checks the sweep's own bookkeeping against the memory
// available, before it is allocated: the runs' subsets of size documents
// (8 bytes per document of each, and a slice header), one job and one
// outcome per (k, run), and the models working at once at the largest k
// (one goroutine each, from random starts; the reference from opt's
// start).
func checkSweepMemory(x *sparse.CSC, size int, opt Options, so SweepOptions) error {
	m, n := x.Dims()
	kMax := so.Ks[len(so.Ks)-1]
	jobs := float64(len(so.Ks)) * float64(so.Runs+1)
	one := opt.Settings
	one.Workers, one.Restarts = 1, 0
	refBytes := nmf.Footprint(m, n, x.NNZ(), kMax, opt.Method, one)
	one.Init = nmf.Random
	run := nmf.Footprint(m, n, x.NNZ(), kMax, opt.Method, one)
	need := float64(so.Runs)*(8*float64(size)+24) + jobs*(16+8) + float64(refBytes) + float64(runtime.GOMAXPROCS(0)-1)*float64(run)
	if avail := sysmem.Available(); need > float64(avail) {
		return fmt.Errorf("sweep: %d runs of %d documents for %d ks need %s, more than the %s available",
			so.Runs, size, len(so.Ks), sysmem.Format(uint64(min(need, math.MaxUint64))), sysmem.Format(avail))
	}
	return nil
}

// sweepRuns fits, for each k of so.Ks, the reference (on the whole of x)
// and one model per subset, GOMAXPROCS at a time, and returns per k the
// reference's outcome, then the runs'. It stops at the first error.
func sweepRuns(ctx context.Context, x *sparse.CSC, subsets [][]int, opt Options, vocab *vectorize.Vocabulary, so SweepOptions) ([][]*sweepOutcome, error) {
	type job struct{ ki, run int } // run −1 is the reference
	var jobs []job
	out := make([][]*sweepOutcome, len(so.Ks))
	for ki := range so.Ks {
		out[ki] = make([]*sweepOutcome, so.Runs+1)
		for r := -1; r < so.Runs; r++ {
			jobs = append(jobs, job{ki, r})
		}
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		done     int
	)
	for _, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var cols []int
			if j.run >= 0 {
				cols = subsets[j.run]
			}
			o, err := sweepModel(ctx, x, cols, so.Ks[j.ki], opt, vocab, so.Top, j.run)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			out[j.ki][j.run+1] = o
			done++
			if so.Progress != nil {
				so.Progress(done, len(jobs))
			}
		})
	}
	wg.Wait()
	return out, firstErr
}

// consensusIndex places the documents of the consensus sample.
type consensusIndex struct {
	size int
	pos  []int // document → index in the consensus sample, or −1
}

func newConsensusIndex(n int, sample []int) consensusIndex {
	pos := make([]int, n)
	for i := range pos {
		pos[i] = -1
	}
	for i, d := range sample {
		pos[d] = i
	}
	return consensusIndex{size: len(sample), pos: pos}
}

// rank measures k from its outcomes (the reference, then one per run on
// the subsets): the stability of the runs' topics against the
// reference's, the consensus of their document labels over the sample,
// and the reference's metrics and coherence over ref.
func (c consensusIndex) rank(ctx context.Context, k int, outcomes []*sweepOutcome, subsets [][]int, ref Reference, opt Options, so SweepOptions) (Rank, error) {
	reference := outcomes[0]
	rank := Rank{K: k}
	cons, err := stability.NewConsensus(c.size)
	if err != nil {
		return rank, err
	}
	labels := make([]int, c.size)
	present := make([]bool, c.size)
	for r := range so.Runs {
		o := outcomes[r+1]
		score, _, err := stability.Agreement(reference.top, o.top, so.Top)
		if err != nil {
			return rank, err
		}
		rank.Stability += score / float64(so.Runs)
		clear(present)
		for i, d := range subsets[r] {
			if p := c.pos[d]; p >= 0 {
				labels[p], present[p] = o.labels[i], true
			}
		}
		if err := cons.Add(labels, present); err != nil {
			return rank, err
		}
	}
	matrix := cons.Matrix()
	if rank.Cophenetic, err = stability.Cophenetic(matrix); err != nil {
		return rank, err
	}
	rank.Dispersion = stability.Dispersion(matrix)
	model := reference.model
	rank.RelativeError, rank.ExplainedVariance = model.Metrics.RelativeError, model.Metrics.ExplainedVariance
	rank.Diversity = model.Metrics.Diversity
	if len(opt.Coherence) > 0 {
		model.Topics = model.TopWords(max(2, opt.Top))
		if err := model.ScoreCoherence(ctx, ref, opt.Coherence); err != nil {
			return rank, err
		}
		rank.Coherence = model.Metrics.Coherence
	}
	return rank, nil
}

// bestK recommends the most stable peak of the stability curve: a k
// whose stability is above both its neighbours'. Stability is biased
// towards small k (one topic is perfectly stable by construction, and two
// coarse topics almost always are), so a high value at the low end of
// the range says less than a rise and a fall around a k (Greene et al.
// read their curves by their peaks); the ks next to a peak within nearTie
// of it are candidates too. When the curve has no inner peak
// (it only falls or only rises), every k is a candidate. Among the
// candidates the highest stability wins; a candidate within nearTie of it
// counts as tied, and among the tied the higher cophenetic correlation
// wins, then the smaller k. ranks are in increasing k.
func bestK(ranks []Rank) (best int, tied []int, peak bool) {
	// A peak's candidates are the peak and the ks next to it whose
	// stability is within nearTie of it, so that noise cannot hide a
	// neighbour with a better cophenetic correlation.
	in := make([]bool, len(ranks))
	for i := 1; i+1 < len(ranks); i++ {
		s := ranks[i].Stability
		if s <= ranks[i-1].Stability || s <= ranks[i+1].Stability {
			continue
		}
		in[i] = true
		for j := i - 1; j >= 0 && ranks[j].Stability >= s-nearTie; j-- {
			in[j] = true
		}
		for j := i + 1; j < len(ranks) && ranks[j].Stability >= s-nearTie; j++ {
			in[j] = true
		}
	}
	var candidates []int
	for i, ok := range in {
		if ok {
			candidates = append(candidates, i)
		}
	}
	peak = len(candidates) > 0
	if !peak {
		for i := range ranks {
			candidates = append(candidates, i)
		}
	}
	top := math.Inf(-1)
	for _, i := range candidates {
		top = math.Max(top, ranks[i].Stability)
	}
	b := -1
	for _, i := range candidates {
		r := ranks[i]
		if r.Stability < top-nearTie {
			continue
		}
		tied = append(tied, r.K)
		if b < 0 || r.Cophenetic > ranks[b].Cophenetic || (r.Cophenetic == ranks[b].Cophenetic && r.K < ranks[b].K) {
			b = i
		}
	}
	return ranks[b].K, tied, peak
}

// sweepOutcome is what a sweep keeps of one model.
type sweepOutcome struct {
	top    [][]string // each topic's top stems
	labels []int      // each document's heaviest topic
	model  *Model     // the reference (whole corpus) only
}

// sweepModel factorizes the columns cols of x (all when nil) with k topics
// and returns each topic's top stems, each document's heaviest topic and,
// for the whole corpus, the model with its metrics.
func sweepModel(ctx context.Context, x *sparse.CSC, cols []int, k int, opt Options, vocab *vectorize.Vocabulary, top, run int) (*sweepOutcome, error) {
	sub := x
	if cols != nil {
		sub = columns(x, cols)
	}
	s := opt.Settings
	s.Workers, s.Recorder = 1, nil
	if run >= 0 {
		// Each run starts from its own random point as well as its own
		// subset (Greene et al.): stability then covers both the data and
		// NMF's local minima. The reference keeps the configured start.
		s.Init, s.Seed = nmf.Random, s.Seed+uint64(run)+1
	}
	res, err := nmf.Factorize(ctx, sub, k, opt.Method, s)
	if err != nil {
		return nil, err
	}
	model := &Model{Vocabulary: vocab, Method: opt.Method, K: k, W: res.W, H: res.H}
	o := &sweepOutcome{}
	for _, t := range model.TopWords(top) {
		var stems []string
		for _, w := range t.Words {
			stems = append(stems, w.Stem)
		}
		o.top = append(o.top, stems)
	}
	_, n := res.H.Dims()
	o.labels = make([]int, n)
	for j := range n {
		o.labels[j] = argmax(res.H.ColView(j))
	}
	if cols == nil {
		metrics, err := nmf.EvaluateContext(ctx, sub, opt.Method.Smoothed(res.W), res.H)
		if err != nil {
			return nil, err
		}
		model.Metrics = Metrics{Metrics: metrics, Diversity: diversity(model.TopWords(10))}
		o.model = model
	}
	return o, nil
}

func argmax(v mat.Vector) int {
	best := 0
	for i := 1; i < v.Len(); i++ {
		if v.AtVec(i) > v.AtVec(best) {
			best = i
		}
	}
	return best
}

// columns returns the columns cols of x as a new CSC.
func columns(x *sparse.CSC, cols []int) *sparse.CSC {
	raw := x.RawMatrix()
	m, _ := x.Dims()
	ptr := []int{0}
	var ind []int
	var data []float64
	for _, j := range cols {
		ind = append(ind, raw.Ind[raw.Indptr[j]:raw.Indptr[j+1]]...)
		data = append(data, raw.Data[raw.Indptr[j]:raw.Indptr[j+1]]...)
		ptr = append(ptr, len(ind))
	}
	return sparse.NewCSC(m, len(cols), ptr, ind, data)
}

// sample returns size distinct indices of [0, n), sorted.
func sample(rng *rand.Rand, n, size int) []int {
	perm := rng.Perm(n)[:size]
	slices.Sort(perm)
	return perm
}
