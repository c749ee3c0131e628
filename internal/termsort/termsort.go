// Package termsort sorts indices by the strings they index, in the byte
// order of the strings, as a vocabulary's terms are sorted.
//
// Plain is the definition, a comparison sort of the strings. Sort gives the
// same order (up to the order of indices of equal strings, which it leaves
// unspecified) by a radix sort on the strings' first 8 bytes, then a
// comparison sort of each run of strings that share them: a comparison
// sort of many short terms mispredicts about every other comparison. Its
// tests and fuzz target compare it with Plain.
package termsort

import (
	"encoding/binary"
	"slices"
	"strings"
)

// Plain sorts idx so that strs[idx[i]] are in increasing byte order, by
// comparing the strings.
func Plain(idx []int, strs []string) {
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(strs[a], strs[b]) })
}

// Sort sorts idx so that strs[idx[i]] are in increasing byte order, as
// Plain does.
func Sort(idx []int, strs []string) {
	if len(idx) < 2 {
		return
	}
	e := make([]entry, len(idx))
	for i, t := range idx {
		var b [8]byte
		copy(b[:], strs[t])
		e[i] = entry{binary.BigEndian.Uint64(b[:]), t}
	}
	e = radixSort(e, make([]entry, len(e)))
	for i := 0; i < len(e); {
		j := i + 1
		for j < len(e) && e[j].prefix == e[i].prefix {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(e[i:j], func(a, b entry) int { return strings.Compare(strs[a.t], strs[b.t]) })
		}
		i = j
	}
	for i := range e {
		idx[i] = e[i].t
	}
}

// entry is an index with its string's first 8 bytes.
type entry struct {
	prefix uint64 // big-endian, zero-padded: orders as the bytes do, a shorter string first
	t      int
}

// radixSort sorts e by prefix, a byte at a time from the least significant,
// using tmp (as long as e) as scratch, and returns the sorted entries
// (e or tmp).
func radixSort(e, tmp []entry) []entry {
	for shift := 0; shift < 64; shift += 8 {
		var at [257]int
		for _, x := range e {
			at[x.prefix>>shift&0xff+1]++
		}
		if at[e[0].prefix>>shift&0xff+1] == len(e) {
			continue // one value of this byte: the pass would not move anything
		}
		for i := 1; i < len(at); i++ {
			at[i] += at[i-1]
		}
		for _, x := range e {
			d := x.prefix >> shift & 0xff
			tmp[at[d]] = x
			at[d]++
		}
		e, tmp = tmp, e
	}
	return e
}
