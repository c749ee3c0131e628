package mtx

import (
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/sysmem"
)

// ReadDense reads a Matrix Market file and returns it as a dense matrix.
//
// It accepts the same files as ReadSparse. Coordinate entries are
// scattered into the dense matrix, summing duplicates in file order; this
// is meant for small matrices such as m×k factors. Files declaring more
// than 1<<31 elements are refused with ErrSize, and so are files with
// exactly one zero dimension, which a *mat.Dense cannot represent; a 0×0
// file gives an empty (zero value) *mat.Dense.
//
// Any error returned is a *ParseError.
func ReadDense(r io.Reader) (*mat.Dense, error) {
	return NewReader(r).ReadDense()
}

// A coordinate file whose dense form has more than sparseDenseMin elements
// (64 MiB) is refused when it stores fewer than one entry per
// sparseDenseRatio elements: a tiny file must not make ReadDense allocate
// gigabytes of zeros. Real dense factors stored as coordinates are far
// denser than that.
const (
	sparseDenseMin   = 1 << 23
	sparseDenseRatio = 1024
)

// denseSink collects the values of an array file, or the positions and
// values of a coordinate file, and builds the matrix at the end so that
// nothing proportional to an unproven declared size is allocated early.
type denseSink struct {
	h    header
	pos  []int // i*cols + j, coordinate files only
	vals []float64
}

func (s *denseSink) begin(h *header) error {
	if h.rows != 0 && h.cols > maxDenseElements/h.rows {
		return fmt.Errorf("%w: %d×%d exceeds the limit of %d elements for a dense matrix", ErrSize, h.rows, h.cols, maxDenseElements)
	}
	if (h.rows == 0) != (h.cols == 0) {
		return fmt.Errorf("%w: a %d×%d matrix cannot be represented by mat.Dense", ErrSize, h.rows, h.cols)
	}
	elements := uint64(h.rows) * uint64(h.cols)
	if !h.array && elements > sparseDenseMin && elements/sparseDenseRatio > uint64(h.entries) {
		return fmt.Errorf("%w: a %d×%d dense matrix (%s) from %s: more than %d elements per entry",
			ErrSize, h.rows, h.cols, sysmem.Format(8*elements), plural(h.entries, "entry", "entries"), sparseDenseRatio)
	}
	// The dense array, for a coordinate file a flag per element, and the
	// values (and positions) collected before it is built.
	need := 8 * elements
	if h.array {
		need += 8 * uint64(h.bound)
	} else {
		need += elements + 16*uint64(h.bound)
	}
	if err := checkMemory(h, need); err != nil {
		return err
	}
	s.h = *h
	n := min(h.bound, initialCap)
	s.vals = make([]float64, 0, n)
	if !h.array {
		s.pos = make([]int, 0, n)
	}
	return nil
}

func (s *denseSink) add(i, j int, v float64) {
	if !s.h.array {
		s.pos = append(s.pos, i*s.h.cols+j)
	}
	s.vals = append(s.vals, v)
}

func (s *denseSink) dense() (*mat.Dense, error) {
	h := &s.h
	if h.rows == 0 {
		return &mat.Dense{}, nil
	}
	data := make([]float64, h.rows*h.cols)
	if h.array {
		k := 0
		for j := range h.cols {
			i0 := 0
			switch h.sym {
			case symSymmetric:
				i0 = j
			case symSkew:
				i0 = j + 1
			}
			for i := i0; i < h.rows; i++ {
				v := s.vals[k]
				k++
				data[i*h.cols+j] = v
				if w, ok := mirror(h.sym, i, j, v); ok {
					data[j*h.cols+i] = w
				}
			}
		}
		return mat.NewDense(h.rows, h.cols, data), nil
	}
	// set records which elements have been assigned, so that the first
	// entry at a position is stored as is (keeping the sign of a -0) and
	// later ones are added to it.
	set := make([]bool, len(data))
	put := func(p int, v float64) error {
		if !set[p] {
			set[p] = true
			data[p] = v
			return nil
		}
		data[p] += v
		if math.IsInf(data[p], 0) || math.IsNaN(data[p]) {
			return fmt.Errorf("%w: duplicate entries at (%d, %d) sum to %v", ErrNotFinite, p/h.cols+1, p%h.cols+1, data[p])
		}
		return nil
	}
	for k, p := range s.pos {
		v := s.vals[k]
		if err := put(p, v); err != nil {
			return nil, err
		}
		i, j := p/h.cols, p%h.cols
		if w, ok := mirror(h.sym, i, j, v); ok {
			if err := put(j*h.cols+i, w); err != nil {
				return nil, err
			}
		}
	}
	return mat.NewDense(h.rows, h.cols, data), nil
}
