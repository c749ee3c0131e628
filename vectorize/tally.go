package vectorize

import "slices"

// tally is one worker's counts, by the dictionary's term and word numbers:
// the current document's, and the document and corpus frequencies of the
// documents it analyzed. Per-token counts are kept at index number+1, index
// 0 taking the tokens without one (stop words, and words with no surface
// form): no branch depends on whether a token is a stop word, which a third
// of them are, in no order a branch predictor could learn.
type tally struct {
	docCount  []int32 // per term, its occurrences in the current document, at index term+1
	docTerms  []int32 // the current document's distinct terms, in first-met order
	keep      bool    // keep the current document's tokens in seq
	seq       []int32 // the current document's tokens, if kept
	df, cf    []int   // per term, its documents and occurrences so far
	wordCount []int64 // per word, its occurrences so far, at index word+1
}

// add counts one token of term and word numbers t and wd (-1 for none).
func (c *tally) add(t, wd int32) {
	if int(wd)+1 >= len(c.wordCount) {
		c.growWords(wd)
	}
	c.wordCount[wd+1]++
	if int(t)+1 >= len(c.docCount) {
		c.growTerms(t)
	}
	n := c.docCount[t+1]
	c.docCount[t+1] = n + 1
	c.docTerms = append(c.docTerms, t)
	c.docTerms = c.docTerms[:len(c.docTerms)-b2i(n != 0)] // kept when first met
	if c.keep && t >= 0 {
		c.seq = append(c.seq, t)
	}
}

// addGram counts one n-gram of term and word numbers t and wd: as add, but
// not in the token sequence, which holds single words.
func (c *tally) addGram(t, wd int32) {
	keep := c.keep
	c.keep = false
	c.add(t, wd)
	c.keep = keep
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// endDocument returns the current document's distinct terms, in first-met
// order, and starts the next document; the terms are valid until the next
// call to add. The caller reads their counts in docCount, and clears them.
func (c *tally) endDocument() []int32 {
	terms := c.docTerms
	if k := slices.Index(terms, -1); k >= 0 { // the document had tokens without a term
		terms = slices.Delete(terms, k, k+1)
		c.docCount[0] = 0
	}
	c.docTerms = terms[:0]
	return terms
}

// growTerms makes room for term t (-1 for none) in the per-term arrays,
// all at once and to the same number of terms: docCount (which keeps term
// t at index t+1) holds one more element than df and cf, so that a term
// has a place in one exactly when it has in all, and docCount's bound is
// the only one add checks. (Each array grown by its own rule drifted
// apart: after a jump in the term numbers met and a doubling, df and cf
// were shorter than docCount less one, and were indexed out of range.)
func (c *tally) growTerms(t int32) {
	n := room(len(c.df), int(t)+1)
	c.docCount = extend(c.docCount, n+1)
	c.df = extend(c.df, n)
	c.cf = extend(c.cf, n)
}

// growWords makes room for word wd (-1 for none) in the per-word array,
// wordCount, which keeps word wd at index wd+1.
func (c *tally) growWords(wd int32) {
	c.wordCount = extend(c.wordCount, room(max(0, len(c.wordCount)-1), int(wd)+1)+1)
}

// room is the number of elements to grow an array holding have of them to
// so that it holds need: at least twice as many, and at least 4096, so
// that it grows through few steps. Every array indexed by term or word
// number grows by this one rule.
func room(have, need int) int {
	return max(need, 2*have, 1<<12)
}

// extend returns s extended with zeros to length n.
func extend[E any](s []E, n int) []E {
	return append(s, make([]E, n-len(s))...)
}
