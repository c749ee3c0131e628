package vectorize

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// TestMailFilterChecked: a text that is not a message is an error that
// says why; a message gives what Filter gives.
func TestMailFilterChecked(t *testing.T) {
	for _, tt := range []struct{ text, reason string }{
		{"no header here\n\njust words", "line 1 is neither a header field nor a continuation"},
		{"\nbody without a header", "no header block"},
		{" indented first line\nSubject: x\n\nbody", "line 1 is neither a header field nor a continuation"},
		{"From: a@b.c\nSubject: hi\nthis line is wrong\n\nbody", "line 3 is neither a header field nor a continuation"},
		{"From a@b.c Mon May 3 1993\nFrom: a@b.c\nbad line\n\nbody", "line 2 is neither a header field nor a continuation"},
		{string(fixture(t, "broken.eml")), "no MIME part"},
		{"From: a@b.c\nContent-Type: multipart/mixed\n\n--x\n\ntext\n--x--\n", "multipart without a boundary"},
	} {
		_, err := Mail{}.FilterChecked(nil, []byte(tt.text))
		if !errors.Is(err, corpus.ErrMalformed) || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("FilterChecked(%.30q): %v, want %q", tt.text, err, tt.reason)
		}
	}
	for _, name := range []string{"news-post.txt", "multipart.eml", "html-only.eml", "reply.eml"} {
		text := fixture(t, name)
		got, err := Mail{}.FilterChecked(nil, text)
		if err != nil || !bytes.Equal(got, Mail{}.Filter(nil, text)) {
			t.Errorf("%s: %v, or not Filter's text", name, err)
		}
	}
}

// TestCountSkipsMalformed: with Mail as the analyzer's filter, a document
// that is not a message is left out and counted as malformed, with its
// reason; chosen by Auto, it is read as plain text.
func TestCountSkipsMalformed(t *testing.T) {
	docs := []corpus.Document{
		{ID: "news-post.txt", Path: filepath.Join("testdata", "content", "news-post.txt")},
		{ID: "broken.eml", Path: filepath.Join("testdata", "content", "broken.eml")},
		{ID: "box.mbox:7", Path: "box.mbox", Text: []byte("just a note, no header\n\nmore words")},
	}
	count := func(c Content) *Counts {
		t.Helper()
		a, err := NewAnalyzer(Settings{Content: c})
		if err != nil {
			t.Fatal(err)
		}
		counts, err := Count(context.Background(), docs, a, CountOptions{Workers: 2, KeepTokens: true})
		if err != nil {
			t.Fatal(err)
		}
		return counts
	}
	c := count(ContentMail)
	s := c.Summary
	if len(c.Docs) != 1 || s.Documents != 1 || s.Malformed != 2 || s.Skipped() != 2 {
		t.Fatalf("%d documents read, summary %+v", len(c.Docs), s)
	}
	first := s.First(corpus.SkipMalformed)
	if len(first) != 2 || !strings.HasPrefix(first[0], docs[1].Path+" (no MIME part") ||
		!strings.HasPrefix(first[1], "box.mbox:7 (line 1 is neither") {
		t.Errorf("first malformed: %q", first)
	}
	if k, where, ok := s.FirstSkip(); !ok || k != corpus.SkipMalformed || where != first[0] {
		t.Errorf("FirstSkip: %v %q %v", k, where, ok)
	}
	if len(c.Tokens) != 1 {
		t.Errorf("%d token sequences, want 1", len(c.Tokens))
	}
	if c := count(ContentAuto); len(c.Docs) != 3 || c.Summary.Skipped() != 0 {
		t.Errorf("auto: %d documents, %d skipped", len(c.Docs), c.Summary.Skipped())
	}
}
