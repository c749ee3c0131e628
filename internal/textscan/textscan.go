// Package textscan finds the words of a text: the maximal runs of word
// characters (Unicode letters, Unicode numbers and the underscore) that
// are two characters long or more, the tokens of scikit-learn's default
// pattern (?u)\b\w\w+\b. Bytes that are not valid UTF-8 decode as U+FFFD,
// which is not a word character.
//
// Plain is the definition, a character at a time. Words finds the same
// words, in the same order, taking ASCII text 64 bytes at a time as a bit
// mask of its word characters, whose edges are the words' starts and ends;
// it falls back on the plain scan around non-ASCII bytes. Its tests and
// fuzz target compare it with Plain.
package textscan

import "unicode"

// Word is where a word lies in a text: text[Start:End].
type Word struct {
	Start, End int
	ASCII      bool // every byte of the word is ASCII
}

// isWordRune reports whether r is a word character: a Unicode letter, a
// Unicode number or '_'.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return byteClass[r] == asciiWord
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}
