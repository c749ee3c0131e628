package stability

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Cophenetic is the cophenetic correlation coefficient of a consensus
// matrix C, n × n (Brunet et al. 2004): the Pearson correlation, over the
// pairs i < j, between the distances
//
//	d_ij = 1 − C_ij
//
// and the cophenetic distances h_ij of the average-linkage (UPGMA)
// hierarchical clustering of d: h_ij is the height at which i and j are
// first joined, the mean distance between the members of the two clusters
// merged there. It is 1 when the tree reproduces the distances exactly, as
// it does for a crisp consensus (all entries 0 or 1, from clusters that
// every run found), and falls as the consensus blurs. The diagonal is not
// read; entries may be any finite numbers, though a consensus holds them
// in [0, 1].
//
// The clustering is built by the nearest-neighbour chain algorithm (Murtagh
// 1983), in O(n²) time, into one condensed array of the n(n−1)/2 pair
// distances (8 bytes each: 16 MB for n = 2000, 400 MB for n = 10000), which
// then holds the cophenetic distances; beside C nothing else of size n² is made. It is scipy's
// algorithm for linkage(method='average'), with the same floating-point
// operations in the same order and the same choice among equal distances,
// so the merges and their heights are scipy's, bit for bit, ties included.
// The means and sums of the correlation are compensated (Neumaier), so the
// coefficient is within an ulp or two of the exact correlation of those
// distances; scipy's cophenet, with numpy's pairwise sums, agrees to 1e-15.
//
// Cophenetic returns an error wrapping ErrInput if C has fewer than 2
// rows or an entry that is not finite, and one wrapping ErrUndefined
// (with NaN) if all the distances d_ij are equal, which leaves the
// correlation undefined: a single pair, or runs that all put every
// document in the same cluster.
func Cophenetic(c *mat.SymDense) (float64, error) {
	if c == nil {
		return math.NaN(), fmt.Errorf("stability: Cophenetic: nil matrix: %w", ErrInput)
	}
	n := c.SymmetricDim()
	if n < 2 {
		return math.NaN(), fmt.Errorf("stability: Cophenetic: %d documents, need 2 or more: %w", n, ErrInput)
	}
	raw := c.RawSymmetric()
	upper := func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
	p := n * (n - 1) / 2
	dist := make([]float64, p)
	q := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			x := upper(i, j)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return math.NaN(), fmt.Errorf("stability: Cophenetic: entry (%d, %d) is %v: %w", i, j, x, ErrInput)
			}
			dist[q] = 1 - x
			q++
		}
	}
	constant := true
	var sum kahan
	for _, d := range dist {
		sum.add(d)
		constant = constant && d == dist[0]
	}
	if constant {
		return math.NaN(), fmt.Errorf("stability: Cophenetic: all %d distances are equal, the correlation is undefined: %w", p, ErrUndefined)
	}
	meanD := sum.value() / float64(p)

	coph := upgma(dist, n) // dist now holds the cophenetic distances

	sum = kahan{}
	for _, h := range coph {
		sum.add(h)
	}
	meanH := sum.value() / float64(p)
	var xy, xx, yy kahan
	q = 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			x := (1 - upper(i, j)) - meanD
			y := coph[q] - meanH
			xy.add(x * y)
			xx.add(x * x)
			yy.add(y * y)
			q++
		}
	}
	sxy, sxx, syy := xy.value(), xx.value(), yy.value()
	if sxx == 0 || syy == 0 { // not for distances that differ, but rounding
		return math.NaN(), fmt.Errorf("stability: Cophenetic: the distances or the cophenetic distances do not vary: %w", ErrUndefined)
	}
	return sxy / math.Sqrt(sxx*syy), nil
}

// upgma clusters n points by average linkage from their condensed
// distances d (pair i < j at n·i − i(i+1)/2 + j − i − 1) and overwrites d
// with the cophenetic distances, which it returns.
//
// It follows scipy's nn_chain: clusters are named by one of their points;
// the chain grows from the lowest-named live cluster, each step going to
// the nearest live cluster of the tip (the previous link when tied, else
// the lowest name), until two clusters are each other's nearest; these are
// merged, the merged cluster named by the higher of the two names, and
// its distances set by the Lance–Williams rule for average linkage,
//
//	d(k, x ∪ y) = (|x| d(k, x) + |y| d(k, y)) / (|x| + |y|).
//
// Average linkage is reducible (a merge never brings a cluster nearer to
// a third than the nearer of its parts), so the chain's merges are those
// of the greedy algorithm (Murtagh 1983). When x and y merge at height h,
// every pair of their members gets cophenetic distance h: entries that no
// later step reads, since they are no longer between two live clusters.
func upgma(d []float64, n int) []float64 {
	c := newClusters(n)
	chain := make([]int, 0, n)
	for range n - 1 {
		if len(chain) == 0 {
			chain = append(chain, c.live[0])
		}
		var x, y int
		var dmin float64
		chain, x, y, dmin = c.reciprocal(d, chain)
		chain = chain[:len(chain)-2]
		if x > y {
			x, y = y, x
		}
		c.merge(d, x, y, dmin)
	}
	return d
}

// clusters are the clusters of upgma, named by one of their points.
type clusters struct {
	n    int   // points
	size []int // members of each cluster (0 once merged into another)
	// The members of a cluster are a list from head[name] to tail[name],
	// linked by next.
	next, head, tail []int
	live             []int // the names of the live clusters, ascending
}

func newClusters(n int) *clusters {
	c := &clusters{n: n, size: make([]int, n), next: make([]int, n), head: make([]int, n), tail: make([]int, n), live: make([]int, n)}
	for i := range n {
		c.size[i] = 1
		c.next[i] = -1
		c.head[i] = i
		c.tail[i] = i
		c.live[i] = i
	}
	return c
}

// idx is the place of the pair (i, j), i ≠ j, in the condensed distances.
func (c *clusters) idx(i, j int) int {
	if i > j {
		i, j = j, i
	}
	return c.n*i - i*(i+1)/2 + j - i - 1
}

// reciprocal grows the chain, each step going to the nearest live cluster
// of its tip, until its last two are each other's nearest: the tip x and
// y, at distance dmin.
func (c *clusters) reciprocal(d []float64, chain []int) (_ []int, x, y int, dmin float64) {
	for {
		x = chain[len(chain)-1]
		dmin = math.Inf(1)
		if len(chain) > 1 {
			y = chain[len(chain)-2]
			dmin = d[c.idx(x, y)]
		}
		y, dmin = c.nearest(d, x, y, dmin)
		if len(chain) > 1 && y == chain[len(chain)-2] {
			return chain, x, y, dmin
		}
		chain = append(chain, y)
	}
}

// nearest returns the live cluster nearest to x and its distance, or y and
// dmin when none is nearer than dmin; among equals, the lowest name.
func (c *clusters) nearest(d []float64, x, y int, dmin float64) (int, float64) {
	n := c.n
	// In the order of i: d(x, i) down column x, then along row x.
	base := n*x - x*(x+1)/2 - x - 1 // d(x, i) is d[base+i] for i > x
	for _, i := range c.live {
		var di float64
		switch {
		case i < x:
			di = d[n*i-i*(i+1)/2+x-i-1]
		case i > x:
			di = d[base+i]
		default:
			continue
		}
		if di < dmin {
			dmin = di
			y = i
		}
	}
	return y, dmin
}

// merge merges cluster x into cluster y (x < y) at height h: the distances
// to the merged cluster by the Lance–Williams rule, and h as the cophenetic
// distance of every pair of their members.
func (c *clusters) merge(d []float64, x, y int, h float64) {
	nx, ny := c.size[x], c.size[y]
	c.size[x] = 0
	c.size[y] = nx + ny
	fx, fy := float64(nx), float64(ny)
	k := slices.Index(c.live, x)
	c.live = slices.Delete(c.live, k, k+1)
	for _, i := range c.live {
		if i != y {
			iy := c.idx(i, y)
			d[iy] = (fx*d[c.idx(i, x)] + fy*d[iy]) / (fx + fy)
		}
	}
	for a := c.head[x]; a >= 0; a = c.next[a] {
		for b := c.head[y]; b >= 0; b = c.next[b] {
			d[c.idx(a, b)] = h
		}
	}
	c.next[c.tail[y]] = c.head[x]
	c.tail[y] = c.tail[x]
}

// kahan is a compensated sum (Neumaier's variant of Kahan's): its error
// stays near one rounding whatever the number of terms, where a plain sum
// of the n(n−1)/2 pairs of a thousand documents drifts by 1e-12.
type kahan struct{ s, c float64 }

func (k *kahan) add(x float64) {
	t := k.s + x
	if math.Abs(k.s) >= math.Abs(x) {
		k.c += (k.s - t) + x
	} else {
		k.c += (x - t) + k.s
	}
	k.s = t
}

func (k *kahan) value() float64 { return k.s + k.c }
