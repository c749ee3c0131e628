package nmf

import (
	"cmp"
	"math"
	"slices"
)

// This file builds the nearest-neighbour graph of graph-regularized NMF
// (GNMF: D. Cai, X. He, J. Han and T. S. Huang, Graph regularized
// nonnegative matrix factorization for data representation, IEEE TPAMI
// 2011), whose Laplacian L = D − A pulls documents that are close in X
// towards close columns of H.

// knnGraph returns the symmetric weighted adjacency A (n × n, as a csr with
// both triangles stored, no diagonal) of the p-nearest-neighbour graph of
// the rows of xt (xt is Xᵀ: one row per document), by cosine similarity:
// a_jl = max(s_jl, s_lj) where s_jl is the cosine of documents j and l if l
// is among j's p nearest (ties broken by the smaller index), else 0. Also
// the degrees d_j = Σ_l a_jl. (Here p is the number of neighbours,
// neighbors; the pool runs the work.)
//
// Only documents with a positive similarity are neighbours: a document with
// no terms has none (degree 0), neighbors ≥ n−1 connects every pair with
// positive similarity, and neighbors < 1 gives the empty graph. xt must be
// non-negative, as newData makes it.
//
// Nothing n × n is formed. X is also held by rows (the inverted index: row
// i lists the documents holding term i), and the dot products of document
// j with all others are accumulated sparsely, Σ over the terms i of j of
// x_ij × (row i of X), into a dense n-vector of the worker; the entries
// touched are then found again (by walking the same rows, or by scanning
// the n-vector when that is shorter), divided by the norms, offered to a
// heap of the p best and reset to zero. Each sum runs over the shared terms
// in ascending order, the order of a dense dot product, so s_jl and s_lj
// are the same float64 bits.
//
// Cost: Σ_i nnz(row i of X)² multiply-adds for the accumulation (each pair
// of documents sharing term i meets once from each side), as much again at
// most to find the touched entries, one division and one comparison with
// the heap's worst per candidate, O(log p) per candidate that enters the
// heap, and O(np) to symmetrize. The squares make very common terms
// dominate: a term in half of 100,000 documents alone costs 2.5·10⁹
// multiply-adds; a max-df filter, which drops such terms from the
// vocabulary anyway, keeps them out in practice. Memory is O(nnz + np) plus
// one n-vector per worker.
//
// The documents are split over the pool's workers in fixed blocks, each
// list is written to its document's slot, and the selection depends only
// on the values and indices (a strict total order), so the result is
// bit-identical whatever the number of workers. When the pool's context is
// done it stops early (checking between documents) and returns garbage,
// which the caller knows from p.err().
func knnGraph(p *pool, xt *csr, neighbors int) (adj csr, degree []float64) {
	n := xt.rows
	degree = make([]float64, n)
	adj = csr{rows: n, cols: n, ptr: make([]int, n+1)}
	if neighbors < 1 || n < 2 {
		return adj, degree
	}
	dir := knnDirected(p, xt, min(neighbors, n-1))
	if p.aborted.Load() { // the pool's context is done: the caller sees p.err()
		return adj, degree
	}
	knnSymmetrize(p, &dir, &adj, degree)
	return adj, degree
}

// knnDirected returns the directed graph: row j lists document j's k
// nearest neighbours, sorted by index, with their cosines.
func knnDirected(p *pool, xt *csr, k int) csr {
	n := xt.rows
	x := xt.transpose()
	norm := rowNorms(xt)
	// Block b of documents writes its lists, in document order, to
	// out[b], and the length of list j to dir.ptr[j+1].
	dir := csr{rows: n, cols: n, ptr: make([]int, n+1)}
	out := make([]knnBlock, blocksOf(n))
	scratch := make(chan *knnScratch, p.workers)
	for range p.workers {
		scratch <- &knnScratch{}
	}
	p.run(n, func(lo, hi int) {
		sc := <-scratch
		defer func() { scratch <- sc }()
		if sc.acc == nil {
			sc.acc = make([]float64, n)
		}
		size := (hi - lo) * min(k, 16)
		o := knnBlock{make([]int32, 0, size), make([]float64, 0, size)}
		for j := lo; j < hi; j++ {
			if p.stopped() {
				return
			}
			c := sc.nearest(&x, xt, norm, j, k)
			dir.ptr[j+1] = len(c)
			for _, e := range c {
				o.idx = append(o.idx, e.l)
				o.val = append(o.val, e.s)
			}
		}
		out[lo/grain] = o
	})
	if p.aborted.Load() {
		return dir
	}
	for j := range n {
		dir.ptr[j+1] += dir.ptr[j]
	}
	dir.idx = make([]int32, dir.ptr[n])
	dir.val = make([]float64, dir.ptr[n])
	for b, o := range out {
		copy(dir.idx[dir.ptr[b*grain]:], o.idx)
		copy(dir.val[dir.ptr[b*grain]:], o.val)
	}
	return dir
}

// knnBlock is the neighbour lists of a block of documents, one after
// another.
type knnBlock struct {
	idx []int32
	val []float64
}

// rowNorms returns the Euclidean norms of c's rows.
func rowNorms(c *csr) []float64 {
	norm := make([]float64, c.rows)
	for j := range c.rows {
		s := 0.0
		for _, v := range c.val[c.ptr[j]:c.ptr[j+1]] {
			s += v * v
		}
		norm[j] = math.Sqrt(s)
	}
	return norm
}

// knnSymmetrize sets adj to the symmetric graph of dir and degree to its
// row sums. Row j of A merges row j of the directed graph (j's neighbours)
// with row j of its transpose (the documents that have j as a neighbour),
// both sorted, taking the larger weight where both hold an entry. A
// counting pass sizes the rows, a second fills them.
func knnSymmetrize(p *pool, dir, adj *csr, degree []float64) {
	n := dir.rows
	rev := dir.transpose()
	p.run(n, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			adj.ptr[j+1] = knnMerge(dir, &rev, j, nil, nil)
		}
	})
	if p.aborted.Load() {
		return
	}
	for j := range n {
		adj.ptr[j+1] += adj.ptr[j]
	}
	adj.idx = make([]int32, adj.ptr[n])
	adj.val = make([]float64, adj.ptr[n])
	p.run(n, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			a, b := adj.ptr[j], adj.ptr[j+1]
			knnMerge(dir, &rev, j, adj.idx[a:b], adj.val[a:b])
			d := 0.0
			for _, v := range adj.val[a:b] {
				d += v
			}
			degree[j] = d
		}
	})
}

// knnMerge merges row j of a and b (both sorted by index), taking the
// larger value where both hold an entry, into idx and val if they are not
// nil, and returns the number of entries of the merged row.
func knnMerge(a, b *csr, j int, idx []int32, val []float64) int {
	p, pe := a.ptr[j], a.ptr[j+1]
	q, qe := b.ptr[j], b.ptr[j+1]
	n := 0
	for p < pe || q < qe {
		var l int32
		var v float64
		switch {
		case q == qe || (p < pe && a.idx[p] < b.idx[q]):
			l, v = a.idx[p], a.val[p]
			p++
		case p == pe || b.idx[q] < a.idx[p]:
			l, v = b.idx[q], b.val[q]
			q++
		default:
			l, v = a.idx[p], max(a.val[p], b.val[q])
			p++
			q++
		}
		if idx != nil {
			idx[n], val[n] = l, v
		}
		n++
	}
	return n
}

// knnCand is a candidate neighbour: document l at cosine s.
type knnCand struct {
	l int32
	s float64
}

// knnWorse reports whether a ranks below b: a lower similarity, or the
// same similarity and a larger index. It is a strict total order on
// candidates with distinct indices, so the p best are well defined.
func knnWorse(a, b knnCand) bool {
	return a.s < b.s || (a.s == b.s && a.l > b.l)
}

// knnScratch is a worker's scratch: acc is zero between documents.
type knnScratch struct {
	acc  []float64 // n dot products being accumulated
	cand []knnCand // the heap of the best candidates
}

// nearest returns the k nearest neighbours of document j, sorted by index,
// in a slice that the next call reuses. x is X by rows, xt by columns.
func (sc *knnScratch) nearest(x, xt *csr, norm []float64, j, k int) []knnCand {
	acc := sc.acc
	terms, weights := xt.idx[xt.ptr[j]:xt.ptr[j+1]], xt.val[xt.ptr[j]:xt.ptr[j+1]]
	work := 0
	for q, i := range terms {
		v := weights[q]
		lo, hi := x.ptr[i], x.ptr[i+1]
		work += hi - lo
		vals := x.val[lo:hi]
		for r, l := range x.idx[lo:hi] {
			acc[l] += v * vals[r]
		}
	}
	// The touched entries are found again by walking the same rows (an
	// entry met twice is zero the second time, having been taken), or,
	// when that is longer, by scanning all of acc. Nothing is listed
	// during the accumulation: a list's length would depend on each
	// update's result, a chain through every iteration of the loop.
	h := sc.cand[:0]
	nj := norm[j]
	if work < len(acc) {
		for _, i := range terms {
			for _, l := range x.idx[x.ptr[i]:x.ptr[i+1]] {
				a := acc[l]
				if a == 0 {
					continue
				}
				acc[l] = 0
				c := knnCand{l, a / (nj * norm[l])}
				if int(l) != j && c.s > 0 && (len(h) < k || knnWorse(h[0], c)) {
					h = knnPush(h, c, k)
				}
			}
		}
	} else {
		for l, a := range acc {
			if a == 0 {
				continue
			}
			acc[l] = 0
			c := knnCand{int32(l), a / (nj * norm[l])}
			if l != j && c.s > 0 && (len(h) < k || knnWorse(h[0], c)) {
				h = knnPush(h, c, k)
			}
		}
	}
	slices.SortFunc(h, func(a, b knnCand) int { return cmp.Compare(a.l, b.l) })
	sc.cand = h[:0]
	return h
}

// knnPush adds c to the heap h of at most k candidates: appended while
// there is room (the heap is built when it fills up), else in place of the
// worst, which c must outrank.
func knnPush(h []knnCand, c knnCand, k int) []knnCand {
	if len(h) < k {
		h = append(h, c)
		if len(h) == k {
			for i := k/2 - 1; i >= 0; i-- {
				knnSiftDown(h, i)
			}
		}
		return h
	}
	h[0] = c
	knnSiftDown(h, 0)
	return h
}

// knnSiftDown restores the heap order of h below i: every candidate ranks
// above its parent, so h[0] is the worst kept.
func knnSiftDown(h []knnCand, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && knnWorse(h[c+1], h[c]) {
			c++
		}
		if !knnWorse(h[c], h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
