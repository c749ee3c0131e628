package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// writeTree makes files under dir from a map of slash paths to contents.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestListOrderIDsLabels(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"sport/2.txt":       "b",
		"sport/10.txt":      "a",
		"a-b/x.txt":         "c",
		"a/x.txt":           "d",
		"a.txt":             "h",
		"a0.txt":            "i",
		"tech/deep/y.txt":   "e",
		"tech/empty.txt":    "",
		".git/config":       "hidden",
		"tech/.DS_Store":    "hidden",
		"business/001.txt":  "f",
		"business/z/01.txt": "g",
	})
	// A link to a file is followed, and a link to a folder walked as a folder.
	if err := os.Symlink(filepath.Join(dir, "a", "x.txt"), filepath.Join(dir, "sport", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "tech"), filepath.Join(dir, "sport", "techlink")); err != nil {
		t.Fatal(err)
	}
	docs, err := List(dir + string(filepath.Separator))
	if err != nil {
		t.Fatal(err)
	}
	var ids, labels []string
	for _, d := range docs {
		ids = append(ids, d.ID)
		labels = append(labels, d.Label)
		if want := filepath.Join(dir, filepath.FromSlash(d.ID)); d.Path != want {
			t.Errorf("%s: path %s, want %s", d.ID, d.Path, want)
		}
	}
	// Sorted as whole relative paths (byte order), as Python's sorted() of
	// full paths orders them: "a-b/x.txt" before "a/x.txt".
	want := "a-b/x.txt a.txt a/x.txt a0.txt business/001.txt business/z/01.txt sport/10.txt sport/2.txt sport/link.txt sport/techlink/deep/y.txt sport/techlink/empty.txt tech/deep/y.txt tech/empty.txt"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("ids\n got %s\nwant %s", got, want)
	}
	wantLabels := "a-b %[1]s a %[1]s business z sport sport sport deep techlink deep tech"
	wantLabels = fmt.Sprintf(wantLabels, filepath.Base(dir))
	if got := strings.Join(labels, " "); got != wantLabels {
		t.Errorf("labels\n got %s\nwant %s", got, wantLabels)
	}
}

func TestListSeveralRootsAndFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"one/a.txt": "a", "two/b.txt": "b", "two/c.txt": "c"})
	docs, err := List(filepath.Join(dir, "two"), filepath.Join(dir, "one", "a.txt"), filepath.Join(dir, "two", "b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID+":"+d.Label)
	}
	// Roots in the order given; the same file reached twice is listed once.
	if got, want := strings.Join(ids, " "), "b.txt:two c.txt:two a.txt:one"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestListErrors(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"x/same.txt": "a", "y/same.txt": "b", "onlyempty/e.txt": ""})
	if err := os.Mkdir(filepath.Join(dir, "void"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
		want  string
	}{
		{"missing", []string{filepath.Join(dir, "nope")}, "no such file or directory"},
		{"empty folder", []string{filepath.Join(dir, "void")}, "no documents (no files)"},
		{"same id", []string{filepath.Join(dir, "x"), filepath.Join(dir, "y")}, `document id "same.txt" is both`},
		{"none", nil, "no path given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := List(tt.paths...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// readAll reads d with r and joins its chunks, checking each is cut at
// white space (or is the last).
func readAll(t *testing.T, r *Reader, d Document) (string, Encoding, int, error) {
	t.Helper()
	var b bytes.Buffer
	chunks := 0
	enc, err := r.Read(d, func(text []byte) error {
		chunks++
		b.Write(text)
		return nil
	})
	return b.String(), enc, chunks, err
}

func TestReadEncodings(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"utf8.txt":   "Price: £5 — café",
		"latin1.txt": "Price: \xa35 and \x80 and \x93quoted\x94 and \x81",
		"binary.bin": "abc\x00def",
		"empty.txt":  "",
	}
	writeTree(t, dir, files)
	var r Reader
	doc := func(name string) Document { return Document{ID: name, Path: filepath.Join(dir, name)} }

	got, enc, _, err := readAll(t, &r, doc("utf8.txt"))
	if err != nil || enc != UTF8 || got != files["utf8.txt"] {
		t.Errorf("utf8: %q %v %v", got, enc, err)
	}
	got, enc, _, err = readAll(t, &r, doc("latin1.txt"))
	if want := "Price: £5 and € and “quoted” and \u0081"; err != nil || enc != Windows1252 || got != want {
		t.Errorf("latin1: got %q %v %v, want %q", got, enc, err, want)
	}
	if _, _, _, err = readAll(t, &r, doc("binary.bin")); !errors.Is(err, ErrBinary) {
		t.Errorf("binary: err = %v, want ErrBinary", err)
	}
	if _, _, _, err = readAll(t, &r, doc("empty.txt")); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v, want ErrEmpty", err)
	}
	if _, _, _, err = readAll(t, &r, doc("missing.txt")); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing: err = %v, want one naming the file", err)
	}
}

func TestReadLargeStreams(t *testing.T) {
	dir := t.TempDir()
	var r Reader
	// A text of about 3.5 chunks with multi-byte runes everywhere, so chunk
	// cuts fall inside runes unless handled.
	word := "naïve café 日本語 word\n"
	text := strings.Repeat(word, (ChunkSize*7/2)/len(word))
	long := strings.Repeat("x", ChunkSize+100) + "é tail" // no white space for more than a chunk
	latin := strings.Repeat("caf\xe9 ", ChunkSize/5+1000)
	nulLate := strings.Repeat("a ", ChunkSize) + "\x00"
	writeTree(t, dir, map[string]string{"big.txt": text, "long.txt": long, "latin.txt": latin, "nul.txt": nulLate})
	doc := func(name string) Document { return Document{ID: name, Path: filepath.Join(dir, name)} }

	got, enc, chunks, err := readAll(t, &r, doc("big.txt"))
	if err != nil || enc != UTF8 || got != text || chunks < 4 {
		t.Errorf("big: equal=%v enc=%v chunks=%d err=%v", got == text, enc, chunks, err)
	}
	// Every chunk but the last ends in white space.
	var last byte
	_, err = r.Read(doc("big.txt"), func(b []byte) error {
		if last != 0 && last != '\n' {
			t.Errorf("a chunk ended in %q", last)
		}
		last = b[len(b)-1]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _, _, err = readAll(t, &r, doc("long.txt"))
	if err != nil || got != long {
		t.Errorf("long run: equal=%v err=%v", got == long, err)
	}
	got, enc, _, err = readAll(t, &r, doc("latin.txt"))
	if want := strings.ReplaceAll(latin, "\xe9", "é"); err != nil || enc != Windows1252 || got != want {
		t.Errorf("latin: equal=%v enc=%v err=%v", got == want, enc, err)
	}
	if _, _, _, err = readAll(t, &r, doc("nul.txt")); !errors.Is(err, ErrBinary) {
		t.Errorf("late NUL: err = %v, want ErrBinary", err)
	}
	stop := errors.New("stop")
	if _, err := r.Read(doc("big.txt"), func([]byte) error { return stop }); err != stop {
		t.Errorf("callback error: got %v, want it returned", err)
	}
}

func TestReadText(t *testing.T) {
	var r Reader
	for _, tt := range []struct {
		text string
		want string
		enc  Encoding
		err  error
	}{
		{"in memory", "in memory", UTF8, nil},
		{"caf\xe9", "café", Windows1252, nil},
		{"a\x00b", "", UTF8, ErrBinary},
		{"", "", UTF8, ErrEmpty},
	} {
		got, enc, _, err := readAll(t, &r, Document{ID: "m", Text: []byte(tt.text)})
		if got != tt.want || enc != tt.enc || !errors.Is(err, tt.err) {
			t.Errorf("Text %q: got %q %v %v", tt.text, got, enc, err)
		}
	}
}

// FuzzRead reads arbitrary bytes as a document: never a panic; the text
// handed over is valid UTF-8, is the bytes themselves when they are UTF-8,
// and one rune a byte when they are decoded as Windows-1252.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"plain text", "caf\xe9", "\x00bin", "", "日本語 \xff", strings.Repeat("a b ", 100),
		"Content-Type: text/plain; charset=koi8-r\n\n\xf0\xd2", "<meta charset=latin2>\xa3", "\x1b$B8l\x1b(B"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Reader
		var b bytes.Buffer
		enc, err := r.Read(Document{ID: "fuzz", Text: data}, func(text []byte) error {
			if !utf8.Valid(text) {
				t.Fatalf("text is not UTF-8: %q", text)
			}
			b.Write(text)
			return nil
		})
		switch {
		case len(data) == 0:
			if !errors.Is(err, ErrEmpty) {
				t.Fatalf("empty input: %v", err)
			}
		case bytes.IndexByte(data, 0) >= 0:
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("NUL byte: %v", err)
			}
		case err != nil:
			t.Fatal(err)
		case enc == UTF8 && !bytes.Equal(b.Bytes(), data):
			t.Fatalf("UTF-8 text changed")
		case enc == Windows1252 && utf8.RuneCount(b.Bytes()) != len(data):
			t.Fatalf("%d runes from %d bytes", utf8.RuneCount(b.Bytes()), len(data))
		}
	})
}

// BenchmarkListReuters lists the 10,789 files of reuters (in 90 folders).
func BenchmarkListReuters(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "corpora", "reuters")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("shared corpus reuters not found (%v): the real corpora live in ../shared/corpora beside the project", err)
	}
	for b.Loop() {
		if _, err := List(dir); err != nil {
			b.Fatal(err)
		}
	}
}
