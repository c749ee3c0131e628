package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeFiles writes files (name → text) into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// termsCorpus holds numbers, runs of underscores and a recurring pair of
// words, "clipper chips" more often than "clipper chip".
var termsCorpus = map[string]string{
	"a.txt": "The Clipper chips of 1993 ___ escrow keys; 00 agents.",
	"b.txt": "Clipper chips in 1993: ___ key escrow, 00 warrants.",
	"c.txt": "A clipper chip, 2 keys, __ wiretaps and warrants.",
}

// TestTermsFlags: terms hold a letter by default, --keep-numbers keeps
// numbers (never underscores alone), and --ngram-range adds n-grams of
// stems, spanning stop words and numbers as scikit-learn's do.
func TestTermsFlags(t *testing.T) {
	dir := writeFiles(t, termsCorpus)
	for _, c := range []struct {
		args       []string
		want, gone []string
	}{
		{nil, []string{"clipper", "chip", "key"}, []string{"1993", "00", "___", "__"}},
		{[]string{"--keep-numbers"}, []string{"clipper", "chip", "1993", "00"}, []string{"___", "__"}},
		{[]string{"--ngram-range", "1:2"}, []string{"clipper", "clipper chip", "chip key"}, []string{"1993", "chip 1993"}},
		{[]string{"--ngram-range", "2:3", "--keep-numbers"}, []string{"clipper chip", "chip 1993", "clipper chip 1993"}, []string{"clipper", "___"}},
	} {
		out := filepath.Join(t.TempDir(), "vocab.txt")
		args := append([]string{"vectorize", "--min-df", "2", "--max-df", "1", "--mtx", os.DevNull, "--vocab", out}, append(c.args, dir)...)
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		v := lines(t, out)
		for _, w := range c.want {
			if !slices.Contains(v, w) {
				t.Errorf("%v: %q not in the vocabulary %q", c.args, w, v)
			}
		}
		for _, w := range c.gone {
			if slices.Contains(v, w) {
				t.Errorf("%v: %q in the vocabulary %q", c.args, w, v)
			}
		}
	}
}

// TestTermsModel: fit saves --keep-numbers and --ngram-range in the model;
// topics show an n-gram in its most frequent surface form; transform reads
// new documents with the model's settings.
func TestTermsModel(t *testing.T) {
	dir := writeFiles(t, termsCorpus)
	model := filepath.Join(t.TempDir(), "m.json")
	report := filepath.Join(t.TempDir(), "fit.json")
	code, _, stderr := runCLI(t, "fit", "-k", "1", "--top", "40", "--min-df", "2", "--max-df", "1", "--keep-numbers",
		"--ngram-range", "1:2", "--save", model, "--json", report, dir)
	if code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(model)
	if err != nil || !strings.Contains(string(b), `"keep_numbers":true,"ngram_range":[1,2]`) {
		t.Errorf("the model does not hold the terms settings (%v)", err)
	}
	var res struct {
		Topics []struct {
			Words []struct{ Term, Stem string }
		}
	}
	if b, err = os.ReadFile(report); err != nil || json.Unmarshal(b, &res) != nil || len(res.Topics) != 1 {
		t.Fatalf("fit report: %v %s", err, b)
	}
	shown := map[string]string{}
	for _, w := range res.Topics[0].Words {
		shown[w.Stem] = w.Term
	}
	if shown["clipper chip"] != "clipper chips" || shown["1993"] != "1993" {
		t.Errorf("topic words %v: want clipper chip shown as \"clipper chips\", and 1993", shown)
	}
	// A new document of numbers alone: read with the model's settings it
	// has a weight; read with the default ones, it would have none.
	docs := writeFiles(t, map[string]string{"new.txt": "1993 00"})
	code, out, stderr := runCLI(t, "transform", "--model", model, docs)
	if code != 0 {
		t.Fatalf("transform: exit %d: %s", code, stderr)
	}
	if row := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1]; row == "new.txt,0" {
		t.Errorf("transform: %q, want the weight of 1993 and 00", row)
	}
}

// TestTermsFlagErrors: a bad --ngram-range is a usage error that names the
// flag and its bounds.
func TestTermsFlagErrors(t *testing.T) {
	dir := writeFiles(t, termsCorpus)
	for _, v := range []string{"0:2", "2:1", "1:4", "2", "a:b", "1:", ":2", "1:2:3"} {
		code, _, stderr := runCLI(t, "vectorize", "--mtx", os.DevNull, "--ngram-range", v, dir)
		if code != 2 || !strings.Contains(stderr, "--ngram-range") || !strings.Contains(stderr, "want MIN:MAX with 1 ≤ MIN ≤ MAX ≤ 3") {
			t.Errorf("--ngram-range %s: exit %d, %s", v, code, stderr)
		}
	}
}
