package porter2

import (
	"slices"
	"strings"
)

// rule is one ending of a step: suffix is replaced by repl when it lies in
// the step's region.
type rule struct {
	suffix, repl string
	after        string // when set, the rule applies only after one of these bytes
	inR2         bool   // in step 3, the suffix must lie in R2 too
}

// rules are a step's endings by the last byte of their suffix, longest
// first: the first that matches a word is the longest suffix of the step
// it ends with, the one Snowball acts on (or, if it is not in the region,
// the reason the step does nothing).
type rules [256][]rule

func newRules(list ...rule) *rules {
	var rs rules
	for _, r := range list {
		c := r.suffix[len(r.suffix)-1]
		rs[c] = append(rs[c], r)
	}
	for i := range rs {
		slices.SortStableFunc(rs[i], func(a, b rule) int { return len(b.suffix) - len(a.suffix) })
	}
	return &rs
}

// longest returns the rule of the longest suffix b ends with, or nil.
func (rs *rules) longest(b []byte) *rule {
	if len(b) == 0 {
		return nil
	}
	list := rs[b[len(b)-1]]
	for i := range list {
		if hasSuffix(b, list[i].suffix) {
			return &list[i]
		}
	}
	return nil
}

// follows reports whether r's suffix, which b ends with, comes after one of
// the bytes r.after, when that is set.
func (r *rule) follows(b []byte) bool {
	if r.after == "" {
		return true
	}
	i := len(b) - len(r.suffix) - 1
	return i >= 0 && strings.IndexByte(r.after, b[i]) >= 0
}

// step1a handles the endings sses, ied, ies, us, ss and s.
func (w *stemWord) step1a() {
	n := len(w.b)
	switch {
	case hasSuffix(w.b, "sses"):
		w.replace(4, "ss")
	case hasSuffix(w.b, "ied"), hasSuffix(w.b, "ies"):
		// Replaced by i after more than one letter, else by ie.
		if n > 4 {
			w.replace(3, "i")
		} else {
			w.replace(3, "ie")
		}
	case hasSuffix(w.b, "us"), hasSuffix(w.b, "ss"):
		// Left as they are.
	case hasSuffix(w.b, "s"):
		// Deleted if a vowel precedes the letter before it.
		if hasVowel(w.b[:n-2]) {
			w.cut(1)
		}
	}
}

var step1bRules = newRules(
	rule{suffix: "eedly", repl: "ee"}, rule{suffix: "eed", repl: "ee"},
	rule{suffix: "ingly"}, rule{suffix: "edly"}, rule{suffix: "ing"}, rule{suffix: "ed"},
)

// step1b handles the endings eedly, ingly, edly, ing, eed and ed.
func (w *stemWord) step1b() {
	r := step1bRules.longest(w.b)
	if r == nil {
		return
	}
	n := len(r.suffix)
	if r.repl != "" {
		// eed, eedly: replaced by ee if in R1.
		if w.inR1(n) {
			w.replace(n, r.repl)
		}
		return
	}
	// ed, edly, ing, ingly: deleted if the part before has a vowel.
	if hasVowel(w.b[:len(w.b)-n]) {
		w.step1bDelete(n)
	}
}

// step1bDelete deletes the last n bytes, then adds an e after at, bl or
// iz, undoes a doubled letter, or adds an e to a short word.
func (w *stemWord) step1bDelete(n int) {
	r1, r2 := w.r1, w.r2
	w.cut(n)
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
	case c1 == c2 && doubled(c2):
		// bb dd ff gg mm nn pp rr tt: remove the last letter.
		w.cut(1)
	case w.r1 >= n && shortSyllable(b, n):
		// A short word (R1 empty, ends in a short syllable): add e, and
		// R1 and R2 become empty.
		w.b = append(b, 'e')
		w.r1, w.r2 = len(w.b), len(w.b)
		return
	}
	// Restore R1 and R2 as they were before the step, within the word.
	w.r1, w.r2 = min(r1, len(w.b)), min(r2, len(w.b))
}

// doubled reports the letters whose doubling step 1b undoes.
func doubled(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// step1c replaces a final y or Y by i after a non-vowel that is not the
// first letter.
func (w *stemWord) step1c() {
	b := w.b
	n := len(b)
	if n > 2 && (b[n-1] == 'y' || b[n-1] == 'Y') && !vowels[b[n-2]] {
		b[n-1] = 'i'
	}
}

var step2Rules = newRules(
	rule{suffix: "ational", repl: "ate"}, rule{suffix: "tional", repl: "tion"},
	rule{suffix: "fulness", repl: "ful"}, rule{suffix: "iveness", repl: "ive"}, rule{suffix: "ousness", repl: "ous"},
	rule{suffix: "ization", repl: "ize"}, rule{suffix: "ation", repl: "ate"}, rule{suffix: "alism", repl: "al"},
	rule{suffix: "ator", repl: "ate"}, rule{suffix: "izer", repl: "ize"},
	rule{suffix: "biliti", repl: "ble"}, rule{suffix: "aliti", repl: "al"}, rule{suffix: "iviti", repl: "ive"},
	rule{suffix: "anci", repl: "ance"}, rule{suffix: "enci", repl: "ence"},
	rule{suffix: "ogi", repl: "og", after: "l"},
	rule{suffix: "lessli", repl: "less"}, rule{suffix: "entli", repl: "ent"}, rule{suffix: "fulli", repl: "ful"},
	rule{suffix: "ousli", repl: "ous"}, rule{suffix: "abli", repl: "able"}, rule{suffix: "alli", repl: "al"},
	rule{suffix: "bli", repl: "ble"}, rule{suffix: "li", after: "cdeghkmnrt"},
)

// step2 replaces the longest of its suffixes when it lies in R1 (ogi only
// after l, li only after a valid li-ending).
func (w *stemWord) step2() {
	if r := step2Rules.longest(w.b); r != nil && w.inR1(len(r.suffix)) && r.follows(w.b) {
		w.replace(len(r.suffix), r.repl)
	}
}

var step3Rules = newRules(
	rule{suffix: "ational", repl: "ate"}, rule{suffix: "tional", repl: "tion"},
	rule{suffix: "ical", repl: "ic"}, rule{suffix: "ful"},
	rule{suffix: "alize", repl: "al"}, rule{suffix: "icate", repl: "ic"}, rule{suffix: "ative", inR2: true},
	rule{suffix: "iciti", repl: "ic"}, rule{suffix: "ness"},
)

// step3 replaces the longest of its suffixes when it lies in R1 (and R2
// for ative).
func (w *stemWord) step3() {
	r := step3Rules.longest(w.b)
	if r == nil || !w.inR1(len(r.suffix)) || r.inR2 && !w.inR2(len(r.suffix)) {
		return
	}
	w.replace(len(r.suffix), r.repl)
}

var step4Rules = newRules(
	rule{suffix: "ement"}, rule{suffix: "ment"}, rule{suffix: "ent"}, rule{suffix: "ant"},
	rule{suffix: "ance"}, rule{suffix: "ence"}, rule{suffix: "able"}, rule{suffix: "ible"},
	rule{suffix: "ate"}, rule{suffix: "ive"}, rule{suffix: "ize"},
	rule{suffix: "ism"}, rule{suffix: "iti"}, rule{suffix: "ous"}, rule{suffix: "ion", after: "st"},
	rule{suffix: "al"}, rule{suffix: "er"}, rule{suffix: "ic"},
)

// step4 deletes the longest of its suffixes when it lies in R2 (ion only
// after s or t).
func (w *stemWord) step4() {
	if r := step4Rules.longest(w.b); r != nil && w.inR2(len(r.suffix)) && r.follows(w.b) {
		w.cut(len(r.suffix))
	}
}

// step5 deletes a final e in R2, or in R1 when no short syllable precedes
// it, and the second l of a final ll in R2.
func (w *stemWord) step5() {
	b := w.b
	lri := len(b) - 1
	if w.r1 > lri {
		return
	}
	switch {
	case b[lri] == 'e':
		if w.r2 <= lri || !shortSyllable(b, lri) {
			w.cut(1)
		}
	case w.r2 <= lri && b[lri] == 'l' && lri >= 1 && b[lri-1] == 'l':
		w.cut(1)
	}
}
