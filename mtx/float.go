package mtx

import (
	"math"
	"strconv"
	"unsafe"
)

// fastFloat parses a plain decimal number (digits, sign, point, exponent)
// with strconv.ParseFloat without copying b, so that the common entry line
// allocates nothing. It reports false for anything else, and for values out
// of range, which the general path parses and reports.
func fastFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	for _, c := range b {
		if (c < '0' || c > '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			return 0, false
		}
	}
	// The string shares b's memory only during the call: strconv copies
	// the text it keeps in an error, and the error is dropped here.
	v, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
