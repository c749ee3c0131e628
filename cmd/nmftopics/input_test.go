package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// messyCorpus is a folder of the test corpus's documents reached through
// links, with a dangling link, a loop, an empty file and a file of
// records holding a line of invalid JSON.
func messyCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	abs, err := filepath.Abs(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"cooking", "space"} {
		if err := os.Symlink(filepath.Join(abs, sub), filepath.Join(dir, sub)); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "dangling")))
	must(os.Mkdir(filepath.Join(dir, "more"), 0o755))
	must(os.Symlink("..", filepath.Join(dir, "more", "up")))
	must(os.WriteFile(filepath.Join(dir, "more", "empty.txt"), nil, 0o644))
	must(os.WriteFile(filepath.Join(dir, "more", "notes.jsonl"),
		[]byte("{\"id\": \"n1\", \"text\": \"rocket orbit launch\"}\n{broken\n"), 0o644))
	return dir
}

func TestMessyFolderIsReadWhole(t *testing.T) {
	dir := messyCorpus(t)
	code, _, stderr := runCLI(t, "vectorize", "--mtx", filepath.Join(t.TempDir(), "x.mtx"), dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"corpus: 1 skipped as empty: " + filepath.Join(dir, "more", "empty.txt") + "\n",
		"corpus: 1 skipped as dangling: " + filepath.Join(dir, "dangling") + "\n",
		"corpus: 1 skipped as loop: " + filepath.Join(dir, "more", "up") + "\n",
		"corpus: 1 skipped as invalid: more/notes.jsonl:2\n",
		"vectorize: 25 documents, ", // 12 + 12 through links, and the record
		"4 skipped (1 empty, 0 binary, 1 dangling, 1 loop, 1 invalid)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, _, stderr = runCLI(t, "vectorize", "--strict", "--mtx", filepath.Join(t.TempDir(), "x.mtx"), dir)
	if code == 0 || !strings.Contains(stderr, filepath.Join(dir, "dangling")) {
		t.Errorf("--strict: exit %d, %q; want an error naming the dangling link", code, stderr)
	}
	// Read-time skips are errors too with --strict.
	code, _, stderr = runCLI(t, "vectorize", "--strict", "--mtx", filepath.Join(t.TempDir(), "x.mtx"), filepath.Join(dir, "more", "empty.txt"), filepath.Join(dir, "cooking"))
	if code == 0 || !strings.Contains(stderr, "empty.txt: empty") {
		t.Errorf("--strict, an empty file: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "vectorize", "--format", "xml", dir)
	if code != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("--format xml: exit %d, %q", code, stderr)
	}
}

func TestFitReportsTheCorpus(t *testing.T) {
	dir := messyCorpus(t)
	out := filepath.Join(t.TempDir(), "fit.json")
	code, _, stderr := runCLI(t, "fit", "-k", "2", "--max-iter", "20", "--json", out, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "fit: 25 documents, ") || !strings.Contains(stderr, "corpus: 1 skipped as loop") {
		t.Errorf("stderr lacks the summary line or warnings:\n%s", stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Documents int          `json:"documents"`
		Corpus    corpusReport `json:"corpus"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	c := rep.Corpus
	if rep.Documents != 25 || c.Documents != 25 || c.Skipped["empty"] != 1 || c.Skipped["dangling"] != 1 ||
		c.Skipped["loop"] != 1 || c.Skipped["invalid"] != 1 || c.Skipped["binary"] != 0 ||
		c.Formats["file"] != 25 || c.Formats["jsonl"] != 1 || c.Decoded["utf-16"] != 0 {
		t.Errorf("corpus section %+v", c)
	}
	// The section is the report's last field: the fields before it keep
	// their place.
	if i, j := bytes.Index(raw, []byte(`"timings"`)), bytes.Index(raw, []byte(`"corpus"`)); i < 0 || j < i {
		t.Errorf("corpus at %d, timings at %d", j, i)
	}
}

// TestFormatsGiveTheSameMatrix: the test corpus as a folder, as lines,
// as JSONL, as CSV (compressed) and through standard input gives the
// same X.
func TestFormatsGiveTheSameMatrix(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	var lines, jsonl, csvText, mbox bytes.Buffer
	cw := csv.NewWriter(&csvText)
	cw.Write([]string{"text", "key"})
	for _, sub := range []string{"cooking", "football"} {
		for i := 1; i <= 12; i++ {
			b, err := os.ReadFile(filepath.Join(testCorpus, sub, fmt.Sprintf("%02d.txt", i)))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(b)), " ") // one line
			name := filepath.Join(docs, sub, fmt.Sprintf("%02d.txt", i))
			os.MkdirAll(filepath.Dir(name), 0o755)
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			lines.WriteString(text + "\n")
			rec, _ := json.Marshal(map[string]string{"body": text})
			jsonl.Write(append(rec, '\n'))
			cw.Write([]string{text, sub + fmt.Sprint(i)})
			if strings.HasPrefix(text, "From ") {
				text = ">" + text // mbox's escape
			}
			fmt.Fprintf(&mbox, "From %s@example.com Thu Dec  3 08:00:00 2026\n%s\n\n", sub, text)
		}
	}
	cw.Flush()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	linesFile := write("docs.txt", lines.Bytes())
	jsonlFile := write("docs.ndjson", jsonl.Bytes())
	csvFile := write("docs.csv", csvText.Bytes())
	mboxFile := write("docs.mbox", mbox.Bytes())
	matrix := func(stdin string, args ...string) string {
		t.Helper()
		if stdin != "" {
			f, err := os.Open(stdin)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			old := os.Stdin
			os.Stdin = f
			defer func() { os.Stdin = old }()
		}
		out := filepath.Join(t.TempDir(), "x.mtx")
		code, _, stderr := runCLI(t, append([]string{"vectorize", "--mtx", out}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := matrix("", docs)
	for name, got := range map[string]string{
		"lines":       matrix("", "--format", "lines", linesFile),
		"jsonl":       matrix("", "--text-field", "body", jsonlFile),
		"csv":         matrix("", "--id-field", "key", csvFile),
		"stdin":       matrix(linesFile, "-"),
		"stdin jsonl": matrix(jsonlFile, "--format", "jsonl", "--text-field", "body", "-"),
		"mbox":        matrix("", mboxFile),
		"stdin mbox":  matrix(mboxFile, "--format", "mbox", "-"),
	} {
		if got != want {
			t.Errorf("%s: X differs from the folder's", name)
		}
	}
}

// TestUTF16FileIsRead: a UTF-16 file with a byte order mark is read as
// text, not dropped as binary for the NUL bytes it holds.
func TestUTF16FileIsRead(t *testing.T) {
	dir := t.TempDir()
	text := "rocket orbit launch rocket orbit"
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range text {
		utf16 = append(utf16, byte(r), 0)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), utf16, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, vocab, stderr := runCLI(t, "vectorize", "--strict", "--max-df", "1", "--vocab", "-", dir)
	if code != 0 || vocab != "launch\norbit\nrocket\n" || !strings.Contains(stderr, "2 documents, 3 terms") {
		t.Errorf("exit %d, vocabulary %q, %s", code, vocab, stderr)
	}
}
