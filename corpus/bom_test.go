package corpus

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeUTF16 is s in UTF-16 with a byte order mark, written with the
// standard library (not the decoder under test).
func encodeUTF16(s string, order binary.AppendByteOrder) string {
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...)
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		b = order.AppendUint16(b, u)
	}
	return string(b)
}

func TestReadByteOrderMarks(t *testing.T) {
	text := "Price: £5 — café 日本語 \U0001F600 end"
	dir := t.TempDir()
	files := map[string]string{
		"le.txt":        encodeUTF16(text, binary.LittleEndian),
		"be.txt":        encodeUTF16(text, binary.BigEndian),
		"utf8bom.txt":   "\xEF\xBB\xBF" + text,
		"bomonly.txt":   "\xEF\xBB\xBF",
		"le-only.txt":   "\xFF\xFE",
		"le-nul.txt":    encodeUTF16("a\x00b", binary.LittleEndian),
		"bom1252.txt":   "\xEF\xBB\xBFcaf\xe9",
		"nobom16.txt":   encodeUTF16(text, binary.LittleEndian)[2:], // no mark: binary, as before
		"big16.txt":     encodeUTF16(strings.Repeat("naïve 日本語 word\n", ChunkSize/8), binary.LittleEndian),
		"bigbom8.txt":   "\xEF\xBB\xBF" + strings.Repeat("naïve word\n", ChunkSize/8),
		"bignulat0.txt": "a\x00" + strings.Repeat("word ", ChunkSize/4),
	}
	writeTree(t, dir, files)
	var r Reader
	doc := func(name string) Document { return Document{ID: name, Path: filepath.Join(dir, name)} }
	for _, tt := range []struct {
		name string
		want string
		enc  Encoding
		err  error
	}{
		{"le.txt", text, UTF16, nil},
		{"be.txt", text, UTF16, nil},
		{"utf8bom.txt", text, UTF8, nil},
		{"bomonly.txt", "", UTF8, ErrEmpty},
		{"le-only.txt", "", UTF8, ErrEmpty},
		{"le-nul.txt", "", UTF16, ErrBinary},
		{"bom1252.txt", "café", Windows1252, nil},
		{"nobom16.txt", "", UTF8, ErrBinary},
		{"big16.txt", strings.Repeat("naïve 日本語 word\n", ChunkSize/8), UTF16, nil},
		{"bigbom8.txt", strings.Repeat("naïve word\n", ChunkSize/8), UTF8, nil},
		// A NUL byte in the first chunk of a file larger than a chunk.
		{"bignulat0.txt", "", UTF8, ErrBinary},
	} {
		var chunks []int
		var b strings.Builder
		enc, err := r.Read(doc(tt.name), func(text []byte) error {
			chunks = append(chunks, len(text))
			b.Write(text)
			return nil
		})
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s: err %v, want %v", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || enc != tt.enc || b.String() != tt.want {
			t.Errorf("%s: enc %v err %v, text equal %v (%.40q)", tt.name, enc, err, b.String() == tt.want, b.String())
		}
		for _, n := range chunks {
			if n > ChunkSize {
				t.Errorf("%s: a chunk of %d bytes, more than ChunkSize", tt.name, n)
			}
		}
	}
	var s Summary
	for _, e := range []Encoding{UTF8, UTF16, Windows1252, UTF16} {
		s.AddDecoded(e)
	}
	if s.UTF16 != 2 || s.Windows1252 != 1 {
		t.Errorf("AddDecoded: %+v", s)
	}
}
