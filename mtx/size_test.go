package mtx

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadHeader(t *testing.T) {
	in := "%%MatrixMarket matrix coordinate pattern symmetric\n% comment\n\n5 5 3\n1 1\n2 1\n5 5\n"
	r := NewReader(strings.NewReader(in))
	h, err := r.Header()
	if err != nil {
		t.Fatal(err)
	}
	want := Header{Rows: 5, Cols: 5, Entries: 3, Field: "pattern", Symmetry: "symmetric"}
	if h != want {
		t.Errorf("header %+v, want %+v", h, want)
	}
	m, err := r.ReadSparse()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := m.Dims(); r != 5 || c != 5 || m.NNZ() != 4 {
		t.Errorf("%d×%d with %d entries, want 5×5 with 4", r, c, m.NNZ())
	}
	if _, err := r.ReadSparse(); err == nil {
		t.Error("reading the entries twice gave no error")
	}
	h, err = ReadHeader(strings.NewReader("%%MatrixMarket matrix array integer general\n3 2\n"))
	if want := (Header{Rows: 3, Cols: 2, Entries: 6, Array: true, Field: "integer", Symmetry: "general"}); err != nil || h != want {
		t.Errorf("array header %+v, %v; want %+v", h, err, want)
	}
	if _, err := ReadHeader(strings.NewReader("%%MatrixMarket matrix coordinate real general\n")); !errors.Is(err, ErrTruncated) {
		t.Errorf("no size line: %v", err)
	}
}

// TestHeaderAllocatesNothingPerRow: a header declaring 2²⁷ rows and columns
// is read without allocating per row or column.
func TestHeaderAllocatesNothingPerRow(t *testing.T) {
	in := "%%MatrixMarket matrix coordinate real general\n134217728 134217728 1\n1 1 1\n"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	h, err := ReadHeader(strings.NewReader(in))
	runtime.ReadMemStats(&after)
	if err != nil || h.Rows != 1<<27 || h.Cols != 1<<27 || h.Entries != 1 {
		t.Fatalf("%+v, %v", h, err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("reading the header allocated %d bytes", n)
	}
}

// TestDeclaredEntriesAgainstBytes: when the reader knows its input's size
// (a bytes or strings reader, a regular file), the memory a file needs is
// judged by the entries its bytes can hold, not by the count it declares:
// a small file declaring 10⁹ entries is read and found truncated, and only
// an input of unknown size is refused for the memory its count would take.
func TestDeclaredEntriesAgainstBytes(t *testing.T) {
	defer setAvailable(64 << 20)()
	const in = "%%MatrixMarket matrix coordinate real general\n10 10 1000000000\n1 1 1\n2 2 2\n"
	const symIn = "%%MatrixMarket matrix coordinate real symmetric\n10 10 1000000000\n1 1 1\n2 2 2\n"
	const truncated = "line 5: unexpected end of input: expected 1000000000 entries, found 2"
	p := filepath.Join(t.TempDir(), "x.mtx")
	if err := os.WriteFile(p, []byte("junk\n"+in), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() io.Reader{
		"strings":   func() io.Reader { return strings.NewReader(in) },
		"bytes":     func() io.Reader { return bytes.NewReader([]byte(in)) },
		"buffer":    func() io.Reader { return bytes.NewBufferString(in) },
		"symmetric": func() io.Reader { return strings.NewReader(symIn) },
		"file": func() io.Reader {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			f.Seek(5, io.SeekStart) // what counts is what is left
			return f
		},
	} {
		for _, read := range []func(*Reader) error{(*Reader).sparse, (*Reader).dense} {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := read(NewReader(open()))
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != truncated {
				t.Errorf("%s: %v, want %q", name, err, truncated)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
				t.Errorf("%s: allocated %d bytes", name, n)
			}
		}
	}
	err := NewReader(noSize{strings.NewReader(in)}).sparse()
	if want := "line 2: not enough memory: a 10×10 matrix with 1000000000 entries needs 34 GiB, more than the 64 MiB available"; err == nil || err.Error() != want {
		t.Errorf("size unknown: %v, want %q", err, want)
	}
	// The bound: the minimal lines, the last without "\n".
	h := header{entries: 5}
	for _, tc := range []struct {
		array, pattern bool
		left, want     int64
	}{{false, false, 17, 3}, {false, false, 16, 2}, {false, true, 11, 3}, {true, false, 5, 3}, {true, false, 0, 0}} {
		h.array, h.field = tc.array, fieldReal
		if tc.pattern {
			h.field = fieldPattern
		}
		if got := maxEntries(&h, tc.left); got != tc.want {
			t.Errorf("maxEntries(%+v, %d) = %d, want %d", tc, tc.left, got, tc.want)
		}
	}
}

// noSize hides the size of a reader.
type noSize struct{ r *strings.Reader }

func (n noSize) Read(b []byte) (int, error) { return n.r.Read(b) }

// TestMemoryRefused: a matrix whose storage would exceed the memory
// available is refused at the size line with a *MemoryError naming the
// figures.
func TestMemoryRefused(t *testing.T) {
	defer setAvailable(64 << 20)()
	cases := []struct {
		in   string
		read func(*Reader) error
		want string
	}{
		// 2²⁴ rows: 128 MiB of row pointers.
		{"%%MatrixMarket matrix coordinate real general\n16777216 2 1\n1 1 1\n", (*Reader).sparse,
			"line 2: not enough memory: a 16777216×2 matrix with 1 entry needs 128 MiB, more than the 64 MiB available"},
		// Entries, the size unknown: 10⁷ entries of 36 bytes.
		{"%%MatrixMarket matrix coordinate real general\n10 10 10000000\n1 1 1\n", (*Reader).sparse,
			"line 2: not enough memory: a 10×10 matrix with 10000000 entries needs 343 MiB, more than the 64 MiB available"},
		// A dense matrix of 3000 × 3000 (69 MiB) from an array file.
		{"%%MatrixMarket matrix array real general\n3000 3000\n1\n", (*Reader).dense,
			"line 2: not enough memory: a 3000×3000 matrix with 9000000 entries needs 137 MiB, more than the 64 MiB available"},
	}
	for _, tc := range cases {
		err := tc.read(NewReader(noSize{strings.NewReader(tc.in)}))
		var me *MemoryError
		if err == nil || err.Error() != tc.want || !errors.As(err, &me) || !errors.Is(err, ErrMemory) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestDenseFromFewEntries: a coordinate file whose dense form is large
// while it stores few entries is refused before the dense matrix is
// allocated.
func TestDenseFromFewEntries(t *testing.T) {
	in := "%%MatrixMarket matrix coordinate real general\n30000 30000 1\n1 1 1\n"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadDense(strings.NewReader(in))
	runtime.ReadMemStats(&after)
	want := "line 2: invalid size: a 30000×30000 dense matrix (6.7 GiB) from 1 entry: more than 1024 elements per entry"
	if err == nil || err.Error() != want || !errors.Is(err, ErrSize) {
		t.Errorf("%v, want %q", err, want)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Errorf("allocated %d bytes", n)
	}
	// A small sparse one is fine, and so is a large one with enough entries.
	if _, err := ReadDense(strings.NewReader("%%MatrixMarket matrix coordinate real general\n100 100 1\n1 1 1\n")); err != nil {
		t.Error(err)
	}
}

// setAvailable makes the readers see avail bytes of memory.
func setAvailable(avail uint64) func() {
	old := available
	available = func() uint64 { return avail }
	return func() { available = old }
}

func (r *Reader) sparse() error { _, err := r.ReadSparse(); return err }
func (r *Reader) dense() error  { _, err := r.ReadDense(); return err }
