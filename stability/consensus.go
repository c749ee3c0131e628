package stability

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Consensus accumulates the clusterings of a fixed set of n documents over
// many runs (Brunet et al. 2004; with resampling, Monti et al. 2003). For
// each pair of documents it counts the runs in which both were present
// (co-sampled) and the runs in which, besides, both had the same label
// (co-clustered); the consensus matrix is their ratio.
//
// It holds two 32-bit counts per pair, 4n(n−1) bytes (16 MB for
// n = 2000): the caller samples the documents it follows when the corpus
// is larger than a few thousand. Make one with NewConsensus (the zero
// value follows no document). A Consensus is not safe for concurrent use.
type Consensus struct {
	n        int
	runs     uint32
	together []uint32 // per pair i < j, condensed: runs co-clustered
	sampled  []uint32 // per pair i < j, condensed: runs co-sampled
	present  []uint32 // per document: runs present
	idx      []int    // scratch: the documents present in a run
}

// NewConsensus returns an empty accumulator over n documents. It returns
// an error wrapping ErrInput if n < 1.
func NewConsensus(n int) (*Consensus, error) {
	if n < 1 {
		return nil, fmt.Errorf("stability: NewConsensus: n = %d < 1: %w", n, ErrInput)
	}
	p := n * (n - 1) / 2
	return &Consensus{
		n:        n,
		together: make([]uint32, p),
		sampled:  make([]uint32, p),
		present:  make([]uint32, n),
		idx:      make([]int, 0, n),
	}, nil
}

// N returns the number of documents.
func (c *Consensus) N() int { return c.n }

// Runs returns the number of runs added.
func (c *Consensus) Runs() int { return int(c.runs) }

// Add adds one run's clustering: labels[j] is document j's cluster (for a
// topic model, the argmax of its topic weights), and present[j] is false
// when document j was not in the run's sample, in which case labels[j] is
// not read. A nil present means every document was present. Labels are
// only compared for equality: any int values will do.
//
// Add takes O(p²) time for the p documents present. It returns an error
// wrapping ErrInput, and adds nothing, if labels (or a non-nil present)
// does not have n entries, or after 2³²−1 runs.
func (c *Consensus) Add(labels []int, present []bool) error {
	if len(labels) != c.n {
		return fmt.Errorf("stability: Consensus.Add: %d labels for %d documents: %w", len(labels), c.n, ErrInput)
	}
	if present != nil && len(present) != c.n {
		return fmt.Errorf("stability: Consensus.Add: %d presence flags for %d documents: %w", len(present), c.n, ErrInput)
	}
	if c.runs == math.MaxUint32 {
		return fmt.Errorf("stability: Consensus.Add: %d runs, the most counted: %w", c.runs, ErrInput)
	}
	c.runs++
	idx := c.idx[:0]
	for j := range c.n {
		if present == nil || present[j] {
			idx = append(idx, j)
			c.present[j]++
		}
	}
	c.idx = idx
	for a, i := range idx {
		li := labels[i]
		base := i*(2*c.n-i-1)/2 - i - 1 // condensed index of (i, j) is base + j
		for _, j := range idx[a+1:] {
			q := base + j
			c.sampled[q]++
			if labels[j] == li {
				c.together[q]++
			}
		}
	}
	return nil
}

// Matrix returns the consensus matrix C, n × n, symmetric:
//
//	C_ij = (runs with i and j present and labeled alike) / (runs with both present)
//
// C_ii is 1 for a document present in some run. A pair never co-sampled
// (a document never present, too, on the diagonal) gets 0, as if the two
// had always been apart; draw enough runs that every pair is co-sampled,
// or the measures below count those pairs as crisp disagreement. Before
// any run, C is all zero. For the zero value, C is gonum's empty SymDense.
func (c *Consensus) Matrix() *mat.SymDense {
	n := c.n
	if n == 0 {
		return &mat.SymDense{}
	}
	data := make([]float64, n*n)
	q := 0
	for i := range n {
		if c.present[i] > 0 {
			data[i*n+i] = 1
		}
		for j := i + 1; j < n; j++ {
			if s := c.sampled[q]; s > 0 {
				v := float64(c.together[q]) / float64(s)
				data[i*n+j] = v
				data[j*n+i] = v
			}
			q++
		}
	}
	return mat.NewSymDense(n, data)
}

// Dispersion is the dispersion coefficient of a consensus matrix C, n × n
// (Kim & Park 2007):
//
//	ρ = (1/n²) Σ_i Σ_j 4 (C_ij − ½)²
//
// over all entries, the diagonal too. For entries in [0, 1] it lies in
// [0, 1]: 1 when every entry is 0 or 1 (a crisp consensus, every run
// agreeing), lower as entries near ½. The sum is compensated (Neumaier).
// It returns NaN for a nil matrix or one of size 0 (gonum's zero
// SymDense), and when an entry is NaN.
func Dispersion(c *mat.SymDense) float64 {
	if c == nil {
		return math.NaN()
	}
	n := c.SymmetricDim()
	if n == 0 {
		return math.NaN()
	}
	raw := c.RawSymmetric()
	var sum kahan
	for i := range n {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		d := row[i] - 0.5
		sum.add(4 * d * d)
		for j := i + 1; j < n; j++ {
			d := row[j] - 0.5
			sum.add(8 * d * d) // entries (i, j) and (j, i)
		}
	}
	return sum.value() / (float64(n) * float64(n))
}
