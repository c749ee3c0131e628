package nmf

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// knnXt builds Xᵀ (one row per document) from dense document vectors.
func knnXt(docs [][]float64) *csr {
	c := &csr{rows: len(docs), ptr: make([]int, len(docs)+1)}
	for j, d := range docs {
		c.cols = max(c.cols, len(d))
		for i, v := range d {
			if v != 0 {
				c.idx = append(c.idx, int32(i))
				c.val = append(c.val, v)
			}
		}
		c.ptr[j+1] = len(c.idx)
	}
	return c
}

// knnRandomXt is a random Xᵀ of n documents over m terms. With quantized
// values (small integers) many similarities tie; some documents are copies
// of earlier ones (exact ties) and some are empty.
func knnRandomXt(seed uint64, n, m int, density float64, quantized bool) *csr {
	rng := rand.New(rand.NewPCG(seed, 7))
	docs := make([][]float64, n)
	for j := range docs {
		d := make([]float64, m)
		switch r := rng.Float64(); {
		case r < 0.05:
			// empty
		case r < 0.15 && j > 0:
			copy(d, docs[rng.IntN(j)])
		default:
			for i := range d {
				if rng.Float64() < density {
					if quantized {
						d[i] = float64(1 + rng.IntN(3))
					} else {
						d[i] = rng.Float64()
					}
				}
			}
		}
		docs[j] = d
	}
	c := knnXt(docs)
	c.cols = m
	return c
}

// knnReference is the brute force: all cosines densely (dot products in
// term order, as a dense product does), the p best of each document by
// sorting (similarity descending, then index), symmetrized by max. It
// returns A as a dense n × n matrix and the degrees.
func knnReference(xt *csr, p int) ([][]float64, []float64) {
	n, m := xt.rows, xt.cols
	x := make([][]float64, n)
	norm := make([]float64, n)
	for j := range n {
		x[j] = make([]float64, m)
		for q := xt.ptr[j]; q < xt.ptr[j+1]; q++ {
			x[j][xt.idx[q]] = xt.val[q]
		}
		s := 0.0
		for _, v := range x[j] {
			s += v * v
		}
		norm[j] = math.Sqrt(s)
	}
	a := make([][]float64, n)
	for j := range a {
		a[j] = make([]float64, n)
	}
	for j := range n {
		type cand struct {
			l int
			s float64
		}
		var cs []cand
		for l := range n {
			if l == j {
				continue
			}
			dot := 0.0
			for i := range m {
				dot += x[j][i] * x[l][i]
			}
			if dot == 0 {
				continue
			}
			if s := dot / (norm[j] * norm[l]); s > 0 {
				cs = append(cs, cand{l, s})
			}
		}
		slices.SortFunc(cs, func(a, b cand) int {
			if a.s != b.s {
				if a.s > b.s {
					return -1
				}
				return 1
			}
			return a.l - b.l
		})
		for _, c := range cs[:min(p, len(cs))] {
			a[j][c.l] = max(a[j][c.l], c.s)
			a[c.l][j] = max(a[c.l][j], c.s)
		}
	}
	deg := make([]float64, n)
	for j := range n {
		for _, v := range a[j] {
			deg[j] += v
		}
	}
	return a, deg
}

// checkAdjacency checks that adj is a well-formed symmetric n × n csr with
// sorted rows, no diagonal and positive weights.
func checkAdjacency(t *testing.T, adj csr, degree []float64, n int) {
	t.Helper()
	if adj.rows != n || adj.cols != n || len(adj.ptr) != n+1 || len(degree) != n {
		t.Fatalf("shape %d×%d, len(ptr) %d, len(degree) %d; want n = %d", adj.rows, adj.cols, len(adj.ptr), len(degree), n)
	}
	if adj.ptr[0] != 0 || adj.ptr[n] != len(adj.idx) || len(adj.idx) != len(adj.val) {
		t.Fatalf("ptr[0] %d, ptr[n] %d, len(idx) %d, len(val) %d", adj.ptr[0], adj.ptr[n], len(adj.idx), len(adj.val))
	}
	at := func(j, l int) float64 {
		row := adj.idx[adj.ptr[j]:adj.ptr[j+1]]
		if q, ok := slices.BinarySearch(row, int32(l)); ok {
			return adj.val[adj.ptr[j]+q]
		}
		return 0
	}
	for j := range n {
		for q := adj.ptr[j]; q < adj.ptr[j+1]; q++ {
			l := int(adj.idx[q])
			if q > adj.ptr[j] && adj.idx[q] <= adj.idx[q-1] {
				t.Fatalf("row %d not strictly ascending", j)
			}
			if l == j || l < 0 || l >= n {
				t.Fatalf("row %d has column %d", j, l)
			}
			if !(adj.val[q] > 0) {
				t.Fatalf("a[%d,%d] = %v", j, l, adj.val[q])
			}
			if at(l, j) != adj.val[q] {
				t.Fatalf("a[%d,%d] = %v but a[%d,%d] = %v", j, l, adj.val[q], l, j, at(l, j))
			}
		}
	}
}

// compareDense checks adj and degree against a dense reference: the same
// structure exactly and the same values to tol.
func compareDense(t *testing.T, adj csr, degree []float64, want [][]float64, wantDeg []float64, tol float64) {
	t.Helper()
	n := len(want)
	checkAdjacency(t, adj, degree, n)
	for j := range n {
		var idx []int32
		var val []float64
		for l, v := range want[j] {
			if v != 0 {
				idx = append(idx, int32(l))
				val = append(val, v)
			}
		}
		gotIdx := adj.idx[adj.ptr[j]:adj.ptr[j+1]]
		gotVal := adj.val[adj.ptr[j]:adj.ptr[j+1]]
		if !slices.Equal(gotIdx, idx) {
			t.Fatalf("row %d: neighbours %v, want %v", j, gotIdx, idx)
		}
		for q := range val {
			if math.Abs(gotVal[q]-val[q]) > tol {
				t.Fatalf("a[%d,%d] = %v, want %v", j, idx[q], gotVal[q], val[q])
			}
		}
		if math.Abs(degree[j]-wantDeg[j]) > tol*max(1, math.Abs(wantDeg[j])) {
			t.Fatalf("degree[%d] = %v, want %v", j, degree[j], wantDeg[j])
		}
	}
}

func TestKNNGraphHandMade(t *testing.T) {
	// Two groups of three documents over disjoint terms. In the first all
	// cosines are ½ (ties: the smaller index wins); in the second they are
	// 24/25, 16/25 and 12/25.
	docs := [][]float64{
		{1, 1, 0, 0, 0, 0},
		{1, 0, 1, 0, 0, 0},
		{0, 1, 1, 0, 0, 0},
		{0, 0, 0, 3, 4, 0},
		{0, 0, 0, 4, 3, 0},
		{0, 0, 0, 0, 4, 3},
	}
	xt := knnXt(docs)
	p := newPool(2)
	defer p.close()
	dense := func(edges map[[2]int]float64) ([][]float64, []float64) {
		a := make([][]float64, len(docs))
		for j := range a {
			a[j] = make([]float64, len(docs))
		}
		d := make([]float64, len(docs))
		for e, v := range edges {
			a[e[0]][e[1]], a[e[1]][e[0]] = v, v
			d[e[0]] += v
			d[e[1]] += v
		}
		return a, d
	}
	for _, tc := range []struct {
		p     int
		edges map[[2]int]float64
	}{
		// p = 1: 0→1, 1→0, 2→0 (ties to the smaller index); 3→4, 4→3, 5→3.
		{1, map[[2]int]float64{{0, 1}: 0.5, {0, 2}: 0.5, {3, 4}: 0.96, {3, 5}: 0.64}},
		// p = 2: both triangles; the groups never meet (zero similarity).
		{2, map[[2]int]float64{{0, 1}: 0.5, {0, 2}: 0.5, {1, 2}: 0.5, {3, 4}: 0.96, {3, 5}: 0.64, {4, 5}: 0.48}},
		{5, map[[2]int]float64{{0, 1}: 0.5, {0, 2}: 0.5, {1, 2}: 0.5, {3, 4}: 0.96, {3, 5}: 0.64, {4, 5}: 0.48}},
		{100, map[[2]int]float64{{0, 1}: 0.5, {0, 2}: 0.5, {1, 2}: 0.5, {3, 4}: 0.96, {3, 5}: 0.64, {4, 5}: 0.48}},
	} {
		t.Run(fmt.Sprint("p=", tc.p), func(t *testing.T) {
			adj, deg := knnGraph(p, xt, tc.p)
			a, d := dense(tc.edges)
			compareDense(t, adj, deg, a, d, 1e-15)
		})
	}
	for _, k := range []int{0, -1} {
		adj, deg := knnGraph(p, xt, k)
		checkAdjacency(t, adj, deg, len(docs))
		if len(adj.idx) != 0 || slices.ContainsFunc(deg, func(v float64) bool { return v != 0 }) {
			t.Fatalf("neighbors = %d: %d edges, degrees %v; want none", k, len(adj.idx), deg)
		}
	}
}

func TestKNNGraphMatchesBruteForce(t *testing.T) {
	p := newPool(3)
	defer p.close()
	// The sparser matrices find the touched entries by walking the rows,
	// the denser ones by scanning (and some documents of each do the other).
	for seed, sz := range []struct {
		n, m    int
		density float64
	}{{50, 30, 0.06}, {120, 80, 0.06}, {200, 60, 0.06}, {300, 150, 0.06}, {80, 20, 0.3}, {250, 40, 0.25}} {
		for _, quantized := range []bool{false, true} {
			xt := knnRandomXt(uint64(seed), sz.n, sz.m, sz.density, quantized)
			for _, k := range []int{1, 2, 5, 10, sz.n - 2, sz.n - 1, sz.n + 3} {
				name := fmt.Sprintf("n=%d/m=%d/density=%v/quantized=%v/p=%d", sz.n, sz.m, sz.density, quantized, k)
				t.Run(name, func(t *testing.T) {
					adj, deg := knnGraph(p, xt, k)
					a, d := knnReference(xt, k)
					compareDense(t, adj, deg, a, d, 1e-15)
				})
			}
		}
	}
}

func TestKNNGraphDeterministic(t *testing.T) {
	xt := knnRandomXt(11, 1500, 400, 0.02, true)
	var ref csr
	var refDeg []float64
	for _, w := range []int{1, 2, 8} {
		func() {
			p := newPool(w)
			defer p.close()
			adj, deg := knnGraph(p, xt, 7)
			checkAdjacency(t, adj, deg, xt.rows)
			if w == 1 {
				ref, refDeg = adj, deg
				return
			}
			bits := func(v []float64) []uint64 {
				b := make([]uint64, len(v))
				for i, x := range v {
					b[i] = math.Float64bits(x)
				}
				return b
			}
			if !slices.Equal(adj.ptr, ref.ptr) || !slices.Equal(adj.idx, ref.idx) ||
				!slices.Equal(bits(adj.val), bits(ref.val)) || !slices.Equal(bits(deg), bits(refDeg)) {
				t.Fatalf("%d workers: the graph differs from 1 worker's", w)
			}
		}()
	}
}

func TestKNNGraphEmptyDocuments(t *testing.T) {
	p := newPool(2)
	defer p.close()
	// Documents 0, 2 and 5 hold no term.
	docs := [][]float64{
		{0, 0, 0, 0},
		{1, 2, 0, 0},
		{0, 0, 0, 0},
		{2, 1, 0, 1},
		{0, 1, 3, 0},
		{0, 0, 0, 0},
	}
	xt := knnXt(docs)
	xt.cols = 4
	for _, k := range []int{1, 2, 10} {
		adj, deg := knnGraph(p, xt, k)
		a, d := knnReference(xt, k)
		compareDense(t, adj, deg, a, d, 1e-15)
		for _, j := range []int{0, 2, 5} {
			if adj.ptr[j+1] != adj.ptr[j] || deg[j] != 0 {
				t.Fatalf("p = %d: empty document %d has %d neighbours, degree %v", k, j, adj.ptr[j+1]-adj.ptr[j], deg[j])
			}
		}
	}
	// All documents empty; a single document; no documents.
	for _, docs := range [][][]float64{{{0, 0}, {0, 0}, {0, 0}}, {{1, 2}}, {}} {
		xt := knnXt(docs)
		adj, deg := knnGraph(p, xt, 3)
		checkAdjacency(t, adj, deg, len(docs))
		if len(adj.idx) != 0 || slices.ContainsFunc(deg, func(v float64) bool { return v != 0 }) {
			t.Fatalf("%d documents: %d edges, degrees %v; want none", len(docs), len(adj.idx), deg)
		}
	}
}

func BenchmarkKNNGraph(b *testing.B) {
	// 2000 terms × 5000 documents, density 1%.
	const m, n, density = 2000, 5000, 0.01
	rng := rand.New(rand.NewPCG(42, 1))
	xt := &csr{rows: n, cols: m, ptr: make([]int, n+1)}
	for j := range n {
		for i := range m {
			if rng.Float64() < density {
				xt.idx = append(xt.idx, int32(i))
				xt.val = append(xt.val, rng.Float64())
			}
		}
		xt.ptr[j+1] = len(xt.idx)
	}
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprint("workers=", w), func(b *testing.B) {
			p := newPool(w)
			defer p.close()
			b.ReportAllocs()
			for b.Loop() {
				knnGraph(p, xt, 10)
			}
		})
	}
}
