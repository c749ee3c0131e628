package vectorize

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/bits"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/nmftopics/nmftopics/corpus"
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

	toGlobal [][]int32    // while counting: per worker, worker term id → term index
	pending  []*docResult // while counting: documents whose terms are not yet in ColTerm
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

// docResult is what a worker hands the collector for one document. Term and
// word ids are the worker's own; NewTerms and NewWords are the strings of
// the ids this document introduced, so the collector can map them without
// sharing the worker's tables.
type docResult struct {
	worker   int
	enc      corpus.Encoding
	err      error
	newTerms []string
	terms    []int32 // distinct worker term ids, in first-met order
	counts   []int32
	seq      []int32 // worker term id per token, if tokens are kept
}

// worker analyzes documents with its own reader, token buffer and tables.
type worker struct {
	id       int
	analyzer *Analyzer
	reader   corpus.Reader
	tokens   TokenStream
	keep     bool

	terms    *keyTable[struct{}] // numbers the terms: worker term ids
	docCount []int32             // per worker term id, its count in the current document

	words     *keyTable[struct{}] // numbers the surface words: worker word ids
	wordTerm  []int32             // per worker word id, its worker term id
	wordCount []int64             // per worker word id, its occurrences

	// memo holds, when every filter is a TermFilter, the outcome of
	// analyzing each distinct raw token: one look-up per token.
	memo *keyTable[memoVal]
	// fused is set when the analyzer is WordTokenizer, then LowerCase,
	// then TermFilters: countWords then finds the tokens and looks them up
	// in one pass over the text, ASCII ones by their lower-cased form, so
	// that "The" and "the" share an entry.
	fused   bool
	one     TokenStream // scratch for learn
	scratch []byte      // scratch for learn and for long ASCII keys
	lower   []byte      // scratch for long ASCII keys

	docTerms []int32 // the current document's distinct worker term ids, in first-met order
	df, cf   []int   // per worker term id, its documents and occurrences so far
	dictOnly bool    // hand over no document's terms
	slab     []int32 // where documents' terms and counts are handed over, a chunk at a time
}

func (w *worker) analyze(ctx context.Context, d corpus.Document) *docResult {
	res := &docResult{worker: w.id}
	w.docTerms = w.docTerms[:0]
	offset := 0
	res.enc, res.err = w.reader.Read(d, func(text []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case w.fused:
			w.countWords(res, text)
			return nil
		case w.memo != nil:
			w.tokens = w.analyzer.Tokenizer.Tokenize(w.tokens[:0], text)
			for _, t := range w.tokens {
				k0, k1, h := tableKeyOf(t.Term)
				w.countEntry(res, w.lookup(res, k0, k1, len(t.Term), h, t.Term, t.Term))
			}
			return nil
		}
		w.tokens = w.analyzer.Analyze(w.tokens, text, offset)
		if n := len(w.tokens); n > 0 {
			offset = w.tokens[n-1].Position + 1
		}
		for _, t := range w.tokens {
			id := w.termOf(res, t.Term)
			w.count(res, id)
			if t.Surface != nil {
				w.wordCount[w.wordOf(t.Surface, id)]++
			}
		}
		return nil
	})
	if w.dictOnly {
		for _, id := range w.docTerms {
			w.df[id]++
			w.cf[id] += int(w.docCount[id])
			w.docCount[id] = 0
		}
		return res
	}
	res.terms, res.counts = w.take(len(w.docTerms)), w.take(len(w.docTerms))
	for i, id := range w.docTerms {
		n := w.docCount[id]
		res.terms[i], res.counts[i] = id, n
		w.df[id]++
		w.cf[id] += int(n)
		w.docCount[id] = 0
	}
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
// fused worker. It is WordTokenizer's scan with the look-up inside it, so
// no token is stored, and it classifies eight bytes at a time (wordBytes):
// a byte loop with a branch per byte cost more than all the look-ups.
func (w *worker) countWords(res *docResult, text []byte) {
	for i := 0; i < len(text); {
		// Find the next ASCII word character or non-ASCII byte.
		x := load8(text, i)
		next := wordBytes(x) | x&highBits
		if next == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(next) >> 3
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
					w.countASCII(res, text[start:i], text[start:])
				}
				continue
			}
		}
		// A non-ASCII character starts the word or may go on with it: the
		// tokenizer's own scan decides.
		asciiEnd := i
		end, runes := wordAt(text, start)
		switch {
		case runes < 2:
		case end == asciiEnd:
			w.countASCII(res, text[start:end], text[start:])
		default:
			k0, k1, h := tableKeyOf(text[start:end])
			w.countEntry(res, w.lookup(res, k0, k1, end-start, h, text[start:end], text[start:end]))
		}
		i = end
	}
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

// countASCII counts the ASCII token tok, keyed by its lower-cased form; rest
// is the text from tok's start on, read 16 bytes at a time when it is long
// enough.
func (w *worker) countASCII(res *docResult, tok, rest []byte) {
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
		w.countEntry(res, w.lookup(res, k0, k1, n, h, w.lower, tok))
		return
	}
	var k0, k1 uint64
	if len(rest) >= 16 {
		k0, k1 = binary.LittleEndian.Uint64(rest), binary.LittleEndian.Uint64(rest[8:])
	} else {
		k0, k1 = keyWords(tok)
	}
	m0, m1 := ^uint64(0), uint64(0)
	if n < 8 {
		m0 = 1<<(8*n) - 1
	} else {
		m1 = 1<<(8*(n-8)) - 1 // all ones for n = 16
	}
	k0 = (k0 | foldCase) & m0
	k1 = (k1 | foldCase) & m1
	h := keyHash(k0, k1, n, nil)
	w.countEntry(res, w.lookup(res, k0, k1, n, h, nil, tok))
}

// lookup returns the memo entry of a key (as memoTable.find takes it),
// analyzing raw, the token it stands for, when the key is new.
func (w *worker) lookup(res *docResult, k0, k1 uint64, n int, h uint32, key, raw []byte) int32 {
	if e := w.memo.find(k0, k1, n, h, key); e >= 0 {
		return e
	}
	term, word := w.learn(res, raw)
	return w.memo.add(k0, k1, n, h, key, memoVal{term: term, word: word})
}

// memoVal is what analyzing a raw token gave: its worker term and word
// ids, -1 where the filters removed it or it has no surface form; and how
// often it was met since its count was last added to its word's
// (flushCounts), kept here so that counting a token touches one record.
type memoVal struct {
	term, word int32
	count      uint32
}

// countEntry counts one token whose memo entry is e.
func (w *worker) countEntry(res *docResult, e int32) {
	m := w.memo.val(e)
	if m.word >= 0 {
		if m.count++; m.count == 1<<31 {
			w.flushCount(m)
		}
	}
	if m.term >= 0 {
		w.count(res, m.term)
	}
}

// flushCount adds the occurrences counted in m to its word's.
func (w *worker) flushCount(m *memoVal) {
	w.wordCount[m.word] += int64(m.count)
	m.count = 0
}

// learn analyzes a raw token not met before and returns its worker term
// and word ids (-1 for none).
func (w *worker) learn(res *docResult, raw []byte) (term, word int32) {
	term, word = -1, -1
	w.scratch = append(w.scratch[:0], raw...) // filters may change it in place
	w.one = w.analyzer.filterWord(w.one, w.scratch)
	if len(w.one) > 0 {
		t := w.one[0]
		term = w.termOf(res, t.Term)
		if t.Surface != nil {
			word = w.wordOf(t.Surface, term)
		}
	}
	return term, word
}

// termOf returns the worker id of term, giving it one if it is new.
func (w *worker) termOf(res *docResult, term []byte) int32 {
	id, added := w.terms.number(term)
	if added {
		res.newTerms = append(res.newTerms, string(term))
		w.docCount = append(w.docCount, 0)
		w.df = append(w.df, 0)
		w.cf = append(w.cf, 0)
	}
	return id
}

// wordOf returns the worker id of the surface word of term.
func (w *worker) wordOf(word []byte, term int32) int32 {
	wid, added := w.words.number(word)
	if added {
		w.wordTerm = append(w.wordTerm, term)
		w.wordCount = append(w.wordCount, 0)
	}
	return wid
}

// count adds one occurrence of a term to the current document.
func (w *worker) count(res *docResult, id int32) {
	if w.docCount[id] == 0 {
		w.docTerms = append(w.docTerms, id)
	}
	w.docCount[id]++
	if w.keep {
		res.seq = append(res.seq, id)
	}
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
	workers := make([]*worker, nw)
	var wg sync.WaitGroup
	for k := range workers {
		// Maps are sized for a corpus of tens of thousands of words, so
		// that they do not grow through many small steps.
		w := &worker{id: k, analyzer: a, keep: opt.KeepTokens, dictOnly: opt.DictionaryOnly, terms: newKeyTable[struct{}](1 << 15), words: newKeyTable[struct{}](1 << 15)}
		if a.termOnly() {
			w.memo = newKeyTable[memoVal](1 << 15)
			w.fused = a.wordsLowerCased()
		}
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
	c, err := collect(ctx, docs, batches, results, slots, nw, opt)
	cancel()
	wg.Wait() // workers finish their current batch and stop
	if err != nil {
		return nil, err
	}
	c.finish(workers, opt)
	c.Surface = surfaces(c.Terms, workers, c.toGlobal)
	c.toGlobal = nil
	return c, nil
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

// collect takes the workers' results in document order and merges them.
func collect(ctx context.Context, docs []corpus.Document, batches []int, results []chan []*docResult, slots chan struct{}, nw int, opt CountOptions) (*Counts, error) {
	c := &Counts{toGlobal: make([][]int32, nw)}
	if !opt.DictionaryOnly {
		c.ColPtr = make([]int, 1, len(docs)+1)
	}
	termIndex := newKeyTable[struct{}](1 << 15) // numbers c.Terms
	for b := range len(batches) - 1 {
		var out []*docResult
		select {
		case out = <-results[b%len(results)]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		<-slots
		for k, res := range out {
			if err := c.add(res, docs[batches[b]+k], termIndex, opt); err != nil {
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

// finish sums the workers' document and corpus frequencies into DF and CF,
// and puts the documents' terms (and tokens) into ColTerm and ColCount, in
// global term ids, in parallel over documents: the collector only numbers
// the terms, so that it keeps up with the workers.
func (c *Counts) finish(workers []*worker, opt CountOptions) {
	c.DF, c.CF = make([]int, len(c.Terms)), make([]int, len(c.Terms))
	for k, w := range workers {
		for id, g := range c.toGlobal[k] {
			c.DF[g] += w.df[id]
			c.CF[g] += w.cf[id]
		}
	}
	if opt.DictionaryOnly {
		return
	}
	nnz := c.ColPtr[len(c.ColPtr)-1]
	c.ColTerm, c.ColCount = make([]int32, nnz), make([]int32, nnz)
	parts := max(1, min(len(workers), len(c.pending)/256))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for j := p * len(c.pending) / parts; j < (p+1)*len(c.pending)/parts; j++ {
				res := c.pending[j]
				tg := c.toGlobal[res.worker]
				at := c.ColPtr[j]
				for n, id := range res.terms {
					c.ColTerm[at+n] = tg[id]
				}
				copy(c.ColCount[at:], res.counts)
				if opt.KeepTokens {
					for n, id := range res.seq {
						res.seq[n] = tg[id]
					}
				}
			}
		})
	}
	wg.Wait()
	c.pending = nil
}

// add merges one document's result.
func (c *Counts) add(res *docResult, d corpus.Document, termIndex *keyTable[struct{}], opt CountOptions) error {
	tg := c.toGlobal[res.worker]
	for _, s := range res.newTerms {
		g, added := termIndex.number([]byte(s))
		if added {
			c.Terms = append(c.Terms, s)
		}
		tg = append(tg, g)
	}
	c.toGlobal[res.worker] = tg
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
	if !opt.DictionaryOnly {
		c.ColPtr = append(c.ColPtr, c.ColPtr[len(c.ColPtr)-1]+len(res.terms))
		c.pending = append(c.pending, res)
	}
	if opt.KeepTokens {
		c.Tokens = append(c.Tokens, res.seq) // in worker ids until finish
	}
	return nil
}

// surfaces picks each term's most frequent surface form from the workers'
// word tables; a tie goes to the smallest word, so the choice does not
// depend on which worker met which word. A term no stemmer changed is its
// own surface form.
func surfaces(terms []string, workers []*worker, toGlobal [][]int32) []string {
	all := newKeyTable[struct{}](1 << 15) // every worker's words
	var term []int32                      // per word of all, its term
	var n []int64                         // per word of all, its occurrences
	for k, w := range workers {
		if w.memo != nil {
			for e := range int32(w.memo.Len()) {
				if m := w.memo.val(e); m.word >= 0 {
					w.flushCount(m)
				}
			}
		}
		var buf []byte
		for wid := range int32(w.words.Len()) {
			buf = w.words.appendKey(buf[:0], wid)
			g, added := all.number(buf)
			if added {
				term = append(term, toGlobal[k][w.wordTerm[wid]])
				n = append(n, 0)
			}
			n[g] += w.wordCount[wid]
		}
	}
	best := make([]int32, len(terms))
	for t := range best {
		best[t] = -1
	}
	var a, b []byte
	for g := range int32(all.Len()) {
		t := term[g]
		switch c := best[t]; {
		case c < 0 || n[g] > n[c]:
			best[t] = g
		case n[g] == n[c]:
			a, b = all.appendKey(a[:0], g), all.appendKey(b[:0], c)
			if bytes.Compare(a, b) < 0 {
				best[t] = g
			}
		}
	}
	out := make([]string, len(terms))
	for t, g := range best {
		if g < 0 {
			out[t] = terms[t]
		} else {
			out[t] = string(all.appendKey(a[:0], g))
		}
	}
	return out
}
