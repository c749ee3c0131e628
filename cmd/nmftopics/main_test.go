package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/mtx"
)

const testCorpus = "../../testdata/corpus"

// runCLI runs the program in-process and returns its exit status and
// output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestVectorizeWritesOutputs(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	code, _, stderr := runCLI(t, "vectorize", "--mtx", out("x.mtx"), "--vocab", out("vocab.txt"),
		"--docs", out("docs.txt"), "--tokens", out("tokens.txt"), testCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stderr, "vectorize: 48 documents, ") || !strings.Contains(stderr, "0 skipped") {
		t.Errorf("summary line: %q", stderr)
	}
	f, err := os.Open(out("x.mtx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := mtx.ReadSparse(f)
	if err != nil {
		t.Fatal(err)
	}
	vocab := lines(t, out("vocab.txt"))
	docs := lines(t, out("docs.txt"))
	tokens := lines(t, out("tokens.txt"))
	if r, c := x.Dims(); r != len(vocab) || c != 48 || len(docs) != 48 || len(tokens) != 48 {
		t.Fatalf("X %d×%d, %d terms, %d docs, %d token lines", r, c, len(vocab), len(docs), len(tokens))
	}
	if docs[0] != "cooking/01.txt" || docs[47] != "space/12.txt" {
		t.Errorf("docs not in sorted order: %s … %s", docs[0], docs[47])
	}
	// Every term of the vocabulary stands in the token lines of the
	// documents whose columns hold it.
	for j, line := range tokens {
		has := map[string]bool{}
		for _, tok := range strings.Fields(line) {
			has[tok] = true
		}
		for i, term := range vocab {
			if (x.At(i, j) > 0) != has[term] {
				t.Fatalf("doc %s term %s: X=%v, in tokens %v", docs[j], term, x.At(i, j), has[term])
			}
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the output folder, want 4", len(entries))
	}
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestVectorizeErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	onlyEmpty, onlyBinary := filepath.Join(dir, "onlyempty"), filepath.Join(dir, "onlybinary")
	for _, d := range []string{onlyEmpty, onlyBinary} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"a.txt", "b.txt"} {
		if err := os.WriteFile(filepath.Join(onlyEmpty, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(onlyBinary, name), []byte{'x', 0, byte(i)}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outFile := filepath.Join(dir, "x.mtx")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no path", []string{"vectorize"}, 2, "no PATH given"},
		{"unknown flag", []string{"vectorize", "--bogus", testCorpus}, 2, "flag provided but not defined: -bogus"},
		{"non-numeric", []string{"vectorize", "--min-df", "two", testCorpus}, 2, `invalid value "two" for flag -min-df`},
		{"negative", []string{"vectorize", "--min-df", "-1", testCorpus}, 2, "--min-df -1: must be 0 or more"},
		{"max-df range", []string{"vectorize", "--max-df", "1.5", testCorpus}, 2, "--max-df 1.5"},
		{"max below min", []string{"vectorize", "--min-df", "48", testCorpus}, 2, "--max-df 0.95 (45.6 of 48 documents) is below --min-df 48"},
		{"unknown language", []string{"vectorize", "--lang", "klingon", testCorpus}, 2, `--lang: unknown stemming language "klingon"`},
		{"weighting", []string{"vectorize", "--weighting", "bm25", testCorpus}, 2, `--weighting "bm25"`},
		{"missing path", []string{"vectorize", filepath.Join(dir, "nope")}, 1, "nope: no such file or directory"},
		{"empty folder", []string{"vectorize", empty}, 1, "no documents (no files)"},
		{"only empty files", []string{"vectorize", onlyEmpty}, 1, "no documents (2 empty and 0 binary files)"},
		{"only binary files", []string{"vectorize", onlyBinary}, 1, "no documents (0 empty and 2 binary files)"},
		{"missing stopwords", []string{"vectorize", "--stopwords", filepath.Join(dir, "stop.txt"), testCorpus}, 1, "stop.txt"},
		{"missing stopwords-add", []string{"vectorize", "--stopwords-add", filepath.Join(dir, "stop.txt"), testCorpus}, 1, "--stopwords-add"},
		{"output folder missing", []string{"vectorize", "--mtx", filepath.Join(dir, "no", "x.mtx"), testCorpus}, 1, "--mtx " + filepath.Join(dir, "no", "x.mtx") + ": folder"},
		{"empty vocabulary", []string{"vectorize", "--min-df", "40", "--max-df", "1", testCorpus}, 1, "empty vocabulary: none of the"},
		{"unknown command", []string{"vectorise", testCorpus}, 2, `unknown command "vectorise"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string(nil), tt.args...)
			args = append(args[:1], append([]string{"--mtx", outFile}, args[1:]...)...)
			if tt.name == "unknown command" || tt.name == "output folder missing" {
				args = tt.args
			}
			code, _, stderr := runCLI(t, args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.want)
			}
			if strings.Count(strings.TrimSuffix(stderr, "\n"), "\n") != 0 {
				t.Errorf("error is not one line: %q", stderr)
			}
			if _, err := os.Stat(outFile); err == nil {
				t.Errorf("output written despite the error")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, _, stderr := runCLI(t, "vectorize", "-h")
	if code != 0 || !strings.Contains(stderr, "usage: nmftopics vectorize") || !strings.Contains(stderr, "-min-df") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t)
	if code != 2 || !strings.Contains(stderr, "vectorize") {
		t.Errorf("no args: exit %d: %s", code, stderr)
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	vocab := filepath.Join(t.TempDir(), "v.txt")
	code, _, stderr := runCLI(t, "vectorize", testCorpus, "--vocab", vocab, "--no-stem")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Without stemming the plural stays.
	found := false
	for _, l := range lines(t, vocab) {
		found = found || l == "satellites"
	}
	if !found {
		t.Errorf("--no-stem after the path was not applied")
	}
}
