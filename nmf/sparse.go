package nmf

import (
	"fmt"
	"math"
	"slices"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"
)

// csr is a sparse matrix by rows: row i holds columns idx[ptr[i]:ptr[i+1]]
// (ascending) with values val[ptr[i]:ptr[i+1]].
type csr struct {
	rows, cols int
	ptr        []int
	idx        []int32
	val        []float64
}

// data is X held twice, by rows and by columns, so that both factors are
// updated by the same row-wise code: W from X's rows against Hᵀ, H from
// X's columns (the rows of Xᵀ) against W. Memory is O(nnz).
type data struct {
	x, xt csr     // X (m × n) and Xᵀ (n × m), both by rows
	sumSq float64 // ‖X‖²_F
	sum   float64 // Σ X
}

// newData copies X into row and column form, checking that every entry is
// finite and non-negative, and that one is positive.
func newData(x mat.Matrix) (*data, error) {
	d, err := newDataAllowZero(x)
	if err == nil && d.sumSq == 0 {
		return nil, fmt.Errorf("nmf: X has no positive entry: %w", ErrInput)
	}
	return d, err
}

// newDataAllowZero is newData for a matrix that may be all zeros (documents
// to project may hold no term of the vocabulary).
func newDataAllowZero(x mat.Matrix) (*data, error) {
	m, n := x.Dims()
	if m == 0 || n == 0 {
		return nil, fmt.Errorf("nmf: X is %d×%d: %w", m, n, ErrShape)
	}
	d := &data{}
	var err error
	switch x := x.(type) {
	case *Matrix:
		return x.d, nil
	case *sparse.CSR:
		raw := x.RawMatrix()
		d.x, err = fromCompressed(m, n, raw.Indptr, raw.Ind, raw.Data, false)
	case *sparse.CSC:
		raw := x.RawMatrix()
		d.xt, err = fromCompressed(n, m, raw.Indptr, raw.Ind, raw.Data, true)
	default:
		d.x, err = fromMatrix(x)
	}
	if err != nil {
		return nil, err
	}
	if d.x.ptr == nil {
		d.x = d.xt.transpose()
	} else {
		d.xt = d.x.transpose()
	}
	for _, v := range d.x.val {
		d.sumSq += v * v
		d.sum += v
	}
	return d, nil
}

// fromCompressed copies compressed rows (or, with cols set, columns), with
// entries sorted and merged within each row and explicit zeros dropped.
func fromCompressed(rows, cols int, ptr, ind []int, val []float64, byCol bool) (csr, error) {
	c := csr{rows: rows, cols: cols, ptr: make([]int, rows+1)}
	c.idx = make([]int32, 0, len(val))
	c.val = make([]float64, 0, len(val))
	for i := range rows {
		start := len(c.idx)
		for p := ptr[i]; p < ptr[i+1]; p++ {
			v := val[p]
			if err := checkEntry(i, ind[p], v, byCol); err != nil {
				return c, err
			}
			if v == 0 {
				continue
			}
			c.idx = append(c.idx, int32(ind[p]))
			c.val = append(c.val, v)
		}
		c.idx, c.val = sortMergeRow(c.idx, c.val, start)
		c.ptr[i+1] = len(c.idx)
	}
	return c, nil
}

// sortMergeRow sorts the entries from start on by index (insertion sort:
// rows come sorted or nearly so), sums duplicates, and returns the
// shortened slices.
func sortMergeRow(idx []int32, val []float64, start int) ([]int32, []float64) {
	for i := start + 1; i < len(idx); i++ {
		for j := i; j > start && idx[j] < idx[j-1]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
			val[j], val[j-1] = val[j-1], val[j]
		}
	}
	w := start
	for p := start; p < len(idx); p++ {
		if w > start && idx[p] == idx[w-1] {
			val[w-1] += val[p]
			continue
		}
		idx[w], val[w] = idx[p], val[p]
		w++
	}
	return idx[:w], val[:w]
}

func fromMatrix(x mat.Matrix) (csr, error) {
	m, n := x.Dims()
	c := csr{rows: m, cols: n, ptr: make([]int, m+1)}
	for i := range m {
		for j := range n {
			v := x.At(i, j)
			if err := checkEntry(i, j, v, false); err != nil {
				return c, err
			}
			if v != 0 {
				c.idx = append(c.idx, int32(j))
				c.val = append(c.val, v)
			}
		}
		c.ptr[i+1] = len(c.idx)
	}
	return c, nil
}

func checkEntry(i, j int, v float64, transposed bool) error {
	if transposed {
		i, j = j, i
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("nmf: X[%d,%d] = %v is not finite: %w", i, j, v, ErrInput)
	case v < 0:
		return fmt.Errorf("nmf: X[%d,%d] = %v is negative: %w", i, j, v, ErrInput)
	}
	return nil
}

// transpose returns c by columns, by a counting pass: indices come out
// ascending within each row of the result.
func (c csr) transpose() csr {
	t := csr{rows: c.cols, cols: c.rows, ptr: make([]int, c.cols+1)}
	nnz := len(c.val)
	t.idx = make([]int32, nnz)
	t.val = make([]float64, nnz)
	for _, j := range c.idx {
		t.ptr[j+1]++
	}
	for j := range c.cols {
		t.ptr[j+1] += t.ptr[j]
	}
	next := make([]int, c.cols)
	copy(next, t.ptr)
	for i := range c.rows {
		for p := c.ptr[i]; p < c.ptr[i+1]; p++ {
			j := c.idx[p]
			q := next[j]
			t.idx[q], t.val[q] = int32(i), c.val[p]
			next[j]++
		}
	}
	return t
}

// longestRow is the largest number of entries in a row.
func (c csr) longestRow() int {
	n := 0
	for i := range c.rows {
		n = max(n, c.ptr[i+1]-c.ptr[i])
	}
	return n
}

// Matrix is a non-negative X prepared once for this package: held by rows
// and by columns, its entries checked. Factorize, Project, Evaluate and an
// online fit take it as they take any mat.Matrix, without copying X again,
// so a caller that runs several of them on one X holds it once. It is
// read-only and safe for concurrent use.
type Matrix struct {
	d *data
}

// NewMatrix prepares x (any mat.Matrix; sparse CSR or CSC are read
// without densifying), checking that its entries are finite and
// non-negative.
func NewMatrix(x mat.Matrix) (*Matrix, error) {
	d, err := newDataAllowZero(x)
	if err != nil {
		return nil, err
	}
	return &Matrix{d: d}, nil
}

// NewMatrixRows prepares X (rows × cols) from its compressed rows: row i
// holds columns idx[ptr[i]:ptr[i+1]] with values val[ptr[i]:ptr[i+1]].
// It takes the slices over (they become the Matrix's; the caller must not
// use them afterwards), so X is held once more only for its transpose:
// the way to hand this package a large matrix without a copy. Within a
// row, columns are sorted and merged and zeros dropped, in place.
func NewMatrixRows(rows, cols int, ptr []int, idx []int32, val []float64) (*Matrix, error) {
	if rows <= 0 || cols <= 0 || len(ptr) != rows+1 || ptr[0] != 0 || ptr[rows] != len(idx) || len(idx) != len(val) {
		return nil, fmt.Errorf("nmf: compressed rows of %d×%d with %d pointers and %d/%d entries: %w", rows, cols, len(ptr), len(idx), len(val), ErrShape)
	}
	c := csr{rows: rows, cols: cols, ptr: ptr}
	w, lo := 0, 0 // entries kept so far; the row's first entry as given
	for i := range rows {
		start, hi := w, ptr[i+1] // ptr[i+1] is read before it is rewritten
		if hi < lo {
			return nil, fmt.Errorf("nmf: row %d: pointers decrease: %w", i, ErrShape)
		}
		for p := lo; p < hi; p++ {
			j, v := idx[p], val[p]
			if j < 0 || int(j) >= cols {
				return nil, fmt.Errorf("nmf: row %d: column %d out of range [0, %d): %w", i, j, cols, ErrShape)
			}
			if err := checkEntry(i, int(j), v, false); err != nil {
				return nil, err
			}
			if v != 0 {
				idx[w], val[w] = j, v
				w++
			}
		}
		row, _ := sortMergeRow(idx[:w], val[:w], start)
		w = len(row)
		lo = hi
		ptr[i+1] = w
	}
	c.idx, c.val = idx[:w], val[:w]
	d := &data{x: c, xt: c.transpose()}
	for _, v := range c.val {
		d.sumSq += v * v
		d.sum += v
	}
	return &Matrix{d: d}, nil
}

// Dims returns X's rows and columns.
func (m *Matrix) Dims() (r, c int) { return m.d.x.rows, m.d.x.cols }

// At returns X[i, j], by a binary search of row i.
func (m *Matrix) At(i, j int) float64 {
	if uint(i) >= uint(m.d.x.rows) || uint(j) >= uint(m.d.x.cols) {
		panic(mat.ErrIndexOutOfRange)
	}
	lo, hi := m.d.x.ptr[i], m.d.x.ptr[i+1]
	idx := m.d.x.idx[lo:hi]
	if p, ok := slices.BinarySearch(idx, int32(j)); ok {
		return m.d.x.val[lo+p]
	}
	return 0
}

// T returns X's transpose, as a view.
func (m *Matrix) T() mat.Matrix { return mat.Transpose{Matrix: m} }

// NNZ returns the number of non-zero entries.
func (m *Matrix) NNZ() int { return len(m.d.x.val) }
