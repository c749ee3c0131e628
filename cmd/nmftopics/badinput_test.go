package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestBadInputs is the catalogue of bad input: each case runs the command
// in-process and checks the exit status (2 for a mistake on the command
// line, 1 for a failure), that the error is one line naming the file or
// flag, and that no output file exists afterwards.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	folder := func(name string, files map[string]string) string {
		for n, c := range files {
			file(filepath.Join(name, n), c)
		}
		if len(files) == 0 {
			os.MkdirAll(filepath.Join(dir, name), 0o755)
		}
		return filepath.Join(dir, name)
	}
	x := testMatrix(t)
	empty := folder("empty", nil)
	onlyEmpty := folder("onlyempty", map[string]string{"a.txt": "", "b.txt": ""})
	onlyBinary := folder("onlybinary", map[string]string{"a.bin": "a\x00b"})
	stopOnly := folder("stoponly", map[string]string{"a.txt": "the and of", "b.txt": "it is the"})
	mm := func(name, body string) string {
		return file(name, "%%MatrixMarket matrix coordinate real general\n"+body)
	}
	badHeader := file("header.mtx", "%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1 0\n")
	truncated := mm("truncated.mtx", "3 3 4\n1 1 1\n2 2 1\n")
	outOfRange := mm("range.mtx", "2 2 1\n3 1 1\n")
	negative := mm("negative.mtx", "2 2 2\n1 1 1\n2 2 -1\n")
	notFinite := mm("nan.mtx", "2 2 2\n1 1 1\n2 2 NaN\n")
	notMTX := file("plain.mtx", "hello\n")
	w0 := file("w0.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n1\n")
	model := file("model.json", `{"format":"nmftopics-model","version":1,"k":`)
	oldModel := file("old.json", `{"format":"nmftopics-model","version":99}`)
	notModel := file("notmodel.json", `{"hello":"world"}`)
	out := filepath.Join(dir, "out", "r.json") // its folder is made below, for the cases that are not about it
	os.MkdirAll(filepath.Dir(out), 0o755)

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"path missing", []string{"fit", "--json", out, filepath.Join(dir, "nope")}, 1, "nope: no such file or directory"},
		{"empty folder", []string{"fit", "--json", out, empty}, 1, "no documents (no files)"},
		{"only empty files", []string{"fit", "--json", out, onlyEmpty}, 1, "no documents (2 empty and 0 binary files)"},
		{"only binary files", []string{"fit", "--json", out, onlyBinary}, 1, "no documents (0 empty and 1 binary files)"},
		{"vocabulary emptied by stop words", []string{"fit", "--json", out, "--min-df", "1", stopOnly}, 1, "hold no words (after stop words)"},
		{"vocabulary emptied by min-df", []string{"fit", "--json", out, "--min-df", "40", "--max-df", "1", testCorpus}, 1, "(--min-df)"},
		{"k zero", []string{"fit", "--json", out, "-k", "0", testCorpus}, 2, "-k 0"},
		{"k above documents", []string{"fit", "--json", out, "-k", "49", testCorpus}, 2, "must be at most 48"},
		{"max-df below min-df", []string{"fit", "--json", out, "--min-df", "47", testCorpus}, 2, "is below --min-df 47"},
		{"negative flag", []string{"fit", "--json", out, "--max-iter", "-5", testCorpus}, 2, "--max-iter -5"},
		{"non-numeric flag", []string{"fit", "--json", out, "-k", "ten", testCorpus}, 2, `invalid value "ten" for flag -k`},
		{"unknown flag", []string{"fit", "--json", out, "--topics", "5", testCorpus}, 2, "flag provided but not defined: -topics"},
		{"unknown solver", []string{"fit", "--json", out, "--solver", "sgd", testCorpus}, 2, `unknown solver "sgd"`},
		{"unknown command", []string{"fitt", testCorpus}, 2, `unknown command "fitt"`},
		{"passes without online", []string{"fit", "--json", out, "--passes", "2", testCorpus}, 2, "--passes: only with --online"},
		{"online batch size zero", []string{"fit", "--json", out, "--online", "--batch-size", "0", testCorpus}, 2, "--batch-size 0"},
		{"online with restarts", []string{"fit", "--json", out, "--online", "--restarts", "2", testCorpus}, 2, "--restarts: not with --online"},
		{"online k above documents", []string{"fit", "--json", out, "--doc-topics", out + ".csv", "--online", "-k", "49", testCorpus}, 2, "must be at most 48"},
		{"online batch below k", []string{"fit", "--json", out, "--online", "-k", "5", "--batch-size", "4", testCorpus}, 1, "(--batch-size)"},
		{"mtx header", []string{"factor", "--json", out, "-k", "1", badHeader}, 1, "header.mtx: line 1"},
		{"mtx truncated", []string{"factor", "--json", out, "-k", "1", truncated}, 1, "truncated.mtx: line 5: unexpected end of input"},
		{"mtx index out of range", []string{"factor", "--json", out, "-k", "1", outOfRange}, 1, "range.mtx: line 3"},
		{"mtx negative", []string{"factor", "--json", out, "-k", "1", negative}, 1, "X[1,1] = -1 is negative"},
		{"mtx not finite", []string{"factor", "--json", out, "-k", "1", notFinite}, 1, "nan.mtx: line 4"},
		{"mtx not a matrix", []string{"factor", "--json", out, "-k", "1", notMTX}, 1, "plain.mtx: line 1"},
		{"init shape", []string{"factor", "--json", out, "-k", "1", "--init-w", w0, "--init-h", w0, x}, 1, "W0 is 2×1, want"},
		{"model truncated", []string{"transform", "--doc-topics", out, "--model", model, testCorpus}, 1, "corrupted or truncated model file"},
		{"model other version", []string{"transform", "--doc-topics", out, "--model", oldModel, testCorpus}, 1, "the file is version 99"},
		{"not a model", []string{"transform", "--doc-topics", out, "--model", notModel, testCorpus}, 1, "not an nmftopics model file"},
		{"output folder missing", []string{"fit", "--json", filepath.Join(dir, "missing", "r.json"), testCorpus}, 1, "--json " + filepath.Join(dir, "missing", "r.json") + ": folder"},
		{"output folder a file", []string{"fit", "--json", filepath.Join(x, "r.json"), testCorpus}, 1, "not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.want)
			}
			if n := strings.Count(strings.TrimSuffix(stderr, "\n"), "\n"); n != 0 || strings.Contains(stderr, "goroutine") {
				t.Errorf("error is not one line: %q", stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("output written despite the error")
				os.Remove(out)
			}
		})
	}
}

// TestLargeDocumentBoundedMemory reads a single-line document (no newline,
// few spaces) of 16 MiB and of 64 MiB and checks that the heap grows no
// more for the larger: documents are read in 1 MiB chunks, so memory is
// bounded by the chunk, not by the document.
func TestLargeDocumentBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 80 MiB of files")
	}
	// A low GC target so that the heap in use is close to what is live.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	chunk := []byte(strings.Repeat("rocket launch orbit satellite ", 1<<15)) // ~1 MiB
	growth := func(mib int) int64 {
		dir := t.TempDir()
		p := filepath.Join(dir, "big", "one.txt")
		os.MkdirAll(filepath.Dir(p), 0o755)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		for range mib {
			f.Write(chunk)
		}
		f.Close()
		var base runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&base)
		stop, peak := make(chan struct{}), make(chan uint64)
		go func() {
			var top uint64
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					peak <- top
					return
				default:
				}
				runtime.ReadMemStats(&m)
				top = max(top, m.HeapInuse)
				time.Sleep(2 * time.Millisecond)
			}
		}()
		code, _, stderr := runCLI(t, "vectorize", "--min-df", "1", "--max-df", "1", filepath.Dir(p))
		close(stop)
		grew := int64(<-peak) - int64(base.HeapInuse)
		if code != 0 || !strings.Contains(stderr, "1 documents, 4 terms") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		t.Logf("%d MiB document: the heap grew by at most %.1f MiB", mib, float64(grew)/(1<<20))
		return grew
	}
	small, large := growth(16), growth(64)
	if large > small+8<<20 {
		t.Errorf("the heap grew by %d MiB for 64 MiB, %d MiB for 16 MiB: it follows the document's size", large>>20, small>>20)
	}
}

// TestNotUTF8IsAccepted: a file that is not UTF-8 is read as Windows-1252,
// and the summary says how many were.
func TestNotUTF8IsAccepted(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a.txt": "caf\xe9 prices \xa3 rose", "b.txt": "prices rose at the caf\xe9", "c.txt": "plain prices"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "vectorize", dir)
	if code != 0 || !strings.Contains(stderr, "3 documents") || !strings.Contains(stderr, "2 decoded as Windows-1252") {
		t.Errorf("exit %d: %q", code, stderr)
	}
}
