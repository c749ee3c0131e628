package vectorize

import (
	"github.com/nmftopics/nmftopics/internal/spinlock"
	"github.com/nmftopics/nmftopics/internal/wordmemo"
)

// dictionary numbers the terms and surface words met, for all the workers;
// they add to it under its lock. Its numbers follow the order in which the
// workers happened to learn the words; Count renumbers the terms in the
// order first met in the documents, which does not depend on the workers.
type dictionary struct {
	mu    spinlock.Mutex // held briefly and often: its waiters spin
	terms *wordmemo.Table[struct{}]
	words *wordmemo.Table[int32] // with each word, its term
	// memo holds, when every filter is a TermFilter, the term and word
	// numbers that analyzing each distinct raw token gave: one look-up per
	// token, without the lock, and one analysis per word for the corpus.
	// Workers learn a token's numbers under mu.
	memo *wordmemo.Memo
}

// number returns the numbers of term and of its surface word (-1 for a nil
// word), adding them if they are new. It must be called under d.mu.
func (d *dictionary) number(term, word []byte) (t, w int32) {
	t, _ = d.terms.Number(term)
	w = -1
	if word != nil {
		var added bool
		if w, added = d.words.Number(word); added {
			*d.words.Value(w) = t
		}
	}
	return t, w
}

// newDictionary returns an empty dictionary for analyzer a's terms, with a
// memo of analyzed words when every filter of a is a TermFilter. Tables are
// sized for a corpus of tens of thousands of words, so that they do not
// grow through many small steps.
func newDictionary(a *Analyzer) *dictionary {
	d := &dictionary{terms: wordmemo.NewTable[struct{}](1 << 15), words: wordmemo.NewTable[int32](1 << 15)}
	if a.termOnly() {
		d.memo = wordmemo.NewMemo(1 << 15)
	}
	return d
}
