package vectorize

// Counting n-grams. A worker forms a document's n-grams as it counts its
// tokens, from the last few tokens' numbers in the dictionary, so it holds
// no list of the document's n-grams and reads no n-gram's text: an n-gram
// is keyed by the numbers of its words (a token's surface word, or its term
// when it has none), 4 bytes each, which name its term and its surface
// form alike, in a memo shared by the workers as the memo of single words
// is (a look-up takes no lock). Its term ("clipper chip") and surface form
// ("clipper chips") are spelled once per distinct n-gram, under the
// dictionary's lock, and surface forms are chosen by the same counts as
// single words'.

// withoutNGrams returns a without its last filter when that is NGrams,
// and the n-gram lengths it asked for (nil when it is not there): Count
// forms the n-grams itself, across the chunks of a document, and analyzes
// each word through the filters before.
func (a *Analyzer) withoutNGrams() (*Analyzer, *NGrams) {
	n := len(a.Filters)
	if n == 0 {
		return a, nil
	}
	g, ok := a.Filters[n-1].(NGrams)
	if !ok {
		return a, nil
	}
	b := *a
	b.Filters = a.Filters[: n-1 : n-1]
	return &b, &g
}

// gramWindow is a worker's state for forming n-grams: the current
// document's last tokens, and the tables of the memo of n-grams it reads.
type gramWindow struct {
	min, max int
	last     [MaxNGram - 1]uint32     // the ids of the last tokens, the latest last
	n        int                      // how many of last are the current document's
	tables   [MaxNGram - 1]*memoTable // per length from 2, the table of dictionary.grams read
	ids      [MaxNGram]uint32         // scratch: an n-gram's ids
}

// newGramMemos returns the memos of the n-grams of g's lengths from 2 on.
func newGramMemos(g *NGrams) (m [MaxNGram - 1]*sharedMemo) {
	for n := max(2, g.Min); n <= g.Max; n++ {
		m[n-2] = newSharedMemo(1 << 15)
	}
	return m
}

func newGramWindow(g *NGrams, d *dictionary) *gramWindow {
	w := &gramWindow{min: g.Min, max: g.Max}
	for i, m := range d.grams {
		if m != nil {
			w.tables[i] = m.table.Load()
		}
	}
	return w
}

// gramID is the id of a token in an n-gram: its word number, or its term
// number with the top bit set when it has no word.
func gramID(t, wd int32) uint32 {
	if wd >= 0 {
		return uint32(wd)
	}
	return uint32(t) | 1<<31
}

// gramKey is the memo key of the n-gram of ids: each id plus one (never
// zero, as the memo needs: ids are below 1<<32 - 1), 4 bytes each, and
// its hash.
func gramKey(ids []uint32) (k0, k1 uint64, h uint32) {
	k0 = uint64(ids[0]+1) | uint64(ids[1]+1)<<32
	if len(ids) > 2 {
		k1 = uint64(ids[2] + 1)
	}
	// The hash sharedMemo.grow gives the key: of its length as keyLen
	// reads it.
	return k0, k1, keyHash(k0, k1, keyLen(k0, k1), nil)
}

// countGrams counts the n-grams that end at a token of term t and word wd
// (t ≥ 0), and moves the window on.
func (w *worker) countGrams(t, wd int32) {
	g := w.grams
	id := gramID(t, wd)
	for n := max(2, g.min); n <= g.max && n-1 <= g.n; n++ {
		ids := append(append(g.ids[:0], g.last[len(g.last)-(n-1):]...), id)
		k0, k1, h := gramKey(ids)
		term, word, ok := g.tables[n-2].find(k0, k1, h)
		if !ok {
			term, word = w.learnGram(ids, k0, k1, h)
		}
		w.counts.addGram(term, word)
	}
	copy(g.last[:], g.last[1:])
	g.last[len(g.last)-1] = id
	g.n = min(g.n+1, len(g.last))
}

// learnGram returns the term and word numbers of the n-gram of ids, which
// the worker's table of the memo does not hold, adding it to the memo
// unless another worker has meanwhile.
func (w *worker) learnGram(ids []uint32, k0, k1 uint64, h uint32) (term, word int32) {
	d := w.dict
	m := d.grams[len(ids)-2]
	d.mu.Lock()
	term, word, found := m.table.Load().find(k0, k1, h)
	if !found {
		term, word = d.numberGram(ids)
		m.add(k0, k1, h, term, word)
	}
	w.grams.tables[len(ids)-2] = m.table.Load()
	d.mu.Unlock()
	return term, word
}

// numberGram returns the term and word numbers of the n-gram of ids,
// spelling them out and adding them if they are new. It must be called
// under d.mu.
func (d *dictionary) numberGram(ids []uint32) (term, word int32) {
	var t, s []byte
	words := false
	for i, id := range ids {
		if i > 0 {
			t, s = append(t, ' '), append(s, ' ')
		}
		if wd := int32(id); wd >= 0 {
			t = d.terms.appendKey(t, *d.words.val(wd))
			s = d.words.appendKey(s, wd)
			words = true
		} else {
			t = d.terms.appendKey(t, int32(id&^(1<<31)))
			s = d.terms.appendKey(s, int32(id&^(1<<31)))
		}
	}
	if !words {
		s = nil
	}
	return d.number(t, s)
}
