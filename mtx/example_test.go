package mtx_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/james-bowman/sparse"
	"github.com/nmftopics/nmftopics/mtx"
	"gonum.org/v1/gonum/mat"
)

func Example() {
	// A 2×3 matrix with three stored entries.
	m := sparse.NewCSR(2, 3, []int{0, 2, 3}, []int{0, 2, 1}, []float64{1.5, -2, 0.1})

	var buf bytes.Buffer
	if err := mtx.WriteSparse(&buf, m); err != nil {
		log.Fatal(err)
	}
	fmt.Print(buf.String())

	back, err := mtx.ReadSparse(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Equal(m, back))

	// Output:
	// %%MatrixMarket matrix coordinate real general
	// 2 3 3
	// 1 1 1.5
	// 1 3 -2
	// 2 2 0.1
	// true
}

func ExampleReadSparse() {
	// A symmetric file with a duplicate entry, as written by other tools.
	const in = `%%MatrixMarket matrix coordinate real symmetric
% lower triangle only
3 3 4
1 1 2
3 1 0.5
3 1 0.25
2 2 1
`
	m, err := mtx.ReadSparse(strings.NewReader(in))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v\n", mat.Formatted(m))

	// Errors carry the line number.
	_, err = mtx.ReadSparse(strings.NewReader("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n"))
	fmt.Println(err)

	// Output:
	// ⎡   2     0  0.75⎤
	// ⎢   0     1     0⎥
	// ⎣0.75     0     0⎦
	// line 3: index out of range: row index "3" not in [1, 2]
}

func ExampleWriteDense() {
	w := mat.NewDense(2, 2, []float64{
		1, 2,
		3, 4,
	})
	// Array files are column-major.
	if err := mtx.WriteDense(os.Stdout, w); err != nil {
		log.Fatal(err)
	}
	// Output:
	// %%MatrixMarket matrix array real general
	// 2 2
	// 1
	// 3
	// 2
	// 4
}
