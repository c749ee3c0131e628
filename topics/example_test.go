package topics_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/topics"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Fit four topics on the project's small corpus and print them, with the
// model's metrics and the report of the run.
func Example() {
	docs, err := corpus.List("../testdata/corpus")
	if err != nil {
		log.Fatal(err)
	}
	opt := topics.DefaultOptions()
	opt.K = 4
	opt.Top = 6
	fit, err := topics.Fit(context.Background(), docs, opt)
	if err != nil {
		log.Fatal(err)
	}
	model := fit.Model
	for _, t := range model.Topics {
		fmt.Printf("topic %d: %s\n", t.ID, words(t))
	}
	fmt.Printf("%d documents, %d iterations (%s), relative error %.3f, diversity %.2f\n",
		len(model.Documents), fit.Report.Iterations, fit.Report.Status, model.Metrics.RelativeError, model.Metrics.Diversity)
	// Output:
	// topic 0: bank rates higher inflation investors stocks
	// topic 1: baking flour cook butter minutes simmer
	// topic 2: club league coach fans match team
	// topic 3: space orbit launch satellites mission agency
	// 48 documents, 20 iterations (converged), relative error 0.855, diversity 1.00
}

// words joins a topic's words as they are shown.
func words(t topics.Topic) string {
	var out []string
	for _, w := range t.Words {
		out = append(out, w.Term)
	}
	return strings.Join(out, " ")
}

// fitSmall fits four topics on the project's small corpus.
func fitSmall() *topics.Model {
	docs, err := corpus.List("../testdata/corpus")
	if err != nil {
		log.Fatal(err)
	}
	opt := topics.DefaultOptions()
	opt.K = 4
	fit, err := topics.Fit(context.Background(), docs, opt)
	if err != nil {
		log.Fatal(err)
	}
	return fit.Model
}

// The top words of any factorization: here W from package nmf, over the
// vocabulary and matrix of package vectorize.
func ExampleTopWords() {
	ctx := context.Background()
	docs, err := corpus.List("../testdata/corpus")
	if err != nil {
		log.Fatal(err)
	}
	analyzer, err := vectorize.NewAnalyzer(vectorize.DefaultSettings())
	if err != nil {
		log.Fatal(err)
	}
	counts, err := vectorize.Count(ctx, docs, analyzer, vectorize.CountOptions{})
	if err != nil {
		log.Fatal(err)
	}
	vocab, err := vectorize.NewVocabulary(counts, vectorize.DefaultOptions())
	if err != nil {
		log.Fatal(err)
	}
	res, err := nmf.Factorize(ctx, vocab.Matrix(counts), 4, nmf.DefaultMethod(nmf.Frobenius), nmf.DefaultSettings())
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range topics.TopWords(res.W, vocab.Terms, vocab.Surface, 5) {
		fmt.Printf("topic %d: %s\n", t.ID, words(t))
	}
	// Output:
	// topic 0: bank rates higher inflation bond
	// topic 1: flour baking butter pasta cook
	// topic 2: club league coach fans match
	// topic 3: launch space satellites orbit agency
}

// Give new documents their topic weights: one row per document, in the
// order given; a document with no word of the vocabulary gets zeros, and
// an empty one is reported as skipped.
func ExampleModel_Transform() {
	model := fitSmall()
	news := []corpus.Document{
		{ID: "launch", Text: []byte("The rocket carried two satellites into orbit after the launch.")},
		{ID: "empty", Text: []byte{}},
		{ID: "recipe", Text: []byte("Knead the flour with butter, then bake for twenty minutes.")},
		{ID: "unknown", Text: []byte("Zebras quietly yawned.")},
	}
	h, skipped, err := model.Transform(context.Background(), news)
	if err != nil {
		log.Fatal(err)
	}
	for j, weights := range topics.DocumentTopics(h) {
		fmt.Printf("%-8s %.2f\n", news[j].ID, weights)
	}
	fmt.Println("skipped:", skipped)
	// Output:
	// launch   [0.00 0.00 0.00 1.00]
	// empty    [0.00 0.00 0.00 0.00]
	// recipe   [0.00 1.00 0.00 0.00]
	// unknown  [0.00 0.00 0.00 0.00]
	// skipped: [1]
}

// Save a model and load it back: the loaded model transforms documents
// to the same weights.
func ExampleModel_Save() {
	model := fitSmall()
	var file bytes.Buffer
	if err := model.Save(&file); err != nil {
		log.Fatal(err)
	}
	loaded, err := topics.Load(&file)
	if err != nil {
		log.Fatal(err)
	}
	doc := []corpus.Document{{ID: "new", Text: []byte("The striker scored twice and the fans sang.")}}
	before, _, err := model.Transform(context.Background(), doc)
	if err != nil {
		log.Fatal(err)
	}
	after, _, err := loaded.Transform(context.Background(), doc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("topic 2: %s\n", words(loaded.Topics[2]))
	fmt.Printf("weights %.2f, the same after loading: %v\n", topics.DocumentTopics(after)[0], mat.Equal(before, after))
	// Output:
	// topic 2: club league coach fans match team players striker scored goals
	// weights [0.00 0.00 1.00 0.00], the same after loading: true
}

// Load a model file (here one saved by an earlier version, with its run
// report) and read its topics.
func ExampleLoad() {
	f, err := os.Open("testdata/model-v1.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	model, err := topics.Load(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("k = %d, %d terms, %d documents\n", model.K, len(model.Vocabulary.Terms), len(model.Documents))
	for _, t := range model.TopWords(4) {
		fmt.Printf("topic %d: %s\n", t.ID, words(t))
	}
	// Output:
	// k = 3, 457 terms, 48 documents
	// topic 0: bank rates higher inflation
	// topic 1: flour baking butter cook
	// topic 2: club league coach fans
}

// Feeding batches yourself: a vocabulary from one pass that keeps only the
// dictionary, then batches of documents (here from the project's corpus;
// from a database or a queue in practice) learned one at a time.
func ExampleOnline_PartialFit() {
	ctx := context.Background()
	docs, err := corpus.List("../testdata/corpus")
	if err != nil {
		log.Fatal(err)
	}
	opt := topics.DefaultOptions()
	opt.K = 4
	analyzer, err := vectorize.NewAnalyzer(opt.Analysis)
	if err != nil {
		log.Fatal(err)
	}
	dict, err := vectorize.Count(ctx, docs, analyzer, vectorize.CountOptions{DictionaryOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	vocab, err := vectorize.NewVocabulary(dict, opt.Vocabulary)
	if err != nil {
		log.Fatal(err)
	}
	online, err := topics.NewOnline(vocab, opt, nmf.DefaultOnlineSettings())
	if err != nil {
		log.Fatal(err)
	}
	// Batches that mix the themes (the folders are sorted by theme).
	for pass := range 5 {
		for b := range 4 {
			var batch []corpus.Document
			for i := b; i < len(docs); i += 4 {
				batch = append(batch, docs[i])
			}
			if _, _, err := online.PartialFit(ctx, batch); err != nil {
				log.Fatal(pass, err)
			}
		}
	}
	for _, t := range online.Model.TopWords(5) {
		fmt.Printf("topic %d: %s\n", t.ID, words(t))
	}
	// Output:
	// topic 0: bank rates higher inflation investors
	// topic 1: coach club fans match league
	// topic 2: space satellites launch orbit agency
	// topic 3: baking flour cook butter minutes
}
