package wordmemo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// randomKey returns a key of one of the shapes the tables must tell apart:
// empty; short ones from a small alphabet (many repeats, and pairs that
// differ only in case); ones of 15 to 18 bytes around the 16 bytes a slot
// holds; ones sharing their first 8 bytes, or their first 16 bytes and
// their length, which only the rest tells apart; ones holding zero bytes
// ("a" and "a\x00" share their zero-padded words); non-ASCII and invalid
// UTF-8; and any bytes.
func randomKey(rng *rand.Rand) []byte {
	from := func(alphabet string, n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return b
	}
	switch rng.IntN(9) {
	case 0:
		return []byte{}
	case 1:
		return from("aAbB_0", 1+rng.IntN(4))
	case 2:
		return append([]byte("abcdefghijklmno"), from("pP", rng.IntN(4))...)
	case 3:
		return append([]byte("abcdefghijklmnop"), from("qQ_", 1+rng.IntN(70))...)
	case 4:
		return from("a\x00", 1+rng.IntN(18))
	case 5:
		return []byte(strings.Repeat([]string{"é", "日本", "\xff", "É"}[rng.IntN(4)], 1+rng.IntN(9)))
	case 6:
		return from("abcdefghijklmnopqrstuvwxyz", 1+rng.IntN(24))
	case 7:
		return append([]byte("abcdefgh"), from("xyXY", 1+rng.IntN(8))...)
	default:
		b := make([]byte, rng.IntN(20))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
}

// sameKey reports whether a and b are the same key, field by field.
func sameKey(a, b Key) bool {
	return a.k0 == b.k0 && a.k1 == b.k1 && a.n == b.n && a.h == b.h && a.shared == b.shared &&
		(a.n <= 16 || bytes.Equal(a.b, b.b))
}

// TestKeyOf checks the fields of KeyOf against their definitions.
func TestKeyOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := randomKey(rng)
		k := KeyOf(b)
		var pad [16]byte
		copy(pad[:], b)
		k0, k1 := KeyOf(pad[:8]).k0, KeyOf(pad[8:]).k0
		shared := len(b) >= 1 && len(b) <= 16 && bytes.IndexByte(b, 0) < 0
		if k.n != len(b) || k.k0 != k0 || k.k1 != k1 || k.shared != shared || !bytes.Equal(k.b, b) {
			t.Fatalf("KeyOf(%q) = %+v", b, k)
		}
		if shared && keyLen(k.k0, k.k1) != len(b) {
			t.Fatalf("keyLen(%q) = %d", b, keyLen(k.k0, k.k1))
		}
	}
}

// checkFold checks that Folder.Key(word, text) is KeyOf(PlainFold(word)),
// for text holding word alone and word followed by more.
func checkFold(t *testing.T, f *Folder, word, more []byte) {
	t.Helper()
	want := KeyOf(PlainFold(nil, word))
	for _, text := range [][]byte{word, append(append([]byte{}, word...), more...)} {
		if got := f.Key(word, text); !sameKey(got, want) {
			t.Fatalf("Folder.Key(%q, %q) = %+v, want %+v", word, text, got, want)
		}
	}
}

// TestFolder compares Folder.Key with KeyOf(PlainFold(word)) on any bytes,
// and checks that ASCII words share a key exactly when they are equal
// lower-cased.
func TestFolder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var f Folder
	for range 20000 {
		checkFold(t, &f, randomKey(rng), randomKey(rng))
	}
	words := []string{"The", "the", "THE", "a_b", "A_B", "a\x7fb", "ab", "a_", "a", "b0", "B0", "AbCdEfGhIjKlMnOp", "abcdefghijklmnop",
		"abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQ", "abcdefghijklmnop_", "abcdefghijklmnop\x7f"}
	for _, a := range words {
		for _, b := range words {
			ka, kb := f.Key([]byte(a), []byte(a)), f.Key([]byte(b), []byte(b))
			if !sameKey(ka, ka) {
				t.Fatal("a key is not itself")
			}
			if isWord(a) && isWord(b) && sameKey(ka, kb) != strings.EqualFold(a, b) {
				t.Errorf("%q and %q: same key %v", a, b, sameKey(ka, kb))
			}
		}
	}
}

// isWord reports whether s is made of ASCII word characters.
func isWord(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// tableOps runs the same operations on a Table and a PlainTable, the keys
// given by next, and fails at the first answer that differs.
func tableOps(t *testing.T, n int, next func(i int) (key []byte, op int)) {
	t.Helper()
	tab, plain := NewTable[int32](1), NewPlainTable[int32]()
	var a, b []byte
	for i := range n {
		key, op := next(i)
		switch op % 3 {
		case 0:
			gi, gadd := tab.Number(key)
			wi, wadd := plain.Number(key)
			if gi != wi || gadd != wadd {
				t.Fatalf("Number(%q) = %d, %v; want %d, %v", key, gi, gadd, wi, wadd)
			}
			*tab.Value(gi) += int32(op)
			*plain.Value(wi) += int32(op)
		case 1:
			gi, wi := tab.Find(KeyOf(key)), plain.Find(key)
			if gi != wi {
				t.Fatalf("Find(%q) = %d, want %d", key, gi, wi)
			}
			if gi < 0 {
				if gi, wi = tab.Add(KeyOf(key), int32(op)), plain.Add(key, int32(op)); gi != wi {
					t.Fatalf("Add(%q) = %d, want %d", key, gi, wi)
				}
			}
		default:
			if tab.Len() != plain.Len() {
				t.Fatalf("Len = %d, want %d", tab.Len(), plain.Len())
			}
			if tab.Len() > 0 {
				j := int32(op/3) % int32(tab.Len())
				if a, b = tab.AppendKey(a[:0], j), plain.AppendKey(b[:0], j); !bytes.Equal(a, b) || *tab.Value(j) != *plain.Value(j) {
					t.Fatalf("key %d: %q = %d, want %q = %d", j, a, *tab.Value(j), b, *plain.Value(j))
				}
			}
		}
	}
}

// TestTable compares a Table with a PlainTable over keys of every shape,
// in many small tables and in one grown from its smallest size.
func TestTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	next := func(int) ([]byte, int) { return randomKey(rng), rng.IntN(1000) }
	for range 2000 { // small tables, where keys often share a home slot
		tableOps(t, 40, next)
	}
	tableOps(t, 100000, next)
}

// memoOps runs the same operations on a Memo, through one reader, and on
// a Plain, the keys given by next, and fails at the first answer that
// differs. number gives a new pair each time it is called, so both must
// call it at the same moments.
func memoOps(t *testing.T, n int, next func(i int) (key []byte, learn bool)) {
	t.Helper()
	r, plain := NewMemo(1).NewReader(), NewPlain()
	var got, want int32
	var folder Folder
	for i := range n {
		key, learn := next(i)
		k := KeyOf(key)
		if i%2 == 0 && isWord(string(key)) { // through the folder, a folded key
			k, key = folder.Key(key, key), PlainFold(nil, key)
		}
		if !learn {
			gx, gy, gok := r.Find(k)
			wx, wy, wok := plain.Find(key)
			if gx != wx || gy != wy || gok != wok {
				t.Fatalf("Find(%q) = %d, %d, %v; want %d, %d, %v", key, gx, gy, gok, wx, wy, wok)
			}
			continue
		}
		gx, gy := r.Learn(k, func() (int32, int32) { got++; return got, -got })
		wx, wy := plain.Learn(key, func() (int32, int32) { want++; return want, -want })
		if gx != wx || gy != wy || got != want {
			t.Fatalf("Learn(%q) = %d, %d (call %d); want %d, %d (call %d)", key, gx, gy, got, wx, wy, want)
		}
	}
}

// TestMemo compares a Memo, seen through one reader, with a Plain over
// keys of every shape, in many small memos and in one whose shared table
// grows from its smallest size.
func TestMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	next := func(int) ([]byte, bool) { return randomKey(rng), rng.IntN(2) == 0 }
	for range 2000 { // small tables, where keys often share a home slot
		memoOps(t, 40, next)
	}
	memoOps(t, 100000, next)
}

// TestMemoStaleView: a reader whose view of the shared table is out of
// date (another reader has grown it) misses keys added since, and Learn
// then finds them in the latest table without calling number.
func TestMemoStaleView(t *testing.T) {
	m := NewMemo(1)
	a, b := m.NewReader(), m.NewReader()
	number := func(x int32) func() (int32, int32) { return func() (int32, int32) { return x, x } }
	keys := make([]Key, 100)
	for i := range keys {
		keys[i] = KeyOf(fmt.Appendf(nil, "key%d", i))
		a.Learn(keys[i], number(int32(i)))
	}
	if _, _, ok := b.Find(keys[99]); ok {
		t.Fatal("a reader sees a key added after its table grew")
	}
	for i, k := range keys {
		x, y := b.Learn(k, func() (int32, int32) { t.Fatalf("key %d learnt twice", i); return 0, 0 })
		if x != int32(i) || y != int32(i) {
			t.Fatalf("key %d: %d, %d", i, x, y)
		}
	}
	if _, _, ok := b.Find(keys[99]); !ok {
		t.Fatal("Learn did not bring the reader's view up to date")
	}
}

// TestMemoConcurrent lets several goroutines find and learn the same keys
// in one memo, each through its reader and learning under one lock, as
// vectorize's workers do (run it with -race). Every answer must be the
// key's numbers; number is called once per shared key, and once per reader
// for the others.
func TestMemoConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	pool := make([][]byte, 3000)
	numbers := make(map[string]int32)
	for i := range pool {
		pool[i] = randomKey(rng)
		if _, ok := numbers[string(pool[i])]; !ok {
			numbers[string(pool[i])] = int32(len(numbers))
		}
	}
	const readers = 4
	m := NewMemo(1)
	var mu sync.Mutex
	calls := make(map[string]int) // under mu
	var wg sync.WaitGroup
	for g := range readers {
		r := m.NewReader()
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(11, uint64(g)))
			for range 20000 {
				key := pool[rng.IntN(len(pool))]
				want := numbers[string(key)]
				k := KeyOf(key)
				if x, y, ok := r.Find(k); ok {
					if x != want || y != -want {
						t.Errorf("Find(%q) = %d, %d; want %d, %d", key, x, y, want, -want)
					}
					continue
				}
				mu.Lock()
				x, y := r.Learn(k, func() (int32, int32) { calls[string(key)]++; return want, -want })
				mu.Unlock()
				if x != want || y != -want {
					t.Errorf("Learn(%q) = %d, %d; want %d, %d", key, x, y, want, -want)
				}
			}
		})
	}
	wg.Wait()
	for key, n := range calls {
		if k := KeyOf([]byte(key)); k.shared && n != 1 || n > readers {
			t.Errorf("%q learnt %d times", key, n)
		}
	}
}

// FuzzWordMemo reads data as a sequence of operations, each an operation
// byte, a length byte and that many bytes of key, and runs them on the
// tables and their plain versions: a Table and a PlainTable, a Memo
// through one reader and a Plain, Folder.Key and PlainFold.
func FuzzWordMemo(f *testing.F) {
	for _, s := range []string{"\x00\x03abc\x01\x03ABC\x02\x00\x03\x03abc",
		"\x00\x01a\x00\x02a\x00\x00\x01\x00\x03\x01\x00\x04\x00",
		"\x01\x11abcdefghijklmnopq\x01\x11abcdefghijklmnopQ\x03\x11abcdefghijklmnopq\x02\x00",
		"\x00\x04\xc3\xa9\xff\x00\x01\x04\xc3\xa9\xff\x00\x05\x02_A\x04\x02_a"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		type op struct {
			code byte
			key  []byte
		}
		var ops []op
		for len(data) >= 2 {
			code, n := data[0], min(int(data[1]), len(data)-2)
			ops = append(ops, op{code, data[2 : 2+n]})
			data = data[2+n:]
		}
		tableOps(t, len(ops), func(i int) ([]byte, int) { return ops[i].key, int(ops[i].code) })
		memoOps(t, len(ops), func(i int) ([]byte, bool) { return ops[i].key, ops[i].code&1 == 0 })
		var folder Folder
		for i, o := range ops {
			var more []byte
			if i+1 < len(ops) {
				more = ops[i+1].key
			}
			checkFold(t, &folder, o.key, more)
		}
	})
}
