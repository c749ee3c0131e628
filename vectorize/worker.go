package vectorize

import (
	"context"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/textscan"
	"github.com/nmftopics/nmftopics/internal/wordmemo"
)

// worker reads and analyzes documents with its own reader and scratch, and
// counts their tokens: it finds each token's term and surface word in the
// shared dictionary (through the memo of analyzed tokens when there is
// one), and counts them in its tally.
type worker struct {
	analyzer *Analyzer
	dict     *dictionary
	reader   corpus.Reader
	dictOnly bool // hand over no counts

	// caseFold is set when the analyzer is WordTokenizer, then LowerCase,
	// then TermFilters: countWords then keys the ASCII words by their
	// lower-cased form (made by fold), so that "The" and "the" share an
	// entry of the memo.
	caseFold bool
	fold     wordmemo.Folder
	memo     *wordmemo.Reader // the worker's door to dict.memo: each raw token's term and word numbers
	// Without a memo: the dictionary's numbers of the terms and words met.
	terms, words *wordmemo.Table[int32]

	counts tally
	slab   []int32 // where documents' terms and counts are handed over, a chunk at a time

	found   []textscan.Word // scratch for countWords
	tokens  TokenStream     // scratch for countTokens and countAnalyzed
	one     TokenStream     // scratch for filter
	scratch []byte          // scratch for filter
	stem    []byte          // scratch for filter
}

// newWorker returns a worker that analyzes documents with a and numbers
// their terms in dict.
func newWorker(a *Analyzer, dict *dictionary, opt CountOptions) *worker {
	w := &worker{analyzer: a, dict: dict, dictOnly: opt.DictionaryOnly, counts: tally{keep: opt.KeepTokens}}
	if dict.memo != nil {
		w.caseFold = a.wordsLowerCased()
		w.memo = dict.memo.NewReader()
	} else {
		w.terms, w.words = wordmemo.NewTable[int32](1<<15), wordmemo.NewTable[int32](1<<15)
	}
	return w
}

// analyze reads d, counts its tokens and hands over its terms and counts.
func (w *worker) analyze(ctx context.Context, d corpus.Document) *docResult {
	res := &docResult{}
	offset := 0
	res.enc, res.err = w.reader.Read(d, func(text []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case w.caseFold:
			w.countWords(text)
		case w.dict.memo != nil:
			w.countTokens(text)
		default:
			offset = w.countAnalyzed(text, offset)
		}
		return nil
	})
	w.handOver(res)
	return res
}

// handOver puts the current document's terms and counts in res, adds them
// to the worker's document and corpus frequencies, and clears them.
func (w *worker) handOver(res *docResult) {
	c := &w.counts
	terms := c.endDocument()
	res.terms = w.take(len(terms))
	if !w.dictOnly {
		res.counts = w.take(len(terms))
	}
	for i, t := range terms {
		n := c.docCount[t+1]
		res.terms[i] = t
		if res.counts != nil {
			res.counts[i] = n
		}
		c.df[t]++
		c.cf[t] += int(n)
		c.docCount[t+1] = 0
	}
	res.seq, c.seq = c.seq, nil
}

// take returns n int32s of the worker's slab, for one document's result:
// one allocation per 64K terms rather than two per document.
func (w *worker) take(n int) []int32 {
	if cap(w.slab)-len(w.slab) < n {
		w.slab = make([]int32, 0, max(1<<16, n))
	}
	b := w.slab[len(w.slab) : len(w.slab)+n : len(w.slab)+n]
	w.slab = w.slab[:len(w.slab)+n]
	return b
}

// countWords counts the tokens of text as WordTokenizer finds them, for a
// case-folding worker: ASCII words keyed by their lower-cased form, the
// others by their bytes.
func (w *worker) countWords(text []byte) {
	w.found = textscan.Words(w.found[:0], text)
	for _, wd := range w.found {
		tok := text[wd.Start:wd.End]
		var k wordmemo.Key
		if wd.ASCII {
			k = w.fold.Key(tok, text[wd.Start:])
		} else {
			k = wordmemo.KeyOf(tok)
		}
		term, word, ok := w.memo.Find(k)
		if !ok {
			term, word = w.learn(k, tok)
		}
		w.counts.add(term, word)
	}
}

// countTokens counts the tokens of text as the analyzer's tokenizer finds
// them, each memoized by its bytes.
func (w *worker) countTokens(text []byte) {
	w.tokens = w.analyzer.Tokenizer.Tokenize(w.tokens[:0], text)
	for _, t := range w.tokens {
		k := wordmemo.KeyOf(t.Term)
		term, word, ok := w.memo.Find(k)
		if !ok {
			term, word = w.learn(k, t.Term)
		}
		w.counts.add(term, word)
	}
}

// countAnalyzed counts the tokens of text as the analyzer leaves them, for
// a worker without a memo, and returns the position after its last token.
func (w *worker) countAnalyzed(text []byte, offset int) int {
	w.tokens = w.analyzer.Analyze(w.tokens, text, offset)
	if n := len(w.tokens); n > 0 {
		offset = w.tokens[n-1].Position + 1
	}
	for _, t := range w.tokens {
		w.counts.add(w.numbers(t.Term, t.Surface))
	}
	return offset
}

// learn analyzes the raw token raw, whose key k the worker's view of the
// memo does not hold, and returns its term and word numbers (-1 where the
// filters removed it), memoizing them unless another worker has meanwhile.
func (w *worker) learn(k wordmemo.Key, raw []byte) (term, word int32) {
	t, ok := w.filter(raw) // outside the lock: the analysis is the slow part
	d := w.dict
	d.mu.Lock()
	defer d.mu.Unlock()
	return w.memo.Learn(k, func() (term, word int32) {
		if !ok {
			return -1, -1
		}
		return d.number(t.Term, t.Surface)
	})
}

// filter runs the analyzer's filters on raw; ok is false when they remove
// it.
func (w *worker) filter(raw []byte) (t Token, ok bool) {
	w.scratch = append(w.scratch[:0], raw...) // filters may change it in place
	w.one = w.analyzer.filterWord(w.one, w.scratch, &w.stem)
	if len(w.one) == 0 {
		return Token{}, false
	}
	return w.one[0], true
}

// numbers returns the dictionary's numbers of an analyzed token's term and
// surface word, from the worker's own tables when it has met them.
func (w *worker) numbers(term, surface []byte) (t, wd int32) {
	tk := wordmemo.KeyOf(term)
	e := w.terms.Find(tk)
	if e >= 0 {
		t = *w.terms.Value(e)
	}
	wd = -1
	var f int32 = -1
	var sk wordmemo.Key
	if surface != nil {
		sk = wordmemo.KeyOf(surface)
		if f = w.words.Find(sk); f >= 0 {
			wd = *w.words.Value(f)
		}
	}
	if e >= 0 && (surface == nil || f >= 0) {
		return t, wd
	}
	w.dict.mu.Lock()
	t, wd = w.dict.number(term, surface)
	w.dict.mu.Unlock()
	if e < 0 {
		w.terms.Add(tk, t)
	}
	if surface != nil && f < 0 {
		w.words.Add(sk, wd)
	}
	return t, wd
}
