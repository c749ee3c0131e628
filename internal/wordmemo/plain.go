package wordmemo

// Plain is the reference a Memo must equal, seen through one Reader: a
// map from each key's bytes to its numbers. It is not safe for concurrent
// use.
type Plain struct {
	m map[string][2]int32
}

// NewPlain returns an empty Plain.
func NewPlain() *Plain { return &Plain{m: make(map[string][2]int32)} }

// Find returns the numbers memoized for key; ok is false when there are
// none.
func (p *Plain) Find(key []byte) (x, y int32, ok bool) {
	v, ok := p.m[string(key)]
	if !ok {
		return -1, -1, false
	}
	return v[0], v[1], true
}

// Learn returns the numbers memoized for key; when there are none, it
// memoizes and returns those that number gives.
func (p *Plain) Learn(key []byte, number func() (x, y int32)) (x, y int32) {
	if v, ok := p.m[string(key)]; ok {
		return v[0], v[1]
	}
	x, y = number()
	p.m[string(key)] = [2]int32{x, y}
	return x, y
}

// PlainTable is the reference a Table must equal: a map from each key to
// its number, over the keys and values in the order first met.
type PlainTable[V any] struct {
	index map[string]int32
	keys  []string
	vals  []V
}

// NewPlainTable returns an empty PlainTable.
func NewPlainTable[V any]() *PlainTable[V] {
	return &PlainTable[V]{index: make(map[string]int32)}
}

// Len returns the number of keys.
func (t *PlainTable[V]) Len() int { return len(t.keys) }

// Value returns the value of key number i, which may be changed through it.
func (t *PlainTable[V]) Value(i int32) *V { return &t.vals[i] }

// Find returns the number of key, or -1 when it is not in the table.
func (t *PlainTable[V]) Find(key []byte) int32 {
	if i, ok := t.index[string(key)]; ok {
		return i
	}
	return -1
}

// Add adds key, which must not be in the table, with the value v, and
// returns its number.
func (t *PlainTable[V]) Add(key []byte, v V) int32 {
	i := int32(len(t.keys))
	t.index[string(key)] = i
	t.keys = append(t.keys, string(key))
	t.vals = append(t.vals, v)
	return i
}

// Number returns the number of key, adding it (with a zero value) if it is
// new; added reports whether it was.
func (t *PlainTable[V]) Number(key []byte) (i int32, added bool) {
	if i = t.Find(key); i >= 0 {
		return i, false
	}
	var zero V
	return t.Add(key, zero), true
}

// AppendKey appends the bytes of key number i to dst.
func (t *PlainTable[V]) AppendKey(dst []byte, i int32) []byte {
	return append(dst, t.keys[i]...)
}

// PlainFold appends to dst the bytes whose key Folder.Key gives for word:
// word with bit 5 of every byte set. On ASCII word characters this
// lower-cases letters, keeps digits and maps '_' to DEL.
func PlainFold(dst, word []byte) []byte {
	for _, c := range word {
		dst = append(dst, c|0x20)
	}
	return dst
}
