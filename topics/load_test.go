package topics

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
)

// zeros is an endless stream of zero bytes, like /dev/zero.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

// repeat is an endless stream of s after prefix.
type repeat struct {
	prefix, s string
	off       int
	read      int64
}

func (r *repeat) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if r.prefix != "" {
			k := copy(p[n:], r.prefix)
			r.prefix = r.prefix[k:]
			n += k
			continue
		}
		k := copy(p[n:], r.s[r.off:])
		r.off = (r.off + k) % len(r.s)
		n += k
	}
	r.read += int64(n)
	return n, nil
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLoadStopsEarly: Load reads a model file as a stream and stops at the
// first byte that rules it out, whatever follows: an endless stream of
// zeros (/dev/zero) and 150 MB of random bytes are refused after reading
// little and allocating little.
func TestLoadStopsEarly(t *testing.T) {
	z := &zeros{}
	var err error
	n := allocated(func() { _, err = Load(z) })
	if !errors.Is(err, ErrNotModel) || z.read > 1<<20 || n > 4<<20 {
		t.Errorf("/dev/zero: %v after reading %d bytes, allocating %d", err, z.read, n)
	}

	garbage := make([]byte, 150<<20)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rnd.Uint32())
	}
	for _, start := range []string{"", "{", `{"format":"nmftopics-model","version":1,"w":[[1,`} {
		in := append([]byte(start), garbage[:len(garbage)-len(start)]...)
		r := bytes.NewReader(in)
		n := allocated(func() { _, err = Load(r) })
		read := int64(len(in)) - int64(r.Len())
		if !errors.Is(err, ErrNotModel) && !errors.Is(err, ErrCorrupt) || read > 1<<20 || n > 4<<20 {
			t.Errorf("garbage after %q: %v after reading %d bytes, allocating %d", start, err, read, n)
		}
	}
}

// TestLoadLimit: valid JSON that never ends is refused with ErrTooLarge
// once past the limit, with the memory it took bounded by the limit.
func TestLoadLimit(t *testing.T) {
	const limit = 8 << 20
	for _, r := range []*repeat{
		{prefix: `{"format":"nmftopics-model","version":1,"w":[[`, s: "0,"},
		{prefix: `{"format":"nmftopics-model","version":1,"vocabulary":"`, s: "abcdefgh"},
		{prefix: "", s: " "},
	} {
		var err error
		n := allocated(func() { _, err = LoadLimit(r, limit) })
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 8 MiB") || r.read > limit+1<<20 || n > 16*limit {
			t.Errorf("%q...: %v after reading %d bytes, allocating %d", r.prefix, err, r.read, n)
		}
	}
	// Exactly at the limit is fine.
	m := fitTestdata(t, 2)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	size := int64(buf.Len())
	if _, err := LoadLimit(bytes.NewReader(buf.Bytes()), size); err != nil {
		t.Errorf("a file of exactly the limit: %v", err)
	}
	if _, err := LoadLimit(bytes.NewReader(buf.Bytes()), size-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file one byte over the limit: %v", err)
	}
	if DefaultLoadLimit() <= 0 {
		t.Errorf("DefaultLoadLimit() = %d", DefaultLoadLimit())
	}
}

// TestLoadFieldOrder: the fields may come in any order, and a file whose
// format or version is wrong is told so even when they come last.
func TestLoadFieldOrder(t *testing.T) {
	m := fitTestdata(t, 2)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	head := `"format":"nmftopics-model","version":1,`
	if !strings.HasPrefix(good, "{"+head) {
		t.Fatalf("Save no longer writes the format first: %.60s", good)
	}
	moved := "{" + strings.TrimSuffix(strings.TrimPrefix(good, "{"+head), "}\n") + "," + strings.TrimSuffix(head, ",") + "}\n"
	l, err := Load(strings.NewReader(moved))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	l.Save(&again)
	if again.String() != good {
		t.Error("a model with its format last loads to another model")
	}
	if _, err := Load(strings.NewReader(strings.Replace(moved, `"version":1}`, `"version":7}`, 1))); !errors.Is(err, ErrVersion) {
		t.Errorf("version last: %v", err)
	}
	if _, err := Load(strings.NewReader(good + "{}")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("content after the model: %v", err)
	}
	if _, err := Load(io.MultiReader(strings.NewReader(good), strings.NewReader(" \n"))); err != nil {
		t.Errorf("white space after the model: %v", err)
	}
}

// TestLoadVersion1File: a model file saved by the version that also wrote
// the fit's report (iterations, status, timings, summary) into it still
// loads; it transforms its own documents to its H, and saves as a model
// alone.
func TestLoadVersion1File(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "model-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(`"timings":{`)) || !bytes.Contains(raw, []byte(`"iterations":`)) {
		t.Fatal("testdata/model-v1.json no longer holds a fit's report")
	}
	m, err := Load(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.K != 3 || len(m.Documents) != 48 || len(m.Topics) != 3 || len(m.Topics[0].Words) != 5 || m.Metrics.RelativeError == 0 || len(m.Metrics.Coherence) != 4 {
		t.Fatalf("loaded k = %d, %d documents, %d topics, metrics %+v", m.K, len(m.Documents), len(m.Topics), m.Metrics)
	}
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	h, skipped, err := m.Transform(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 {
		t.Fatalf("skipped %v", skipped)
	}
	checkClose(t, h, m.H, 1e-12)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"timings", "iterations", "status", "seconds", "summary", "nnz"} {
		if strings.Contains(buf.String(), `"`+field+`":`) {
			t.Errorf("the model saved again holds %q", field)
		}
	}
	again, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(again.W, m.W) || !mat.Equal(again.H, m.H) || !reflect.DeepEqual(again.Topics, m.Topics) || !reflect.DeepEqual(again.Vocabulary.Terms, m.Vocabulary.Terms) {
		t.Error("the model saved again loads to another model")
	}
}
