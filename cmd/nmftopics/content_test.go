package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestContentFlags: --content reads pages and messages (auto by default),
// --quotes keeps or drops quoted lines, fit saves both in the model, and
// an unknown value is a usage error naming the flag.
func TestContentFlags(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"review1.txt": "A slow burn.<br /><br />Superb acting, haunting score.",
		"review2.txt": "Too long.<br />Weak acting<br />and a dull score.",
		"post1.txt": "From: ann@host.example.edu\nSubject: escrow keys\nNewsgroups: sci.crypt\n\n" +
			"In article <1@host.example.edu> bob@host.example.edu writes:\n> wiretap warrants\n\nescrow agencies collude\n",
		"post2.txt": "From: carl@host.example.edu\nSubject: escrow chips\nNewsgroups: sci.crypt\n\n" +
			"> wiretap warrants again\nescrow agencies and chips\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vocab := func(args ...string) []string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "vocab.txt")
		args = append([]string{"vectorize", "--no-stem", "--min-df", "1", "--max-df", "1", "--vocab", out}, append(args, dir)...)
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return lines(t, out)
	}
	for _, c := range []struct {
		args       []string
		want, gone string
	}{
		{nil, "acting escrow wiretap collude", "br newsgroups sci crypt host edu writes article"},
		{[]string{"--content", "auto", "--quotes", "drop"}, "acting escrow collude", "br wiretap newsgroups"},
		{[]string{"--content", "plain"}, "br newsgroups host edu writes", ""},
		{[]string{"--content", "html"}, "acting newsgroups", "br"},
		{[]string{"--content", "mail"}, "escrow wiretap", "newsgroups writes"},
	} {
		v := vocab(c.args...)
		for _, w := range strings.Fields(c.want) {
			if !slices.Contains(v, w) {
				t.Errorf("%v: %q not in the vocabulary", c.args, w)
			}
		}
		for _, w := range strings.Fields(c.gone) {
			if slices.Contains(v, w) {
				t.Errorf("%v: %q in the vocabulary", c.args, w)
			}
		}
	}
	model := filepath.Join(t.TempDir(), "m.json")
	if code, _, stderr := runCLI(t, "fit", "-k", "2", "--min-df", "1", "--quotes", "drop", "--save", model, dir); code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(model); err != nil || !strings.Contains(string(b), `"content":"auto","quotes":"drop"`) {
		t.Errorf("the model does not hold the content settings (%v)", err)
	}
	for _, args := range [][]string{{"--content", "pdf"}, {"--quotes", "hide"}} {
		code, _, stderr := runCLI(t, append([]string{"vectorize", "--mtx", os.DevNull}, append(args, dir)...)...)
		if code != 2 || !strings.Contains(stderr, args[0]) {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
}

// TestStopwordsAdd: --stopwords-add's words are stop words besides the
// English ones, and the model keeps them, so that transform drops them
// from new documents too.
func TestStopwordsAdd(t *testing.T) {
	dir := t.TempDir()
	stop := filepath.Join(dir, "stop.txt")
	// "cooking" stems to "cook", which "cook" and "cooks" keep a term.
	if err := os.WriteFile(stop, []byte("football\ncooking\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vocab := func(args ...string) []string {
		t.Helper()
		code, out, stderr := runCLI(t, append(append([]string{"vectorize", "--mtx", os.DevNull, "--vocab", "-"}, args...), testCorpus)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return strings.Fields(out)
	}
	if v := vocab(); !slices.Contains(v, "footbal") || !slices.Contains(v, "cook") || slices.Contains(v, "the") {
		t.Fatalf("without --stopwords-add: footbal %v, cook %v, the %v", slices.Contains(v, "footbal"), slices.Contains(v, "cook"), slices.Contains(v, "the"))
	}
	if v := vocab("--stopwords-add", stop); slices.Contains(v, "footbal") || !slices.Contains(v, "cook") || slices.Contains(v, "the") {
		t.Errorf("with --stopwords-add: footbal %v, cook %v, the %v", slices.Contains(v, "footbal"), slices.Contains(v, "cook"), slices.Contains(v, "the"))
	}
	docs := filepath.Join(dir, "docs")
	os.Mkdir(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "a.txt"), []byte("cooking cooking cooking"), 0o644)
	row := func(fitArgs ...string) string {
		t.Helper()
		model := filepath.Join(t.TempDir(), "m.json")
		if code, _, stderr := runCLI(t, append(append([]string{"fit", "-k", "2", "--save", model}, fitArgs...), testCorpus)...); code != 0 {
			t.Fatalf("fit %v: exit %d: %s", fitArgs, code, stderr)
		}
		code, out, stderr := runCLI(t, "transform", "--model", model, docs)
		if code != 0 {
			t.Fatalf("transform: exit %d: %s", code, stderr)
		}
		return strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1]
	}
	if r := row(); r == "a.txt,0,0" {
		t.Errorf("without --stopwords-add: %q, want cook's weights", r)
	}
	if r := row("--stopwords-add", stop); r != "a.txt,0,0" {
		t.Errorf("with --stopwords-add in the model: %q, want a row of zeros", r)
	}
}
