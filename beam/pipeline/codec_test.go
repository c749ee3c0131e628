package pipeline

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/james-bowman/sparse"

	"github.com/nmftopics/nmftopics/nmf"
)

func TestCodecsRoundTrip(t *testing.T) {
	f := Factor{M: 3, K: 2, Data: []float64{0, 1.5, 2, 1e-300, 4, 5}}
	if got, err := decodeFactor(encodeFactor(f)); err != nil || !reflect.DeepEqual(got, f) {
		t.Errorf("factor: %+v, %v", got, err)
	}
	st := nmf.NewStats(nmf.KL, 3, 2)
	for i := range st.A {
		st.A[i] = float64(i) / 3
	}
	st.B[1], st.Docs = 7, 12
	p := Partial{Stats: *st, Frobenius: 1.25, KL: 3.5, SumSq: 9, NNZ: 40, Shards: 2}
	if got, err := decodePartial(encodePartial(p)); err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("partial: %+v, %v", got, err)
	}
	if got, err := decodePartial(encodePartial(Partial{})); err != nil || got.Shards != 0 {
		t.Errorf("partial: %+v, %v", got, err)
	}
	x := sparse.NewCSC(4, 3, []int{0, 2, 2, 3}, []int{0, 3, 1}, []float64{0.5, 0.25, 1})
	ids := []string{"a/1.txt", "", "ü/2.txt"}
	gx, gids, err := decodeShard(encodeShard(x, ids))
	if err != nil || !reflect.DeepEqual(gids, ids) || !reflect.DeepEqual(gx.RawMatrix(), x.RawMatrix()) {
		t.Errorf("shard: %v %v %v", gx, gids, err)
	}
	empty := sparse.NewCSC(4, 0, []int{0}, nil, nil)
	if gx, gids, err := decodeShard(encodeShard(empty, nil)); err != nil || gx != nil || len(gids) != 0 {
		t.Errorf("empty shard: %v %v %v", gx, gids, err)
	}
}

// Truncated or garbled files give an error, never a panic or a huge
// allocation.
func TestCodecsCorrupt(t *testing.T) {
	x := sparse.NewCSC(4, 3, []int{0, 2, 2, 3}, []int{0, 3, 1}, []float64{0.5, 0.25, 1})
	st := nmf.NewStats(nmf.Frobenius, 3, 2)
	inputs := map[string][]byte{
		"factor":  encodeFactor(Factor{M: 3, K: 2, Data: make([]float64, 6)}),
		"partial": encodePartial(Partial{Stats: *st, Shards: 1}),
		"shard":   encodeShard(x, []string{"a", "b", "c"}),
	}
	decode := map[string]func([]byte) error{
		"factor":  func(b []byte) error { _, err := decodeFactor(b); return err },
		"partial": func(b []byte) error { _, err := decodePartial(b); return err },
		"shard":   func(b []byte) error { _, _, err := decodeShard(b); return err },
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for name, b := range inputs {
		dec := decode[name]
		for n := range len(b) {
			if err := dec(b[:n]); !errors.Is(err, errCorrupt) {
				t.Errorf("%s truncated to %d bytes: %v", name, n, err)
			}
		}
		if err := dec(append(b[:len(b):len(b)], 0)); !errors.Is(err, errCorrupt) {
			t.Errorf("%s with a byte too many: %v", name, err)
		}
		for range 2000 {
			g := append([]byte(nil), b...)
			for range 1 + rng.IntN(3) {
				g[rng.IntN(len(g))] = byte(rng.IntN(256))
			}
			dec(g) // must not panic
		}
	}
	for name, b := range inputs {
		for other, dec := range decode {
			if other != name && dec(b) == nil {
				t.Errorf("a %s file decodes as a %s", name, other)
			}
		}
	}
}

// Statistics cut into blocks of rows and put back together are the
// statistics; blocks that do not fit are an error.
func TestSplitJoinPartials(t *testing.T) {
	st := nmf.NewStats(nmf.Frobenius, 7, 2)
	for i := range st.A {
		st.A[i] = float64(i + 1)
	}
	st.B = []float64{1, 2, 3, 4}
	st.Docs = 5
	p := Partial{Stats: *st, Frobenius: 1, KL: 2, SumSq: 3, NNZ: 9, Shards: 1}
	want := Partial{Stats: *st, Frobenius: 1, KL: 2, SumSq: 3, NNZ: 9, Shards: 1}
	want.Stats.A = append([]float64(nil), st.A...)
	for _, r := range []int{1, 3, 7} {
		blocks := splitPartial(p, r)
		got, err := joinPartials(blocks, 7)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%d blocks: %+v, %v", r, got, err)
		}
		blocks[0].Stats.B[0] = 99 // each block has its own B
		if r > 1 && blocks[1].Stats.B[0] == 99 {
			t.Errorf("%d blocks share B", r)
		}
	}
	blocks := splitPartial(p, 3)
	blocks[2].Shards = 2
	if _, err := joinPartials(blocks, 7); err == nil {
		t.Error("blocks of different shard counts joined")
	}
	if _, err := joinPartials(splitPartial(p, 3), 8); err == nil {
		t.Error("blocks of 7 rows joined as 8")
	}
}
