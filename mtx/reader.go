package mtx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/sysmem"
)

// ErrMemory reports a matrix whose storage would take more memory than is
// available; the *ParseError's underlying error is then a *MemoryError.
var ErrMemory = errors.New("not enough memory")

// available is the memory the readers may use; tests replace it.
var available = sysmem.Available

// MemoryError reports a matrix the reader will not build because its
// storage (Need bytes: row pointers and entries for ReadSparse, the dense
// array for ReadDense) exceeds the memory available (Available bytes, see
// internal/sysmem). It wraps ErrMemory.
type MemoryError struct {
	Rows, Cols, Entries int
	Need, Available     uint64
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("%v: a %d×%d matrix with %s needs %s, more than the %s available",
		ErrMemory, e.Rows, e.Cols, plural(e.Entries, "entry", "entries"), sysmem.Format(e.Need), sysmem.Format(e.Available))
}

// Unwrap returns ErrMemory.
func (e *MemoryError) Unwrap() error { return ErrMemory }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Header is what a Matrix Market file's banner and size line declare.
type Header struct {
	Rows, Cols int
	// Entries is the number of entry lines of a coordinate file, or of
	// values of an array file (rows × columns, or a triangle for the
	// symmetric kinds).
	Entries  int
	Array    bool   // array format; coordinate otherwise
	Field    string // "real", "integer" or "pattern" ("double" reads as "real")
	Symmetry string // "general", "symmetric" or "skew-symmetric"
}

// Reader reads one Matrix Market file in two steps: Header reads the banner
// and size line alone (nothing proportional to the declared size is
// allocated), so that a caller can judge the size before ReadSparse or
// ReadDense reads the entries.
//
// When the input's size is known — a *os.File of a regular file (from its
// current offset), or a reader with a Len method such as *bytes.Reader,
// *bytes.Buffer and *strings.Reader — a declared number of entries that
// cannot fit in the bytes after the size line is refused by Header with
// ErrTruncated (each entry takes a line of at least "1 1 1\n", "1 1\n" for
// pattern files, "1\n" for array files).
type Reader struct {
	lr    *lineReader
	h     header
	size  int64 // bytes the input held when the Reader was made, or -1
	state int   // 0: nothing read; 1: header read; 2: entries read or failed
	err   error
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader {
	return &Reader{lr: &lineReader{br: bufio.NewReaderSize(r, 1<<16)}, size: inputSize(r)}
}

// inputSize returns the bytes r has left to give, or -1 when it cannot
// tell.
func inputSize(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }:
		return int64(r.Len())
	case *os.File:
		st, err := r.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		off, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return max(0, st.Size()-off)
	}
	return -1
}

// ReadHeader reads the banner and size line of a Matrix Market file. Any
// error returned is a *ParseError.
func ReadHeader(r io.Reader) (Header, error) { return NewReader(r).Header() }

// Header reads the banner and size line if not done yet and returns them.
// Any error returned is a *ParseError.
func (rd *Reader) Header() (Header, error) {
	if rd.state == 0 {
		rd.state = 1
		if rd.err = rd.readHeader(); rd.err != nil {
			rd.state = 2
		}
	}
	if rd.err != nil {
		return Header{}, rd.err
	}
	h := &rd.h
	out := Header{Rows: h.rows, Cols: h.cols, Entries: h.entries, Array: h.array}
	out.Field = [...]string{fieldReal: "real", fieldInteger: "integer", fieldPattern: "pattern"}[h.field]
	out.Symmetry = [...]string{symGeneral: "general", symSymmetric: "symmetric", symSkew: "skew-symmetric"}[h.sym]
	return out, nil
}

// errReadTwice is returned by a second ReadSparse or ReadDense.
var errReadTwice = errors.New("mtx: the entries were already read")

// ReadSparse reads the header if not done yet and the entries, as
// ReadSparse does.
func (rd *Reader) ReadSparse() (*sparse.CSR, error) {
	var s cooSink
	lines, err := rd.readEntries(&s)
	if err != nil {
		return nil, err
	}
	m, err := s.csr()
	if err != nil {
		return nil, &ParseError{Line: lines, Err: err}
	}
	return m, nil
}

// ReadDense reads the header if not done yet and the entries, as ReadDense
// does.
func (rd *Reader) ReadDense() (*mat.Dense, error) {
	var s denseSink
	lines, err := rd.readEntries(&s)
	if err != nil {
		return nil, err
	}
	m, err := s.dense()
	if err != nil {
		return nil, &ParseError{Line: lines, Err: err}
	}
	return m, nil
}

func (rd *Reader) readEntries(s sink) (int, error) {
	if _, err := rd.Header(); err != nil {
		return rd.lr.n, err
	}
	if rd.state == 2 {
		return rd.lr.n, errReadTwice
	}
	rd.state = 2
	return rd.entries(s)
}

// Bytes per entry the sparse reader holds at its peak: while reading, a
// row (int32), a column (int) and a value (float64); while sorting an
// unsorted file into CSR, the column and value again.
const sparseEntryBytes = 4 + 8 + 8 + 8 + 8

// checkMemory returns a *MemoryError when need exceeds the memory
// available.
func checkMemory(h *header, need uint64) error {
	if avail := available(); need > avail {
		return &MemoryError{Rows: h.rows, Cols: h.cols, Entries: h.entries, Need: need, Available: avail}
	}
	return nil
}

// mulSat and addSat are uint64 arithmetic that saturates instead of
// wrapping.
func mulSat(a, b uint64) uint64 {
	if a != 0 && b > math.MaxUint64/a {
		return math.MaxUint64
	}
	return a * b
}

func addSat(a, b uint64) uint64 {
	if a > math.MaxUint64-b {
		return math.MaxUint64
	}
	return a + b
}
