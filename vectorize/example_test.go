package vectorize_test

import (
	"context"
	"fmt"
	"log"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Turn four short documents into their TF-IDF matrix: analyze and count
// them, keep the terms of at least two documents (and not of all), and
// weigh the counts.
func Example() {
	docs := []corpus.Document{
		{ID: "launch", Text: []byte("The rocket launched two satellites. Rockets are loud.")},
		{ID: "orbit", Text: []byte("A satellite reached orbit after the launch of the rocket.")},
		{ID: "markets", Text: []byte("Investors sold shares as markets fell after the rate rise.")},
		{ID: "rates", Text: []byte("Markets expect another rate rise; investors are nervous.")},
	}
	analyzer, err := vectorize.NewAnalyzer(vectorize.DefaultSettings()) // English stems, stop words
	if err != nil {
		log.Fatal(err)
	}
	counts, err := vectorize.Count(context.Background(), docs, analyzer, vectorize.CountOptions{})
	if err != nil {
		log.Fatal(err)
	}
	vocab, err := vectorize.NewVocabulary(counts, vectorize.DefaultOptions()) // min df 2, max df 0.95
	if err != nil {
		log.Fatal(err)
	}
	x := vocab.Matrix(counts) // terms × documents, each column of unit length

	fmt.Println("terms:  ", vocab.Terms)
	fmt.Println("surface:", vocab.Surface)
	terms, documents := x.Dims()
	fmt.Printf("X: %d terms × %d documents, %d non-zeros\n", terms, documents, x.NNZ())
	fmt.Printf("weights in %q:\n", counts.Docs[0].ID)
	for i, surface := range vocab.Surface {
		if w := x.At(i, 0); w > 0 {
			fmt.Printf("  %-10s %.3f\n", surface, w)
		}
	}
	fmt.Println("row of the stem market:", vocab.Index("market"))
	// Output:
	// terms:   [investor launch market rate rise rocket satellit]
	// surface: [investors launch markets rate rise rocket satellite]
	// X: 7 terms × 4 documents, 14 non-zeros
	// weights in "launch":
	//   launch     0.408
	//   rocket     0.816
	//   satellite  0.408
	// row of the stem market: 2
}

// See what the default analysis makes of a sentence: its terms (lower-cased
// stems, stop words removed), each with its position among the words and
// the word it came from.
func ExampleAnalyzer_Analyze() {
	analyzer, err := vectorize.NewAnalyzer(vectorize.DefaultSettings())
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range analyzer.Analyze(nil, []byte("The People's PARTIES were running."), 0) {
		fmt.Printf("%d %s (%s)\n", t.Position, t.Term, t.Surface)
	}
	// Output:
	// 1 peopl (people)
	// 2 parti (parties)
	// 4 run (running)
}
