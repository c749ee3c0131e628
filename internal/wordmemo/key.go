package wordmemo

import (
	"encoding/binary"
	"math/bits"
)

// Key is a byte string ready for look-up: its first 16 bytes as two
// words, its length and its hash, computed once for the tables it is
// looked up in. It refers to the bytes it was made from (or, for a long
// folded word, to the Folder's buffer), which must not change while it is
// used.
type Key struct {
	k0, k1 uint64 // bytes 0–7 and 8–15, zero-padded
	b      []byte // the whole string; read only when it is over 16 bytes
	n      int    // its length
	h      uint32
	shared bool // 1 to 16 bytes and no zero byte: a Memo's shared table takes it
}

// KeyOf returns the key of b.
func KeyOf(b []byte) Key {
	k0, k1 := keyWords(b)
	var long []byte
	if len(b) > 16 {
		long = b[16:]
	}
	n := len(b)
	return Key{k0: k0, k1: k1, b: b, n: n, h: keyHash(k0, k1, n, long), shared: 0 < n && n <= 16 && !hasZeroByte(k0, k1, n)}
}

// Folder makes the keys of ASCII words by their lower-cased form. Its
// zero value is ready to use.
type Folder struct {
	buf []byte // a long word's folded bytes
}

// foldCase sets bit 5 of every byte: on ASCII word characters (letters,
// digits, '_') it lower-cases letters, keeps digits, and maps '_' to DEL,
// which is not a word character, so a word's folded form stands for its
// lower-cased form alone. No byte folds to zero.
const foldCase = 0x2020202020202020

// Key returns the key of word with bit 5 of every byte set (see PlainFold),
// which for a word of ASCII word characters stands for its lower-cased
// form: two such words get equal keys exactly when they are equal
// lower-cased. text holds word and what follows it (text[:len(word)] is
// word); Key reads it 16 bytes at a time when it is long enough. The key
// of a word over 16 bytes refers to f's buffer until the next call.
func (f *Folder) Key(word, text []byte) Key {
	n := len(word)
	if n > 16 {
		return f.long(word)
	}
	var k0, k1 uint64
	if len(text) >= 16 {
		k0, k1 = binary.LittleEndian.Uint64(text), binary.LittleEndian.Uint64(text[8:])
	} else {
		k0, k1 = keyWords(word)
	}
	m := &keyMasks[n] // a table, not a branch on n < 8, which is unpredictable
	k0 = (k0 | foldCase) & m[0]
	k1 = (k1 | foldCase) & m[1]
	return Key{k0: k0, k1: k1, n: n, h: keyHash(k0, k1, n, nil), shared: n > 0}
}

// long returns the key of a word of over 16 bytes, folded into f's buffer.
func (f *Folder) long(word []byte) Key {
	f.buf = PlainFold(f.buf[:0], word)
	return KeyOf(f.buf)
}

// keyMasks[n] keeps the first n bytes of a 16-byte key.
var keyMasks = func() (m [17][2]uint64) {
	for n := range m {
		for b := range n {
			m[n][b/8] |= 0xff << (8 * (b % 8))
		}
	}
	return m
}()

// hasZeroByte reports whether one of the first n ≤ 16 bytes of a key,
// whose first 16 bytes are k0, k1, is zero.
func hasZeroByte(k0, k1 uint64, n int) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	m := &keyMasks[n]
	x0, x1 := k0|^m[0], k1|^m[1] // the padding is not zero
	return ((x0-ones)&^x0|(x1-ones)&^x1)&highs != 0
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

// keyLen returns the length of a key of up to 16 bytes, zero-padded, that
// holds no zero byte.
func keyLen(k0, k1 uint64) int {
	if k1 != 0 {
		return 8 + (bits.Len64(k1)+7)/8
	}
	return (bits.Len64(k0) + 7) / 8
}
