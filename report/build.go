package report

import (
	"cmp"
	"errors"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/topics"
)

// Bars is the number of terms the page shows per topic, and for the corpus.
const Bars = 30

// lambdaSteps is the slider's resolution: a topic's candidate terms hold
// its top Bars terms at every λ = i/lambdaSteps.
const lambdaSteps = 100

// Options are what a page shows beyond the model.
type Options struct {
	Title string
	// Iterations of the fit (0: not known). The model's own record is used
	// when it holds one.
	Iterations int
	// Skipped counts the corpus's documents and paths left out, by kind
	// (nil: not known); the model's own record is used when it holds one.
	Skipped map[string]int
	// Snippets holds the start of documents' texts by id (see Snippets).
	Snippets map[string]string
	// Sweep is the sweep the model's k was chosen by, if any.
	Sweep *topics.SweepResult
}

// New returns the page's data for the model m.
func New(m *topics.Model, opt Options) (*Data, error) {
	if m.W == nil || m.K < 1 || len(m.Topics) != m.K {
		return nil, errors.New("report: the model has no topics")
	}
	shares := topicShares(m.Topics)
	pwt := termDistributions(m.W)
	pw := corpusDistribution(pwt, shares)
	d := &Data{Title: opt.Title, Corpus: corpusOf(m, opt), Fit: fitOf(m, opt), Sweep: opt.Sweep}
	index := newTermIndex(m, pw)
	d.CorpusTerms = index.addAll(topTerms(pw, Bars))
	place := ClassicalScaling(distances(pwt))
	for t, topic := range m.Topics {
		d.Topics = append(d.Topics, Topic{ID: topic.ID, Share: shares[t], X: place[t][0], Y: place[t][1],
			Words: surfaces(topic.Words), Coherence: orEmpty(topic.Coherence),
			Terms:     topicTerms(index, pwt[t], pw, shares[t]),
			Documents: documentsOf(topic.Documents, opt.Snippets)})
	}
	d.Terms = index.terms
	return d, nil
}

// topicShares returns the topics' shares of the corpus; a model saved
// before they were kept gives each topic an equal share.
func topicShares(ts []topics.Topic) []float64 {
	shares := make([]float64, len(ts))
	sum := 0.0
	for t, topic := range ts {
		shares[t] = topic.Share
		sum += topic.Share
	}
	if sum <= 0 {
		for t := range shares {
			shares[t] = 1 / float64(len(ts))
		}
	}
	return shares
}

// termDistributions returns each topic's distribution over the terms,
// p(w|t): W's column t scaled to sum 1 (a column of zeros stays zeros).
func termDistributions(w *mat.Dense) [][]float64 {
	_, k := w.Dims()
	out := make([][]float64, k)
	for t := range k {
		col := mat.Col(nil, t, w)
		if s := sum(col); s > 0 {
			for i := range col {
				col[i] /= s
			}
		}
		out[t] = col
	}
	return out
}

// corpusDistribution returns the corpus's distribution over the terms,
// p(w) = Σ_t p(t) p(w|t): the share of each term in the model's
// reconstruction of the corpus.
func corpusDistribution(pwt [][]float64, shares []float64) []float64 {
	pw := make([]float64, len(pwt[0]))
	for t, col := range pwt {
		for i, p := range col {
			pw[i] += shares[t] * p
		}
	}
	return pw
}

// distances returns the Jensen–Shannon distances between the topics.
func distances(pwt [][]float64) [][]float64 {
	d := make([][]float64, len(pwt))
	for i := range pwt {
		d[i] = make([]float64, len(pwt))
		for j := range i {
			d[i][j] = JensenShannon(pwt[i], pwt[j])
			d[j][i] = d[i][j]
		}
	}
	return d
}

// topTerms returns the indices of the n heaviest entries of weight,
// heaviest first, the lower index first among equal ones; zeros are left
// out.
func topTerms(weight []float64, n int) []int {
	var idx []int
	for i, w := range weight {
		if w > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(weight[b], weight[a]) })
	return idx[:min(n, len(idx))]
}

// topicTerms returns a topic's candidate terms as the page gets them:
// [index in the page's terms, p(w|t), share·p(w|t)], by vocabulary order.
func topicTerms(index *termIndex, pwt, pw []float64, share float64) [][3]float64 {
	var out [][3]float64
	for _, i := range candidates(pwt, pw) {
		out = append(out, [3]float64{float64(index.add(i)), pwt[i], share * pwt[i]})
	}
	return out
}

// documentsOf returns a topic's documents as the page lists them, with
// their snippets when known.
func documentsOf(docs []topics.TopicDocument, snippets map[string]string) []Document {
	out := make([]Document, len(docs))
	for i, d := range docs {
		out[i] = Document{ID: d.ID, Weight: d.Weight, Snippet: snippets[d.ID]}
	}
	return out
}

func surfaces(words []topics.Word) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w.Term
	}
	return out
}

func corpusOf(m *topics.Model, opt Options) Corpus {
	c := Corpus{Documents: len(m.Documents), Terms: len(m.Vocabulary.Terms), Skipped: opt.Skipped}
	if m.Run.Skipped != nil {
		c.Skipped = m.Run.Skipped
	}
	return c
}

func fitOf(m *topics.Model, opt Options) Fit {
	f := Fit{K: m.K, Loss: m.Method.Loss.String(), Solver: m.Method.Solver.String(), Iterations: opt.Iterations,
		RelativeError: m.Metrics.RelativeError, ExplainedVariance: m.Metrics.ExplainedVariance,
		SparsityW: m.Metrics.SparsityW, SparsityH: m.Metrics.SparsityH, Diversity: m.Metrics.Diversity,
		Coherence: orEmpty(m.Metrics.Coherence)}
	if m.Run.Iterations > 0 {
		f.Iterations = m.Run.Iterations
	}
	return f
}

// orEmpty keeps a JSON object an object ({}) when there is nothing in it.
func orEmpty(m map[string]float64) map[string]float64 {
	if m == nil {
		return map[string]float64{}
	}
	return m
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// termIndex numbers the vocabulary's terms the page holds, in the order
// they are added.
type termIndex struct {
	m     *topics.Model
	pw    []float64
	at    map[int]int // vocabulary index → page index
	terms []Term
}

func newTermIndex(m *topics.Model, pw []float64) *termIndex {
	return &termIndex{m: m, pw: pw, at: map[int]int{}}
}

// add returns the page index of the vocabulary's term i, adding it.
func (x *termIndex) add(i int) int {
	if j, ok := x.at[i]; ok {
		return j
	}
	v := x.m.Vocabulary
	x.at[i] = len(x.terms)
	x.terms = append(x.terms, Term{Surface: v.Surface[i], Stem: v.Terms[i], Weight: x.pw[i]})
	return x.at[i]
}

func (x *termIndex) addAll(idx []int) []int {
	out := make([]int, len(idx))
	for j, i := range idx {
		out[j] = x.add(i)
	}
	return out
}
