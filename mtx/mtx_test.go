package mtx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"
)

var (
	_ Sparse = (*sparse.CSR)(nil)
	_ Sparse = (*sparse.CSC)(nil)
	_ Sparse = (*sparse.COO)(nil)
)

// specials are values whose exact round trip is easy to get wrong.
var specials = []float64{
	0, math.Copysign(0, -1), 1, -1, 1.0 / 3, -2.0 / 3, 0.1, 1e-300, 5e-324,
	-5e-324, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64,
	1e21, 123456789012345678, math.Pi, math.Nextafter(1, 2), 4.35, 1e100,
}

func randValue(rnd *rand.Rand) float64 {
	if rnd.IntN(4) == 0 {
		return specials[rnd.IntN(len(specials))]
	}
	return rnd.NormFloat64() * math.Pow(10, float64(rnd.IntN(40)-20))
}

// randCSR returns a random r×c CSR matrix with sorted, unique columns in
// each row. Some rows and columns are left empty.
func randCSR(rnd *rand.Rand, r, c int, density float64) *sparse.CSR {
	indptr := make([]int, r+1)
	var ind []int
	var data []float64
	emptyCol := -1
	if c > 0 {
		emptyCol = rnd.IntN(c)
	}
	for i := range r {
		if i%3 != 1 {
			for j := range c {
				if j != emptyCol && rnd.Float64() < density {
					ind = append(ind, j)
					data = append(data, randValue(rnd))
				}
			}
		}
		indptr[i+1] = len(ind)
	}
	return sparse.NewCSR(r, c, indptr, ind, data)
}

// sameCSR reports whether a and b have identical dimensions and storage,
// comparing values bit by bit.
func sameCSR(a, b *sparse.CSR) error {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		return fmt.Errorf("dims %d×%d != %d×%d", ar, ac, br, bc)
	}
	ra, rb := a.RawMatrix(), b.RawMatrix()
	if len(ra.Indptr) != len(rb.Indptr) {
		return fmt.Errorf("len(indptr) %d != %d", len(ra.Indptr), len(rb.Indptr))
	}
	for i := range ra.Indptr {
		if ra.Indptr[i] != rb.Indptr[i] {
			return fmt.Errorf("indptr[%d] %d != %d", i, ra.Indptr[i], rb.Indptr[i])
		}
	}
	if len(ra.Ind) != len(rb.Ind) || len(ra.Data) != len(rb.Data) {
		return fmt.Errorf("nnz %d/%d != %d/%d", len(ra.Ind), len(ra.Data), len(rb.Ind), len(rb.Data))
	}
	for k := range ra.Ind {
		if ra.Ind[k] != rb.Ind[k] || math.Float64bits(ra.Data[k]) != math.Float64bits(rb.Data[k]) {
			return fmt.Errorf("entry %d: (%d, %v) != (%d, %v)", k, ra.Ind[k], ra.Data[k], rb.Ind[k], rb.Data[k])
		}
	}
	return nil
}

// entryMap returns the entries of m, which must have no duplicates.
func entryMap(t *testing.T, m Sparse) map[[2]int]uint64 {
	t.Helper()
	e := make(map[[2]int]uint64)
	m.DoNonZero(func(i, j int, v float64) {
		if _, dup := e[[2]int{i, j}]; dup {
			t.Fatalf("duplicate entry (%d, %d)", i, j)
		}
		e[[2]int{i, j}] = math.Float64bits(v)
	})
	return e
}

func sameEntries(t *testing.T, want, got Sparse) {
	t.Helper()
	wr, wc := want.Dims()
	gr, gc := got.Dims()
	if wr != gr || wc != gc {
		t.Fatalf("dims %d×%d, want %d×%d", gr, gc, wr, wc)
	}
	we, ge := entryMap(t, want), entryMap(t, got)
	if len(we) != len(ge) {
		t.Fatalf("%d entries, want %d", len(ge), len(we))
	}
	for k, v := range we {
		if g, ok := ge[k]; !ok || g != v {
			t.Fatalf("entry %v = %v (present %t), want %v", k, math.Float64frombits(g), ok, math.Float64frombits(v))
		}
	}
}

func TestRoundTripSparse(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		m    *sparse.CSR
	}{
		{"0x0", sparse.NewCSR(0, 0, []int{0}, nil, nil)},
		{"0x5", sparse.NewCSR(0, 5, []int{0}, nil, nil)},
		{"4x0", sparse.NewCSR(4, 0, make([]int, 5), nil, nil)},
		{"3x4 no entries", sparse.NewCSR(3, 4, make([]int, 4), nil, nil)},
		{"1x1", sparse.NewCSR(1, 1, []int{0, 1}, []int{0}, []float64{-0.5})},
		{"specials", sparse.NewCSR(1, len(specials), []int{0, len(specials)}, func() []int {
			s := make([]int, len(specials))
			for i := range s {
				s[i] = i
			}
			return s
		}(), append([]float64(nil), specials...))},
		{"random 30x20", randCSR(rnd, 30, 20, 0.2)},
		{"random 200x300", randCSR(rnd, 200, 300, 0.05)},
		{"random dense-ish 17x9", randCSR(rnd, 17, 9, 0.9)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// CSR input: the result must be identical, storage included.
			var buf bytes.Buffer
			if err := WriteSparse(&buf, tc.m); err != nil {
				t.Fatal(err)
			}
			text := buf.String()
			got, err := ReadSparse(&buf)
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if err := sameCSR(tc.m, got); err != nil {
				t.Fatalf("CSR round trip: %v", err)
			}

			// Writing is deterministic.
			buf.Reset()
			if err := WriteSparse(&buf, got); err != nil {
				t.Fatal(err)
			}
			if buf.String() != text {
				t.Fatal("second write differs from the first")
			}

			// CSC input of the same matrix.
			csc := tc.m.ToCSC()
			buf.Reset()
			if err := WriteSparse(&buf, csc); err != nil {
				t.Fatal(err)
			}
			got, err = ReadSparse(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if err := sameCSR(tc.m, got); err != nil {
				t.Fatalf("CSC round trip: %v", err)
			}
			sameEntries(t, csc, got)

			// The dense reader agrees.
			r, c := tc.m.Dims()
			if (r == 0) != (c == 0) {
				return
			}
			buf.Reset()
			if err := WriteSparse(&buf, tc.m); err != nil {
				t.Fatal(err)
			}
			d, err := ReadDense(&buf)
			if err != nil {
				t.Fatal(err)
			}
			dr, dc := d.Dims()
			if dr != r || dc != c {
				t.Fatalf("ReadDense dims %d×%d, want %d×%d", dr, dc, r, c)
			}
			for i := range r {
				for j := range c {
					if math.Float64bits(d.At(i, j)) != math.Float64bits(tc.m.At(i, j)) {
						t.Fatalf("ReadDense (%d, %d) = %v, want %v", i, j, d.At(i, j), tc.m.At(i, j))
					}
				}
			}
		})
	}
}

func TestWriteSparseFormat(t *testing.T) {
	// Entry order follows DoNonZero: row-major for CSR, column-major for
	// CSC; stored zeros are written.
	m := sparse.NewCSR(3, 4, []int{0, 2, 2, 4}, []int{1, 3, 0, 3}, []float64{1.5, 0, -2, 1e-7})
	var buf bytes.Buffer
	if err := WriteSparse(&buf, m); err != nil {
		t.Fatal(err)
	}
	want := `%%MatrixMarket matrix coordinate real general
3 4 4
1 2 1.5
1 4 0
3 1 -2
3 4 1e-07
`
	if buf.String() != want {
		t.Errorf("CSR output:\n%s\nwant:\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := WriteSparse(&buf, m.ToCSC()); err != nil {
		t.Fatal(err)
	}
	want = `%%MatrixMarket matrix coordinate real general
3 4 4
3 1 -2
1 2 1.5
1 4 0
3 4 1e-07
`
	if buf.String() != want {
		t.Errorf("CSC output:\n%s\nwant:\n%s", buf.String(), want)
	}

	// A COO with duplicates is written as is and summed on reading.
	coo := sparse.NewCOO(2, 2, []int{0, 1, 0}, []int{1, 0, 1}, []float64{1, 2, 0.5})
	buf.Reset()
	if err := WriteSparse(&buf, coo); err != nil {
		t.Fatal(err)
	}
	want = `%%MatrixMarket matrix coordinate real general
2 2 3
1 2 1
2 1 2
1 2 0.5
`
	if buf.String() != want {
		t.Errorf("COO output:\n%s\nwant:\n%s", buf.String(), want)
	}
	got, err := ReadSparse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	checkCSR(t, got, 2, 2, []int{0, 1, 2}, []int{1, 0}, []float64{1.5, 2})
}

func TestRoundTripDense(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, dims := range [][2]int{{1, 1}, {1, 7}, {7, 1}, {5, 3}, {40, 10}} {
		r, c := dims[0], dims[1]
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				m.Set(i, j, randValue(rnd))
			}
		}
		var buf bytes.Buffer
		if err := WriteDense(&buf, m); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		got, err := ReadDense(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if gr, gc := got.Dims(); gr != r || gc != c {
			t.Fatalf("dims %d×%d, want %d×%d", gr, gc, r, c)
		}
		for i := range r {
			for j := range c {
				if math.Float64bits(got.At(i, j)) != math.Float64bits(m.At(i, j)) {
					t.Fatalf("(%d, %d) = %v, want %v", i, j, got.At(i, j), m.At(i, j))
				}
			}
		}
		// The same file read as sparse holds the nonzeros.
		s, err := ReadSparse(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		for i := range r {
			for j := range c {
				if s.At(i, j) != m.At(i, j) {
					t.Fatalf("sparse (%d, %d) = %v, want %v", i, j, s.At(i, j), m.At(i, j))
				}
			}
		}
		// A non-Dense mat.Matrix (a transpose view) is written the same way
		// as its Dense copy.
		var a, b bytes.Buffer
		if err := WriteDense(&a, m.T()); err != nil {
			t.Fatal(err)
		}
		if err := WriteDense(&b, mat.DenseCopyOf(m.T())); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Fatal("transpose view written differently from its copy")
		}
	}

	// Empty matrix.
	var buf bytes.Buffer
	if err := WriteDense(&buf, &mat.Dense{}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadDense(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !got.IsEmpty() {
		t.Fatal("0×0 file did not give an empty Dense")
	}
}

func TestWriteDenseFormat(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{
		1, 2, 3,
		4.5, -0.25, 1e300,
	})
	var buf bytes.Buffer
	if err := WriteDense(&buf, m); err != nil {
		t.Fatal(err)
	}
	want := `%%MatrixMarket matrix array real general
2 3
1
4.5
2
-0.25
3
1e+300
`
	if buf.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func checkCSR(t *testing.T, m *sparse.CSR, r, c int, indptr, ind []int, data []float64) {
	t.Helper()
	if err := sameCSR(sparse.NewCSR(r, c, indptr, ind, data), m); err != nil {
		raw := m.RawMatrix()
		t.Fatalf("%v\ngot indptr %v ind %v data %v", err, raw.Indptr, raw.Ind, raw.Data)
	}
}

func mustSparse(t *testing.T, s string) *sparse.CSR {
	t.Helper()
	m, err := ReadSparse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustDense(t *testing.T, s string) *mat.Dense {
	t.Helper()
	m, err := ReadDense(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkDense(t *testing.T, m *mat.Dense, want [][]float64) {
	t.Helper()
	if !mat.Equal(m, mat.NewDense(len(want), len(want[0]), flatten(want))) {
		t.Fatalf("got\n%v\nwant %v", mat.Formatted(m), want)
	}
}

func flatten(a [][]float64) []float64 {
	var s []float64
	for _, r := range a {
		s = append(s, r...)
	}
	return s
}

func TestReadCoordinate(t *testing.T) {
	// Mixed case keywords, tabs, extra spaces, CRLF, comments and blank
	// lines in the header, between the entries and after them,
	// duplicates, an explicit zero, unsorted entries, no final newline.
	const in = "%%MatrixMarket  MATRIX\tCoordinate Real   GENERAL \r\n" +
		"% a comment\r\n" +
		"\r\n" +
		"%another\n" +
		"   \n" +
		"3 4 7\n" +
		"3 4 1.5\n" +
		"1\t1  2\n" +
		"% comment among entries\n" +
		"\n" +
		"3 4 2.5\n" +
		"1 3 -1e-3\n" +
		"  2 2 0  \n" +
		"3 1 7\n" +
		"3 4 -1\n" +
		"% trailing comment\n" +
		"\n" +
		"%% end"
	m := mustSparse(t, in)
	checkCSR(t, m, 3, 4, []int{0, 2, 3, 5}, []int{0, 2, 1, 0, 3}, []float64{2, -1e-3, 0, 7, 3})
	checkDense(t, mustDense(t, in), [][]float64{
		{2, 0, -1e-3, 0},
		{0, 0, 0, 0},
		{7, 0, 0, 3},
	})
}

func TestReadSymmetric(t *testing.T) {
	const in = `%%MatrixMarket matrix coordinate real symmetric
3 3 4
1 1 4
2 1 -1
3 2 2.5
3 3 9
`
	want := [][]float64{
		{4, -1, 0},
		{-1, 0, 2.5},
		{0, 2.5, 9},
	}
	m := mustSparse(t, in)
	checkCSR(t, m, 3, 3, []int{0, 2, 4, 6}, []int{0, 1, 0, 2, 1, 2}, []float64{4, -1, -1, 2.5, 2.5, 9})
	checkDense(t, mustDense(t, in), want)

	// The same matrix as a symmetric array file (lower triangle, column
	// by column).
	const arr = `%%MatrixMarket matrix array real symmetric
3 3
4
-1
0
0
2.5
9
`
	checkDense(t, mustDense(t, arr), want)
	checkCSR(t, mustSparse(t, arr), 3, 3, []int{0, 2, 4, 6}, []int{0, 1, 0, 2, 1, 2}, []float64{4, -1, -1, 2.5, 2.5, 9})

	// An entry given in both triangles is counted twice, as scipy does.
	m = mustSparse(t, "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n2 1 1\n1 2 1\n")
	checkCSR(t, m, 2, 2, []int{0, 1, 2}, []int{1, 0}, []float64{2, 2})
}

func TestReadSkewSymmetric(t *testing.T) {
	const in = `%%MatrixMarket matrix coordinate real skew-symmetric
3 3 2
2 1 1.5
3 2 -2
`
	want := [][]float64{
		{0, -1.5, 0},
		{1.5, 0, 2},
		{0, -2, 0},
	}
	m := mustSparse(t, in)
	checkCSR(t, m, 3, 3, []int{0, 1, 3, 4}, []int{1, 0, 2, 1}, []float64{-1.5, 1.5, 2, -2})
	checkDense(t, mustDense(t, in), want)

	const arr = `%%MatrixMarket matrix array real skew-symmetric
3 3
1.5
0
-2
`
	checkDense(t, mustDense(t, arr), want)
	checkCSR(t, mustSparse(t, arr), 3, 3, []int{0, 1, 3, 4}, []int{1, 0, 2, 1}, []float64{-1.5, 1.5, 2, -2})
}

func TestReadPattern(t *testing.T) {
	m := mustSparse(t, `%%MatrixMarket matrix coordinate pattern general
2 3 3
1 3
2 1
1 3
`)
	checkCSR(t, m, 2, 3, []int{0, 1, 2}, []int{2, 0}, []float64{2, 1})
	m = mustSparse(t, `%%MatrixMarket matrix coordinate pattern symmetric
2 2 2
1 1
2 1
`)
	checkCSR(t, m, 2, 2, []int{0, 2, 3}, []int{0, 1, 0}, []float64{1, 1, 1})
}

func TestReadInteger(t *testing.T) {
	const in = `%%MatrixMarket matrix coordinate integer general
2 2 3
1 1 3
2 2 -12
1 2 +9007199254740993
`
	m := mustSparse(t, in)
	checkCSR(t, m, 2, 2, []int{0, 2, 3}, []int{0, 1, 1}, []float64{3, 9007199254740992, -12})
	const arr = `%%MatrixMarket matrix array integer general
2 2
1
0
-7
4
`
	checkDense(t, mustDense(t, arr), [][]float64{{1, -7}, {0, 4}})
	checkCSR(t, mustSparse(t, arr), 2, 2, []int{0, 2, 3}, []int{0, 1, 1}, []float64{1, -7, 4})
}

func TestReadArrayGeneral(t *testing.T) {
	// Column-major; zeros are not stored by ReadSparse.
	const in = "%%matrixmarket matrix array double general\n% c\n\n2 3\n1\n0\n2\n-0\n0\n3\n"
	checkDense(t, mustDense(t, in), [][]float64{{1, 2, 0}, {0, 0, 3}})
	checkCSR(t, mustSparse(t, in), 2, 3, []int{0, 2, 3}, []int{0, 1, 2}, []float64{1, 2, 3})
}

func TestDuplicateSumOrder(t *testing.T) {
	// Duplicates are summed in file order, in both readers.
	const in = `%%MatrixMarket matrix coordinate real general
1 2 4
1 2 1e16
1 1 -0
1 2 1
1 2 1
`
	m := mustSparse(t, in)
	want := 1e16
	for range 2 {
		want++ // 1e16+1 rounds back to 1e16: the order of summation shows
	}
	if want != 1e16 {
		t.Fatal("unexpected float arithmetic")
	}
	checkCSR(t, m, 1, 2, []int{0, 2}, []int{0, 1}, []float64{math.Copysign(0, -1), want})
	d := mustDense(t, in)
	if math.Float64bits(d.At(0, 1)) != math.Float64bits(want) || !math.Signbit(d.At(0, 0)) {
		t.Fatalf("dense = %v", mat.Formatted(d))
	}
}

func TestReadErrors(t *testing.T) {
	const crd = "%%MatrixMarket matrix coordinate real general\n"
	const arr = "%%MatrixMarket matrix array real general\n"
	cases := []struct {
		name string
		in   string
		err  error
		line int
	}{
		{"empty", "", ErrHeader, 1},
		{"no banner", "3 3 1\n1 1 1\n", ErrHeader, 1},
		{"blank before banner", "\n" + crd + "1 1 0\n", ErrHeader, 1},
		{"garbled banner", "%%MatrixMarkt matrix coordinate real general\n1 1 0\n", ErrHeader, 1},
		{"short banner", "%%MatrixMarket matrix coordinate real\n1 1 0\n", ErrHeader, 1},
		{"long banner", "%%MatrixMarket matrix coordinate real general x\n1 1 0\n", ErrHeader, 1},
		{"vector", "%%MatrixMarket vector coordinate real general\n1 1 0\n", ErrHeader, 1},
		{"bad format", "%%MatrixMarket matrix sparse real general\n1 1 0\n", ErrHeader, 1},
		{"complex", "%%MatrixMarket matrix coordinate complex general\n1 1 0\n", ErrHeader, 1},
		{"hermitian", "%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n", ErrHeader, 1},
		{"bad symmetry", "%%MatrixMarket matrix coordinate real lower\n1 1 0\n", ErrHeader, 1},
		{"array pattern", "%%MatrixMarket matrix array pattern general\n1 1\n", ErrHeader, 1},
		{"pattern skew", "%%MatrixMarket matrix coordinate pattern skew-symmetric\n1 1 0\n", ErrHeader, 1},
		{"missing size", crd + "% c\n\n", ErrTruncated, 4},
		{"missing size unterminated", crd + "% c", ErrTruncated, 2},
		{"size 2 fields", crd + "% c\n3 3\n", ErrSize, 3},
		{"size 4 fields", crd + "3 3 1 1\n1 1 1\n", ErrSize, 2},
		{"array size 3 fields", arr + "3 3 9\n", ErrSize, 2},
		{"size not a number", crd + "3 x 1\n1 1 1\n", ErrSize, 2},
		{"size float", crd + "3 3.0 1\n1 1 1\n", ErrSize, 2},
		{"negative rows", crd + "-3 3 0\n", ErrSize, 2},
		{"negative nnz", crd + "3 3 -1\n", ErrSize, 2},
		{"size overflow", crd + "99999999999999999999 3 0\n", ErrSize, 2},
		{"array size overflow", arr + "4294967296 4294967296\n", ErrSize, 2},
		{"symmetric not square", "%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n", ErrSize, 2},
		{"too few fields", crd + "2 2 1\n1 1\n", ErrEntry, 3},
		{"too many fields", crd + "2 2 1\n1 1 1 1\n", ErrEntry, 3},
		{"pattern with value", "%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1\n", ErrEntry, 3},
		{"array two values", arr + "1 2\n1 2\n", ErrEntry, 3},
		{"row not a number", crd + "2 2 1\na 1 1\n", ErrEntry, 3},
		{"column float", crd + "2 2 1\n1 1.0 1\n", ErrEntry, 3},
		{"value not a number", crd + "2 2 2\n1 1 1\n\n2 2 1.2.3\n", ErrEntry, 5},
		{"value hex", crd + "2 2 1\n1 1 0x1p3\n", ErrEntry, 3},
		{"value underscore", crd + "2 2 1\n1 1 1_000\n", ErrEntry, 3},
		{"value Fortran exponent", crd + "2 2 1\n1 1 1.0D+00\n", ErrEntry, 3},
		{"integer field float", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", ErrEntry, 3},
		{"array value not a number", arr + "2 1\n1\none\n", ErrEntry, 4},
		{"row zero", crd + "2 2 1\n0 1 1\n", ErrRange, 3},
		{"row too large", crd + "2 2 1\n3 1 1\n", ErrRange, 3},
		{"column too large", crd + "% c\n2 2 2\n1 1 1\n1 3 1\n", ErrRange, 5},
		{"negative column", crd + "2 2 1\n1 -1 1\n", ErrRange, 3},
		{"index overflow", crd + "2 2 1\n1 99999999999999999999 1\n", ErrRange, 3},
		{"entry in empty matrix", crd + "0 0 1\n1 1 1\n", ErrRange, 3},
		{"NaN", crd + "2 2 2\n1 1 1\n2 2 NaN\n", ErrNotFinite, 4},
		{"Inf", crd + "2 2 1\n1 1 +Inf\n", ErrNotFinite, 3},
		{"-infinity", crd + "2 2 1\n1 1 -infinity\n", ErrNotFinite, 3},
		{"overflow", crd + "2 2 1\n1 1 1e999\n", ErrNotFinite, 3},
		{"array NaN", arr + "1 1\nnan\n", ErrNotFinite, 3},
		{"integer overflow", "%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 " + strings.Repeat("9", 400) + "\n", ErrNotFinite, 3},
		{"duplicate sum overflows", crd + "1 1 2\n1 1 1e308\n1 1 1e308\n", ErrNotFinite, 4},
		{"truncated", crd + "2 2 3\n1 1 1\n2 2 2\n", ErrTruncated, 5},
		{"truncated unterminated", crd + "2 2 3\n1 1 1\n2 2 2", ErrTruncated, 4},
		{"truncated comments", crd + "2 2 3\n1 1 1\n% c\n", ErrTruncated, 5},
		{"truncated array", arr + "2 2\n1\n2\n3\n", ErrTruncated, 6},
		{"truncated huge nnz", crd + "2 2 1000000000000\n1 1 1\n", ErrTruncated, 4},
		{"trailing entry", crd + "2 2 1\n1 1 1\n2 2 2\n", ErrTrailing, 4},
		{"trailing after comments", crd + "2 2 1\n1 1 1\n% c\n\nx\n", ErrTrailing, 6},
		{"trailing array", arr + "1 1\n1\n2\n", ErrTrailing, 4},
		{"trailing zero entries", crd + "2 2 0\n1 1 1\n", ErrTrailing, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, rd := range []struct {
				name string
				fn   func(io.Reader) error
			}{
				{"ReadSparse", func(r io.Reader) error { _, err := ReadSparse(r); return err }},
				{"ReadDense", func(r io.Reader) error { _, err := ReadDense(r); return err }},
			} {
				err := rd.fn(strings.NewReader(tc.in))
				if !errors.Is(err, tc.err) {
					t.Fatalf("%s: error %v, want %v", rd.name, err, tc.err)
				}
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("%s: error %T is not a *ParseError", rd.name, err)
				}
				if pe.Line != tc.line {
					t.Errorf("%s: %v: line %d, want %d", rd.name, err, pe.Line, tc.line)
				}
				if want := fmt.Sprintf("line %d: ", tc.line); !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s: message %q does not start with %q", rd.name, err, want)
				}
			}
		})
	}
}

func TestTruncatedMessage(t *testing.T) {
	_, err := ReadSparse(strings.NewReader("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n"))
	if err == nil || !strings.Contains(err.Error(), "expected 3 entries, found 1") {
		t.Fatalf("error %v does not name the expected and found counts", err)
	}
}

func TestSizeLimits(t *testing.T) {
	_, err := ReadSparse(strings.NewReader(fmt.Sprintf("%%%%MatrixMarket matrix coordinate real general\n%d 1 0\n", maxSparseRows+1)))
	if !errors.Is(err, ErrSize) {
		t.Errorf("too many sparse rows: %v", err)
	}
	for _, in := range []string{
		"%%MatrixMarket matrix array real general\n100000 100000\n",
		"%%MatrixMarket matrix coordinate real general\n100000 100000 0\n",
		"%%MatrixMarket matrix array real general\n0 5\n",
		"%%MatrixMarket matrix coordinate real general\n5 0 0\n",
	} {
		if _, err := ReadDense(strings.NewReader(in)); !errors.Is(err, ErrSize) {
			t.Errorf("ReadDense(%q): %v, want ErrSize", in, err)
		}
	}
}

// TestNoBlindAllocation checks that sizes declared by a tiny file do not
// cause large allocations.
func TestNoBlindAllocation(t *testing.T) {
	for _, tc := range []struct {
		in   string
		read func(io.Reader) error
	}{
		{"%%MatrixMarket matrix coordinate real general\n3 3 1000000000000\n1 1 1\n", readSparse},
		{"%%MatrixMarket matrix coordinate real symmetric\n3 3 1000000000000\n1 1 1\n", readSparse},
		{"%%MatrixMarket matrix array real general\n1000000 1000000\n1\n", readSparse},
		{"%%MatrixMarket matrix coordinate real general\n3 3 1000000000000\n1 1 1\n", readDense},
		{"%%MatrixMarket matrix array real general\n40000 40000\n1\n", readDense},
		{"%%MatrixMarket matrix array real symmetric\n46000 46000\n1\n", readDense},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := tc.read(strings.NewReader(tc.in))
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("%q: error %v, want ErrTruncated", tc.in, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
			t.Errorf("%q: allocated %d bytes", tc.in, n)
		}
	}
}

func readSparse(r io.Reader) error { _, err := ReadSparse(r); return err }
func readDense(r io.Reader) error  { _, err := ReadDense(r); return err }

func TestLongLines(t *testing.T) {
	// Lines longer than the bufio buffer, both comments and entries.
	long := strings.Repeat(" ", 200000)
	in := "%%MatrixMarket matrix coordinate real general\n%" + strings.Repeat("x", 300000) + "\n2 2 1\n" + long + "2" + long + "1" + long + "0.5" + long + "\n"
	checkCSR(t, mustSparse(t, in), 2, 2, []int{0, 0, 1}, []int{0}, []float64{0.5})
}

type errReader struct {
	data string
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	boom := errors.New("boom")
	_, err := ReadSparse(&errReader{"%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n", boom})
	var pe *ParseError
	if !errors.Is(err, boom) || !errors.As(err, &pe) || pe.Line != 4 {
		t.Fatalf("error %v, want boom on line 4", err)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, io.ErrShortWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	m := randCSR(rnd, 500, 500, 0.1)
	for _, n := range []int{0, 10, 1000, 100000} {
		if err := WriteSparse(&failWriter{n}, m); !errors.Is(err, io.ErrShortWrite) {
			t.Errorf("WriteSparse with writer failing after %d bytes: %v", n, err)
		}
	}
	// The error from the final Flush is returned too.
	small := sparse.NewCSR(1, 1, []int{0, 1}, []int{0}, []float64{1})
	if err := WriteSparse(&failWriter{10}, small); !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("WriteSparse flush error: %v", err)
	}
	d := mat.NewDense(300, 300, nil)
	for _, n := range []int{0, 10, 100000} {
		if err := WriteDense(&failWriter{n}, d); !errors.Is(err, io.ErrShortWrite) {
			t.Errorf("WriteDense with writer failing after %d bytes: %v", n, err)
		}
	}
	if err := WriteDense(&failWriter{10}, mat.NewDense(1, 1, nil)); !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("WriteDense flush error: %v", err)
	}

	// Non-finite values and out-of-range entries are refused before
	// anything is written.
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		var buf bytes.Buffer
		bad := sparse.NewCSR(2, 2, []int{0, 1, 2}, []int{0, 1}, []float64{1, v})
		if err := WriteSparse(&buf, bad); !errors.Is(err, ErrNotFinite) || buf.Len() != 0 {
			t.Errorf("WriteSparse(%v): %v, %d bytes written", v, err, buf.Len())
		}
		if err := WriteDense(&buf, mat.NewDense(1, 2, []float64{1, v})); !errors.Is(err, ErrNotFinite) || buf.Len() != 0 {
			t.Errorf("WriteDense(%v): %v, %d bytes written", v, err, buf.Len())
		}
	}
	var buf bytes.Buffer
	bad := sparse.NewCOO(2, 2, []int{0, 2}, []int{0, 0}, []float64{1, 1})
	if err := WriteSparse(&buf, bad); !errors.Is(err, ErrRange) || buf.Len() != 0 {
		t.Errorf("WriteSparse out of range: %v, %d bytes written", err, buf.Len())
	}
}

// garble returns a random mutation of a valid file, or random bytes.
func garble(rnd *rand.Rand, seeds []string) []byte {
	alphabet := []byte("0123456789 \t\n\r%-+.eEnNaIifx_MmatrixcoordinaterealgeneralpatternsymmetricskewintegerarrayD\x00\xff")
	if rnd.IntN(10) == 0 {
		b := make([]byte, rnd.IntN(200))
		for i := range b {
			if rnd.IntN(2) == 0 {
				b[i] = byte(rnd.UintN(256))
			} else {
				b[i] = alphabet[rnd.IntN(len(alphabet))]
			}
		}
		return b
	}
	b := []byte(seeds[rnd.IntN(len(seeds))])
	for range 1 + rnd.IntN(3) {
		if len(b) == 0 {
			b = append(b, alphabet[rnd.IntN(len(alphabet))])
			continue
		}
		p := rnd.IntN(len(b))
		switch rnd.IntN(6) {
		case 0: // replace a byte
			b[p] = alphabet[rnd.IntN(len(alphabet))]
		case 1: // insert a byte
			b = append(b[:p], append([]byte{alphabet[rnd.IntN(len(alphabet))]}, b[p:]...)...)
		case 2: // delete a run
			q := min(len(b), p+1+rnd.IntN(8))
			b = append(b[:p], b[q:]...)
		case 3: // truncate
			b = b[:p]
		case 4: // duplicate a run
			q := min(len(b), p+1+rnd.IntN(30))
			b = append(b[:q], append(append([]byte(nil), b[p:q]...), b[q:]...)...)
		case 5: // insert a large number
			num := []string{"99999999999999999999", "1e309", "-1", "0", "2147483648", "nan", "9223372036854775807"}[rnd.IntN(7)]
			b = append(b[:p], append([]byte(num), b[p:]...)...)
		}
	}
	return b
}

var seedFiles = []string{
	"%%MatrixMarket matrix coordinate real general\n3 4 5\n1 1 1.5\n3 4 -2\n2 2 0\n1 1 3\n% c\n3 1 1e-300\n",
	"%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 4\n2 1 -1\n3 2 2.5\n",
	"%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1\n3 1 -2\n",
	"%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n",
	"%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 2 7\n2 1 -3\n",
	"%%MatrixMarket matrix array real general\n2 2\n1\n0\n-3.5\n4\n",
	"%%MatrixMarket matrix array integer symmetric\n2 2\n1\n2\n3\n",
	"%%MatrixMarket matrix coordinate real general\n0 0 0\n",
	"%%MatrixMarket matrix coordinate real general\r\n% comment\r\n\r\n2 3 1\r\n2 3 5\r\n",
}

func TestGarbledInputNeverPanics(t *testing.T) {
	defer setLimits(1<<12, 1<<16)()
	rnd := rand.New(rand.NewPCG(7, 8))
	parsed := 0
	n := 30000
	if testing.Short() {
		n = 3000
	}
	for range n {
		if checkInput(t, garble(rnd, seedFiles)) {
			parsed++
		}
	}
	t.Logf("%d of %d garbled inputs parsed", parsed, n)
}

// setLimits lowers the size limits and returns a function restoring them.
func setLimits(rows, elements int) func() {
	r, e := maxSparseRows, maxDenseElements
	maxSparseRows, maxDenseElements = rows, elements
	return func() { maxSparseRows, maxDenseElements = r, e }
}

// checkRoundTrip writes m and reads it back, requiring an identical matrix.
func checkRoundTrip(m *sparse.CSR) error {
	var buf bytes.Buffer
	if err := WriteSparse(&buf, m); err != nil {
		return fmt.Errorf("WriteSparse: %v", err)
	}
	m2, err := ReadSparse(&buf)
	if err != nil {
		return fmt.Errorf("reading back: %v", err)
	}
	if err := sameCSR(m, m2); err != nil {
		return fmt.Errorf("round trip: %v", err)
	}
	return nil
}

func FuzzReadSparse(f *testing.F) {
	for _, s := range seedFiles {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		// Keep the allocations driven by declared sizes small.
		defer setLimits(1<<12, 1<<16)()
		checkInput(t, in)
	})
}

// checkInput checks that reading in does not panic, that errors are
// *ParseErrors with a line number, that a successfully read matrix is
// canonical and survives WriteSparse and ReadSparse unchanged, and that the
// fast and general parsing paths agree. It reports whether in was read.
func checkInput(t *testing.T, in []byte) bool {
	t.Helper()
	m, err := ReadSparse(bytes.NewReader(in))
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line < 1 {
			t.Fatalf("ReadSparse(%q): error %v (%T) is not a *ParseError with a line", in, err, err)
		}
	} else {
		// The result is canonical: sorted unique columns per row.
		raw := m.RawMatrix()
		for i := 0; i+1 < len(raw.Indptr); i++ {
			for k := raw.Indptr[i] + 1; k < raw.Indptr[i+1]; k++ {
				if raw.Ind[k] <= raw.Ind[k-1] {
					t.Fatalf("ReadSparse(%q): row %d not sorted and unique: %v", in, i, raw.Ind[raw.Indptr[i]:raw.Indptr[i+1]])
				}
			}
		}
		if err := checkRoundTrip(m); err != nil {
			t.Fatalf("ReadSparse(%q): %v", in, err)
		}
	}
	// The general parsing path gives the same result as the fast one.
	useFastPath = false
	m2, err2 := ReadSparse(bytes.NewReader(in))
	useFastPath = true
	if fmt.Sprint(err) != fmt.Sprint(err2) {
		t.Fatalf("ReadSparse(%q): fast path error %v, general path error %v", in, err, err2)
	}
	if err == nil {
		if err := sameCSR(m, m2); err != nil {
			t.Fatalf("ReadSparse(%q): fast and general paths differ: %v", in, err)
		}
	}
	if _, err := ReadDense(bytes.NewReader(in)); err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line < 1 {
			t.Fatalf("ReadDense(%q): error %v (%T) is not a *ParseError with a line", in, err, err)
		}
	}
	return err == nil
}

// genFile returns a coordinate file with n random entries in a
// rows×cols matrix, in random order.
func genFile(n, rows, cols int) []byte {
	rnd := rand.New(rand.NewPCG(9, 10))
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%%%%MatrixMarket matrix coordinate real general\n%d %d %d\n", rows, cols, n)
	b := make([]byte, 0, 64)
	for range n {
		b = fmt.Appendf(b[:0], "%d %d ", 1+rnd.IntN(rows), 1+rnd.IntN(cols))
		b = append(b, fmt.Sprint(rnd.Float64()*10)...)
		b = append(b, '\n')
		buf.Write(b)
	}
	return buf.Bytes()
}

func BenchmarkReadSparse1M(b *testing.B) {
	data := genFile(1_000_000, 50_000, 20_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadSparse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSparse1M(b *testing.B) {
	m, err := ReadSparse(bytes.NewReader(genFile(1_000_000, 50_000, 20_000)))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := WriteSparse(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFastFloat compares fastFloat with strconv.ParseFloat.
func TestFastFloat(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	check := func(s string) {
		want, werr := strconv.ParseFloat(s, 64)
		got, ok := fastFloat([]byte(s))
		if !ok {
			return
		}
		if werr != nil {
			t.Fatalf("fastFloat(%q) = %v, ParseFloat fails: %v", s, got, werr)
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("fastFloat(%q) = %v (%#x), want %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, s := range []string{
		"0", "-0", "+0", "0.0", "-0.0e10", ".5", "5.", "-.5e-3", "00012.5000", "1e22", "1e23",
		"9007199254740993", "9007199254740992", "9007199254740991", "18446744073709551615",
		"9999999999999999999", "1.7976931348623157e308", "1.7976931348623159e308", "2.2250738585072014e-308",
		"4.9406564584124654e-324", "1e-400", "1e400", "0.1", "0.30000000000000004",
		"1", "-", "+", ".", "e5", "1e", "1e+", "1e-", "1.2.3", "1e5e5", "0x10", "1_0", "inf", "NaN", "",
		"123456789012345678901234567890", "0.000000000000000000000000000001234",
	} {
		check(s)
	}
	n := 1000000
	if testing.Short() {
		n = 100000
	}
	var b []byte
	for range n {
		switch rnd.IntN(3) {
		case 0: // shortest representation of a random float64
			v := math.Float64frombits(rnd.Uint64())
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			b = strconv.AppendFloat(b[:0], v, 'g', -1, 64)
		case 1: // typical magnitudes
			b = strconv.AppendFloat(b[:0], rnd.NormFloat64()*math.Pow(10, float64(rnd.IntN(20)-10)), "geE"[rnd.IntN(3)], -1, 64)
		default: // random digit strings
			b = b[:0]
			if rnd.IntN(2) == 0 {
				b = append(b, "+-"[rnd.IntN(2)])
			}
			nd := rnd.IntN(22)
			dot := rnd.IntN(nd + 2)
			for k := range nd {
				if k == dot {
					b = append(b, '.')
				}
				d := byte('0' + rnd.IntN(10))
				if rnd.IntN(4) == 0 {
					d = '0'
				}
				b = append(b, d)
			}
			if rnd.IntN(2) == 0 {
				b = append(b, 'e')
				b = strconv.AppendInt(b, int64(rnd.IntN(800)-400), 10)
			}
		}
		check(string(b))
	}
}

// TestFastFloatAllocatesNothing: the values WriteSparse writes, up to the
// longest shortest representation of a float64, parse without an
// allocation (the string made of the bytes stays on the stack).
func TestFastFloatAllocatesNothing(t *testing.T) {
	var fields [][]byte
	for _, v := range []float64{0, 1, -2, 0.1, 3.0517578125e-05, 123456.789, -2.2250738585072014e-308, math.MaxFloat64, 5e-324} {
		fields = append(fields, strconv.AppendFloat(nil, v, 'g', -1, 64))
	}
	fields = append(fields, []byte("-0.12345678901234567e+123"))
	sum := 0.0
	allocs := testing.AllocsPerRun(100, func() {
		for _, b := range fields {
			v, ok := fastFloat(b)
			if !ok {
				t.Fatalf("fastFloat(%q) failed", b)
			}
			sum += v
		}
	})
	if allocs != 0 {
		t.Errorf("fastFloat allocates %v times per %d values", allocs, len(fields))
	}
}
