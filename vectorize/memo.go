package vectorize

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// memoEntry is what analyzing one raw token gave.
type memoEntry struct {
	term  int32 // worker term id; -1 when the filters removed the token
	word  int32 // worker word id of its surface form; -1 when it has none
	count int64 // occurrences of the raw token, counted where it is looked up
}

// memoTable maps raw tokens to their memoEntry. It is an open-addressing
// hash table whose slots hold keys of up to 16 bytes themselves, so that
// the look-up of a token, done once per token of the corpus, touches one
// cache line; a longer key keeps its first 8 bytes in the slot and the rest
// in an arena. It replaces a map[string]memoEntry, whose look-ups (hash,
// then the key's bytes elsewhere in memory) were the largest cost of
// counting.
type memoTable struct {
	slots []memoSlot
	n     int
	arena []byte
}

type memoSlot struct {
	k0, k1 uint64 // key bytes 0–7 and 8–15, zero-padded; for keys over 16 bytes k1 is the arena offset of the whole key
	hash   uint32 // 0 marks an empty slot
	klen   uint32
	val    memoEntry
}

func newMemoTable(capacity int) *memoTable {
	size := 1 << bits.Len(uint(max(16, 2*capacity-1)))
	return &memoTable{slots: make([]memoSlot, size)}
}

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

func memoHash(b []byte, k0, k1 uint64) uint32 {
	h := k0*0x9E3779B97F4A7C15 ^ bits.RotateLeft64(k1*0xC2B2AE3D27D4EB4F, 31) ^ uint64(len(b))
	if len(b) > 16 {
		for _, c := range b[16:] {
			h = (h ^ uint64(c)) * 0x100000001B3
		}
	}
	h ^= h >> 32
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 32
	return uint32(h) | 1
}

// get returns the entry of key, or nil. The pointer is valid until the next
// put.
func (t *memoTable) get(key []byte) *memoEntry {
	k0, k1 := keyWords(key)
	h := memoHash(key, k0, k1)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.hash == 0 {
			return nil
		}
		if s.hash == h && s.klen == uint32(len(key)) && s.k0 == k0 {
			if len(key) <= 16 {
				if s.k1 == k1 {
					return &s.val
				}
			} else if bytes.Equal(t.arena[s.k1:s.k1+uint64(s.klen)], key) {
				return &s.val
			}
		}
	}
}

// put adds key, which must not be in the table.
func (t *memoTable) put(key []byte, v memoEntry) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	k0, k1 := keyWords(key)
	h := memoHash(key, k0, k1)
	if len(key) > 16 {
		k1 = uint64(len(t.arena))
		t.arena = append(t.arena, key...)
	}
	t.insert(memoSlot{k0: k0, k1: k1, hash: h, klen: uint32(len(key)), val: v})
	t.n++
}

func (t *memoTable) insert(s memoSlot) {
	mask := uint32(len(t.slots) - 1)
	i := s.hash & mask
	for t.slots[i].hash != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// each calls fn with every entry.
func (t *memoTable) each(fn func(*memoEntry)) {
	for i := range t.slots {
		if t.slots[i].hash != 0 {
			fn(&t.slots[i].val)
		}
	}
}

func (t *memoTable) grow() {
	old := t.slots
	t.slots = make([]memoSlot, 2*len(old))
	for _, s := range old {
		if s.hash != 0 {
			t.insert(s)
		}
	}
}
