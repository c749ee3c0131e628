package vectorize

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// LetterFilter removes the tokens that are not terms: by default those
// that hold no letter (1993, 00, ___), so that numbers and runs of
// underscores do not make topics; with KeepNumbers, only those that hold
// neither a letter nor a number (___), so that numbers are terms again. A
// letter is a Unicode letter (category L); a number a Unicode number
// (category N).
type LetterFilter struct {
	KeepNumbers bool
}

// TermOnly implements TermFilter.
func (LetterFilter) TermOnly() {}

// Filter implements TokenFilter.
func (f LetterFilter) Filter(ts TokenStream) TokenStream {
	out := ts[:0]
	for _, t := range ts {
		if f.keeps(t.Term) {
			out = append(out, t)
		}
	}
	return out
}

// keeps reports whether term is a term: it holds a letter (or, with
// KeepNumbers, a number).
func (f LetterFilter) keeps(term []byte) bool {
	for i := 0; i < len(term); {
		c := term[i]
		if c < utf8.RuneSelf {
			if 'a' <= c|0x20 && c|0x20 <= 'z' || f.KeepNumbers && '0' <= c && c <= '9' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(term[i:])
		if unicode.IsLetter(r) || f.KeepNumbers && unicode.IsNumber(r) {
			return true
		}
		i += size
	}
	return false
}

// MaxNGram is the longest word n-gram counted: each length counted adds
// about one distinct term per token of a corpus to its dictionary, and
// past three words the n-grams that recur in several documents are
// mostly boilerplate (quoted lines, signatures, legal notices).
const MaxNGram = 3

// NGramRange is the lengths, in words, of the word n-grams that are terms:
// from NGramRange[0] to NGramRange[1]. The zero value, as in a model saved
// before n-grams existed, is 1:1 (single words).
type NGramRange [2]int

// Bounds returns the shortest and longest n-gram lengths of r.
func (r NGramRange) Bounds() (lo, hi int) {
	if r == (NGramRange{}) {
		return 1, 1
	}
	return r[0], r[1]
}

// Check returns an error unless 1 ≤ MIN ≤ MAX ≤ MaxNGram (or r is zero).
func (r NGramRange) Check() error {
	lo, hi := r.Bounds()
	if lo < 1 || lo > hi || hi > MaxNGram {
		return optionErrorf("--ngram-range %d:%d: want MIN:MAX with 1 ≤ MIN ≤ MAX ≤ %d", r[0], r[1], MaxNGram)
	}
	return nil
}

// NGrams replaces a stream of tokens by its word n-grams of Min to Max
// tokens (1 ≤ Min ≤ Max ≤ MaxNGram), as scikit-learn's ngram_range forms
// them from the tokens left after stop words: at each token, the token
// itself (if Min is 1), then the n-grams that end at it, shortest first.
// An n-gram's term is its tokens' terms joined by a space, its surface
// their surfaces (a token's term where it has none; nil when no token has
// one), and its position its last token's. It must be an analyzer's last
// filter: Count then forms the n-grams itself, from the terms of the
// filters before it, across the chunks of a document.
type NGrams struct {
	Min, Max int
}

// Filter implements TokenFilter.
func (g NGrams) Filter(ts TokenStream) TokenStream {
	out := make(TokenStream, 0, len(ts)*(g.Max-g.Min+1))
	for i, t := range ts {
		if g.Min == 1 {
			out = append(out, t)
		}
		for n := max(2, g.Min); n <= g.Max && n <= i+1; n++ {
			out = append(out, joinTokens(ts[i+1-n:i+1]))
		}
	}
	return out
}

// joinTokens returns the n-gram of ts.
func joinTokens(ts TokenStream) Token {
	var term, surface []byte
	hasSurface := false
	for k, t := range ts {
		if k > 0 {
			term, surface = append(term, ' '), append(surface, ' ')
		}
		term = append(term, t.Term...)
		if t.Surface != nil {
			surface, hasSurface = append(surface, t.Surface...), true
		} else {
			surface = append(surface, t.Term...)
		}
	}
	if !hasSurface {
		surface = nil
	}
	return Token{Term: term, Surface: surface, Position: ts[len(ts)-1].Position}
}

// ngramWords returns the number of words of a term: its spaces and one,
// as NGrams joins them.
func ngramWords(term string) int {
	return 1 + bytes.Count([]byte(term), []byte{' '})
}
