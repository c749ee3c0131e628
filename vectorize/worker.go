package vectorize

import (
	"context"
	"encoding/binary"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/textscan"
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
	// lower-cased bytes, so that "The" and "the" share an entry.
	caseFold bool
	memo     *memoTable          // the table of dict.memo the worker reads
	long     *keyTable[[2]int32] // memoized raw tokens the shared memo does not take (over 16 bytes, or empty): term, word
	// Without a memo: the dictionary's numbers of the terms and words met.
	terms, words *keyTable[int32]

	counts tally
	grams  *gramWindow // nil without n-grams
	slab   []int32     // where documents' terms and counts are handed over, a chunk at a time

	found   []textscan.Word // scratch for countWords
	tokens  TokenStream     // scratch for countTokens and countAnalyzed
	one     TokenStream     // scratch for filter
	scratch []byte          // scratch for filter
	stem    []byte          // scratch for filter
	lower   []byte          // scratch for long ASCII keys

	offset int       // the position after the current document's last token, for countAnalyzed
	gather gathering // the current document's text, when char filters apply to it
}

// gathering holds a document's text for the char filters that apply to it.
type gathering struct {
	filters  []CharFilter // the char filters the document needs
	whole    []byte       // the document's text, gathered
	filtered []byte       // the text the char filters leave
}

// newWorker returns a worker that analyzes documents with a and numbers
// their terms in dict,
// and, if grams is set, their n-grams.
func newWorker(a *Analyzer, dict *dictionary, opt CountOptions, grams *NGrams) *worker {
	w := &worker{analyzer: a, dict: dict, dictOnly: opt.DictionaryOnly, counts: tally{keep: opt.KeepTokens}}
	if grams != nil {
		w.grams = newGramWindow(grams, dict)
	}
	if dict.memo != nil {
		w.caseFold = a.wordsLowerCased()
		w.memo = dict.memo.table.Load()
		w.long = newKeyTable[[2]int32](64)
	} else {
		w.terms, w.words = newKeyTable[int32](1<<15), newKeyTable[int32](1<<15)
	}
	return w
}

// maxFiltered is the most text of one document that char filters see: a
// document's text is held whole for them up to there, and read as it is
// past there.
const maxFiltered = 64 << 20

// analyze reads d, counts its tokens and hands over its terms and counts.
// When the analyzer's char filters apply to d, its text is gathered and
// filtered whole before it is counted; otherwise each chunk is counted as
// it is read.
func (w *worker) analyze(ctx context.Context, d corpus.Document) *docResult {
	res := &docResult{}
	w.offset = 0
	if w.grams != nil {
		w.grams.n = 0
	}
	w.gather.filters, w.gather.whole = w.gather.filters[:0], w.gather.whole[:0]
	first := true
	res.enc, res.err = w.reader.Read(d, func(text []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if first && len(w.analyzer.CharFilters) > 0 {
			w.gather.filters = w.analyzer.charFiltersFor(w.gather.filters, documentName(d), text)
		}
		first = false
		if len(w.gather.filters) > 0 {
			if len(w.gather.whole)+len(text) <= maxFiltered {
				w.gather.whole = append(w.gather.whole, text...)
				return nil
			}
			if err := w.countFiltered(); err != nil {
				return err
			}
		}
		w.count(text)
		return nil
	})
	if len(w.gather.filters) > 0 {
		if err := w.countFiltered(); res.err == nil {
			res.err = err
		}
	}
	w.handOver(res)
	return res
}

// documentName is the name by which a Chooser knows d: its path, else its
// id.
func documentName(d corpus.Document) string {
	if d.Path != "" {
		return d.Path
	}
	return d.ID
}

// countFiltered counts the text gathered for the char filters, once
// filtered, and sets the rest of the document to be read as it is. A
// filter's refusal (see CheckedCharFilter) is returned, and nothing of the
// document is counted: the filters run before any of its text is.
func (w *worker) countFiltered() error {
	var err error
	w.gather.filtered, err = filterChars(w.gather.filtered, w.gather.filters, w.gather.whole, true)
	if err == nil {
		w.count(w.gather.filtered)
	}
	w.gather.filters, w.gather.whole = w.gather.filters[:0], w.gather.whole[:0]
	return err
}

// count counts the tokens of a piece of the current document's text.
func (w *worker) count(text []byte) {
	switch {
	case w.caseFold:
		w.countWords(text)
	case w.dict.memo != nil:
		w.countTokens(text)
	default:
		w.offset = w.countAnalyzed(text, w.offset)
	}
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
// case-folding worker: ASCII words keyed by their lower-cased bytes, the
// others as they are.
func (w *worker) countWords(text []byte) {
	w.found = textscan.Words(w.found[:0], text)
	for _, wd := range w.found {
		if wd.ASCII {
			w.countASCII(text[wd.Start:wd.End], text[wd.Start:])
		} else {
			w.countRaw(text[wd.Start:wd.End])
		}
	}
}

// countTokens counts the tokens of text as the analyzer's tokenizer finds
// them, each memoized as it is.
func (w *worker) countTokens(text []byte) {
	w.tokens = w.analyzer.Tokenizer.Tokenize(w.tokens[:0], text)
	for _, t := range w.tokens {
		w.countRaw(t.Term)
	}
}

// countAnalyzed counts the tokens of text as the analyzer leaves them, for
// a worker without a memo, and returns the position after its last token.
func (w *worker) countAnalyzed(text []byte, offset int) int {
	w.tokens = w.analyzer.tokenize(w.tokens, text, offset)
	if n := len(w.tokens); n > 0 {
		offset = w.tokens[n-1].Position + 1
	}
	for _, t := range w.tokens {
		w.add(w.numbers(t.Term, t.Surface))
	}
	return offset
}

// add counts a token of term and word numbers t and wd (-1 for none), and
// the n-grams that end at it.
func (w *worker) add(t, wd int32) {
	w.counts.add(t, wd)
	if w.grams != nil && t >= 0 {
		w.countGrams(t, wd)
	}
}

// countRaw counts the raw token tok, keyed by its bytes.
func (w *worker) countRaw(tok []byte) {
	k0, k1, h := tableKeyOf(tok)
	w.add(w.lookup(k0, k1, len(tok), h, tok, tok))
}

// foldCase sets bit 5 of every byte: on ASCII word characters it
// lower-cases letters and keeps digits, and maps '_' to DEL, which is not a
// word character, so a token's folded form stands for its lower-cased form
// alone.
const foldCase = 0x2020202020202020

// keyMasks[n] keeps the first n bytes of a 16-byte key.
var keyMasks = func() (m [17][2]uint64) {
	for n := range m {
		for b := range n {
			m[n][b/8] |= 0xff << (8 * (b % 8))
		}
	}
	return m
}()

// countASCII counts the ASCII token tok, keyed by its lower-cased form; rest
// is the text from tok's start on, read 16 bytes at a time when it is long
// enough.
func (w *worker) countASCII(tok, rest []byte) {
	n := len(tok)
	if n > 16 {
		w.lower = w.lower[:0]
		for _, c := range tok {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w.lower = append(w.lower, c)
		}
		k0, k1, h := tableKeyOf(w.lower)
		w.add(w.lookup(k0, k1, n, h, w.lower, tok))
		return
	}
	var k0, k1 uint64
	if len(rest) >= 16 {
		k0, k1 = binary.LittleEndian.Uint64(rest), binary.LittleEndian.Uint64(rest[8:])
	} else {
		k0, k1 = keyWords(tok)
	}
	m := &keyMasks[n] // a table, not a branch on n < 8, which is unpredictable
	k0 = (k0 | foldCase) & m[0]
	k1 = (k1 | foldCase) & m[1]
	t, wd := w.lookup(k0, k1, n, keyHash(k0, k1, n, nil), nil, tok)
	w.counts.add(t, wd) // as w.add does, which is not inlined: the hot path
	if w.grams != nil && t >= 0 {
		w.countGrams(t, wd)
	}
}

// lookup returns the term and word numbers of a memoized token, whose key
// is as keyTable.find takes it, analyzing raw, the token it stands for,
// when the key is new.
func (w *worker) lookup(k0, k1 uint64, n int, h uint32, key, raw []byte) (term, word int32) {
	if n > 16 || n == 0 { // the shared memo holds keys of 1 to 16 bytes
		if e := w.long.find(k0, k1, n, h, key); e >= 0 {
			v := w.long.val(e)
			return v[0], v[1]
		}
		term, word = w.learn(raw)
		w.long.add(k0, k1, n, h, key, [2]int32{term, word})
		return term, word
	}
	if term, word, ok := w.memo.find(k0, k1, h); ok {
		return term, word
	}
	return w.learnShared(k0, k1, h, raw)
}

// learnShared analyzes a raw token of 1 to 16 bytes that the worker's table
// of the memo does not hold, and adds it to the memo unless another worker
// has meanwhile.
func (w *worker) learnShared(k0, k1 uint64, h uint32, raw []byte) (term, word int32) {
	t, ok := w.filter(raw) // outside the lock: the analysis is the slow part
	d := w.dict
	d.mu.Lock()
	var found bool
	if term, word, found = d.memo.table.Load().find(k0, k1, h); !found {
		term, word = -1, -1
		if ok {
			term, word = d.number(t.Term, t.Surface)
		}
		d.memo.add(k0, k1, h, term, word)
	}
	w.memo = d.memo.table.Load()
	d.mu.Unlock()
	return term, word
}

// learn analyzes a raw token and returns its term and word numbers (-1 for
// none).
func (w *worker) learn(raw []byte) (term, word int32) {
	t, ok := w.filter(raw)
	if !ok {
		return -1, -1
	}
	w.dict.mu.Lock()
	defer w.dict.mu.Unlock()
	return w.dict.number(t.Term, t.Surface)
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
	k0, k1, h := tableKeyOf(term)
	e := w.terms.find(k0, k1, len(term), h, term)
	if e >= 0 {
		t = *w.terms.val(e)
	}
	wd = -1
	var f int32 = -1
	var s0, s1 uint64
	var sh uint32
	if surface != nil {
		s0, s1, sh = tableKeyOf(surface)
		if f = w.words.find(s0, s1, len(surface), sh, surface); f >= 0 {
			wd = *w.words.val(f)
		}
	}
	if e >= 0 && (surface == nil || f >= 0) {
		return t, wd
	}
	w.dict.mu.Lock()
	t, wd = w.dict.number(term, surface)
	w.dict.mu.Unlock()
	if e < 0 {
		w.terms.add(k0, k1, len(term), h, term, t)
	}
	if surface != nil && f < 0 {
		w.words.add(s0, s1, len(surface), sh, surface, wd)
	}
	return t, wd
}
