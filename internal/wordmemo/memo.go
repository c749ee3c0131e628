package wordmemo

import "sync/atomic"

// Memo memoizes a pair of int32 numbers for each key, for several
// goroutines at once, each through its own Reader. Keys of 1 to 16 bytes
// with no zero byte are kept in one table for all the readers, which they
// read without a lock; others (empty ones, long ones, ones holding a zero
// byte) are kept by each reader in a Table of its own.
type Memo struct {
	table atomic.Pointer[sharedTable] // the current table; replaced whole when it grows
	n     int                         // keys in it; changed by Learn only
}

// sharedTable is an open-addressing table that holds its keys and values
// in its slots, so that a look-up reads one place in memory.
type sharedTable struct{ slots []sharedSlot }

// sharedSlot holds a key of up to 16 bytes and its numbers. The key is
// zero-padded; it holds no zero byte, so the padding tells its length, and
// k0 = 0 marks an empty slot.
type sharedSlot struct {
	k0, k1 uint64 // key bytes 0–7 and 8–15; k0 is written last, atomically
	x, y   int32
}

// NewMemo returns an empty memo with room for capacity keys in its shared
// table before it grows.
func NewMemo(capacity int) *Memo {
	m := &Memo{}
	m.table.Store(&sharedTable{slots: make([]sharedSlot, slotCount(capacity))})
	return m
}

// Reader is one goroutine's door to a Memo: its view of the shared table
// and its own table of the keys the shared one does not take. A Reader is
// used by one goroutine at a time.
type Reader struct {
	memo *Memo
	view *sharedTable     // the shared table as last seen
	own  *Table[[2]int32] // keys the shared table does not take, with their numbers
}

// NewReader returns a reader of m.
func (m *Memo) NewReader() *Reader {
	return &Reader{memo: m, view: m.table.Load(), own: NewTable[[2]int32](64)}
}

// Find returns the numbers memoized for k; ok is false when r does not see
// them yet. It takes no lock and may run while another reader learns.
func (r *Reader) Find(k Key) (x, y int32, ok bool) {
	if !k.shared {
		if i := r.own.Find(k); i >= 0 {
			v := r.own.Value(i)
			return v[0], v[1], true
		}
		return -1, -1, false
	}
	return r.view.find(k)
}

// Learn returns the numbers memoized for k, looking in the latest shared
// table; when there are none, it memoizes and returns those that number
// gives. The calls to Learn of all the readers of a memo must not overlap:
// the caller holds one lock, the same for all of them, across each.
func (r *Reader) Learn(k Key, number func() (x, y int32)) (x, y int32) {
	if !k.shared {
		if i := r.own.Find(k); i >= 0 {
			v := r.own.Value(i)
			return v[0], v[1]
		}
		x, y = number()
		r.own.Add(k, [2]int32{x, y})
		return x, y
	}
	m := r.memo
	r.view = m.table.Load()
	if x, y, ok := r.view.find(k); ok {
		return x, y
	}
	x, y = number()
	r.view = m.add(k, x, y)
	return x, y
}

// find returns the numbers of the shared key k; ok is false when t does
// not hold it.
func (t *sharedTable) find(k Key) (x, y int32, ok bool) {
	mask := uint32(len(t.slots) - 1)
	for i := k.h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		k0 := atomic.LoadUint64(&s.k0)
		if k0 == k.k0 && s.k1 == k.k1 {
			return s.x, s.y, true
		}
		if k0 == 0 {
			return -1, -1, false
		}
	}
}

// add adds the shared key k, which is not in the memo, with its numbers,
// and returns the current table.
func (m *Memo) add(k Key, x, y int32) *sharedTable {
	t := m.table.Load()
	if 2*(m.n+1) > len(t.slots) {
		t = m.grow(t)
	}
	t.put(sharedSlot{k0: k.k0, k1: k.k1, x: x, y: y}, k.h)
	m.n++
	return t
}

// put writes s into the first free slot from its home, publishing it last.
func (t *sharedTable) put(s sharedSlot, h uint32) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].k0 != 0 {
		i = (i + 1) & mask
	}
	d := &t.slots[i]
	d.k1, d.x, d.y = s.k1, s.x, s.y
	atomic.StoreUint64(&d.k0, s.k0)
}

// grow publishes a table with twice the slots, holding every key of t, and
// returns it; t is not written again.
func (m *Memo) grow(t *sharedTable) *sharedTable {
	nt := &sharedTable{slots: make([]sharedSlot, 2*len(t.slots))}
	for _, s := range t.slots {
		if s.k0 != 0 {
			nt.put(s, keyHash(s.k0, s.k1, keyLen(s.k0, s.k1), nil))
		}
	}
	m.table.Store(nt)
	return nt
}
