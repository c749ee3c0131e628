package coherence_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/nmftopics/nmftopics/coherence"
)

// Score two topics against a few documents with two measures: the words of
// the first occur together; those of the second never share a document, so
// every pair of them scores the floor that ε = 1e-12 sets.
func Example() {
	texts := []string{
		"the rocket launch put a satellite into orbit",
		"engineers delayed the rocket launch by a day",
		"the satellite reached its orbit after launch",
		"the team scored a late goal to win the match",
		"fans cheered as the team won the match",
		"the market fell as shares in the team owner slid",
	}
	var docs [][]string
	for _, t := range texts {
		docs = append(docs, strings.Fields(t))
	}
	topics := [][]string{
		{"rocket", "launch", "orbit", "satellite"},
		{"goal", "shares", "orbit", "fans"},
	}
	docIDs, topicIDs := coherence.Strings(docs, topics)

	results, err := coherence.Score(context.Background(), docIDs, topicIDs,
		[]coherence.Measure{coherence.UMass, coherence.NPMI}, coherence.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Printf("%-5s topic 1 %6.2f  topic 2 %6.2f  mean %6.2f\n", r.Measure, r.PerTopic[0], r.PerTopic[1], r.Mean)
	}
	// Output:
	// umass topic 1  -0.37  topic 2 -25.95  mean -13.16
	// npmi  topic 1   0.56  topic 2  -0.88  mean  -0.16
}
