package coherence

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// vocab holds the topic words, renumbered densely 0..V-1 in order of first
// appearance over the topics (the order of gensim's _map_to_contiguous), and
// the pairs of them that some topic holds together.
type vocab struct {
	ids   []int32         // dense → original id
	index map[int32]int32 // original id → dense
	table []int32         // original id → dense or -1, when the ids are small enough

	// The partners of dense word a are partner[off[a]:off[a+1]], sorted;
	// pair[k] is the index of the pair (a, partner[k]) in counts.pair, the
	// same for (a, b) and (b, a).
	off     []int32
	partner []int32
	pair    []int32
	npairs  int
}

// maxTable bounds the direct lookup table (4 bytes an entry); larger ids
// are looked up in a map.
const maxTable = 1 << 22

func newVocab(topics [][]int32) *vocab {
	v := &vocab{index: make(map[int32]int32)}
	maxID := int32(0)
	for _, topic := range topics {
		for _, w := range topic {
			if _, ok := v.index[w]; !ok {
				v.index[w] = int32(len(v.ids))
				v.ids = append(v.ids, w)
			}
			maxID = max(maxID, w)
		}
	}
	if int(maxID) < maxTable {
		v.table = make([]int32, int(maxID)+1)
		for i := range v.table {
			v.table[i] = -1
		}
		for d, w := range v.ids {
			v.table[w] = int32(d)
		}
	}

	// The pairs of distinct words within each topic.
	n := len(v.ids)
	pairs := make(map[[2]int32]int32)
	adj := make([][]int32, n)
	for _, topic := range topics {
		for i, wi := range topic {
			a := v.index[wi]
			for _, wj := range topic[i+1:] {
				b := v.index[wj]
				if a == b {
					continue
				}
				key := [2]int32{min(a, b), max(a, b)}
				if _, ok := pairs[key]; !ok {
					pairs[key] = int32(len(pairs))
					adj[a] = append(adj[a], b)
					adj[b] = append(adj[b], a)
				}
			}
		}
	}
	v.npairs = len(pairs)
	v.off = make([]int32, n+1)
	for a := range n {
		slices.Sort(adj[a])
		v.off[a+1] = v.off[a] + int32(len(adj[a]))
		for _, b := range adj[a] {
			v.partner = append(v.partner, b)
			v.pair = append(v.pair, pairs[[2]int32{min(int32(a), b), max(int32(a), b)}])
		}
	}
	return v
}

// co returns the number of windows (or documents) holding both a and b.
func (v *vocab) co(c *counts, a, b int32) int64 {
	if a == b {
		return c.occ[a]
	}
	ps := v.partner[v.off[a]:v.off[a+1]]
	k, ok := slices.BinarySearch(ps, b)
	if !ok {
		panic("coherence: pair not counted") // newVocab counts every pair within a topic
	}
	return c.pair[v.pair[int(v.off[a])+k]]
}

// counts are the occurrence counts of one kind of window: whole documents,
// or sliding windows of one size.
type counts struct {
	n    int64   // number of windows (or documents)
	occ  []int64 // windows holding each topic word
	pair []int64 // windows holding both words of each pair
}

func newCounts(v *vocab, pairs bool) counts {
	c := counts{occ: make([]int64, len(v.ids))}
	if pairs {
		c.pair = make([]int64, v.npairs)
	}
	return c
}

func (c *counts) add(o *counts) {
	c.n += o.n
	for i, x := range o.occ {
		c.occ[i] += x
	}
	for i, x := range o.pair {
		c.pair[i] += x
	}
}

// plan says what to count.
type plan struct {
	v          *vocab
	windows    []int // distinct sliding window sizes
	umassPairs bool  // count pairs in whole documents
	exact      bool  // Options.ExactWindows
}

// grain is the number of documents a worker takes at a time.
const grain = 64

// count makes one pass over docs and returns the counts of whole documents
// followed by those of each window size of p.
func count(ctx context.Context, docs [][]int32, p *plan, workers int) ([]counts, error) {
	chunks := (len(docs) + grain - 1) / grain
	workers = max(1, min(workers, chunks))
	ws := make([]*worker, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := range ws {
		w := newWorker(p)
		ws[i] = w
		wg.Go(func() {
			for ctx.Err() == nil {
				lo := int(next.Add(1)-1) * grain
				if lo >= len(docs) {
					return
				}
				for j := lo; j < min(lo+grain, len(docs)); j++ {
					if ctx.Err() != nil { // a chunk of long documents can take long
						return
					}
					if err := w.doc(docs[j]); err != nil && w.err == nil {
						w.err = fmt.Errorf("coherence: document %d: %w", j, err)
						w.errDoc = j
					}
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The error of the first bad document, whatever the schedule.
	var err error
	errDoc := len(docs)
	for _, w := range ws {
		if w.err != nil && w.errDoc < errDoc {
			err, errDoc = w.err, w.errDoc
		}
	}
	if err != nil {
		return nil, err
	}
	// Integer sums: the order of the workers does not matter.
	cs := ws[0].cs
	for _, w := range ws[1:] {
		for i := range cs {
			cs[i].add(&w.cs[i])
		}
	}
	return cs, nil
}

// event is a topic word at a position of a document.
type event struct {
	pos  int32
	word int32
}

// worker holds one goroutine's counts and scratch space.
type worker struct {
	p  *plan
	v  *vocab
	cs []counts

	ev   []event
	in   []bool  // in the current document
	uniq []int32 // the distinct topic words of the current document

	// The current window: present words, in list; where[a] is a's place in
	// list; since[a] the window from which a has been present; mult[a] the
	// number of a's occurrences in the window (ExactWindows only).
	present []bool
	list    []int32
	where   []int32
	since   []int
	mult    []int32

	err    error
	errDoc int
}

func newWorker(p *plan) *worker {
	n := len(p.v.ids)
	w := &worker{
		p: p, v: p.v,
		cs:      make([]counts, 1+len(p.windows)),
		in:      make([]bool, n),
		present: make([]bool, n),
		where:   make([]int32, n),
		since:   make([]int, n),
	}
	if p.exact {
		w.mult = make([]int32, n)
	}
	w.cs[0] = newCounts(p.v, p.umassPairs)
	for i := range p.windows {
		w.cs[1+i] = newCounts(p.v, true)
	}
	return w
}

// doc counts one document.
func (w *worker) doc(d []int32) error {
	if len(d) > math.MaxInt32 {
		return fmt.Errorf("%d tokens, more than %d: %w", len(d), math.MaxInt32, ErrInput)
	}
	// The topic words of d and their positions.
	ev := w.ev[:0]
	if t := w.v.table; t != nil {
		for i, x := range d {
			if uint32(x) < uint32(len(t)) {
				if a := t[x]; a >= 0 {
					ev = append(ev, event{int32(i), a})
				}
			} else if x < 0 {
				return fmt.Errorf("token %d: negative word id %d: %w", i, x, ErrInput)
			}
		}
	} else {
		for i, x := range d {
			if x < 0 {
				return fmt.Errorf("token %d: negative word id %d: %w", i, x, ErrInput)
			}
			if a, ok := w.v.index[x]; ok {
				ev = append(ev, event{int32(i), a})
			}
		}
	}
	w.ev = ev

	uniq := w.uniq[:0]
	for _, e := range ev {
		if !w.in[e.word] {
			w.in[e.word] = true
			uniq = append(uniq, e.word)
		}
	}
	w.uniq = uniq

	// The document as a whole; it is also the one window of a document no
	// longer than the window.
	w.whole(&w.cs[0], w.p.umassPairs)
	for i, size := range w.p.windows {
		c := &w.cs[1+i]
		switch {
		case len(d) <= size:
			w.whole(c, true)
		default:
			w.slide(c, len(d), size, w.p.exact)
		}
	}
	for _, a := range uniq {
		w.in[a] = false
	}
	return nil
}

// whole counts the current document as one window.
func (w *worker) whole(c *counts, pairs bool) {
	c.n++
	v := w.v
	for _, a := range w.uniq {
		c.occ[a]++
		if !pairs {
			continue
		}
		for k := v.off[a]; k < v.off[a+1]; k++ {
			if b := v.partner[k]; b > a && w.in[b] {
				c.pair[v.pair[k]]++
			}
		}
	}
}

// slide counts the windows of size (< n) over a document of n tokens. By
// default it counts them as gensim's WordOccurrenceAccumulator does: the
// first window holds the words at positions 0..size-1; on each slide, the
// word that leaves is marked absent, then the word that enters is marked
// present. With exact, a word is present in a window whenever it occurs at
// one of its positions (a count of its occurrences in the window).
//
// Rather than visiting every window, it visits only the slides where a
// topic word leaves or enters, and counts for each word (and pair) the run
// of consecutive windows in which it is (they are) present when that run
// ends.
func (w *worker) slide(c *counts, n, size int, exact bool) {
	ev := w.ev
	nw := n - size + 1 // windows 0..nw-1; window s holds positions s..s+size-1
	c.n += int64(nw)
	i := 0
	for ; i < len(ev) && int(ev[i].pos) < size; i++ {
		w.enterWord(ev[i].word, 0, exact)
	}
	// Position p leaves at window p+1 (if there is one) and enters at
	// window p-size+1; i walks the entering events and j the leaving ones.
	j := 0
	for {
		sl, se := math.MaxInt, math.MaxInt
		if j < len(ev) && int(ev[j].pos)+1 < nw {
			sl = int(ev[j].pos) + 1
		}
		if i < len(ev) {
			se = int(ev[i].pos) - size + 1
		}
		s := min(sl, se)
		if s == math.MaxInt {
			break
		}
		leave, enter := int32(-1), int32(-1)
		if sl == s {
			leave = ev[j].word
			j++
		}
		if se == s {
			enter = ev[i].word
			i++
		}
		if exact && leave == enter {
			continue // the same word leaves and enters: nothing changes
		}
		if leave >= 0 && (exact || leave != enter) {
			w.leaveWord(c, leave, s, exact)
		}
		if enter >= 0 {
			w.enterWord(enter, s, exact)
		}
	}
	if exact {
		for _, a := range w.list {
			w.mult[a] = 0
		}
	}
	w.flush(c, nw)
}

// enterWord marks word a present from window s: at its first occurrence in
// the window with exact, else unless gensim's flag already says present.
func (w *worker) enterWord(a int32, s int, exact bool) {
	if exact {
		if w.mult[a]++; w.mult[a] != 1 {
			return
		}
	} else if w.present[a] {
		return
	}
	w.open(a, s)
}

// leaveWord marks word a absent from window s: when its last occurrence
// leaves with exact, else whenever it is flagged present (gensim).
func (w *worker) leaveWord(c *counts, a int32, s int, exact bool) {
	if exact {
		if w.mult[a]--; w.mult[a] != 0 {
			return
		}
	} else if !w.present[a] {
		return
	}
	w.close(c, a, s)
}

// open makes a present from window s on.
func (w *worker) open(a int32, s int) {
	w.present[a] = true
	w.since[a] = s
	w.where[a] = int32(len(w.list))
	w.list = append(w.list, a)
}

// close makes a absent from window s on, counting the windows since it
// became present, alone and with each present partner.
func (w *worker) close(c *counts, a int32, s int) {
	v := w.v
	sa := w.since[a]
	c.occ[a] += int64(s - sa)
	for k := v.off[a]; k < v.off[a+1]; k++ {
		if b := v.partner[k]; w.present[b] {
			c.pair[v.pair[k]] += int64(s - max(sa, w.since[b]))
		}
	}
	w.present[a] = false
	i := w.where[a]
	last := w.list[len(w.list)-1]
	w.list[i] = last
	w.where[last] = i
	w.list = w.list[:len(w.list)-1]
}

// flush closes every present word at the end of a document of nw windows.
func (w *worker) flush(c *counts, nw int) {
	v := w.v
	for _, a := range w.list {
		sa := w.since[a]
		c.occ[a] += int64(nw - sa)
		for k := v.off[a]; k < v.off[a+1]; k++ {
			if b := v.partner[k]; b > a && w.present[b] {
				c.pair[v.pair[k]] += int64(nw - max(sa, w.since[b]))
			}
		}
	}
	for _, a := range w.list {
		w.present[a] = false
	}
	w.list = w.list[:0]
}
