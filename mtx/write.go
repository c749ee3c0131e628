package mtx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// Sparse is what WriteSparse needs; *sparse.CSR, *sparse.CSC and
// *sparse.COO satisfy it.
type Sparse interface {
	Dims() (r, c int)
	NNZ() int
	DoNonZero(fn func(i, j int, v float64))
}

var errChanged = errors.New("mtx: DoNonZero yielded a different number of entries on the second pass")

// WriteSparse writes m to w as a "%%MatrixMarket matrix coordinate real
// general" file with 1-based indices.
//
// The entries are exactly those m.DoNonZero yields, in that order: row-major
// for *sparse.CSR, column-major for *sparse.CSC. Stored zeros are written,
// and nothing is merged or sorted. The entry count of the size line is the
// number of entries DoNonZero yields, which for the sparse package types is
// m.NNZ(). DoNonZero is called twice: once to count and validate the
// entries, so that nothing is written if an index is out of range or a
// value is NaN or infinite, and once to write them.
//
// WriteSparse writes through a bufio.Writer and returns the first error
// encountered, including the one from flushing it.
func WriteSparse(w io.Writer, m Sparse) error {
	r, c := m.Dims()
	if r < 0 || c < 0 {
		return fmt.Errorf("mtx: negative dimensions %d×%d", r, c)
	}
	n := 0
	var bad error
	m.DoNonZero(func(i, j int, v float64) {
		n++
		if bad != nil {
			return
		}
		switch {
		case i < 0 || i >= r || j < 0 || j >= c:
			bad = fmt.Errorf("mtx: entry (%d, %d) outside a %d×%d matrix: %w", i, j, r, c, ErrRange)
		case math.IsNaN(v) || math.IsInf(v, 0):
			bad = fmt.Errorf("mtx: entry (%d, %d) is %v: %w", i, j, v, ErrNotFinite)
		}
	})
	if bad != nil {
		return bad
	}

	bw := bufio.NewWriterSize(w, 1<<16)
	buf := make([]byte, 0, 64)
	buf = append(buf, "%%MatrixMarket matrix coordinate real general\n"...)
	buf = strconv.AppendInt(buf, int64(r), 10)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(c), 10)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(n), 10)
	buf = append(buf, '\n')
	_, err := bw.Write(buf)
	written := 0
	m.DoNonZero(func(i, j int, v float64) {
		written++
		if err != nil {
			return
		}
		if written > n {
			err = errChanged
			return
		}
		buf = strconv.AppendInt(buf[:0], int64(i)+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(j)+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
		buf = append(buf, '\n')
		_, err = bw.Write(buf)
	})
	if err != nil {
		return err
	}
	if written != n {
		return errChanged
	}
	return bw.Flush()
}

// WriteDense writes m to w as a "%%MatrixMarket matrix array real general"
// file: the size line followed by one value per line in column-major order,
// as the format requires.
//
// Nothing is written if m holds a NaN or infinite value. WriteDense writes
// through a bufio.Writer and returns the first error encountered, including
// the one from flushing it.
func WriteDense(w io.Writer, m mat.Matrix) error {
	r, c := m.Dims()
	if r < 0 || c < 0 {
		return fmt.Errorf("mtx: negative dimensions %d×%d", r, c)
	}
	at := m.At
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		if raw.Rows == r && raw.Cols == c {
			at = func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
		}
	}
	for j := range c {
		for i := range r {
			if v := at(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("mtx: entry (%d, %d) is %v: %w", i, j, v, ErrNotFinite)
			}
		}
	}

	bw := bufio.NewWriterSize(w, 1<<16)
	buf := make([]byte, 0, 64)
	buf = append(buf, "%%MatrixMarket matrix array real general\n"...)
	buf = strconv.AppendInt(buf, int64(r), 10)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(c), 10)
	buf = append(buf, '\n')
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	for j := range c {
		for i := range r {
			buf = strconv.AppendFloat(buf[:0], at(i, j), 'g', -1, 64)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
