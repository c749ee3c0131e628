package vectorize

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync"

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
	// before any vocabulary filter): single words, not n-grams.
	Tokens [][]int32

	// NGramMin is, with an analyzer whose last filter is NGrams, the fewest
	// words of a term: Terms still holds the single words when it is 2 or
	// more (n-grams are made of them, and Tokens are their sequence), and
	// NewVocabulary leaves them out. Zero is 1.
	NGramMin int

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
	q := newBatchQueue(docs, 4*nw)
	a, grams := a.withoutNGrams()
	dict := newDictionary(a)
	if grams != nil {
		dict.grams = newGramMemos(grams)
	}
	workers := make([]*worker, nw)
	var wg sync.WaitGroup
	for k := range workers {
		w := newWorker(a, dict, opt, grams)
		workers[k] = w
		wg.Go(func() { q.work(ctx, w) })
	}
	go q.handOut(ctx)
	c, err := collect(ctx, q, opt)
	cancel()
	wg.Wait() // workers finish their current batch and stop
	if err != nil {
		return nil, err
	}
	c.finish(dict, workers, opt)
	if grams != nil {
		c.NGramMin = grams.Min
	}
	return c, nil
}

// batchQueue hands documents out to the workers in order, in batches of
// consecutive ones (one hand-over per batch, not per document), and brings
// their results back in order. At most window batches are in flight, so
// memory stays bounded however slow one document is: batch b is handed out
// only once batch b-window has been collected, so its result slot is free
// and a worker never blocks on it.
type batchQueue struct {
	docs    []corpus.Document
	bounds  []int               // batch b is docs[bounds[b]:bounds[b+1]]
	jobs    chan int            // the batches handed out
	results []chan []*docResult // batch b's results come in results[b%window]
	slots   chan struct{}       // one per batch in flight
}

// newBatchQueue cuts docs into batches of up to 16 consecutive documents,
// with window batches in flight at most.
func newBatchQueue(docs []corpus.Document, window int) *batchQueue {
	const size = 16
	q := &batchQueue{docs: docs, jobs: make(chan int), slots: make(chan struct{}, window)}
	q.bounds = make([]int, 0, len(docs)/size+2)
	for i := 0; i < len(docs); i += size {
		q.bounds = append(q.bounds, i)
	}
	q.bounds = append(q.bounds, len(docs))
	q.results = make([]chan []*docResult, window)
	for i := range q.results {
		q.results[i] = make(chan []*docResult, 1)
	}
	return q
}

// batches returns the number of batches.
func (q *batchQueue) batches() int { return len(q.bounds) - 1 }

// handOut hands the batches out, in order, as slots free up, until all are
// handed out or ctx is done.
func (q *batchQueue) handOut(ctx context.Context) {
	defer close(q.jobs)
	for b := range q.batches() {
		select {
		case q.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		select {
		case q.jobs <- b:
		case <-ctx.Done():
			return
		}
	}
}

// work analyzes the batches handed out to w, until there are none.
func (q *batchQueue) work(ctx context.Context, w *worker) {
	for b := range q.jobs {
		out := make([]*docResult, 0, q.bounds[b+1]-q.bounds[b])
		for i := q.bounds[b]; i < q.bounds[b+1]; i++ {
			out = append(out, w.analyze(ctx, q.docs[i]))
		}
		q.results[b%len(q.results)] <- out
	}
}

// take waits for the results of batch b, the batch after the last one
// taken, and frees its slot.
func (q *batchQueue) take(ctx context.Context, b int) ([]*docResult, error) {
	var out []*docResult
	select {
	case out = <-q.results[b%len(q.results)]:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	<-q.slots
	return out, nil
}

// collect takes the workers' results in document order and numbers the
// terms in the order first met.
func collect(ctx context.Context, q *batchQueue, opt CountOptions) (*Counts, error) {
	c := &Counts{}
	if !opt.DictionaryOnly {
		c.ColPtr = make([]int, 1, len(q.docs)+1)
	}
	for b := range q.batches() {
		out, err := q.take(ctx, b)
		if err != nil {
			return nil, err
		}
		for k, res := range out {
			if err := c.add(res, q.docs[q.bounds[b]+k], opt); err != nil {
				return nil, err
			}
		}
		if opt.Progress != nil && b%16 == 15 {
			opt.Progress(q.bounds[b+1])
		}
	}
	c.Summary.Documents = len(c.Docs)
	return c, c.Summary.Err()
}

// add takes one document's result.
func (c *Counts) add(res *docResult, d corpus.Document, opt CountOptions) error {
	if res.err != nil {
		// Empty, binary, unreadable and malformed documents are left out
		// and counted; a malformed one's name says why.
		if k, ok := corpus.SkipOf(res.err); ok {
			where := docPath(d)
			var m *MalformedError
			if errors.As(res.err, &m) {
				where += " (" + m.Reason + ")"
			}
			c.Summary.Skip(k, where)
			return nil
		}
		return res.err
	}
	c.Summary.AddDecoded(res.enc)
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
		for t, n := range w.counts.df {
			if n > 0 {
				c.DF[c.index[t]] += n
				c.CF[c.index[t]] += w.counts.cf[t]
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
		counts := w.counts.wordCount
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

// docPath is how a skipped document is named in a warning: its file; or
// its id for a record (FILE:LINE, or the id its field gives) and a
// document in memory.
func docPath(d corpus.Document) string {
	if d.Path != "" && d.Text == nil {
		return d.Path
	}
	return d.ID
}
