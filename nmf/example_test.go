package nmf_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/nmf"
)

// Factorize a small non-negative matrix of rank 2 exactly.
func ExampleFactorize() {
	x := mat.NewDense(4, 3, []float64{
		1, 0, 2,
		2, 0, 4,
		0, 3, 0,
		1, 3, 2,
	})
	s := nmf.DefaultSettings()
	s.Tol = 0
	s.MaxIter = 500
	res, err := nmf.Factorize(context.Background(), x, 2, nmf.DefaultMethod(nmf.Frobenius), s)
	if err != nil {
		log.Fatal(err)
	}
	m, err := nmf.Evaluate(x, res.W, res.H)
	if err != nil {
		log.Fatal(err)
	}
	var wh mat.Dense
	wh.Mul(res.W, res.H)
	fmt.Printf("%d iterations, %v, relative error < 1e-6: %v\n", res.Iterations, res.Status, m.RelativeError < 1e-6)
	fmt.Printf("WH =\n%.3f\n", mat.Formatted(&wh))
	// Output:
	// 500 iterations, iteration_limit, relative error < 1e-6: true
	// WH =
	// ⎡1.000  0.000  2.000⎤
	// ⎢2.000  0.000  4.000⎥
	// ⎢0.000  3.000  0.000⎥
	// ⎣1.000  3.000  2.000⎦
}
