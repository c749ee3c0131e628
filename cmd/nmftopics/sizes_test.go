package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nmftopics/nmftopics/nmf"
)

// TestSizes is the catalogue of inputs whose declared or actual size is out
// of proportion to what they hold: each runs in-process and must end with
// its exit status and the first line of its message, before the memory it
// would take is allocated (the message says so: it is given from the
// header, or from the first bytes). The memory available is fixed at
// 16 GiB so that the figures do not depend on the machine.
//
// Measured on the built binary (/usr/bin/time -v, 23 GiB available): each
// case ends in 0.02–0.15 s with a peak RSS of 8–35 MB (factor 2²⁷²: 8 MB;
// 3,000,000²: 35 MB, its row pointers; sweep: 9 MB; transform /dev/zero
// and 150 MB of garbage: 8 MB). Before: factor 2²⁷² died of "fatal error:
// out of memory", 3,000,000² ran 79 s, transform read 150 MB of garbage
// in 3.7 s at 364 MB and /dev/zero reached 23 GB in 3 s.
func TestSizes(t *testing.T) {
	defer setAvailable(16 << 30)()
	dir := t.TempDir()
	file := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mm := func(name, body string) string {
		return file(name, []byte("%%MatrixMarket matrix coordinate real general\n"+body))
	}
	huge := mm("huge.mtx", "134217728 134217728 1\n1 1 1\n")
	wide := mm("wide.mtx", "3000000 3000000 1\n1 1 1\n")
	initW := mm("w0.mtx", "30000 30000 1\n1 1 1\n")
	garbage := make([]byte, 150<<20)
	rnd := rand.New(rand.NewPCG(3, 4))
	for i := range garbage {
		garbage[i] = byte(rnd.Uint32())
	}
	garbage[0] = 0xfe // not "{" nor white space, whatever the seed gives
	garbageModel := file("garbage.model", garbage)
	braceModel := file("brace.model", append([]byte("{"), garbage[1:]...))
	x := testMatrix(t)

	tests := []struct {
		name string
		args []string
		code int
		want string // the first line of the message, or its start when it ends in "…"
	}{
		{"factor declares 2²⁷ × 2²⁷", []string{"factor", "-k", "10", huge}, 1,
			"nmftopics factor: " + huge + ": declares 134217728 × 134217728 with 1 entry: the factors need 109 GiB for k = 10, more than the 16 GiB available"},
		{"factor with a random start", []string{"factor", "-k", "10", "--init", "random", huge}, 1,
			"nmftopics factor: " + huge + ": declares 134217728 × 134217728 with 1 entry: the factors need 45 GiB for k = 10, more than the 16 GiB available"},
		{"factor 3,000,000² with one entry", []string{"factor", "-k", "10", wide}, 1,
			"nmftopics factor: " + wide + ": 2999999 of 3000000 rows and 2999999 of 3000000 columns hold no entry: at k = 10 they would cost 458 MiB of factors; drop them"},
		{"factor k above the declared size", []string{"factor", "-k", "11", mm("small.mtx", "10 20 1\n1 1 1\n")}, 2,
			"nmftopics factor: -k 11: must be at most min(rows, columns) = 10 of " + filepath.Join(dir, "small.mtx") + " (10×20)"},
		{"factor --init-w of a tiny file declaring 30000²", []string{"factor", "-k", "2", "--init-w", initW, "--init-h", initW, x}, 1,
			"nmftopics factor: --init-w " + initW + ": line 2: invalid size: a 30000×30000 dense matrix (6.7 GiB) from 1 entry: more than 1024 elements per entry"},
		{"sweep -k 2:1000000000", []string{"sweep", "-k", "2:1000000000", testCorpus}, 2,
			`nmftopics sweep: -k "2:1000000000": TO 1000000000 is above the 48 documents listed; k must be at most the number of documents`},
		{"sweep -k 2:1000000000:1000", []string{"sweep", "-k", "2:1000000000:1000", testCorpus}, 2,
			`nmftopics sweep: -k "2:1000000000:1000": TO 1000000000 is above the 48 documents listed; k must be at most the number of documents`},
		{"transform --model /dev/zero", []string{"transform", "--model", "/dev/zero", testCorpus}, 1,
			"nmftopics transform: --model /dev/zero: not an nmftopics model file (it does not start with a JSON object)"},
		{"transform --model 150 MB of garbage", []string{"transform", "--model", garbageModel, testCorpus}, 1,
			"nmftopics transform: --model " + garbageModel + ": not an nmftopics model file (it does not start with a JSON object)"},
		{"transform --model 150 MB of garbage after {", []string{"transform", "--model", braceModel, testCorpus}, 1,
			"nmftopics transform: --model " + braceModel + ": corrupted or truncated model file: invalid character…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			first, _, _ := strings.Cut(stderr, "\n")
			ok := first == tt.want
			if prefix, cut := strings.CutSuffix(tt.want, "…"); cut {
				ok = strings.HasPrefix(first, prefix)
			}
			if code != tt.code || !ok {
				t.Errorf("exit %d, stderr %q\nwant exit %d, %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

// TestSizesRealCorpusPasses: a matrix with a few rows and columns that hold
// no entry (empty documents, unused terms) is factorized as before.
func TestSizesRealCorpusPasses(t *testing.T) {
	var b strings.Builder
	b.WriteString("%%MatrixMarket matrix coordinate real general\n60 50 ")
	var lines []string
	rnd := rand.New(rand.NewPCG(5, 6))
	for i := range 55 { // rows 56..60 and columns 46..50 hold nothing
		for j := range 45 {
			if rnd.IntN(4) == 0 {
				lines = append(lines, fmt.Sprintf("%d %d %g", i+1, j+1, 1+rnd.Float64()))
			}
		}
	}
	fmt.Fprintf(&b, "%d\n%s\n", len(lines), strings.Join(lines, "\n"))
	p := filepath.Join(t.TempDir(), "x.mtx")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "factor", "-k", "3", "--max-iter", "5", p); code != 0 {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestOpenInputFIFO: opening a FIFO that no one writes to is abandoned when
// the context is cancelled, and so is a read from one whose writer sends
// nothing; both errors name the file.
func TestOpenInputFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.mtx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := openInput(ctx, fifo)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), fifo) {
		t.Errorf("open with no writer: %v", err)
	}
	// Release the abandoned open: it gets a writer, and closes the file.
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	// A writer that sends the header and one entry of two, then nothing.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	done := make(chan struct{})
	go func() {
		defer close(done)
		w2, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w2.Close()
		w2.WriteString("%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1\n")
		<-ctx2.Done()
	}()
	time.AfterFunc(50*time.Millisecond, cancel2)
	_, err = readMatrix(ctx2, fifo, 2, nmf.DefaultMethod(nmf.Frobenius), nmf.DefaultSettings())
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), fifo) {
		t.Errorf("read with a silent writer: %v", err)
	}
	<-done
}

// setAvailable makes the command see avail bytes of memory.
func setAvailable(avail uint64) func() {
	old := available
	available = func() uint64 { return avail }
	return func() { available = old }
}

// TestSweepKAboveTerms: a k above the terms, known only after analysis,
// is a mistake on the command line (exit 2), as in fit.
func TestSweepKAboveTerms(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a.txt": "apple pear", "b.txt": "apple plum", "c.txt": "pear plum apple"} {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	code, _, stderr := runCLI(t, "sweep", "-k", "2:3", "--runs", "2", dir)
	if code != 2 || !strings.Contains(stderr, "-k") || !strings.Contains(stderr, "terms") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
