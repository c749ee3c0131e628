package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDashIsStandardOutput: "-" names standard output for every output
// flag, and fit's table then goes to standard error so the data can be
// piped.
func TestDashIsStandardOutput(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		check func(stdout string) error
	}{
		{[]string{"fit", "-k", "3", "--json", "-"}, func(s string) error {
			var rep fitReport
			return json.Unmarshal([]byte(s), &rep)
		}},
		{[]string{"fit", "-k", "3", "--doc-topics", "-"}, func(s string) error {
			recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
			if err == nil && len(recs) != 49 {
				err = errors.New("want 49 rows")
			}
			return err
		}},
		{[]string{"vectorize", "--docs", "-"}, func(s string) error {
			if n := strings.Count(s, "\n"); n != 48 {
				return errors.New("want 48 lines")
			}
			return nil
		}},
	} {
		code, stdout, stderr := runCLI(t, append(tt.args, testCorpus)...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tt.args, code, stderr)
			continue
		}
		if err := tt.check(stdout); err != nil {
			t.Errorf("%v: standard output: %v\n%.300s", tt.args, err, stdout)
		}
		if _, err := os.Lstat("-"); err == nil {
			os.Remove("-")
			t.Errorf("%v: wrote a file named -", tt.args)
		}
	}
	x := testMatrix(t)
	code, stdout, stderr := runCLI(t, "factor", "-k", "2", "--max-iter", "3", "--w-out", "-", x)
	if code != 0 || !strings.HasPrefix(stdout, "%%MatrixMarket matrix array real general") {
		t.Errorf("factor --w-out -: exit %d, stdout %.80q, stderr %s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "fit", "-k", "2", "--json", "-", "--doc-topics", "-", testCorpus)
	if code != 2 || !strings.Contains(stderr, "--json") || !strings.Contains(stderr, "--doc-topics") {
		t.Errorf("two outputs on standard output: exit %d: %s", code, stderr)
	}
}

// TestOutputCollisions: an output that is an input, or the same file as
// another output, is a usage error before any work.
func TestOutputCollisions(t *testing.T) {
	x := testMatrix(t)
	before, _ := os.ReadFile(x)
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	os.MkdirAll(corpusDir, 0o755)
	for i, text := range []string{"apples and pears in the garden", "pears and plums in the orchard", "goals and matches in the league"} {
		os.WriteFile(filepath.Join(corpusDir, string(rune('a'+i))+".txt"), []byte(text), 0o644)
	}
	doc := filepath.Join(corpusDir, "a.txt")
	link := filepath.Join(dir, "link.mtx")
	os.Symlink(x, link)
	out := filepath.Join(dir, "out.mtx")
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"factor", "-k", "2", "--w-out", x, x}, []string{"--w-out", "input"}},
		{[]string{"factor", "-k", "2", "--json", link, x}, []string{"--json", "input"}},
		{[]string{"factor", "-k", "2", "--w-out", out, "--h-out", out, x}, []string{"--w-out", "--h-out"}},
		{[]string{"fit", "-k", "2", "--json", doc, corpusDir}, []string{"--json", "input"}},
		{[]string{"fit", "-k", "2", "--save", doc, "--json", filepath.Join(dir, "r.json"), corpusDir}, []string{"--save", "input"}},
		{[]string{"vectorize", "--mtx", doc, doc}, []string{"--mtx", "input"}},
		{[]string{"vectorize", "--vocab", out, "--docs", out, corpusDir}, []string{"--vocab", "--docs"}},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: message %q does not name %s", tt.args, stderr, w)
			}
		}
	}
	if after, _ := os.ReadFile(x); !bytes.Equal(before, after) {
		t.Errorf("the input matrix was overwritten")
	}
	if b, _ := os.ReadFile(doc); string(b) != "apples and pears in the garden" {
		t.Errorf("a document was overwritten: %q", b)
	}
}

// failingWriter fails every write, as standard output on /dev/full does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestStandardOutputErrors: a failed write to standard output is exit 1
// with a message, for every command that writes there.
func TestStandardOutputErrors(t *testing.T) {
	topicsFile := filepath.Join(t.TempDir(), "topics.txt")
	texts := filepath.Join(t.TempDir(), "texts.txt")
	os.WriteFile(topicsFile, []byte("apple pear\n"), 0o644)
	os.WriteFile(texts, []byte("apple pear plum\npear plum\napple pear\n"), 0o644)
	for _, args := range [][]string{
		{"fit", "-k", "2", testCorpus},
		{"sweep", "-k", "2:3", "--runs", "2", testCorpus},
		{"coherence", "--texts", texts, "--topics", topicsFile},
		{"vectorize", "--docs", "-", testCorpus},
	} {
		var stderr bytes.Buffer
		code := run(args, failingWriter{}, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "standard output") {
			t.Errorf("%v: exit %d, want 1: %s", args, code, stderr.String())
		}
	}
}

// TestIDsRoundTrip: a file name with a line break, a comma or a quote is
// one record in --docs, read back with a CSV reader.
func TestIDsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	names := []string{"plain.txt", "line\nbreak.txt", "comma,name.txt", "quote\"name.txt", "z.txt"}
	for i, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(string(rune('a'+i))+"word "+string(rune('a'+(i+1)%len(names)))+"word"), 0o644); err != nil {
			t.Skip("file system refuses the name:", err)
		}
	}
	docs := filepath.Join(t.TempDir(), "docs.csv")
	if code, _, stderr := runCLI(t, "vectorize", "--docs", docs, dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := os.Open(docs)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != len(names) {
		t.Fatalf("%d records (%v), want %d", len(recs), err, len(names))
	}
	got := map[string]bool{}
	for _, r := range recs {
		got[r[0]] = true
	}
	for _, n := range names {
		if !got[n] {
			t.Errorf("id %q does not round-trip; got %q", n, recs)
		}
	}
}

// TestListFlagsAreRepeatable: a path with a comma is one path.
func TestListFlagsAreRepeatable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a,b")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "1.txt"), []byte("the satellite orbits the planet and the moon"), 0o644)
	os.WriteFile(filepath.Join(dir, "2.txt"), []byte("the chef cooks pasta with tomato sauce"), 0o644)
	code, _, stderr := runCLI(t, "fit", "-k", "3", "--coherence-corpus", testCorpus, "--coherence-corpus", dir, testCorpus)
	if code != 0 {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestHelpEverywhere: -h and --help print help on every command.
func TestHelpEverywhere(t *testing.T) {
	for _, c := range commands {
		for _, h := range []string{"-h", "--help"} {
			code, _, stderr := runCLI(t, c.name, h)
			if code != 0 || !strings.Contains(stderr, "usage: nmftopics "+c.name) {
				t.Errorf("%s %s: exit %d: %.200s", c.name, h, code, stderr)
			}
		}
	}
	_, _, stderr := runCLI(t, "factor", "-h")
	if !strings.Contains(stderr, "-w-out") || !strings.Contains(stderr, "-h-out") {
		t.Errorf("factor -h does not list --w-out and --h-out: %s", stderr)
	}
}

// TestNonFiniteFlags: NaN and infinities are refused for every numeric flag.
func TestNonFiniteFlags(t *testing.T) {
	x := testMatrix(t)
	for _, args := range [][]string{
		{"factor", "-k", "2", "--tol", "NaN", x},
		{"factor", "-k", "2", "--tol", "Inf", x},
		{"factor", "-k", "2", "--l1-w", "+Inf", x},
		{"factor", "-k", "2", "--nsnmf-theta", "NaN", x},
		{"fit", "-k", "2", "--max-df", "NaN", testCorpus},
		{"fit", "-k", "2", "--graph-lambda", "Inf", "--graph-neighbors", "3", testCorpus},
		{"sweep", "-k", "2:3", "--sample", "NaN", testCorpus},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "finite") {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}
