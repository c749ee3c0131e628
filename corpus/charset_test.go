package corpus

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures in testdata/charset were written by Python's codecs, not
// by the decoders under test.
func TestReadDeclaredCharsets(t *testing.T) {
	dir := filepath.Join("testdata", "charset")
	var r Reader
	for _, tt := range []struct {
		name string
		enc  Encoding
		want []string // words the text holds
	}{
		// A mail Content-Type on a body that is not UTF-8.
		{"koi8r-mail.txt", "koi8-r", []string{"Привет из Москвы", "Погода в Москве хорошая"}},
		// An HTML <meta charset>, and a <meta http-equiv> Content-Type.
		{"latin2-meta.html", "iso-8859-2", []string{"Zażółć gęślą jaźń", "Łódź i Kraków"}},
		{"http-equiv.html", "windows-1251", []string{"Новости", "Сегодня в Киеве"}},
		// A charset nobody knows: the Windows-1252 fallback.
		{"unknown-charset.txt", Windows1252, []string{"Año nuevo, café y jalapeño"}},
		// Declared Latin-1 or KOI8-R, but the bytes are UTF-8: UTF-8 wins.
		{"mislabelled.html", UTF8, []string{"Crème brûlée — naïve façade"}},
		{"mislabelled-mail.txt", UTF8, []string{"Здравствуйте, это UTF-8"}},
		// 7-bit text in ISO-2022-JP, as Japanese mail is sent.
		{"iso2022jp-mail.txt", "iso-2022-jp", []string{"日本語のメールです。"}},
	} {
		got, enc, _, err := readAll(t, &r, Document{ID: tt.name, Path: filepath.Join(dir, tt.name)})
		if err != nil || enc != tt.enc {
			t.Errorf("%s: encoding %q, error %v; want %q", tt.name, enc, err, tt.enc)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q not in the text %q", tt.name, w, got)
			}
		}
	}
}

// TestDeclaredCharsetPerMessage: each message of an mbox file is decoded
// from its own charset.
func TestDeclaredCharsetPerMessage(t *testing.T) {
	docs, _, err := Options{}.List(filepath.Join("testdata", "charset", "two-charsets.mbox"))
	if err != nil || len(docs) != 2 {
		t.Fatalf("List: %d documents, %v", len(docs), err)
	}
	var r Reader
	var s Summary
	for i, want := range []string{"Добрый день", "Dzień dobry, Łódź"} {
		got, enc, _, err := readAll(t, &r, docs[i])
		if err != nil || !strings.Contains(got, want) {
			t.Errorf("message %d (%v, %v): %q lacks %q", i, enc, err, got, want)
		}
		s.AddDecoded(enc)
	}
	if s.Charsets.Count("koi8-r") != 1 || s.Charsets.Count("iso-8859-2") != 1 || s.Windows1252 != 0 {
		t.Errorf("summary's charsets %v, windows-1252 %d", s.Charsets, s.Windows1252)
	}
}

// TestDeclaredCharsetStreamed: a file larger than a chunk is decoded
// from its declared charset as it is streamed, never cut inside a
// character.
func TestDeclaredCharsetStreamed(t *testing.T) {
	mail, err := os.ReadFile(filepath.Join("testdata", "charset", "koi8r-mail.txt"))
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := bytes.Cut(mail, []byte("\n\n"))
	n := ChunkSize/len(body) + 2
	big := append(append(head, "\n\n"...), bytes.Repeat(body, n)...)
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	var r Reader
	got, enc, chunks, err := readAll(t, &r, Document{ID: "big.txt", Path: path})
	if err != nil || enc != "koi8-r" || chunks < 2 {
		t.Fatalf("encoding %q, %d chunks, error %v", enc, chunks, err)
	}
	if c := strings.Count(got, "Погода в Москве хорошая"); c != n {
		t.Errorf("%d sentences decoded, want %d", c, n)
	}
}

func TestDecode(t *testing.T) {
	for _, tt := range []struct {
		text, charset, want string
		enc                 Encoding
	}{
		{"\xf0\xd2\xc9\xd7\xc5\xd4", "KOI8-R", "Привет", "koi8-r"},
		{"caf\xe9", "iso-8859-1", "café", Windows1252},
		{"caf\xe9", "no-such-charset", "café", Windows1252},
		{"caf\xe9", "", "café", Windows1252},
		{"café", "iso-8859-1", "café", UTF8}, // valid UTF-8 wins
		{"plain", "koi8-r", "plain", UTF8},
		{"caf\xe9", "utf-8", "café", Windows1252}, // not UTF-8 whatever it says
	} {
		got, enc := Decode([]byte(tt.text), tt.charset)
		if string(got) != tt.want || enc != tt.enc {
			t.Errorf("Decode(%q, %q) = %q, %q; want %q, %q", tt.text, tt.charset, got, enc, tt.want, tt.enc)
		}
	}
}

func TestCharsetCountsJSON(t *testing.T) {
	var s Summary
	s.AddDecoded("koi8-r")
	s.AddDecoded("koi8-r")
	s.AddDecoded("shift_jis")
	b, err := json.Marshal(s.Charsets)
	if err != nil || string(b) != `{"koi8-r":2,"shift_jis":1}` {
		t.Fatalf("Marshal: %s, %v", b, err)
	}
	var back CharsetCounts
	if err := json.Unmarshal(b, &back); err != nil || back != s.Charsets {
		t.Errorf("Unmarshal: %v, %v", back, err)
	}
	if b, _ := json.Marshal(Summary{}); strings.Contains(string(b), "charsets") {
		t.Errorf("an empty summary writes its charsets: %s", b)
	}
}
