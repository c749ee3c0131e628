package corpus_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// formatTexts are the documents of the format-equivalence test: single
// lines (a line is a record of Lines), with commas, quotes, non-ASCII text
// and a Windows-1252 byte, which every format must carry unchanged, and a
// line an mbox file must escape.
var formatTexts = []string{
	"The markets rallied as the central bank held rates, again.",
	"Striker scores twice; the \"derby\" ends 2-1 for the home side",
	"Café owners in Zürich say naïve pricing fails — prices rise",
	"Chip makers report record demand for memory chips and chips",
	"Old Latin-1 text: caf\xe9 au lait for \xa35",
	"Rates, markets and banks: the bank said rates would hold",
	"From Monday, banks open later; mbox escapes this line",
}

// writeFile writes content to the file at path, gzip-compressed when the
// name ends in ".gz".
func writeFile(t *testing.T, path string, content []byte) {
	t.Helper()
	if strings.HasSuffix(path, ".gz") {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(content)
		zw.Close()
		content = b.Bytes()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

// formatInputs writes formatTexts in every format, and returns the ways
// to list them.
func formatInputs(t *testing.T) map[string]func() ([]corpus.Document, error) {
	dir := t.TempDir()
	var lines, jsonl, csvText, mbox bytes.Buffer
	cw := csv.NewWriter(&csvText)
	cw.Write([]string{"id", "text", "extra"})
	for i, text := range formatTexts {
		writeFile(t, filepath.Join(dir, "folder", fmt.Sprintf("doc%02d.txt", i)), []byte(text))
		lines.WriteString(text + "\n")
		// JSON holds only UTF-8: the Windows-1252 bytes go in as the
		// characters the other formats decode them to.
		rec, _ := json.Marshal(map[string]any{"id": i, "text": strings.ReplaceAll(text, "caf\xe9 au lait for \xa35", "café au lait for £5")})
		jsonl.Write(rec)
		jsonl.WriteString("\n")
		cw.Write([]string{fmt.Sprint(i), text, "x"})
		// A message's body is the text, escaped (mboxrd), and a blank
		// line ends it.
		fmt.Fprintf(&mbox, "From sender%d@example.com Thu Dec  3 08:00:00 2026\n%s\n\n", i, mboxEscape(text))
	}
	cw.Flush()
	jsonlFixed := jsonl.Bytes()
	writeFile(t, filepath.Join(dir, "docs.lines"), lines.Bytes())
	writeFile(t, filepath.Join(dir, "docs.lines.gz"), lines.Bytes())
	writeFile(t, filepath.Join(dir, "docs16.jsonl"), utf16LE("\ufeff"+string(jsonlFixed)))
	writeFile(t, filepath.Join(dir, "docs.jsonl"), jsonlFixed)
	writeFile(t, filepath.Join(dir, "docs.ndjson.gz"), jsonlFixed)
	writeFile(t, filepath.Join(dir, "docs.csv"), csvText.Bytes())
	writeFile(t, filepath.Join(dir, "docs.mbox"), mbox.Bytes())
	writeFile(t, filepath.Join(dir, "mail", "docs.mbox.gz"), mbox.Bytes())
	writeFile(t, filepath.Join(dir, "in", "docs.csv.gz"), csvText.Bytes())
	list := func(o corpus.Options, paths ...string) func() ([]corpus.Document, error) {
		return func() ([]corpus.Document, error) {
			if r, ok := o.Stdin.(*bytes.Reader); ok {
				r.Seek(0, 0) // standard input read again, for each call
			}
			docs, _, err := o.List(paths...)
			return docs, err
		}
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	return map[string]func() ([]corpus.Document, error){
		"folder":         list(corpus.Options{}, p("folder")),
		"lines":          list(corpus.Options{Format: corpus.Lines}, p("docs.lines")),
		"lines.gz":       list(corpus.Options{Format: corpus.Lines}, p("docs.lines.gz")),
		"jsonl":          list(corpus.Options{}, p("docs.jsonl")),
		"jsonl utf-16":   list(corpus.Options{}, p("docs16.jsonl")),
		"ndjson.gz":      list(corpus.Options{}, p("docs.ndjson.gz")),
		"csv":            list(corpus.Options{}, p("docs.csv")),
		"csv.gz folder":  list(corpus.Options{}, p("in")),
		"stdin":          list(corpus.Options{Stdin: bytes.NewReader(lines.Bytes())}, "-"),
		"stdin jsonl":    list(corpus.Options{Format: corpus.JSONL, Stdin: bytes.NewReader(jsonlFixed)}, "-"),
		"stdin csv":      list(corpus.Options{Format: corpus.CSV, Stdin: bytes.NewReader(csvText.Bytes())}, "-"),
		"mbox":           list(corpus.Options{}, p("docs.mbox")),
		"mbox.gz folder": list(corpus.Options{}, p("mail")),
		"stdin mbox":     list(corpus.Options{Format: corpus.Mbox, Stdin: bytes.NewReader(mbox.Bytes())}, "-"),
	}
}

// mboxEscape escapes text's lines for an mbox file (mboxrd): a '>' more
// before each line that is '>'s then "From ".
func mboxEscape(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, ">"), "From ") {
			lines[i] = ">" + l
		}
	}
	return strings.Join(lines, "\n")
}

// utf16LE is s in UTF-16, little-endian.
func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// readTexts reads docs as the pipeline does.
func readTexts(t *testing.T, docs []corpus.Document) []string {
	t.Helper()
	var r corpus.Reader
	var out []string
	for _, d := range docs {
		var b strings.Builder
		if _, err := r.Read(d, func(text []byte) error { b.Write(text); return nil }); err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		out = append(out, b.String())
	}
	return out
}

func TestFormatsGiveTheSameDocuments(t *testing.T) {
	inputs := formatInputs(t)
	folder, err := inputs["folder"]()
	if err != nil {
		t.Fatal(err)
	}
	want := readTexts(t, folder)
	if len(want) != len(formatTexts) || !strings.Contains(want[4], "café au lait for £5") {
		t.Fatalf("folder texts %q", want)
	}
	for name, list := range inputs {
		docs, err := list()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := readTexts(t, docs); !slices.Equal(got, want) {
			t.Errorf("%s: texts\n got %q\nwant %q", name, got, want)
		}
	}
	if _, sum, _ := (corpus.Options{}).List(filepath.Dir(folder[0].Path) + "/../docs16.jsonl"); sum.UTF16 != 1 || sum.Formats.JSONL != len(formatTexts) {
		t.Errorf("utf-16 jsonl: summary %+v", sum)
	}
	// Ids: FILE:LINE, or the id field; stdin is "stdin".
	for name, want := range map[string]string{"lines": "docs.lines:1", "jsonl": "0", "csv": "0", "stdin": "stdin:1", "csv.gz folder": "0",
		"mbox": "docs.mbox:1", "mbox.gz folder": "docs.mbox.gz:1", "stdin mbox": "stdin:1"} {
		docs, _ := inputs[name]()
		if docs[0].ID != want {
			t.Errorf("%s: first id %q, want %q", name, docs[0].ID, want)
		}
	}
}

// TestFormatsGiveTheSameMatrix: the same documents through any format give
// the same matrix as the folder of those documents.
func TestFormatsGiveTheSameMatrix(t *testing.T) {
	matrix := func(docs []corpus.Document) string {
		a, err := vectorize.NewAnalyzer(vectorize.DefaultSettings())
		if err != nil {
			t.Fatal(err)
		}
		c, err := vectorize.Count(context.Background(), docs, a, vectorize.CountOptions{})
		if err != nil {
			t.Fatal(err)
		}
		opt := vectorize.DefaultOptions()
		opt.MinDF, opt.MaxDF = 1, 1.0
		v, err := vectorize.NewVocabulary(c, opt)
		if err != nil {
			t.Fatal(err)
		}
		x := v.Matrix(c)
		var b strings.Builder
		fmt.Fprintln(&b, v.Terms)
		r, cols := x.Dims()
		for j := range cols {
			for i := range r {
				if val := x.At(i, j); val != 0 {
					fmt.Fprintf(&b, "%d,%d=%v ", i, j, val)
				}
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	inputs := formatInputs(t)
	folder, _ := inputs["folder"]()
	want := matrix(folder)
	for name, list := range inputs {
		docs, err := list()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := matrix(docs); got != want {
			t.Errorf("%s: matrix\n got %s\nwant %s", name, got, want)
		}
	}
}
