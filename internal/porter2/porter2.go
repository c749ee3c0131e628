// Package porter2 stems English words as the Snowball stemmer of
// github.com/kljensen/snowball/english does, Stem(word, true) at v0.10.0,
// for the lower-case ASCII words a corpus is mostly made of: on bytes, with
// no rune conversion and no allocation beyond the destination.
//
// The reference is kljensen's english.Stem: for every word of bytes
// [a-z0-9_], Stem returns exactly its stem (the parity tests and the fuzz
// target compare the two). Any other word is refused, for the caller to
// stem with the reference.
//
// The port follows the library step by step, including its bookkeeping of
// R1 and R2: they are positions that every edit clamps to the new length
// (snowballword's resetR1R2), and step 1b restores them after its two-part
// edit. Step 0 (apostrophes) is absent, since apostrophes are refused.
package porter2

import "bytes"

// Stem appends to dst[:0] the English Snowball stem of word and returns it
// with true, when every byte of word is in [a-z0-9_] (the empty word
// included); the stem is then exactly english.Stem(string(word), true) of
// github.com/kljensen/snowball v0.10.0. Otherwise, for a word with any
// other byte (upper case, apostrophe, space, punctuation, non-ASCII), it
// returns dst unchanged and false, and the caller should use english.Stem.
//
// word is read before dst is written, and only dst grows, so dst may be
// word[:0] (stemming in place); it must not otherwise overlap word.
func Stem(dst, word []byte) ([]byte, bool) {
	for _, c := range word {
		if !accepted[c] {
			return dst, false
		}
	}
	// Words of two letters or less are left as they are.
	if len(word) <= 2 {
		return append(dst[:0], word...), true
	}
	// Special words (common.go, stemSpecialWord) are returned at once.
	if len(word) <= 10 {
		if s, ok := specials[string(word)]; ok {
			return append(dst[:0], s...), true
		}
	}
	w := stemWord{b: append(dst[:0], word...)}
	w.preprocess()
	w.step1a()
	w.step1b()
	w.step1c()
	w.step2()
	w.step3()
	w.step4()
	w.step5()
	w.postprocess()
	return w.b, true
}

// vowels are the vowels of english.isLowerVowel: a e i o u y. The 'Y' that
// preprocessing writes for a consonant y is not a vowel.
var vowels = [256]bool{'a': true, 'e': true, 'i': true, 'o': true, 'u': true, 'y': true}

// accepted are the bytes Stem takes: [a-z0-9_].
var accepted = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['_'] = true
	return t
}()

// specials is english.stemSpecialWord: the stems of exceptional words.
var specials = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
	"sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
	"inning": "inning", "innings": "inning", "outing": "outing", "outings": "outing",
	"canning": "canning", "cannings": "canning", "herring": "herring", "herrings": "herring",
	"earring": "earring", "earrings": "earring",
	"proceed": "proceed", "proceeds": "proceed", "proceeded": "proceed", "proceeding": "proceed",
	"exceed": "exceed", "exceeds": "exceed", "exceeded": "exceed", "exceeding": "exceed",
	"succeed": "succeed", "succeeds": "succeed", "succeeded": "succeed", "succeeding": "succeed",
}

// stemWord is snowballword.SnowballWord on bytes: the word being stemmed
// and the starts of its regions R1 and R2.
type stemWord struct {
	b      []byte
	r1, r2 int
	bigY   bool // whether preprocess wrote a Y
}

// clamp keeps R1 and R2 within the word (snowballword's resetR1R2).
func (w *stemWord) clamp() {
	n := len(w.b)
	if w.r1 > n {
		w.r1 = n
	}
	if w.r2 > n {
		w.r2 = n
	}
}

// cut removes the last n bytes (RemoveLastNRunes).
func (w *stemWord) cut(n int) {
	w.b = w.b[:len(w.b)-n]
	w.clamp()
}

// replace replaces the last n bytes by repl (ReplaceSuffixRunes). No call
// makes the word longer than the input word, so dst's capacity suffices.
func (w *stemWord) replace(n int, repl string) {
	w.b = append(w.b[:len(w.b)-n], repl...)
	w.clamp()
}

// inR1 and inR2 report whether the last n bytes lie in R1, R2.
func (w *stemWord) inR1(n int) bool { return n <= len(w.b)-w.r1 }
func (w *stemWord) inR2(n int) bool { return n <= len(w.b)-w.r2 }

// hasSuffix reports whether b ends with s.
func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// hasVowel reports whether b holds a vowel.
func hasVowel(b []byte) bool {
	for _, c := range b {
		if vowels[c] {
			return true
		}
	}
	return false
}

// vowelNonVowel is romance.VnvSuffix: the position after the first
// non-vowel that follows a vowel at or after start, or len(b).
func vowelNonVowel(b []byte, start int) int {
	for j := start + 1; j < len(b); j++ {
		if vowels[b[j-1]] && !vowels[b[j]] {
			return j + 1
		}
	}
	return len(b)
}

// shortSyllable is english.endsShortSyllable: whether b[:i] ends in a
// short syllable, that is a non-vowel other than w, x or Y after a vowel
// after a non-vowel, or (when i is 2) a vowel then a non-vowel.
func shortSyllable(b []byte, i int) bool {
	switch {
	case i == 2:
		return vowels[b[0]] && !vowels[b[1]]
	case i >= 3:
		s1, s2, s3 := b[i-1], b[i-2], b[i-3]
		return !vowels[s1] && s1 != 'w' && s1 != 'x' && s1 != 'Y' &&
			vowels[s2] && !vowels[s3]
	}
	return false
}

// preprocess capitalizes the consonant y's and finds R1 and R2.
func (w *stemWord) preprocess() {
	b := w.b
	// capitalizeYs: a y that starts the word or follows a vowel becomes Y
	// (the test sees the previous byte after its own capitalization).
	if bytes.IndexByte(b, 'y') >= 0 {
		for i, c := range b {
			if c == 'y' && (i == 0 || vowels[b[i-1]]) {
				b[i] = 'Y'
				w.bigY = true
			}
		}
	}
	// r1r2: R1 starts after gener, commun or arsen, else after the first
	// non-vowel following a vowel; R2 the same within R1.
	switch {
	case bytes.HasPrefix(b, []byte("gener")):
		w.r1 = 5
	case bytes.HasPrefix(b, []byte("commun")):
		w.r1 = 6
	case bytes.HasPrefix(b, []byte("arsen")):
		w.r1 = 5
	default:
		w.r1 = vowelNonVowel(b, 0)
	}
	w.r2 = vowelNonVowel(b, w.r1)
}

// postprocess turns the Y's back into y's.
func (w *stemWord) postprocess() {
	if !w.bigY {
		return
	}
	for i, c := range w.b {
		if c == 'Y' {
			w.b[i] = 'y'
		}
	}
}
