package wordmemo

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Table numbers byte strings in the order first met, 0, 1, 2, …, and holds
// a value of type V with each. It is an open-addressing table of 4-byte
// slots (a key's number) over an array of records (the key and its value)
// in the order first met: a look-up hashes the key's first 16 bytes and
// reads a slot and a record. A corpus's frequent words are met early, so
// their records sit together at the front and the hot part of both arrays
// stays in cache, where a map[string]V spreads them out and follows a
// pointer to each key's bytes. A key of up to 16 bytes is held in its
// record; a longer one keeps its first 8 bytes there and the whole in an
// arena.
//
// A Table is not safe for concurrent use.
type Table[V any] struct {
	slots []uint32 // key number+1; 0 marks an empty slot
	recs  []record[V]
	arena []byte
}

type record[V any] struct {
	k0, k1 uint64 // key bytes 0–7 and 8–15, zero-padded; for keys over 16 bytes k1 is the arena offset of the whole key
	n      uint32 // the key's length
	val    V
}

// NewTable returns an empty table with room for capacity keys before it
// grows.
func NewTable[V any](capacity int) *Table[V] {
	return &Table[V]{slots: make([]uint32, slotCount(capacity)), recs: make([]record[V], 0, capacity)}
}

// slotCount returns the number of slots, a power of two, that holds
// capacity keys at most half full.
func slotCount(capacity int) int {
	return 1 << bits.Len(uint(max(16, 2*capacity-1)))
}

// Len returns the number of keys.
func (t *Table[V]) Len() int { return len(t.recs) }

// Value returns the value of key number i, which may be changed through it.
func (t *Table[V]) Value(i int32) *V { return &t.recs[i].val }

// Find returns the number of k, or -1 when it is not in the table.
func (t *Table[V]) Find(k Key) int32 {
	mask := uint32(len(t.slots) - 1)
	for i := k.h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		r := &t.recs[s-1]
		if r.n != uint32(k.n) || r.k0 != k.k0 {
			continue
		}
		if k.n <= 16 {
			if r.k1 == k.k1 {
				return int32(s - 1)
			}
		} else if bytes.Equal(t.arena[r.k1:r.k1+uint64(k.n)], k.b) {
			return int32(s - 1)
		}
	}
}

// Add adds k, which must not be in the table, with the value v, and
// returns its number, the number of keys before it.
func (t *Table[V]) Add(k Key, v V) int32 {
	if 2*(len(t.recs)+1) > len(t.slots) {
		t.grow()
	}
	k1 := k.k1
	if k.n > 16 {
		k1 = uint64(len(t.arena))
		t.arena = append(t.arena, k.b...)
	}
	t.recs = append(t.recs, record[V]{k0: k.k0, k1: k1, n: uint32(k.n), val: v})
	t.insert(k.h, uint32(len(t.recs)))
	return int32(len(t.recs) - 1)
}

// Number returns the number of key, adding it (with a zero value) if it is
// new; added reports whether it was.
func (t *Table[V]) Number(key []byte) (i int32, added bool) {
	k := KeyOf(key)
	if i = t.Find(k); i >= 0 {
		return i, false
	}
	var zero V
	return t.Add(k, zero), true
}

// AppendKey appends the bytes of key number i to dst.
func (t *Table[V]) AppendKey(dst []byte, i int32) []byte {
	r := &t.recs[i]
	if r.n > 16 {
		return append(dst, t.arena[r.k1:r.k1+uint64(r.n)]...)
	}
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:], r.k0)
	binary.LittleEndian.PutUint64(b[8:], r.k1)
	return append(dst, b[:r.n]...)
}

// insert puts key number s-1, of hash h, in the first free slot from its
// home.
func (t *Table[V]) insert(h, s uint32) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// grow doubles the slots and puts the keys back, in their order, hashing
// them again (slots do not keep hashes, to stay small).
func (t *Table[V]) grow() {
	t.slots = make([]uint32, 2*len(t.slots))
	for i := range t.recs {
		r := &t.recs[i]
		k1 := r.k1
		var long []byte
		if r.n > 16 {
			k1 = binary.LittleEndian.Uint64(t.arena[r.k1+8:])
			long = t.arena[r.k1+16 : r.k1+uint64(r.n)]
		}
		t.insert(keyHash(r.k0, k1, int(r.n), long), uint32(i+1))
	}
}
