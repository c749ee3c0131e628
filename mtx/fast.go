package mtx

import (
	"math"
	"strconv"
)

// fastFloat parses a plain decimal number (digits, sign, point, exponent)
// with strconv.ParseFloat. It reports false for anything else, and for
// values out of range, which the general path parses and reports.
//
// The conversion of b to a string does not escape (strconv copies the text
// it keeps in an error), so for a number of up to 32 bytes, as every value
// WriteSparse writes, it is made on the stack and the line allocates
// nothing.
func fastFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	for _, c := range b {
		if (c < '0' || c > '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
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
