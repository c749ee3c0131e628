package textscan

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// definition returns the words of text by the package's definition, with
// nothing of the package: maximal runs of letters, numbers and '_' (invalid
// UTF-8 being U+FFFD, which is neither), kept when two runes or longer.
func definition(text []byte) []Word {
	var out []Word
	start, runes := 0, 0
	for i := 0; i <= len(text); {
		r, size := utf8.RuneError, 1
		if i < len(text) {
			r, size = utf8.DecodeRune(text[i:])
		}
		if i < len(text) && (unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_') {
			if runes == 0 {
				start = i
			}
			runes++
		} else {
			if runes >= 2 {
				ascii := true
				for _, c := range text[start:i] {
					ascii = ascii && c < utf8.RuneSelf
				}
				out = append(out, Word{Start: start, End: i, ASCII: ascii})
			}
			runes = 0
		}
		i += size
	}
	return out
}

// strs returns the words' text, space separated.
func strs(text []byte, words []Word) string {
	var s []string
	for _, w := range words {
		s = append(s, string(text[w.Start:w.End]))
	}
	return strings.Join(s, " ")
}

// TestExamples checks both scans on texts whose words are what Python's
// re.findall(r"(?u)\b\w\w+\b", s) gives.
func TestExamples(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, world!", "Hello world"},
		{"a b c 1 2 ab 12", "ab 12"},
		{"e.g. U.S. isn't", "isn"},
		{"snake_case __ x_ _", "snake_case __ x_"},
		{"café naïve Müller", "café naïve Müller"},
		{"日本語 テキスト", "日本語 テキスト"},
		{"£50m, 3.5%, €2bn", "50m 2bn"},
		{"½ Ⅻ x²", "x²"}, // ½ and Ⅻ are numbers; alone they are one character
		{"tab\tnew\nline", "tab new line"},
		{"", ""},
		{"end", "end"},
	}
	for _, tt := range tests {
		for name, scan := range map[string]func([]Word, []byte) []Word{"Plain": Plain, "Words": Words} {
			if got := strs([]byte(tt.in), scan(nil, []byte(tt.in))); got != tt.want {
				t.Errorf("%s(%q) = %q, want %q", name, tt.in, got, tt.want)
			}
		}
	}
}

// check fails t unless Plain and Words find the words of the definition in
// text.
func check(t *testing.T, text []byte) {
	t.Helper()
	want := definition(text)
	if got := Plain(nil, text); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		t.Fatalf("Plain(%q) = %v, want %v", text, got, want)
	}
	if got := Words(nil, text); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		t.Fatalf("Words(%q) = %v, want %v", text, got, want)
	}
}

// TestLongTexts checks both scans on random texts long enough to cross many
// of Words's 64-byte blocks, made of runs of one character: ASCII word and
// non-word characters, letters and non-letters of two and three bytes,
// invalid bytes; some runs are longer than a block. Each text is checked
// cut at each of its last 70 bytes too, so that it ends at every offset in
// a block.
func TestLongTexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	chars := []string{"a", "q", "Z", "9", "_", "a", "e", "T", " ", ".", "\n", "'", "é", "É", "日", "£", "\u2019", "\u00a0", "\xff", "\xc3", "\x7f"}
	for range 500 {
		var b []byte
		for n := 50 + rng.IntN(1500); len(b) < n; {
			c, run := chars[rng.IntN(len(chars))], 1+rng.IntN(3)
			if rng.IntN(25) == 0 {
				run = 30 + rng.IntN(90)
			}
			for range run {
				b = append(b, c...)
			}
		}
		for cut := range 70 {
			check(t, b[:max(0, len(b)-cut)])
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Hello, world!", "café naïve 日本語", "a\xffb c\xc3", "x²½ _a_", "ab\u00a0cd", "",
		"The People's PARTIES ran; the Tories run!", strings.Repeat("abcdefgh", 9) + "é" + strings.Repeat("x", 70),
		strings.Repeat("ab ", 30) + "naïveTÉ Éclair", "A_b a_B a\x7fb AB_ ab\x7f"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		check(t, text)
	})
}

// TestWordBytes checks the eight-bytes-at-a-time classification against
// byteClass for every byte value in every position, among neighbours that
// could carry into it.
func TestWordBytes(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{0x00, 0x7f, 0xff, 'z', '_'} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				got := wordBytes(binary.LittleEndian.Uint64(b[:]))
				for i := range b {
					want := byteClass[b[i]] == asciiWord
					if (got>>(8*i+7))&1 == 1 != want {
						t.Fatalf("byte %#x at %d among %#x: word = %v, want %v", b[i], i, fill, !want, want)
					}
				}
			}
		}
	}
}

// TestByteClass checks that the byte classes agree with isWordRune.
func TestByteClass(t *testing.T) {
	for c := range rune(utf8.RuneSelf) {
		if want := unicode.IsLetter(c) || unicode.IsNumber(c) || c == '_'; (byteClass[c] == asciiWord) != want || isWordRune(c) != want {
			t.Errorf("%q: class %d, isWordRune %v", c, byteClass[c], isWordRune(c))
		}
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		if byteClass[c] != multiByte {
			t.Errorf("%#x: class %d, want multi-byte", c, byteClass[c])
		}
	}
}

// TestWordMask checks wordMask's bits against byteClass, and its limit
// against the first non-ASCII byte, at every block position of random
// texts, near their ends too.
func TestWordMask(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		text := make([]byte, rng.IntN(140))
		for i := range text {
			text[i] = "aZ9_ .\x7f\x00"[rng.IntN(8)]
			if rng.IntN(60) == 0 {
				text[i] = byte(0x80 + rng.IntN(128))
			}
		}
		for p := range text {
			m, limit := wordMask(text, p)
			wantLimit := 64
			for b := range 64 {
				word := p+b < len(text) && byteClass[text[p+b]] == asciiWord
				if m>>b&1 == 1 != word {
					t.Fatalf("%q from %d: bit %d = %v, want %v", text, p, b, !word, word)
				}
				if p+b < len(text) && text[p+b] >= 0x80 && wantLimit == 64 {
					wantLimit = b
				}
			}
			if limit != wantLimit {
				t.Fatalf("%q from %d: limit %d, want %d", text, p, limit, wantLimit)
			}
		}
	}
}

// TestLoad8 checks the zero-padded loads near the text's end.
func TestLoad8(t *testing.T) {
	text := []byte("abcdefghij")
	for i := range len(text) + 3 {
		var b [8]byte
		if i < len(text) {
			copy(b[:], text[i:])
		}
		if got, want := load8(text, i), binary.LittleEndian.Uint64(b[:]); got != want {
			t.Errorf("load8 from %d = %#x, want %#x", i, got, want)
		}
	}
}

func ExampleWords() {
	text := []byte("Naïve café-goers paid £3 in 2024, e.g.")
	for _, w := range Words(nil, text) {
		fmt.Printf("%s %v\n", text[w.Start:w.End], w.ASCII)
	}
	// Output:
	// Naïve false
	// café false
	// goers true
	// paid true
	// in true
	// 2024 true
}
