package mtx

import (
	"fmt"
	"math"
	"strconv"
)

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
