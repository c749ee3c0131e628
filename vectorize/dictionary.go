package vectorize

import "github.com/nmftopics/nmftopics/internal/spinlock"

// dictionary numbers the terms and surface words met, for all the workers;
// they add to it under its lock. Its numbers follow the order in which the
// workers happened to learn the words; Count renumbers the terms in the
// order first met in the documents, which does not depend on the workers.
type dictionary struct {
	mu    spinlock.Mutex // held briefly and often: its waiters spin
	terms *keyTable[struct{}]
	words *keyTable[int32] // with each word, its term
	// memo holds, when every filter is a TermFilter, the outcome of
	// analyzing each distinct raw token of up to 16 bytes: one look-up per
	// token, without the lock, and one analysis per word for the corpus.
	memo *sharedMemo
	// grams holds, per length from 2 words, the n-grams met, keyed by
	// their words' numbers (gramKey): their term and word numbers. Count
	// sets it, when it counts n-grams, before the workers start.
	grams [MaxNGram - 1]*sharedMemo
}

// number returns the numbers of term and of its surface word (-1 for a nil
// word), adding them if they are new. It must be called under d.mu.
func (d *dictionary) number(term, word []byte) (t, w int32) {
	t, _ = d.terms.number(term)
	w = -1
	if word != nil {
		var added bool
		if w, added = d.words.number(word); added {
			*d.words.val(w) = t
		}
	}
	return t, w
}

// newDictionary returns an empty dictionary for analyzer a's terms, with a
// memo of analyzed words when every filter of a is a TermFilter. Tables are
// sized for a corpus of tens of thousands of words, so that they do not
// grow through many small steps.
func newDictionary(a *Analyzer) *dictionary {
	d := &dictionary{terms: newKeyTable[struct{}](1 << 15), words: newKeyTable[int32](1 << 15)}
	if a.termOnly() {
		d.memo = newSharedMemo(1 << 15)
	}
	return d
}
