package mtx

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/james-bowman/sparse"
)

// ReadSparse reads a Matrix Market file and returns it as a CSR matrix.
//
// It accepts coordinate files (field real, integer or pattern; symmetry
// general, symmetric or skew-symmetric) and array files (field real or
// integer; any of the three symmetries). Duplicate coordinate entries are
// summed in file order, symmetric entries are mirrored, and the column
// indices of each row of the result are sorted and unique. Explicit zeros
// of coordinate files are kept; zeros of array files are not stored.
//
// Any error returned is a *ParseError.
func ReadSparse(r io.Reader) (*sparse.CSR, error) {
	return NewReader(r).ReadSparse()
}

// cooSink collects entries as triplets. Rows fit in int32 because of
// maxSparseRows.
type cooSink struct {
	h      header
	limit  int // the most entries the file can give, or MaxInt
	rows   []int32
	cols   []int
	vals   []float64
	sorted bool // entries so far are in strictly increasing (row, col) order
}

func (s *cooSink) begin(h *header) error {
	if h.rows > maxSparseRows {
		return fmt.Errorf("%w: %d rows exceed the limit of %d", ErrSize, h.rows, maxSparseRows)
	}
	s.h = *h
	s.limit = h.bound
	if h.sym != symGeneral {
		s.limit = math.MaxInt
		if h.bound <= math.MaxInt/2 {
			s.limit = 2 * h.bound
		}
	}
	// The row pointers (rows+2 while sorting) and the entries at their
	// peak. For an array file the zeros are not stored, so this is an
	// upper bound.
	if err := checkMemory(h, addSat(8*uint64(h.rows+2), mulSat(sparseEntryBytes, uint64(s.limit)))); err != nil {
		return err
	}
	n := min(s.limit, initialCap)
	s.rows = make([]int32, 0, n)
	s.cols = make([]int, 0, n)
	s.vals = make([]float64, 0, n)
	s.sorted = true
	return nil
}

// grow makes room for at least one more entry, doubling the capacity but
// never beyond the number of entries the file can still give, so that an
// honest file ends with exactly full slices.
func (s *cooSink) grow() {
	n := len(s.vals)
	c := max(2*n, 1024)
	if s.limit > n {
		c = min(c, s.limit)
	}
	s.rows = slices.Grow(s.rows, c-n)
	s.cols = slices.Grow(s.cols, c-n)
	s.vals = slices.Grow(s.vals, c-n)
}

func (s *cooSink) push(i, j int, v float64) {
	if len(s.vals) == cap(s.vals) || len(s.rows) == cap(s.rows) || len(s.cols) == cap(s.cols) {
		s.grow()
	}
	if n := len(s.rows); n > 0 && s.sorted {
		r, c := int(s.rows[n-1]), s.cols[n-1]
		s.sorted = r < i || r == i && c < j
	}
	s.rows = append(s.rows, int32(i))
	s.cols = append(s.cols, j)
	s.vals = append(s.vals, v)
}

func (s *cooSink) add(i, j int, v float64) {
	if s.h.array && v == 0 {
		return
	}
	s.push(i, j, v)
	if w, ok := mirror(s.h.sym, i, j, v); ok {
		s.push(j, i, w)
	}
}

// csr converts the collected triplets to CSR form: a counting sort by row,
// a stable sort of each row by column, and summation of duplicates.
func (s *cooSink) csr() (*sparse.CSR, error) {
	if s.sorted {
		return s.csrInOrder(), nil
	}
	indptr, ind, data := s.bucketRows()
	nnz, err := sumDuplicates(indptr, ind, data)
	if err != nil {
		return nil, err
	}
	return sparse.NewCSR(s.h.rows, s.h.cols, indptr, ind[:nnz:nnz], data[:nnz:nnz]), nil
}

// csrInOrder is csr for entries already in CSR order without duplicates:
// the collected columns and values are the result.
func (s *cooSink) csrInOrder() *sparse.CSR {
	nr, nnz := s.h.rows, len(s.vals)
	indptr := make([]int, nr+1)
	for _, r := range s.rows {
		indptr[r+1]++
	}
	for i := range nr {
		indptr[i+1] += indptr[i]
	}
	ind, data := s.cols, s.vals
	s.rows, s.cols, s.vals = nil, nil, nil
	return sparse.NewCSR(nr, s.h.cols, indptr, ind[:nnz:nnz], data[:nnz:nnz])
}

// bucketRows moves the collected entries into row order, keeping file
// order within a row (a counting sort), and returns the row pointers with
// the columns and values.
func (s *cooSink) bucketRows() (indptr, ind []int, data []float64) {
	nr, nnz := s.h.rows, len(s.vals)
	// ptr[r+2] counts row r; after the prefix sum ptr[r+1] is the start of
	// row r, and after placement it is the end of row r.
	ptr := make([]int, nr+2)
	for _, r := range s.rows {
		ptr[r+2]++
	}
	for i := 2; i < len(ptr); i++ {
		ptr[i] += ptr[i-1]
	}
	ind = make([]int, nnz)
	data = make([]float64, nnz)
	for k, r := range s.rows {
		p := ptr[r+1]
		ind[p] = s.cols[k]
		data[p] = s.vals[k]
		ptr[r+1] = p + 1
	}
	s.rows, s.cols, s.vals = nil, nil, nil
	return ptr[:nr+1], ind, data
}

// sumDuplicates sorts each row by column and sums the entries of a column
// in file order, compacting ind and data and updating indptr in place. It
// returns the number of entries left.
func sumDuplicates(indptr, ind []int, data []float64) (int, error) {
	var scratch []pair
	w, start := 0, 0
	for r := range len(indptr) - 1 {
		end := indptr[r+1]
		rowSort(ind[start:end], data[start:end], &scratch)
		for k := start; k < end; {
			c, v := ind[k], data[k]
			k++
			if k < end && ind[k] == c {
				for k < end && ind[k] == c {
					v += data[k]
					k++
				}
				if math.IsInf(v, 0) || math.IsNaN(v) {
					return 0, fmt.Errorf("%w: duplicate entries at (%d, %d) sum to %v", ErrNotFinite, r+1, c+1, v)
				}
			}
			ind[w], data[w] = c, v
			w++
		}
		indptr[r+1] = w
		start = end
	}
	return w, nil
}

// rowSort sorts one row by column index, keeping entries with equal column
// in their original order so that duplicates are summed in file order.
// scratch is reused between calls.
func rowSort(ind []int, data []float64, scratch *[]pair) {
	sorted := true
	for k := 1; k < len(ind); k++ {
		if ind[k] < ind[k-1] {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	if len(ind) <= 24 {
		for k := 1; k < len(ind); k++ {
			c, v := ind[k], data[k]
			m := k
			for ; m > 0 && ind[m-1] > c; m-- {
				ind[m], data[m] = ind[m-1], data[m-1]
			}
			ind[m], data[m] = c, v
		}
		return
	}
	p := (*scratch)[:0]
	for k, c := range ind {
		p = append(p, pair{c, data[k]})
	}
	slices.SortStableFunc(p, func(a, b pair) int { return cmp.Compare(a.col, b.col) })
	for k := range p {
		ind[k], data[k] = p[k].col, p[k].val
	}
	*scratch = p
}

type pair struct {
	col int
	val float64
}
