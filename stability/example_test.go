package stability_test

import (
	"fmt"
	"log"

	"github.com/nmftopics/nmftopics/stability"
)

// Match workers to jobs at least cost.
func ExampleAssign() {
	cost := [][]float64{
		{11, 6, 12},
		{12, 4, 6},
		{8, 12, 11},
	}
	rowToCol, total, err := stability.Assign(cost)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rowToCol, total)
	// Output:
	// [1 2 0] 20
}

// Compare the topics of two runs: the second found the same two themes, in
// the other order, with its words ranked a little differently. The finance
// topics score (1 + 1 + 2/4 + 1)/4 = 0.875, the sport topics
// (0 + 1 + 2/4 + 3/5)/4 = 0.525 (their first words differ).
func ExampleAgreement() {
	ref := [][]string{
		{"bank", "rates", "inflation", "bond"},
		{"club", "league", "coach", "fans"},
	}
	other := [][]string{
		{"league", "club", "fans", "match"},
		{"bank", "rates", "bond", "inflation"},
	}
	score, match, err := stability.Agreement(ref, other, 4)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f %v\n", score, match)
	// Output:
	// 0.7000 [1 0]
}

// Score the consensus of three runs over five documents (scipy's
// cophenet and numpy give the same numbers).
func ExampleConsensus() {
	c, err := stability.NewConsensus(5)
	if err != nil {
		log.Fatal(err)
	}
	runs := [][]int{
		{0, 0, 1, 1, 1},
		{1, 1, 0, 0, 0}, // the same clustering, other names
		{0, 0, 0, 1, 1},
	}
	for _, labels := range runs {
		if err := c.Add(labels, nil); err != nil {
			log.Fatal(err)
		}
	}
	cons := c.Matrix()
	coph, err := stability.Cophenetic(cons)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("cophenetic %.4f, dispersion %.4f\n", coph, stability.Dispersion(cons))
	// Output:
	// cophenetic 0.9497, dispersion 0.7156
}
