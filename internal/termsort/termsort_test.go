package termsort

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// check fails t unless Sort puts idx in Plain's order of strings.
func check(t *testing.T, idx []int, strs []string) {
	t.Helper()
	got, want := slices.Clone(idx), slices.Clone(idx)
	Sort(got, strs)
	Plain(want, strs)
	for i := range got {
		if strs[got[i]] != strs[want[i]] {
			t.Fatalf("position %d: %q, want %q", i, strs[got[i]], strs[want[i]])
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("Sort changed the indices: %v, want %v", got, want)
	}
}

// TestSort checks Sort against Plain on strings that share long prefixes,
// are prefixes of one another or hold zero bytes, with repeats.
func TestSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 2, 3, 17, 3000} {
		var strs []string
		for range n {
			b := make([]byte, rng.IntN(14))
			for i := range b {
				b[i] = "ab\x00\xffz"[rng.IntN(5)]
			}
			strs = append(strs, string(b))
		}
		check(t, rng.Perm(len(strs)), strs)
		if n > 0 {
			check(t, rng.Perm(len(strs))[:n/2], strs) // some of them
		}
	}
}

func FuzzSort(f *testing.F) {
	f.Add("b a c", uint64(1))
	f.Add("abcdefghi abcdefgh abcdefghj a\x00 a \x00 \xff", uint64(7))
	f.Fuzz(func(t *testing.T, words string, seed uint64) {
		strs := strings.Split(words, " ")
		check(t, rand.New(rand.NewPCG(seed, 1)).Perm(len(strs)), strs)
	})
}
