package vectorize

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sync/atomic"
)

// keyTable numbers byte strings in the order first met, and holds a value
// of type V with each (the dictionary's terms and words, a worker's long
// tokens): a look-up costs a hash of the key's first 16 bytes and, for a
// frequent word, no cache miss. It is an open-addressing table of 4-byte
// slots (a key's number) over an array of records (the key and its value)
// in the order first met. A corpus's frequent words are met early, so their records sit
// together at the front and the hot part of both arrays stays in cache; a
// map[string]V spreads them over megabytes and follows a pointer to each
// key's bytes. A key of up to 16 bytes is held in its record; a longer one
// keeps its first 8 bytes there and the whole in an arena.
type keyTable[V any] struct {
	slots []uint32 // key number+1; 0 marks an empty slot
	recs  []tableRecord[V]
	arena []byte
}

type tableRecord[V any] struct {
	k0, k1 uint64 // key bytes 0–7 and 8–15, zero-padded; for keys over 16 bytes k1 is the arena offset of the whole key
	n      uint32 // the key's length
	val    V
}

func newKeyTable[V any](capacity int) *keyTable[V] {
	size := 1 << bits.Len(uint(max(16, 2*capacity-1)))
	return &keyTable[V]{slots: make([]uint32, size), recs: make([]tableRecord[V], 0, capacity)}
}

// Len returns the number of keys.
func (t *keyTable[V]) Len() int { return len(t.recs) }

// val returns the value of key number i.
func (t *keyTable[V]) val(i int32) *V { return &t.recs[i].val }

// keyWords loads the first 16 bytes of b, zero-padded, little-endian.
func keyWords(b []byte) (k0, k1 uint64) {
	switch n := len(b); {
	case n >= 16:
		return binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
	case n >= 8:
		return binary.LittleEndian.Uint64(b), tail(b[8:])
	default:
		return tail(b), 0
	}
}

func tail(b []byte) uint64 {
	var x uint64
	for i, c := range b {
		x |= uint64(c) << (8 * i)
	}
	return x
}

// keyHash hashes a key of n bytes whose first 16 are k0, k1; long holds the
// bytes past the 16th.
func keyHash(k0, k1 uint64, n int, long []byte) uint32 {
	h := k0*0x9E3779B97F4A7C15 ^ bits.RotateLeft64(k1*0xC2B2AE3D27D4EB4F, 31) ^ uint64(n)
	for _, c := range long {
		h = (h ^ uint64(c)) * 0x100000001B3
	}
	h ^= h >> 32
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 32
	return uint32(h)
}

// tableKeyOf returns the words and hash of key, as find takes them.
func tableKeyOf(key []byte) (k0, k1 uint64, h uint32) {
	k0, k1 = keyWords(key)
	var long []byte
	if len(key) > 16 {
		long = key[16:]
	}
	return k0, k1, keyHash(k0, k1, len(key), long)
}

// find returns the number of the key of n bytes with words k0, k1 and hash
// h, or -1; key holds the whole key when n > 16 (it is not read otherwise).
func (t *keyTable[V]) find(k0, k1 uint64, n int, h uint32, key []byte) int32 {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		r := &t.recs[s-1]
		if r.n != uint32(n) || r.k0 != k0 {
			continue
		}
		if n <= 16 {
			if r.k1 == k1 {
				return int32(s - 1)
			}
		} else if bytes.Equal(t.arena[r.k1:r.k1+uint64(n)], key) {
			return int32(s - 1)
		}
	}
}

// add adds the key (as find takes it), which must not be in the table, with
// its value, and returns its number, the number of keys before it.
func (t *keyTable[V]) add(k0, k1 uint64, n int, h uint32, key []byte, v V) int32 {
	if 2*(len(t.recs)+1) > len(t.slots) {
		t.grow()
	}
	if n > 16 {
		k1 = uint64(len(t.arena))
		t.arena = append(t.arena, key...)
	}
	t.recs = append(t.recs, tableRecord[V]{k0: k0, k1: k1, n: uint32(n), val: v})
	t.insert(h, uint32(len(t.recs)))
	return int32(len(t.recs) - 1)
}

// number returns the number of key, adding it (with a zero value) if it is
// new; added reports whether it was.
func (t *keyTable[V]) number(key []byte) (id int32, added bool) {
	k0, k1, h := tableKeyOf(key)
	if id = t.find(k0, k1, len(key), h, key); id >= 0 {
		return id, false
	}
	var zero V
	return t.add(k0, k1, len(key), h, key, zero), true
}

// appendKey appends the bytes of key number i to dst.
func (t *keyTable[V]) appendKey(dst []byte, i int32) []byte {
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
func (t *keyTable[V]) insert(h, s uint32) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// grow doubles the slots and puts the keys back, in their order, hashing
// them again (slots do not keep hashes, to stay small).
func (t *keyTable[V]) grow() {
	t.slots = make([]uint32, 2*len(t.slots))
	for i := range t.recs {
		r := &t.recs[i]
		var long []byte
		if r.n > 16 {
			long = t.arena[r.k1+16 : r.k1+uint64(r.n)]
		}
		k1 := r.k1
		if r.n > 16 {
			k1 = binary.LittleEndian.Uint64(t.arena[r.k1+8:])
		}
		t.insert(keyHash(r.k0, k1, int(r.n), long), uint32(i+1))
	}
}

// memoSlot holds a raw token of up to 16 bytes and what analyzing it gave:
// its term and word numbers in the dictionary, -1 where the filters removed
// it or it has no surface form. The key is zero-padded; no token holds a
// zero byte, so the padding tells its length, and k0 = 0 marks an empty
// slot.
type memoSlot struct {
	k0, k1     uint64 // key bytes 0–7 and 8–15; k0 is written last, atomically
	term, word int32
}

// sharedMemo maps raw tokens of up to 16 bytes to what analyzing them gave,
// for all the workers at once, so that a corpus pays for analyzing each word
// once, not once per worker, and the workers share one table in cache. It
// is an open-addressing table that holds its keys and values in its slots,
// so a look-up reads one place in memory (a table of numbers over an array
// of records read two, one after the other).
//
// Look-ups take no lock. A slot is written once: its key's second word and
// its values first, then its first word, atomically, which publishes it.
// Additions are made under the dictionary's lock; when the table grows, the
// new one is published whole and the old one is no longer written, so a
// reader whose table is out of date misses and looks again under the lock.
type sharedMemo struct {
	table atomic.Pointer[memoTable]
	n     int // keys; changed under the dictionary's lock
}

type memoTable struct{ slots []memoSlot }

func newSharedMemo(capacity int) *sharedMemo {
	m := &sharedMemo{}
	m.table.Store(&memoTable{slots: make([]memoSlot, 1<<bits.Len(uint(max(16, 2*capacity-1))))})
	return m
}

// find returns the term and word numbers of the key of n ≤ 16 bytes with
// words k0, k1 and hash h; ok is false when t does not hold it.
func (t *memoTable) find(k0, k1 uint64, h uint32) (term, word int32, ok bool) {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		k := atomic.LoadUint64(&s.k0)
		if k == k0 && s.k1 == k1 {
			return s.term, s.word, true
		}
		if k == 0 {
			return -1, -1, false
		}
	}
}

// add adds a key that is not in the memo, with what analyzing it gave. It
// must be called under the dictionary's lock.
func (m *sharedMemo) add(k0, k1 uint64, h uint32, term, word int32) {
	t := m.table.Load()
	if 2*(m.n+1) > len(t.slots) {
		t = m.grow(t)
	}
	t.put(memoSlot{k0: k0, k1: k1, term: term, word: word}, h)
	m.n++
}

// put writes s into the first free slot from its home, publishing it last.
func (t *memoTable) put(s memoSlot, h uint32) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].k0 != 0 {
		i = (i + 1) & mask
	}
	d := &t.slots[i]
	d.k1, d.term, d.word = s.k1, s.term, s.word
	atomic.StoreUint64(&d.k0, s.k0)
}

// grow publishes a table with twice the slots, holding every key of t.
func (m *sharedMemo) grow(t *memoTable) *memoTable {
	nt := &memoTable{slots: make([]memoSlot, 2*len(t.slots))}
	for _, s := range t.slots {
		if s.k0 != 0 {
			nt.put(s, keyHash(s.k0, s.k1, keyLen(s.k0, s.k1), nil))
		}
	}
	m.table.Store(nt)
	return nt
}

// keyLen returns the length of a key of up to 16 bytes, zero-padded, that
// holds no zero byte.
func keyLen(k0, k1 uint64) int {
	if k1 != 0 {
		return 8 + (bits.Len64(k1)+7)/8
	}
	return (bits.Len64(k0) + 7) / 8
}
