package mtx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
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

// lineReader splits its input into lines of any length, without the
// trailing "\n" or "\r\n".
type lineReader struct {
	br   *bufio.Reader
	n    int   // number of lines returned so far
	off  int64 // bytes of the input consumed by the lines returned so far
	term bool  // whether the last line returned ended in '\n'
	long []byte
}

func (lr *lineReader) next() ([]byte, error) {
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err != nil && (err != io.EOF || len(b) == 0) {
		return nil, err
	}
	lr.n++
	lr.off += int64(len(b))
	lr.term = len(b) > 0 && b[len(b)-1] == '\n'
	if lr.term {
		b = b[:len(b)-1]
	}
	if len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return b, nil
}

// endLine returns the number of the line on which the input ended.
func (lr *lineReader) endLine() int {
	if lr.n == 0 || lr.term {
		return lr.n + 1
	}
	return lr.n
}

// spaceTab marks the bytes that separate fields.
var spaceTab = [256]bool{' ': true, '\t': true, '\r': true, '\v': true, '\f': true}

func isSpace(c byte) bool { return spaceTab[c] }

// skippable reports whether b is a blank or comment line.
func skippable(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return c == '%'
		}
	}
	return true
}

// splitFields splits b at runs of spaces and tabs into dst, returning the
// total number of fields, which may exceed len(dst).
func splitFields(b []byte, dst [][]byte) int {
	n := 0
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return n
		}
		start := i
		for i < len(b) && !isSpace(b[i]) {
			i++
		}
		if n < len(dst) {
			dst[n] = b[start:i]
		}
		n++
	}
}

// asciiEqualFold is bytes.EqualFold restricted to ASCII letters.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

const (
	intOK = iota
	intSyntax
	intOverflow
)

// parseInt parses an optionally signed decimal integer.
func parseInt(b []byte) (int64, int) {
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, intSyntax
	}
	var n uint64
	overflow := false
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, intSyntax
		}
		if n > (math.MaxInt64-9)/10 {
			overflow = true
			continue
		}
		n = n*10 + uint64(c-'0')
	}
	if overflow {
		return 0, intOverflow
	}
	if neg {
		return -int64(n), intOK
	}
	return int64(n), intOK
}

func parseBanner(b []byte) (header, error) {
	var h header
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:] // UTF-8 byte order mark
	}
	var f [5][]byte
	n := splitFields(b, f[:])
	if n == 0 || !asciiEqualFold(f[0], "%%MatrixMarket") {
		return h, fmt.Errorf("%w: missing %%%%MatrixMarket banner", ErrHeader)
	}
	if n != 5 {
		return h, fmt.Errorf("%w: banner has %d fields, want 5", ErrHeader, n)
	}
	if !asciiEqualFold(f[1], "matrix") {
		return h, fmt.Errorf("%w: object %s is not supported", ErrHeader, quote(f[1]))
	}
	switch {
	case asciiEqualFold(f[2], "coordinate"):
	case asciiEqualFold(f[2], "array"):
		h.array = true
	default:
		return h, fmt.Errorf("%w: unknown format %s", ErrHeader, quote(f[2]))
	}
	switch {
	case asciiEqualFold(f[3], "real"), asciiEqualFold(f[3], "double"):
		h.field = fieldReal
	case asciiEqualFold(f[3], "integer"):
		h.field = fieldInteger
	case asciiEqualFold(f[3], "pattern"):
		if h.array {
			return h, fmt.Errorf("%w: pattern field with array format", ErrHeader)
		}
		h.field = fieldPattern
	case asciiEqualFold(f[3], "complex"):
		return h, fmt.Errorf("%w: complex field is not supported", ErrHeader)
	default:
		return h, fmt.Errorf("%w: unknown field %s", ErrHeader, quote(f[3]))
	}
	switch {
	case asciiEqualFold(f[4], "general"):
		h.sym = symGeneral
	case asciiEqualFold(f[4], "symmetric"):
		h.sym = symSymmetric
	case asciiEqualFold(f[4], "skew-symmetric"):
		if h.field == fieldPattern {
			return h, fmt.Errorf("%w: pattern field with skew-symmetric symmetry", ErrHeader)
		}
		h.sym = symSkew
	case asciiEqualFold(f[4], "hermitian"):
		return h, fmt.Errorf("%w: hermitian symmetry is not supported", ErrHeader)
	default:
		return h, fmt.Errorf("%w: unknown symmetry %s", ErrHeader, quote(f[4]))
	}
	return h, nil
}

func parseSize(b []byte, h *header) error {
	var f [3][]byte
	want := 3
	if h.array {
		want = 2
	}
	n := splitFields(b, f[:])
	if n != want {
		return fmt.Errorf("%w: size line %s has %d fields, want %d", ErrSize, quote(b), n, want)
	}
	var v [3]int
	for k := range want {
		x, st := parseInt(f[k])
		switch {
		case st == intSyntax:
			return fmt.Errorf("%w: %s is not an integer", ErrSize, quote(f[k]))
		case st == intOverflow || x > math.MaxInt:
			return fmt.Errorf("%w: %s is too large", ErrSize, quote(f[k]))
		case x < 0:
			return fmt.Errorf("%w: negative size %d", ErrSize, x)
		}
		v[k] = int(x)
	}
	h.rows, h.cols = v[0], v[1]
	if h.sym != symGeneral && h.rows != h.cols {
		return fmt.Errorf("%w: %d×%d matrix cannot be symmetric", ErrSize, h.rows, h.cols)
	}
	if !h.array {
		h.entries = v[2]
		return nil
	}
	n64, ok := arrayEntries(h)
	if !ok {
		return fmt.Errorf("%w: %d×%d matrix is too large", ErrSize, h.rows, h.cols)
	}
	h.entries = n64
	return nil
}

// arrayEntries returns the number of values an array file stores.
func arrayEntries(h *header) (int, bool) {
	r, c := h.rows, h.cols
	switch h.sym {
	case symSymmetric:
		if r > 0 && r+1 > math.MaxInt/r {
			return 0, false
		}
		return r * (r + 1) / 2, true
	case symSkew:
		if r > 0 && r > math.MaxInt/r {
			return 0, false
		}
		if r == 0 {
			return 0, true
		}
		return r * (r - 1) / 2, true
	}
	if r > 0 && c > math.MaxInt/r {
		return 0, false
	}
	return r * c, true
}

// parseValue parses a value field.
func parseValue(b []byte, f field) (float64, error) {
	if v, ok := fastFloat(b); ok {
		if f == fieldInteger {
			for _, c := range b {
				if c == '.' || c == 'e' || c == 'E' {
					return 0, fmt.Errorf("%w: %s is not an integer", ErrEntry, quote(b))
				}
			}
		}
		return v, nil
	}
	if f == fieldInteger {
		k := 0
		if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
			k = 1
		}
		if k == len(b) {
			return 0, fmt.Errorf("%w: %s is not an integer", ErrEntry, quote(b))
		}
		for _, c := range b[k:] {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("%w: %s is not an integer", ErrEntry, quote(b))
			}
		}
	} else {
		for _, c := range b {
			if c == '_' || c == 'x' || c == 'X' {
				return 0, fmt.Errorf("%w: %s is not a decimal number", ErrEntry, quote(b))
			}
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%w: %s overflows float64", ErrNotFinite, quote(b))
		}
		return 0, fmt.Errorf("%w: %s is not a number", ErrEntry, quote(b))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: %s", ErrNotFinite, quote(b))
	}
	return v, nil
}

// quote quotes a field for an error message, shortening it if it is long.
func quote(b []byte) string {
	const n = 40
	if len(b) > n {
		return strconv.Quote(string(b[:n])) + "..."
	}
	return strconv.Quote(string(b))
}

// parseIndex parses a 1-based index field and returns it 0-based.
func parseIndex(b []byte, n int, what string) (int, error) {
	x, st := parseInt(b)
	switch {
	case st == intSyntax:
		return 0, fmt.Errorf("%w: %s index %s is not an integer", ErrEntry, what, quote(b))
	case st == intOverflow || x < 1 || x > int64(n):
		return 0, fmt.Errorf("%w: %s index %s not in [1, %d]", ErrRange, what, quote(b), n)
	}
	return int(x - 1), nil
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

// entries reads the entries after the header, feeding s. It returns the
// number of lines read.
func (rd *Reader) entries(s sink) (int, error) {
	lr, h := rd.lr, rd.h
	h.bound = rd.entryBound()
	fail := func(line int, err error) (int, error) {
		return lr.n, &ParseError{Line: line, Err: err}
	}
	ioFail := func(err error) (int, error) { return lr.n, rd.ioFail(err) }
	if err := s.begin(&h); err != nil {
		return fail(lr.n, err)
	}

	// Position of the next value of an array file.
	var ai, aj int
	if h.sym == symSkew {
		ai = 1
	}
	want := 3
	switch {
	case h.array:
		want = 1
	case h.field == fieldPattern:
		want = 2
	}
	var f [3][]byte
	var b []byte
	var err error
	fast := useFastPath
	for found := 0; found < h.entries; {
		b, err = lr.next()
		if err == io.EOF {
			return fail(lr.endLine(), fmt.Errorf("%w: expected %d entries, found %d", ErrTruncated, h.entries, found))
		}
		if err != nil {
			return ioFail(err)
		}
		if fast && !h.array {
			if i, j, v, ok := fastEntry(b, &h); ok {
				s.add(i, j, v)
				found++
				continue
			}
		}
		n := splitFields(b, f[:])
		if n == 0 || f[0][0] == '%' {
			continue
		}
		if n != want {
			return fail(lr.n, fmt.Errorf("%w: %d fields, want %d", ErrEntry, n, want))
		}
		if h.array {
			v, err := parseValue(f[0], h.field)
			if err != nil {
				return fail(lr.n, err)
			}
			s.add(ai, aj, v)
			ai++
			if ai == h.rows {
				aj++
				switch h.sym {
				case symGeneral:
					ai = 0
				case symSymmetric:
					ai = aj
				case symSkew:
					ai = aj + 1
				}
			}
		} else {
			i, err := parseIndex(f[0], h.rows, "row")
			if err != nil {
				return fail(lr.n, err)
			}
			j, err := parseIndex(f[1], h.cols, "column")
			if err != nil {
				return fail(lr.n, err)
			}
			v := 1.0
			if h.field != fieldPattern {
				v, err = parseValue(f[2], h.field)
				if err != nil {
					return fail(lr.n, err)
				}
			}
			s.add(i, j, v)
		}
		found++
	}

	for {
		b, err = lr.next()
		if err == io.EOF {
			return lr.n, nil
		}
		if err != nil {
			return ioFail(err)
		}
		if !skippable(b) {
			return fail(lr.n, fmt.Errorf("%w (%d declared)", ErrTrailing, h.entries))
		}
	}
}

// useFastPath enables fastEntry; tests disable it to compare the paths.
var useFastPath = true

// fastEntry parses the common form of a coordinate entry line: two
// unsigned in-range indices and, unless the field is pattern, a decimal
// value that fastFloat accepts (digits only for an integer field),
// separated by spaces or tabs. For anything else (including comments,
// blank lines and all errors) it reports false and the caller uses the
// general path, which gives the same result for valid lines and reports
// errors.
func fastEntry(b []byte, h *header) (i, j int, v float64, ok bool) {
	p := 0
	for p < len(b) && spaceTab[b[p]] {
		p++
	}
	i, p = fastIndex(b, p, h.rows)
	if i < 0 || p == len(b) || !spaceTab[b[p]] {
		return 0, 0, 0, false
	}
	for p < len(b) && spaceTab[b[p]] {
		p++
	}
	j, p = fastIndex(b, p, h.cols)
	if j < 0 {
		return 0, 0, 0, false
	}
	if h.field == fieldPattern {
		v = 1
	} else {
		if p == len(b) || !spaceTab[b[p]] {
			return 0, 0, 0, false
		}
		for p < len(b) && spaceTab[b[p]] {
			p++
		}
		start := p
		for p < len(b) && !spaceTab[b[p]] {
			p++
		}
		if h.field == fieldInteger {
			k := start
			if k < p && (b[k] == '+' || b[k] == '-') {
				k++
			}
			for ; k < p; k++ {
				if b[k]-'0' >= 10 {
					return 0, 0, 0, false
				}
			}
		}
		if v, ok = fastFloat(b[start:p]); !ok {
			return 0, 0, 0, false
		}
	}
	for p < len(b) && spaceTab[b[p]] {
		p++
	}
	if p != len(b) {
		return 0, 0, 0, false
	}
	return i, j, v, true
}

// fastIndex parses the unsigned decimal index at b[p:] and returns it
// 0-based with the position after it, or -1 if there is none or it is not
// in 1..n.
func fastIndex(b []byte, p, n int) (int, int) {
	start := p
	x := 0
	for p < len(b) && b[p]-'0' < 10 && p-start < 18 {
		x = x*10 + int(b[p]-'0')
		p++
	}
	if p == start || x < 1 || x > n || p < len(b) && b[p]-'0' < 10 {
		return -1, p
	}
	return x - 1, p
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
