package mtx

import (
	"errors"
	"fmt"
	"io"
)

// Sentinel errors wrapped by *ParseError. Test for them with errors.Is.
var (
	// ErrHeader reports a missing, malformed or unsupported banner line.
	ErrHeader = errors.New("invalid or unsupported header")
	// ErrSize reports a missing or malformed size line, or a size the
	// reader refuses (see the package documentation).
	ErrSize = errors.New("invalid size")
	// ErrEntry reports an entry line with the wrong number of fields or a
	// field that is not a number of the declared kind.
	ErrEntry = errors.New("malformed entry")
	// ErrTruncated reports input that ended before all declared entries.
	ErrTruncated = errors.New("unexpected end of input")
	// ErrRange reports a row or column index outside 1..rows or 1..cols.
	ErrRange = errors.New("index out of range")
	// ErrNotFinite reports a NaN or infinite value, including a value
	// too large to be represented as a float64.
	ErrNotFinite = errors.New("value is not finite")
	// ErrTrailing reports non-comment content after the declared entries.
	ErrTrailing = errors.New("unexpected content after the last entry")
)

// ParseError is the error type returned by ReadSparse and ReadDense.
type ParseError struct {
	Line int   // 1-based line number at which the error was found
	Err  error // underlying error; wraps one of the Err* sentinels for parse errors
}

// Error returns "line N: " followed by the underlying error's message.
func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Limits on declared sizes; variables so that tests can lower them.
var (
	// maxSparseRows bounds the number of rows ReadSparse accepts: the row
	// pointer slice of the result has rows+1 elements whatever the number of
	// entries.
	maxSparseRows = 1 << 27
	// maxDenseElements bounds rows*cols for ReadDense.
	maxDenseElements = 1 << 31
)

// initialCap bounds the capacity allocated up front from a declared number
// of entries; storage grows beyond it as entries actually arrive.
const initialCap = 1 << 16

type field uint8

const (
	fieldReal field = iota
	fieldInteger
	fieldPattern
)

type symmetry uint8

const (
	symGeneral symmetry = iota
	symSymmetric
	symSkew
)

// header is the parsed banner and size line.
type header struct {
	array   bool
	field   field
	sym     symmetry
	rows    int
	cols    int
	entries int // number of entries (coordinate) or stored values (array) in the file
	bound   int // the most entries the input can give: entries, or fewer (Reader.entryBound)
}

// sink receives the parsed header and entries.
type sink interface {
	// begin is called once the size line has been parsed and validated.
	begin(h *header) error
	// add is called for each stored entry, in file order, with 0-based
	// indices. Mirroring of symmetric entries is left to the sink.
	add(i, j int, v float64)
}

// read parses a Matrix Market file from r, feeding s. It returns the
// number of lines read.
func read(r io.Reader, s sink) (int, error) {
	rd := NewReader(r)
	if _, err := rd.Header(); err != nil {
		return rd.lr.n, err
	}
	return rd.entries(s)
}

// readHeader reads the banner and the size line, and checks the declared
// entries against the bytes left when the input's size is known.
func (rd *Reader) readHeader() error {
	lr := rd.lr
	fail := func(line int, err error) error {
		return &ParseError{Line: line, Err: err}
	}
	b, err := lr.next()
	if err == io.EOF {
		return fail(1, fmt.Errorf("%w: empty input", ErrHeader))
	}
	if err != nil {
		return rd.ioFail(err)
	}
	h, err := parseBanner(b)
	if err != nil {
		return fail(1, err)
	}
	for {
		b, err = lr.next()
		if err == io.EOF {
			return fail(lr.endLine(), fmt.Errorf("%w: missing size line", ErrTruncated))
		}
		if err != nil {
			return rd.ioFail(err)
		}
		if !skippable(b) {
			break
		}
	}
	if err := parseSize(b, &h); err != nil {
		return fail(lr.n, err)
	}
	rd.h = h
	return nil
}

// entryBound returns the most entries the input can still give: the
// declared number, or fewer when the input's size is known and its bytes
// after the size line cannot hold them all. Memory is judged by it, so
// that a small file declaring many entries is read (and found truncated)
// rather than refused for memory it would never use.
func (rd *Reader) entryBound() int {
	n := rd.h.entries
	if rd.size >= 0 {
		if most := maxEntries(&rd.h, rd.size-rd.lr.off); int64(n) > most {
			n = int(most)
		}
	}
	return n
}

// maxEntries is the most entries left bytes can hold: each takes a line of
// at least "1 1 1\n" (coordinate), "1 1\n" (pattern) or "1\n" (array), the
// last one without its "\n".
func maxEntries(h *header, left int64) int64 {
	per := int64(6)
	switch {
	case h.array:
		per = 2
	case h.field == fieldPattern:
		per = 4
	}
	return max(0, (left+1)/per)
}

func (rd *Reader) ioFail(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &ParseError{Line: rd.lr.n + 1, Err: err}
}

// entries reads the entries after the header, feeding s, and checks that
// nothing but comments follows them. It returns the number of lines read.
func (rd *Reader) entries(s sink) (int, error) {
	lr, h := rd.lr, rd.h
	h.bound = rd.entryBound()
	if err := s.begin(&h); err != nil {
		return lr.n, &ParseError{Line: lr.n, Err: err}
	}
	p := newEntryParser(&h, s)
	for found := 0; found < h.entries; {
		b, err := lr.next()
		if err == io.EOF {
			err = fmt.Errorf("%w: expected %d entries, found %d", ErrTruncated, h.entries, found)
			return lr.n, &ParseError{Line: lr.endLine(), Err: err}
		}
		if err != nil {
			return lr.n, rd.ioFail(err)
		}
		ok, err := p.line(b)
		if err != nil {
			return lr.n, &ParseError{Line: lr.n, Err: err}
		}
		if ok {
			found++
		}
	}
	return rd.trailing()
}

// trailing reads the lines after the last entry, which may only be blank
// or comments, and returns the number of lines read.
func (rd *Reader) trailing() (int, error) {
	lr := rd.lr
	for {
		b, err := lr.next()
		if err == io.EOF {
			return lr.n, nil
		}
		if err != nil {
			return lr.n, rd.ioFail(err)
		}
		if !skippable(b) {
			err = fmt.Errorf("%w (%d declared)", ErrTrailing, rd.h.entries)
			return lr.n, &ParseError{Line: lr.n, Err: err}
		}
	}
}

// entryParser parses entry lines into a sink.
type entryParser struct {
	h      *header
	s      sink
	want   int  // fields per entry line
	fast   bool // try fastEntry first (coordinate files)
	ai, aj int  // position of the next value of an array file
	f      [3][]byte
}

func newEntryParser(h *header, s sink) *entryParser {
	p := &entryParser{h: h, s: s, want: 3, fast: useFastPath && !h.array}
	switch {
	case h.array:
		p.want = 1
	case h.field == fieldPattern:
		p.want = 2
	}
	if h.sym == symSkew {
		p.ai = 1 // the diagonal of a skew-symmetric matrix is not stored
	}
	return p
}

// line parses one line after the header and hands its entry to the sink.
// It reports false for a blank or comment line.
func (p *entryParser) line(b []byte) (bool, error) {
	if p.fast {
		if i, j, v, ok := fastEntry(b, p.h); ok {
			p.s.add(i, j, v)
			return true, nil
		}
	}
	n := splitFields(b, p.f[:])
	if n == 0 || p.f[0][0] == '%' {
		return false, nil
	}
	if n != p.want {
		return false, fmt.Errorf("%w: %d fields, want %d", ErrEntry, n, p.want)
	}
	if p.h.array {
		return true, p.arrayValue()
	}
	return true, p.coordinate()
}

// arrayValue adds the value of an array line at the next position, column
// by column (the lower triangle only, for the symmetric kinds).
func (p *entryParser) arrayValue() error {
	v, err := parseValue(p.f[0], p.h.field)
	if err != nil {
		return err
	}
	p.s.add(p.ai, p.aj, v)
	p.ai++
	if p.ai == p.h.rows {
		p.aj++
		switch p.h.sym {
		case symGeneral:
			p.ai = 0
		case symSymmetric:
			p.ai = p.aj
		case symSkew:
			p.ai = p.aj + 1
		}
	}
	return nil
}

// coordinate adds the entry of a coordinate line.
func (p *entryParser) coordinate() error {
	i, err := parseIndex(p.f[0], p.h.rows, "row")
	if err != nil {
		return err
	}
	j, err := parseIndex(p.f[1], p.h.cols, "column")
	if err != nil {
		return err
	}
	v := 1.0
	if p.h.field != fieldPattern {
		if v, err = parseValue(p.f[2], p.h.field); err != nil {
			return err
		}
	}
	p.s.add(i, j, v)
	return nil
}

// mirror returns the (j, i) counterpart of the stored entry (i, j, v), and
// whether there is one.
func mirror(sym symmetry, i, j int, v float64) (float64, bool) {
	if sym == symGeneral || i == j {
		return 0, false
	}
	if sym == symSkew {
		return -v, true
	}
	return v, true
}
