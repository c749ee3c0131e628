package vectorize

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/spinlock"
)

// Counts is a corpus after analysis: how often each term occurs in each
// document, over a dictionary of every term met (before any vocabulary
// filter).
type Counts struct {
	Docs    []corpus.Document // documents read, in column order
	Summary corpus.Summary

	Terms   []string // every distinct term, in the order first met
	Surface []string // per term, its most frequent surface form (ties: the smallest)
	DF      []int    // per term, the number of documents holding it
	CF      []int    // per term, its occurrences in the corpus

	// Document j's terms and counts are ColTerm[ColPtr[j]:ColPtr[j+1]] and
	// ColCount[...], in the order first met in the document.
	ColPtr   []int
	ColTerm  []int32
	ColCount []int32

	// Tokens holds, when CountOptions.KeepTokens is set, each document's
	// token sequence as indices into Terms (after stop words and stemming,
	// before any vocabulary filter).
	Tokens [][]int32

	// While counting: the dictionary's term numbers in the order first met
	// (order) and the index in Terms of each (index, -1 until met); the
	// documents whose terms are not yet in ColTerm.
	order   []int32
	index   []int32
	pending []*docResult
}

// TokenCount returns the number of tokens counted.
func (c *Counts) TokenCount() int {
	n := 0
	for _, v := range c.CF {
		n += v
	}
	return n
}

// CountOptions control Count.
type CountOptions struct {
	// Workers is the number of documents read and analyzed at once;
	// zero means GOMAXPROCS.
	Workers int
	// KeepTokens keeps each document's token sequence in Counts.Tokens.
	KeepTokens bool
	// DictionaryOnly counts the dictionary (Terms, Surface, DF, CF) and
	// lists Docs, but keeps no document's terms (ColPtr, ColTerm and
	// ColCount stay empty): memory grows with the terms, not with the
	// corpus, as the first pass of an online fit needs.
	DictionaryOnly bool
	// Progress, when set, is called from time to time with the number of
	// documents counted so far.
	Progress func(documents int)
}

// docResult is what a worker hands the collector for one document. Term
// numbers are the dictionary's.
type docResult struct {
	enc    corpus.Encoding
	err    error
	terms  []int32 // distinct term numbers, in first-met order
	counts []int32 // per term of terms, its occurrences (nil with DictionaryOnly)
	seq    []int32 // the term number of each token, if tokens are kept
}

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

// worker analyzes documents with its own reader, token buffer and counts.
type worker struct {
	analyzer *Analyzer
	dict     *dictionary
	reader   corpus.Reader
	tokens   TokenStream
	keep     bool // keep token sequences
	dictOnly bool // hand over no counts

	// fused is set when the analyzer is WordTokenizer, then LowerCase,
	// then TermFilters: countWords then finds the tokens and looks them up
	// in one pass over the text, ASCII ones by their lower-cased form, so
	// that "The" and "the" share an entry.
	fused bool
	memo  *memoTable          // the table of dict.memo the worker reads
	long  *keyTable[[2]int32] // memoized raw tokens the shared memo does not take (over 16 bytes, or empty): term, word
	// Without a memo: the dictionary's numbers of the terms and words met.
	terms, words *keyTable[int32]

	docCount  []int32 // per term, its occurrences in the current document, at index term+1
	docTerms  []int32 // the current document's distinct terms, in first-met order
	seq       []int32 // the current document's tokens, if kept
	df, cf    []int   // per term, its documents and occurrences so far
	wordCount []int64 // per word, its occurrences so far, at index word+1

	one     TokenStream // scratch for learn
	scratch []byte      // scratch for learn
	stem    []byte      // scratch for learn
	lower   []byte      // scratch for long ASCII keys
	slab    []int32     // where documents' terms and counts are handed over, a chunk at a time
}

func (w *worker) analyze(ctx context.Context, d corpus.Document) *docResult {
	res := &docResult{}
	w.docTerms = w.docTerms[:0]
	offset := 0
	res.enc, res.err = w.reader.Read(d, func(text []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case w.fused:
			w.countWords(text)
			return nil
		case w.dict.memo != nil:
			w.tokens = w.analyzer.Tokenizer.Tokenize(w.tokens[:0], text)
			for _, t := range w.tokens {
				k0, k1, h := tableKeyOf(t.Term)
				w.countToken(w.lookup(k0, k1, len(t.Term), h, t.Term, t.Term))
			}
			return nil
		}
		w.tokens = w.analyzer.Analyze(w.tokens, text, offset)
		if n := len(w.tokens); n > 0 {
			offset = w.tokens[n-1].Position + 1
		}
		for _, t := range w.tokens {
			w.countToken(w.numbers(t.Term, t.Surface))
		}
		return nil
	})
	if k := slices.Index(w.docTerms, -1); k >= 0 { // the document had tokens without a term
		w.docTerms = slices.Delete(w.docTerms, k, k+1)
		w.docCount[0] = 0
	}
	res.terms = w.take(len(w.docTerms))
	if !w.dictOnly {
		res.counts = w.take(len(w.docTerms))
	}
	for i, t := range w.docTerms {
		n := w.docCount[t+1]
		res.terms[i] = t
		if res.counts != nil {
			res.counts[i] = n
		}
		w.df[t]++
		w.cf[t] += int(n)
		w.docCount[t+1] = 0
	}
	res.seq, w.seq = w.seq, nil
	return res
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
// fused worker: the tokenizer's scan with the look-up inside it, so no
// token is stored. It takes the text 64 bytes at a time: a bit mask of the
// block's ASCII word characters (wordMask) gives every word's start and end
// at once, so no branch depends on a word's length (a scan with such
// branches cost more than all the look-ups). A block starts at a word's
// start or outside a word; a word that runs past the block starts the next
// one. A non-ASCII byte, and a word over 64 bytes, go through the
// tokenizer's own scan (countNext).
func (w *worker) countWords(text []byte) {
	for p := 0; p < len(text); {
		m, limit := wordMask(text, p)
		starts := m &^ (m << 1)
		ends := ^m & (m << 1)
		next := p + limit // where the block's words stop
		for starts != 0 {
			s := bits.TrailingZeros64(starts)
			e := bits.TrailingZeros64(ends)
			if s >= limit {
				break
			}
			if e >= limit {
				next = p + s // the word runs past the block or into a non-ASCII byte
				break
			}
			if e-s >= 2 {
				w.countASCII(text[p+s:p+e], text[p+s:])
			}
			starts &= starts - 1
			ends &= ends - 1
		}
		if next == p || limit < 64 {
			next = w.countNext(text, next)
		}
		p = next
	}
}

// countNext counts the first token of text from i on, if any, and returns
// where it ends (where the text was scanned to): the tokenizer's scan, a
// word at a time.
func (w *worker) countNext(text []byte, i int) int {
	// Find the next ASCII word character or non-ASCII byte.
	for {
		if i >= len(text) {
			return len(text)
		}
		x := load8(text, i)
		if next := wordBytes(x) | x&highBits; next != 0 {
			i += bits.TrailingZeros64(next) >> 3
			break
		}
		i += 8
	}
	start := i
	if text[i] < utf8.RuneSelf {
		// Find the end of the ASCII run of word characters.
		for {
			stop := ^wordBytes(load8(text, i)) & highBits
			if stop != 0 {
				i += bits.TrailingZeros64(stop) >> 3
				break
			}
			i += 8
		}
		i = min(i, len(text)) // load8 pads with zeros, which stop a word
		if i == len(text) || text[i] < utf8.RuneSelf {
			if i-start >= 2 {
				w.countASCII(text[start:i], text[start:])
			}
			return i
		}
	}
	// A non-ASCII character starts the word or may go on with it: the
	// tokenizer's own scan decides.
	asciiEnd := i
	end, runes := wordAt(text, start)
	switch {
	case runes < 2:
	case end == asciiEnd:
		w.countASCII(text[start:end], text[start:])
	default:
		k0, k1, h := tableKeyOf(text[start:end])
		w.countToken(w.lookup(k0, k1, end-start, h, text[start:end], text[start:end]))
	}
	return end
}

// wordMask returns, in bit b of m, whether text[p+b] is an ASCII word
// character, for the 64 bytes from p on (bytes past the text's end are
// not); limit is the offset of the block's first non-ASCII byte, or 64.
func wordMask(text []byte, p int) (m uint64, limit int) {
	var high uint64
	if p+64 <= len(text) {
		b := text[p : p+64]
		for k := 0; k < 64; k += 8 {
			x := binary.LittleEndian.Uint64(b[k:])
			m |= movemask(wordBytes(x)) << k
			high |= x
		}
	} else {
		for k := 0; k < 64; k += 8 {
			x := load8(text, p+k)
			m |= movemask(wordBytes(x)) << k
			high |= x
		}
	}
	if high&highBits == 0 {
		return m, 64
	}
	for k := 0; ; k += 8 {
		if x := load8(text, p+k) & highBits; x != 0 {
			return m, k + bits.TrailingZeros64(x)>>3
		}
	}
}

// movemask gathers the high bits of x's bytes into its low 8 bits, byte
// i's into bit i: the multiplication puts byte i's bit at bit 56+i and sums
// no two bits into the same place.
func movemask(x uint64) uint64 {
	return (x >> 7 & lowBits) * 0x0102040810204080 >> 56
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// load8 returns the 8 bytes of text from i on, little-endian, zero-padded
// past its end.
func load8(text []byte, i int) uint64 {
	if i+8 <= len(text) {
		return binary.LittleEndian.Uint64(text[i:])
	}
	if i >= len(text) {
		return 0
	}
	return tail(text[i:])
}

// wordBytes returns, in the high bit of each byte, whether that byte of x is
// an ASCII word character: a letter, a digit or '_'. Each test is a
// range check on the byte's low 7 bits: adding 0x80-lo sets the high bit
// when the byte is at least lo, without a carry into the next byte.
func wordBytes(x uint64) uint64 {
	t := x &^ highBits
	u := t | 0x20*lowBits // lower-cases letters
	letter := (u + (0x80-'a')*lowBits) &^ (u + (0x7f-'z')*lowBits)
	digit := (t + (0x80-'0')*lowBits) &^ (t + (0x7f-'9')*lowBits)
	under := ^((t ^ '_'*lowBits) + 0x7f*lowBits)
	return (letter | digit | under) &^ x & highBits
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
		w.countToken(w.lookup(k0, k1, n, h, w.lower, tok))
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
	w.countToken(w.lookup(k0, k1, n, keyHash(k0, k1, n, nil), nil, tok))
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

// countToken counts one token of term and word numbers t and wd (-1 for
// none). Per-token counts are kept at index number+1, index 0 taking the
// tokens without one: no branch depends on whether a token is a stop word,
// which a third of them are, in no order a branch predictor could learn.
func (w *worker) countToken(t, wd int32) {
	if int(wd)+1 >= len(w.wordCount) {
		w.growWords(wd)
	}
	w.wordCount[wd+1]++
	if int(t)+1 >= len(w.docCount) {
		w.growTerms(t)
	}
	n := w.docCount[t+1]
	w.docCount[t+1] = n + 1
	w.docTerms = append(w.docTerms, t)
	w.docTerms = w.docTerms[:len(w.docTerms)-b2i(n != 0)] // kept when first met
	if w.keep && t >= 0 {
		w.seq = append(w.seq, t)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// growTerms makes room for term t (-1 for none) in the worker's per-term
// arrays, all at once and to the same number of terms: docCount (which
// keeps term t at index t+1) holds one more element than df and cf, so
// that a term has a place in one exactly when it has in all, and
// docCount's bound is the only one countToken checks. (Each array grown by
// its own rule drifted apart: after a jump in the term numbers met and a
// doubling, df and cf were shorter than docCount less one, and analyze
// indexed them out of range.)
func (w *worker) growTerms(t int32) {
	n := room(len(w.df), int(t)+1)
	w.docCount = extend(w.docCount, n+1)
	w.df = extend(w.df, n)
	w.cf = extend(w.cf, n)
}

// growWords makes room for word wd (-1 for none) in the worker's per-word
// array, wordCount, which keeps word wd at index wd+1.
func (w *worker) growWords(wd int32) {
	w.wordCount = extend(w.wordCount, room(max(0, len(w.wordCount)-1), int(wd)+1)+1)
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

// Count reads and analyzes docs, a few at a time (CountOptions.Workers), and
// counts their terms. Documents are analyzed as they are read; only their
// counts are kept. Empty and binary files are left out and counted in the
// summary; when nothing else is left, the error wraps corpus.ErrNoDocuments.
// The result does not depend on the number of workers.
func Count(ctx context.Context, docs []corpus.Document, a *Analyzer, opt CountOptions) (*Counts, error) {
	nw := opt.Workers
	if nw <= 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	nw = max(1, min(nw, len(docs)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Documents are handed out in order, in batches of consecutive ones
	// (one hand-over per batch, not per document); at most window batches
	// are in flight, so memory stays bounded however slow one document is.
	// Batch i is handed out only once batch i-window has been collected, so
	// its result slot is free and a worker never blocks on it.
	batches := batchDocs(docs)
	window := 4 * nw
	jobs := make(chan int)
	results := make([]chan []*docResult, window)
	for i := range results {
		results[i] = make(chan []*docResult, 1)
	}
	slots := make(chan struct{}, window)
	dict := newDictionary(a)
	workers := make([]*worker, nw)
	var wg sync.WaitGroup
	for k := range workers {
		w := newWorker(a, dict, opt)
		workers[k] = w
		wg.Go(func() {
			for b := range jobs {
				out := make([]*docResult, 0, batches[b+1]-batches[b])
				for i := batches[b]; i < batches[b+1]; i++ {
					out = append(out, w.analyze(ctx, docs[i]))
				}
				results[b%window] <- out
			}
		})
	}
	go func() {
		defer close(jobs)
		for b := range len(batches) - 1 {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	c, err := collect(ctx, docs, batches, results, slots, opt)
	cancel()
	wg.Wait() // workers finish their current batch and stop
	if err != nil {
		return nil, err
	}
	c.finish(dict, workers, opt)
	return c, nil
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

// newWorker returns a worker that analyzes documents with a and numbers
// their terms in dict.
func newWorker(a *Analyzer, dict *dictionary, opt CountOptions) *worker {
	w := &worker{analyzer: a, dict: dict, keep: opt.KeepTokens, dictOnly: opt.DictionaryOnly}
	if dict.memo != nil {
		w.fused = a.wordsLowerCased()
		w.memo = dict.memo.table.Load()
		w.long = newKeyTable[[2]int32](64)
	} else {
		w.terms, w.words = newKeyTable[int32](1<<15), newKeyTable[int32](1<<15)
	}
	return w
}

// batchDocs cuts docs into batches of up to 16 consecutive documents and
// returns their boundaries: batch b is docs[bounds[b]:bounds[b+1]].
func batchDocs(docs []corpus.Document) []int {
	const size = 16
	bounds := make([]int, 0, len(docs)/size+2)
	for i := 0; i < len(docs); i += size {
		bounds = append(bounds, i)
	}
	return append(bounds, len(docs))
}

// collect takes the workers' results in document order and numbers the
// terms in the order first met.
func collect(ctx context.Context, docs []corpus.Document, batches []int, results []chan []*docResult, slots chan struct{}, opt CountOptions) (*Counts, error) {
	c := &Counts{}
	if !opt.DictionaryOnly {
		c.ColPtr = make([]int, 1, len(docs)+1)
	}
	for b := range len(batches) - 1 {
		var out []*docResult
		select {
		case out = <-results[b%len(results)]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		<-slots
		for k, res := range out {
			if err := c.add(res, docs[batches[b]+k], opt); err != nil {
				return nil, err
			}
		}
		if opt.Progress != nil && b%16 == 15 {
			opt.Progress(batches[b+1])
		}
	}
	c.Summary.Documents = len(c.Docs)
	return c, c.Summary.Err()
}

// add takes one document's result.
func (c *Counts) add(res *docResult, d corpus.Document, opt CountOptions) error {
	if res.err != nil {
		switch {
		case errors.Is(res.err, corpus.ErrBinary):
			c.Summary.Binary++
			return nil
		case errors.Is(res.err, corpus.ErrEmpty):
			c.Summary.Empty++
			return nil
		}
		return res.err
	}
	if res.enc == corpus.Windows1252 {
		c.Summary.Windows1252++
	}
	c.Docs = append(c.Docs, d)
	for i, t := range res.terms {
		if int(t) >= len(c.index) {
			n := len(c.index)
			c.index = extend(c.index, room(n, int(t)+1))
			for i := n; i < len(c.index); i++ {
				c.index[i] = -1
			}
		}
		x := c.index[t]
		if x < 0 {
			x = int32(len(c.order))
			c.index[t] = x
			c.order = append(c.order, t)
		}
		res.terms[i] = x // an index of Terms from here on
	}
	if !opt.DictionaryOnly {
		c.ColPtr = append(c.ColPtr, c.ColPtr[len(c.ColPtr)-1]+len(res.terms))
		c.pending = append(c.pending, res)
	}
	if opt.KeepTokens {
		c.Tokens = append(c.Tokens, res.seq) // in the dictionary's numbers until finish
	}
	return nil
}

// finish turns the dictionary's numbers into indices of Terms: it names
// the terms, sums the workers' document and corpus frequencies, chooses the
// surface forms, and puts the documents' terms (and tokens) into ColTerm
// and ColCount, in parallel over documents.
func (c *Counts) finish(d *dictionary, workers []*worker, opt CountOptions) {
	var names stringArena
	for _, t := range c.order {
		names.add(d.terms.appendKey(names.b, t))
	}
	c.Terms = names.strings()
	c.DF, c.CF = make([]int, len(c.Terms)), make([]int, len(c.Terms))
	for _, w := range workers {
		for t, n := range w.df {
			if n > 0 {
				c.DF[c.index[t]] += n
				c.CF[c.index[t]] += w.cf[t]
			}
		}
	}
	c.Surface = c.surfaces(d, workers)
	if !opt.DictionaryOnly {
		nnz := c.ColPtr[len(c.ColPtr)-1]
		c.ColTerm, c.ColCount = make([]int32, nnz), make([]int32, nnz)
	}
	parts := max(1, min(len(workers), len(c.Docs)/256))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for j := p * len(c.Docs) / parts; j < (p+1)*len(c.Docs)/parts; j++ {
				if !opt.DictionaryOnly {
					res := c.pending[j]
					copy(c.ColTerm[c.ColPtr[j]:], res.terms) // indices of Terms since add
					copy(c.ColCount[c.ColPtr[j]:], res.counts)
				}
				if opt.KeepTokens {
					for n, t := range c.Tokens[j] {
						c.Tokens[j][n] = c.index[t]
					}
				}
			}
		})
	}
	wg.Wait()
	c.pending, c.order, c.index = nil, nil, nil
}

// surfaces picks each term's most frequent surface form; a tie goes to the
// smallest word, so the choice does not depend on which worker met which
// word. A term no stemmer changed is its own surface form.
func (c *Counts) surfaces(d *dictionary, workers []*worker) []string {
	n := make([]int64, d.words.Len()) // per word, its occurrences
	for _, w := range workers {
		counts := w.wordCount
		if len(counts) > 0 {
			counts = counts[1:] // index 0 counted the tokens without a word
		}
		for wd, k := range counts[:min(len(counts), len(n))] { // grown with room to spare
			n[wd] += k
		}
	}
	best := make([]int32, len(c.Terms)) // per term, its best word
	for t := range best {
		best[t] = -1
	}
	var a, b []byte
	for wd := range int32(len(n)) {
		if n[wd] == 0 {
			continue
		}
		t := c.index[*d.words.val(wd)]
		switch cur := best[t]; {
		case cur < 0 || n[wd] > n[cur]:
			best[t] = wd
		case n[wd] == n[cur]:
			a, b = d.words.appendKey(a[:0], wd), d.words.appendKey(b[:0], cur)
			if bytes.Compare(a, b) < 0 {
				best[t] = wd
			}
		}
	}
	var words stringArena
	for _, wd := range best {
		if wd >= 0 {
			words.add(d.words.appendKey(words.b, wd))
		}
	}
	ws := words.strings()
	out := make([]string, len(c.Terms))
	for t, wd := range best {
		if wd < 0 {
			out[t] = c.Terms[t]
		} else {
			out[t], ws = ws[0], ws[1:]
		}
	}
	return out
}

// stringArena builds many strings with one allocation: add the bytes of
// each to b in turn, then take them all.
type stringArena struct {
	b    []byte
	ends []int
}

// add records that b, which extends a.b, ends a string.
func (a *stringArena) add(b []byte) {
	a.b = b
	a.ends = append(a.ends, len(b))
}

// strings returns the strings added, in order.
func (a *stringArena) strings() []string {
	all := string(a.b)
	out := make([]string, len(a.ends))
	start := 0
	for i, end := range a.ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}
