package vectorize

import "bytes"

// A byte-level port of github.com/kljensen/snowball/english.Stem(word, true)
// (v0.10.0) for lower-case ASCII words: same output, no rune conversion, no
// allocation beyond dst, suffixes chosen by a switch on the last byte(s).
//
// The port follows the library step by step, including its bookkeeping of
// R1 and R2: they are positions that every edit clamps to the new length
// (snowballword's resetR1R2), and step 1b restores them after its two-part
// edit. Step 0 (apostrophes) is absent, since the fast path rejects them.

// porter2Vowel reports the vowels of english.isLowerVowel: a e i o u y. The
// 'Y' that preprocessing writes for a consonant y is not a vowel.
var porter2Vowel = [256]bool{'a': true, 'e': true, 'i': true, 'o': true, 'u': true, 'y': true}

// porter2Byte reports the bytes the fast path accepts: [a-z0-9_].
var porter2Byte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['_'] = true
	return t
}()

// stemEnglishASCII appends to dst[:0] the English Snowball stem of word and
// returns it with true, when every byte of word is in [a-z0-9_] (the empty
// word included); the stem is then exactly english.Stem(string(word), true)
// of github.com/kljensen/snowball v0.10.0. Otherwise, for a word with any
// other byte (upper case, apostrophe, space, punctuation, non-ASCII), it
// returns dst unchanged and false, and the caller should use english.Stem.
//
// word is read before dst is written, and only dst grows, so dst may be
// word[:0] (stemming in place); it must not otherwise overlap word.
func stemEnglishASCII(dst, word []byte) ([]byte, bool) {
	for _, c := range word {
		if !porter2Byte[c] {
			return dst, false
		}
	}
	// Stem: words of two letters or less are left as they are.
	if len(word) <= 2 {
		return append(dst[:0], word...), true
	}
	// Stem: special words (common.go, stemSpecialWord) are returned at once.
	if len(word) <= 10 {
		if s, ok := porter2Special(word); ok {
			return append(dst[:0], s...), true
		}
	}
	w := porter2Word{b: append(dst[:0], word...)}
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

// porter2Special is english.stemSpecialWord: the stem of an exceptional
// word, or false.
func porter2Special(word []byte) (string, bool) {
	switch string(word) {
	case "skis":
		return "ski", true
	case "skies":
		return "sky", true
	case "dying":
		return "die", true
	case "lying":
		return "lie", true
	case "tying":
		return "tie", true
	case "idly":
		return "idl", true
	case "gently":
		return "gentl", true
	case "ugly":
		return "ugli", true
	case "early":
		return "earli", true
	case "only":
		return "onli", true
	case "singly":
		return "singl", true
	case "sky":
		return "sky", true
	case "news":
		return "news", true
	case "howe":
		return "howe", true
	case "atlas":
		return "atlas", true
	case "cosmos":
		return "cosmos", true
	case "bias":
		return "bias", true
	case "andes":
		return "andes", true
	case "inning", "innings":
		return "inning", true
	case "outing", "outings":
		return "outing", true
	case "canning", "cannings":
		return "canning", true
	case "herring", "herrings":
		return "herring", true
	case "earring", "earrings":
		return "earring", true
	case "proceed", "proceeds", "proceeded", "proceeding":
		return "proceed", true
	case "exceed", "exceeds", "exceeded", "exceeding":
		return "exceed", true
	case "succeed", "succeeds", "succeeded", "succeeding":
		return "succeed", true
	}
	return "", false
}

// porter2Word is snowballword.SnowballWord on bytes: the word being stemmed
// and the starts of its regions R1 and R2.
type porter2Word struct {
	b      []byte
	r1, r2 int
	bigY   bool // whether preprocess wrote a Y
}

// clamp keeps R1 and R2 within the word (snowballword's resetR1R2).
func (w *porter2Word) clamp() {
	n := len(w.b)
	if w.r1 > n {
		w.r1 = n
	}
	if w.r2 > n {
		w.r2 = n
	}
}

// cut removes the last n bytes (RemoveLastNRunes).
func (w *porter2Word) cut(n int) {
	w.b = w.b[:len(w.b)-n]
	w.clamp()
}

// replace replaces the last n bytes by repl (ReplaceSuffixRunes). No call
// makes the word longer than the input word, so dst's capacity suffices.
func (w *porter2Word) replace(n int, repl string) {
	w.b = append(w.b[:len(w.b)-n], repl...)
	w.clamp()
}

// has reports whether the word ends with s.
func (w *porter2Word) has(s string) bool {
	b := w.b
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// porter2VNV is romance.VnvSuffix: the position after the first non-vowel
// that follows a vowel at or after start, or len(b).
func porter2VNV(b []byte, start int) int {
	for j := start + 1; j < len(b); j++ {
		if porter2Vowel[b[j-1]] && !porter2Vowel[b[j]] {
			return j + 1
		}
	}
	return len(b)
}

// preprocess capitalizes the consonant y's and finds R1 and R2.
func (w *porter2Word) preprocess() {
	b := w.b
	// capitalizeYs: a y that starts the word or follows a vowel becomes Y
	// (the test sees the previous byte after its own capitalization).
	if bytes.IndexByte(b, 'y') >= 0 {
		for i, c := range b {
			if c == 'y' && (i == 0 || porter2Vowel[b[i-1]]) {
				b[i] = 'Y'
				w.bigY = true
			}
		}
	}
	// r1r2: R1 starts after gener, commun or arsen, else after the first
	// non-vowel following a vowel; R2 the same within R1.
	switch {
	case len(b) >= 5 && string(b[:5]) == "gener":
		w.r1 = 5
	case len(b) >= 6 && string(b[:6]) == "commun":
		w.r1 = 6
	case len(b) >= 5 && string(b[:5]) == "arsen":
		w.r1 = 5
	default:
		w.r1 = porter2VNV(b, 0)
	}
	w.r2 = porter2VNV(b, w.r1)
}

// step1a handles the endings sses, ied, ies, us, ss and s.
func (w *porter2Word) step1a() {
	n := len(w.b)
	if n == 0 {
		return
	}
	switch w.b[n-1] {
	case 'd':
		if w.has("ied") {
			w.step1aIE()
		}
	case 's':
		switch {
		case w.has("sses"):
			w.replace(4, "ss")
		case w.has("ies"):
			w.step1aIE()
		case w.has("us"), w.has("ss"):
			// Left as they are.
		default:
			// s: deleted if a vowel precedes the letter before it.
			for i := 0; i < n-2; i++ {
				if porter2Vowel[w.b[i]] {
					w.cut(1)
					break
				}
			}
		}
	}
}

// step1aIE replaces ied or ies by i after more than one letter, else by ie.
func (w *porter2Word) step1aIE() {
	if len(w.b) > 4 {
		w.replace(3, "i")
	} else {
		w.replace(3, "ie")
	}
}

// step1b handles the endings eedly, ingly, edly, ing, eed and ed.
func (w *porter2Word) step1b() {
	n := len(w.b)
	if n == 0 {
		return
	}
	sl, eed := 0, false
	switch w.b[n-1] {
	case 'y':
		switch {
		case w.has("eedly"):
			sl, eed = 5, true
		case w.has("ingly"):
			sl = 5
		case w.has("edly"):
			sl = 4
		}
	case 'g':
		if w.has("ing") {
			sl = 3
		}
	case 'd':
		switch {
		case w.has("eed"):
			sl, eed = 3, true
		case w.has("ed"):
			sl = 2
		}
	}
	if sl == 0 {
		return
	}
	if eed {
		// eed, eedly: replaced by ee if in R1.
		if sl <= n-w.r1 {
			w.replace(sl, "ee")
		}
		return
	}
	// ed, edly, ing, ingly: deleted if the part before has a vowel.
	vowel := false
	for _, c := range w.b[:n-sl] {
		if porter2Vowel[c] {
			vowel = true
			break
		}
	}
	if !vowel {
		return
	}
	r1, r2 := w.r1, w.r2
	w.cut(sl)
	b := w.b
	n = len(b)
	var c1, c2 byte
	if n >= 2 {
		c1, c2 = b[n-2], b[n-1]
	}
	switch {
	case c1 == 'a' && c2 == 't', c1 == 'b' && c2 == 'l', c1 == 'i' && c2 == 'z':
		// at, bl, iz: add e.
		w.replace(0, "e")
	case c1 == c2 && porter2Double(c2):
		// bb dd ff gg mm nn pp rr tt: remove the last letter.
		w.cut(1)
	case w.r1 >= n && porter2ShortSyllable(b, n):
		// A short word (R1 empty, ends in a short syllable): add e, and
		// R1 and R2 become empty.
		w.b = append(b, 'e')
		w.r1, w.r2 = len(w.b), len(w.b)
		return
	}
	// Restore R1 and R2 as they were before the step, within the word.
	w.r1, w.r2 = min(r1, len(w.b)), min(r2, len(w.b))
}

// porter2Double reports the letters whose doubling step 1b undoes.
func porter2Double(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// porter2ShortSyllable is english.endsShortSyllable: whether b[:i] ends in
// a short syllable, that is a non-vowel other than w, x or Y after a vowel
// after a non-vowel, or (when i is 2) a vowel then a non-vowel.
func porter2ShortSyllable(b []byte, i int) bool {
	switch {
	case i == 2:
		return porter2Vowel[b[0]] && !porter2Vowel[b[1]]
	case i >= 3:
		s1, s2, s3 := b[i-1], b[i-2], b[i-3]
		return !porter2Vowel[s1] && s1 != 'w' && s1 != 'x' && s1 != 'Y' &&
			porter2Vowel[s2] && !porter2Vowel[s3]
	}
	return false
}

// step1c replaces a final y or Y by i after a non-vowel that is not the
// first letter.
func (w *porter2Word) step1c() {
	b := w.b
	n := len(b)
	if n > 2 && (b[n-1] == 'y' || b[n-1] == 'Y') && !porter2Vowel[b[n-2]] {
		b[n-1] = 'i'
	}
}

// step2 replaces the longest of its suffixes when it lies in R1. The
// suffixes are sorted by their last byte(s), longest first.
func (w *porter2Word) step2() {
	b := w.b
	n := len(b)
	if n < 2 {
		return
	}
	sl, repl := 0, ""
	switch b[n-1] {
	case 'l':
		switch {
		case w.has("ational"):
			sl, repl = 7, "ate"
		case w.has("tional"):
			sl, repl = 6, "tion"
		}
	case 's':
		switch {
		case w.has("fulness"):
			sl, repl = 7, "ful"
		case w.has("iveness"):
			sl, repl = 7, "ive"
		case w.has("ousness"):
			sl, repl = 7, "ous"
		}
	case 'n':
		switch {
		case w.has("ization"):
			sl, repl = 7, "ize"
		case w.has("ation"):
			sl, repl = 5, "ate"
		}
	case 'm':
		if w.has("alism") {
			sl, repl = 5, "al"
		}
	case 'r':
		switch {
		case w.has("ator"):
			sl, repl = 4, "ate"
		case w.has("izer"):
			sl, repl = 4, "ize"
		}
	case 'i':
		switch b[n-2] {
		case 't':
			switch {
			case w.has("biliti"):
				sl, repl = 6, "ble"
			case w.has("aliti"):
				sl, repl = 5, "al"
			case w.has("iviti"):
				sl, repl = 5, "ive"
			}
		case 'c':
			switch {
			case w.has("anci"):
				sl, repl = 4, "ance"
			case w.has("enci"):
				sl, repl = 4, "ence"
			}
		case 'g':
			if w.has("ogi") {
				sl = 3
			}
		case 'l':
			switch {
			case w.has("lessli"):
				sl, repl = 6, "less"
			case w.has("entli"):
				sl, repl = 5, "ent"
			case w.has("fulli"):
				sl, repl = 5, "ful"
			case w.has("ousli"):
				sl, repl = 5, "ous"
			case w.has("abli"):
				sl, repl = 4, "able"
			case w.has("alli"):
				sl, repl = 4, "al"
			case w.has("bli"):
				sl, repl = 3, "ble"
			default:
				sl = 2 // li
			}
		}
	}
	// Nothing is done unless the suffix lies in R1.
	if sl == 0 || sl > n-w.r1 {
		return
	}
	switch {
	case sl == 2:
		// li: deleted after a valid li-ending (c d e g h k m n r t).
		if n >= 3 {
			switch b[n-3] {
			case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
				w.cut(2)
			}
		}
	case sl == 3 && repl == "":
		// ogi: replaced by og after l.
		if n >= 4 && b[n-4] == 'l' {
			w.replace(3, "og")
		}
	default:
		w.replace(sl, repl)
	}
}

// step3 replaces the longest of its suffixes when it lies in R1 (R2 for
// ative).
func (w *porter2Word) step3() {
	b := w.b
	n := len(b)
	if n == 0 {
		return
	}
	sl, repl := 0, ""
	switch b[n-1] {
	case 'l':
		switch {
		case w.has("ational"):
			sl, repl = 7, "ate"
		case w.has("tional"):
			sl, repl = 6, "tion"
		case w.has("ical"):
			sl, repl = 4, "ic"
		case w.has("ful"):
			sl = 3
		}
	case 'e':
		switch {
		case w.has("alize"):
			sl, repl = 5, "al"
		case w.has("icate"):
			sl, repl = 5, "ic"
		case w.has("ative"):
			// ative: deleted if in R2.
			if n-w.r1 >= 5 && n-w.r2 >= 5 {
				w.cut(5)
			}
			return
		}
	case 'i':
		if w.has("iciti") {
			sl, repl = 5, "ic"
		}
	case 's':
		if w.has("ness") {
			sl = 4
		}
	}
	if sl == 0 || sl > n-w.r1 {
		return
	}
	w.replace(sl, repl)
}

// step4 deletes the longest of its suffixes when it lies in R2 (ion only
// after s or t).
func (w *porter2Word) step4() {
	b := w.b
	n := len(b)
	if n < 2 {
		return
	}
	sl := 0
	switch b[n-1] {
	case 't':
		switch {
		case w.has("ement"):
			sl = 5
		case w.has("ment"):
			sl = 4
		case w.has("ent"), w.has("ant"):
			sl = 3
		}
	case 'e':
		switch b[n-2] {
		case 'c':
			if w.has("ance") || w.has("ence") {
				sl = 4
			}
		case 'l':
			if w.has("able") || w.has("ible") {
				sl = 4
			}
		case 't', 'v', 'z':
			if w.has("ate") || w.has("ive") || w.has("ize") {
				sl = 3
			}
		}
	case 'm':
		if w.has("ism") {
			sl = 3
		}
	case 'i':
		if w.has("iti") {
			sl = 3
		}
	case 's':
		if w.has("ous") {
			sl = 3
		}
	case 'n':
		if w.has("ion") {
			// ion: deleted if in R2 and after s or t.
			if 3 <= n-w.r2 && n >= 4 && (b[n-4] == 's' || b[n-4] == 't') {
				w.cut(3)
			}
			return
		}
	case 'l':
		if b[n-2] == 'a' {
			sl = 2
		}
	case 'r':
		if b[n-2] == 'e' {
			sl = 2
		}
	case 'c':
		if b[n-2] == 'i' {
			sl = 2
		}
	}
	if sl == 0 || sl > n-w.r2 {
		return
	}
	w.cut(sl)
}

// step5 deletes a final e in R2, or in R1 when no short syllable precedes
// it, and the second l of a final ll in R2.
func (w *porter2Word) step5() {
	b := w.b
	lri := len(b) - 1
	if w.r1 > lri {
		return
	}
	switch {
	case b[lri] == 'e':
		if w.r2 <= lri || !porter2ShortSyllable(b, lri) {
			w.cut(1)
		}
	case w.r2 <= lri && b[lri] == 'l' && lri >= 1 && b[lri-1] == 'l':
		w.cut(1)
	}
}

// postprocess turns the Y's back into y's.
func (w *porter2Word) postprocess() {
	if !w.bigY {
		return
	}
	for i, c := range w.b {
		if c == 'Y' {
			w.b[i] = 'y'
		}
	}
}
