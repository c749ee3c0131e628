package vectorize

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// readFixture is a fixture as corpus hands it to the char filters:
// decoded to UTF-8.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	var r corpus.Reader
	var b bytes.Buffer
	_, err := r.Read(corpus.Document{ID: name, Path: filepath.Join("testdata", "content", name)}, func(text []byte) error {
		b.Write(text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMailCharsetsDecodedOnce: a body is decoded from its declared charset
// once: by corpus when it is sent as it is (8bit), by Mail when it comes
// out of quoted-printable or base64.
func TestMailCharsetsDecodedOnce(t *testing.T) {
	for _, tt := range []struct{ name, want, gone string }{
		// 8bit KOI8-R, decoded by corpus; Mail must not decode it again.
		{"koi8r.eml", "погода москве хорошая добрый", "koi8"},
		// Quoted-printable KOI8-R, and an encoded word in the Subject.
		{"koi8r-qp.eml", "погода москве хорошая добрый", "koi8"},
		// An 8bit Latin-1 part of a multipart message: corpus's
		// Windows-1252 fallback read it; Mail must not decode it again.
		{"latin1-8bit-parts.eml", "crème brûlée façon grand mère", ""},
		// Quoted-printable UTF-8 labelled Latin-1: valid UTF-8 wins.
		{"mislabelled-qp.eml", "crème brûlée naïve façade", ""},
	} {
		checkWords(t, Mail{}.Filter(nil, readFixture(t, tt.name)), tt.want, tt.gone)
	}
}

// TestCountCharsets: Count's summary counts the documents decoded from a
// declared charset by its name.
func TestCountCharsets(t *testing.T) {
	var docs []corpus.Document
	for _, name := range []string{"koi8r.eml", "koi8r-qp.eml", "latin1-8bit-parts.eml", "news-post.txt"} {
		docs = append(docs, corpus.Document{ID: name, Path: filepath.Join("testdata", "content", name)})
	}
	a, err := NewAnalyzer(Settings{Content: ContentMail})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Count(context.Background(), docs, a, CountOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// koi8r-qp.eml is 7-bit: Mail decodes its part, corpus nothing.
	if s := c.Summary; s.Charsets.Count("koi8-r") != 1 || s.Windows1252 != 1 || s.Documents != 4 {
		t.Errorf("summary: %d koi8-r, %d windows-1252, %d documents", s.Charsets.Count("koi8-r"), s.Windows1252, s.Documents)
	}
	found := map[string]bool{}
	for _, term := range c.Terms {
		found[term] = true
	}
	for _, w := range []string{"москве", "погода", "crème"} {
		if !found[w] {
			t.Errorf("term %q not counted", w)
		}
	}
}
