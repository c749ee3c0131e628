package vectorize

// Counting n-grams. A worker forms a document's n-grams as it counts its
// tokens, from the last few tokens' numbers in the dictionary, so it holds
// no list of the document's n-grams and reads no n-gram's text: an n-gram
// is keyed by the numbers of its words (a token's surface word, or its term
// when it has none), 4 bytes each, which name its term and its surface
// form alike. Its term ("clipper chip") and surface form ("clipper chips")
// are spelled once per distinct n-gram, under the dictionary's lock, and
// surface forms are chosen by the same counts as single words'.

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
// document's last tokens, and the n-grams the worker has met.
type gramWindow struct {
	min, max int
	last     [MaxNGram - 1]uint32 // the ids of the last tokens, the latest last
	n        int                  // how many of last are the current document's
	met      *keyTable[[2]int32]  // n-gram key → term and word numbers
	key      [4 * MaxNGram]byte   // scratch: an n-gram's key
}

func newGramWindow(g *NGrams) *gramWindow {
	return &gramWindow{min: g.Min, max: g.Max, met: newKeyTable[[2]int32](1 << 15)}
}

// gramID is the id of a token in an n-gram's key: its word number, or the
// complement of its term number when it has no word (the top bit tells
// which).
func gramID(t, wd int32) uint32 {
	if wd >= 0 {
		return uint32(wd)
	}
	return uint32(^t)
}

// countGrams counts the n-grams that end at a token of term t and word wd
// (t ≥ 0), and moves the window on.
func (w *worker) countGrams(t, wd int32) {
	g := w.grams
	id := gramID(t, wd)
	for n := 2; n <= g.max && n-1 <= g.n; n++ {
		if n < g.min {
			continue
		}
		k := g.key[:0]
		for _, p := range g.last[len(g.last)-(n-1):] {
			k = append(k, byte(p), byte(p>>8), byte(p>>16), byte(p>>24))
		}
		k = append(k, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
		w.counts.addGram(w.gram(k))
	}
	copy(g.last[:], g.last[1:])
	g.last[len(g.last)-1] = id
	g.n = min(g.n+1, len(g.last))
}

// gram returns the term and word numbers of the n-gram of key.
func (w *worker) gram(key []byte) (term, word int32) {
	k0, k1, h := tableKeyOf(key)
	if e := w.grams.met.find(k0, k1, len(key), h, key); e >= 0 {
		v := w.grams.met.val(e)
		return v[0], v[1]
	}
	w.dict.mu.Lock()
	term, word = w.dict.numberGram(key)
	w.dict.mu.Unlock()
	w.grams.met.add(k0, k1, len(key), h, key, [2]int32{term, word})
	return term, word
}

// numberGram returns the term and word numbers of the n-gram of key,
// spelling them out and adding them if they are new. It must be called
// under d.mu.
func (d *dictionary) numberGram(key []byte) (term, word int32) {
	if d.grams == nil {
		d.grams = newKeyTable[[2]int32](1 << 15)
	}
	k0, k1, h := tableKeyOf(key)
	if e := d.grams.find(k0, k1, len(key), h, key); e >= 0 {
		v := d.grams.val(e)
		return v[0], v[1]
	}
	var t, s []byte
	words := false
	for i := 0; i < len(key); i += 4 {
		if i > 0 {
			t, s = append(t, ' '), append(s, ' ')
		}
		id := int32(uint32(key[i]) | uint32(key[i+1])<<8 | uint32(key[i+2])<<16 | uint32(key[i+3])<<24)
		if id >= 0 {
			t = d.terms.appendKey(t, *d.words.val(id))
			s = d.words.appendKey(s, id)
			words = true
		} else {
			t = d.terms.appendKey(t, ^id)
			s = d.terms.appendKey(s, ^id)
		}
	}
	if !words {
		s = nil
	}
	term, word = d.number(t, s)
	d.grams.add(k0, k1, len(key), h, key, [2]int32{term, word})
	return term, word
}
