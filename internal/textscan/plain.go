package textscan

import "unicode/utf8"

// Plain appends the words of text to dst, in order, scanning it a
// character at a time.
func Plain(dst []Word, text []byte) []Word {
	for w, ok := nextPlain(text, 0); ok; w, ok = nextPlain(text, w.End) {
		dst = append(dst, w)
	}
	return dst
}

// nextPlain returns the first word of text that starts at or after i; ok is
// false when there is none.
func nextPlain(text []byte, i int) (w Word, ok bool) {
	for i < len(text) {
		if byteClass[text[i]] == asciiOther {
			i++
			continue
		}
		end, runes, ascii := wordAt(text, i)
		if runes >= 2 {
			return Word{Start: i, End: end, ASCII: ascii}, true
		}
		i = end
	}
	return Word{}, false
}

// byteClass sorts bytes: ASCII non-word characters, ASCII word
// characters, and bytes of multi-byte runes.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multiByte
		case c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
			t[c] = asciiWord
		}
	}
	return t
}()

const (
	asciiOther = iota
	asciiWord
	multiByte
)

// wordAt scans the word that starts at text[i], a byte that is not an ASCII
// non-word character, and returns its end, its length in runes and whether
// it is all ASCII. When text[i] starts a rune that is not a word character
// the word is empty: end is past that rune and runes is 0.
func wordAt(text []byte, i int) (end, runes int, ascii bool) {
	if byteClass[text[i]] == multiByte {
		if r, size := utf8.DecodeRune(text[i:]); !isWordRune(r) {
			return i + size, 0, false
		}
	}
	// ASCII runs are counted a byte a rune.
	ascii = true
	for i < len(text) {
		c := byteClass[text[i]]
		if c == asciiWord {
			i++
			runes++
			continue
		}
		if c == asciiOther {
			break
		}
		r, size := utf8.DecodeRune(text[i:])
		if !isWordRune(r) {
			break
		}
		i += size
		runes++
		ascii = false
	}
	return i, runes, ascii
}
