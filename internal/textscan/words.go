package textscan

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Words appends the words of text to dst, as Plain does, a block of ASCII
// text at a time.
func Words(dst []Word, text []byte) []Word {
	// A bit mask of the block's 64 ASCII word characters (wordMask) gives
	// every word's start and end at once, so no branch depends on a word's
	// length. A block starts at a word's start or outside a word; a word
	// that runs past the block starts the next one. A non-ASCII byte, and a
	// word over 64 bytes, go through nextWord.
	for p := 0; p < len(text); {
		m, limit := wordMask(text, p)
		starts := m &^ (m << 1)
		ends := ^m & (m << 1)
		next := p + limit // where the block's words stop
		for starts != 0 {
			s := bits.TrailingZeros64(starts)
			e := bits.TrailingZeros64(ends)
			if s >= limit {
				break
			}
			if e >= limit {
				next = p + s // the word runs past the block or into a non-ASCII byte
				break
			}
			if e-s >= 2 {
				dst = append(dst, Word{Start: p + s, End: p + e, ASCII: true})
			}
			starts &= starts - 1
			ends &= ends - 1
		}
		if next == p || limit < 64 {
			dst, next = nextWord(dst, text, next)
		}
		p = next
	}
	return dst
}

// nextWord appends the first word of text from i on, if any, to dst, and
// returns where it ends (where the text was scanned to): the plain scan, a
// word at a time, with ASCII runs found 8 bytes at a time.
func nextWord(dst []Word, text []byte, i int) ([]Word, int) {
	// Find the next ASCII word character or non-ASCII byte.
	for {
		if i >= len(text) {
			return dst, len(text)
		}
		x := load8(text, i)
		if next := wordBytes(x) | x&highBits; next != 0 {
			i += bits.TrailingZeros64(next) >> 3
			break
		}
		i += 8
	}
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
				dst = append(dst, Word{Start: start, End: i, ASCII: true})
			}
			return dst, i
		}
	}
	// A non-ASCII character starts the word or may go on with it: the
	// plain scan decides.
	end, runes, ascii := wordAt(text, start)
	if runes >= 2 {
		dst = append(dst, Word{Start: start, End: end, ASCII: ascii})
	}
	return dst, end
}

// wordMask returns, in bit b of m, whether text[p+b] is an ASCII word
// character, for the 64 bytes from p on (bytes past the text's end are
// not); limit is the offset of the block's first non-ASCII byte, or 64.
func wordMask(text []byte, p int) (m uint64, limit int) {
	var high uint64
	if p+64 <= len(text) {
		b := text[p : p+64]
		for k := 0; k < 64; k += 8 {
			x := binary.LittleEndian.Uint64(b[k:])
			m |= movemask(wordBytes(x)) << k
			high |= x
		}
	} else {
		for k := 0; k < 64; k += 8 {
			x := load8(text, p+k)
			m |= movemask(wordBytes(x)) << k
			high |= x
		}
	}
	if high&highBits == 0 {
		return m, 64
	}
	for k := 0; ; k += 8 {
		if x := load8(text, p+k) & highBits; x != 0 {
			return m, k + bits.TrailingZeros64(x)>>3
		}
	}
}

// movemask gathers the high bits of x's bytes into its low 8 bits, byte
// i's into bit i: the multiplication puts byte i's bit at bit 56+i and sums
// no two bits into the same place.
func movemask(x uint64) uint64 {
	return (x >> 7 & lowBits) * 0x0102040810204080 >> 56
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
	var x uint64
	for k := len(text) - 1; k >= i; k-- {
		x = x<<8 | uint64(text[k])
	}
	return x
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
