package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// charsetFixtures are corpus's fixtures of declared charsets.
const charsetFixtures = "../../corpus/testdata/charset"

// TestDeclaredCharsetsReported: documents decoded from the charset they
// declare are counted by its name, in vectorize's and fit's summary line
// and in fit --json's "decoded", and their words are read right.
func TestDeclaredCharsetsReported(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"koi8r-mail.txt", "latin2-meta.html", "http-equiv.html", "unknown-charset.txt"} {
		b, err := os.ReadFile(filepath.Join(charsetFixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vocab := filepath.Join(t.TempDir(), "vocab.txt")
	code, _, stderr := runCLI(t, "vectorize", "--no-stem", "--min-df", "1", "--vocab", vocab, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 decoded as Windows-1252", "1 decoded from iso-8859-2", "1 decoded from koi8-r", "1 decoded from windows-1251"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary line lacks %q: %s", want, stderr)
		}
	}
	v := lines(t, vocab)
	for _, w := range []string{"москве", "łódź", "киеве", "jalapeño"} {
		if !slices.Contains(v, w) {
			t.Errorf("%q not in the vocabulary", w)
		}
	}
	out := filepath.Join(t.TempDir(), "fit.json")
	if code, _, stderr := runCLI(t, "fit", "-k", "2", "--min-df", "1", "--json", out, dir); code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Corpus corpusReport `json:"corpus"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	d := rep.Corpus.Decoded
	if d["koi8-r"] != 1 || d["iso-8859-2"] != 1 || d["windows-1251"] != 1 || d["windows-1252"] != 1 || d["utf-16"] != 0 || len(d) != 5 {
		t.Errorf("decoded: %v", d)
	}
}
