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
