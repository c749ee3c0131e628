package topics_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/topics"
	"github.com/nmftopics/nmftopics/vectorize"
)

// A whole session: fit four topics on the project's small corpus, print
// them and the metrics, give a new document its topic weights, save the
// model and load it back.
func Example() {
	docs, err := corpus.List("../testdata/corpus")
	if err != nil {
		log.Fatal(err)
	}
	opt := topics.DefaultOptions()
	opt.K = 4
	opt.Top = 6
	model, err := topics.Fit(context.Background(), docs, opt)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range model.Topics {
		var words []string
		for _, w := range t.Words {
			words = append(words, w.Term)
		}
		fmt.Printf("topic %d: %s\n", t.ID, strings.Join(words, " "))
	}
	fmt.Printf("%d documents, %d iterations, relative error %.3f, diversity %.2f\n",
		len(model.Documents), model.Iterations, model.Metrics.RelativeError, model.Metrics.Diversity)

	news := []corpus.Document{{ID: "new", Text: []byte("The rocket carried two satellites into orbit after the launch.")}}
	h, _, err := model.Transform(context.Background(), news)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("new document: %.2f\n", topics.DocumentTopics(h)[0])

	var file bytes.Buffer
	if err := model.Save(&file); err != nil {
		log.Fatal(err)
	}
	loaded, err := topics.Load(&file)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("loaded:", loaded.Topics[3].Words[0].Term, loaded.Topics[3].Words[0].Stem)
	// Output:
	// topic 0: bank rates higher inflation bond stocks
	// topic 1: flour baking butter pasta cook minutes
	// topic 2: club league coach fans match striker
	// topic 3: launch space satellites orbit agency rocket
	// 48 documents, 11 iterations, relative error 0.858, diversity 1.00
	// new document: [0.00 0.00 0.00 1.00]
	// loaded: launch launch
}

// Feeding batches yourself: a vocabulary from one pass that keeps only the
// dictionary, then batches of documents (here from the project's corpus;
// from a database or a queue in practice) learned one at a time.
func ExampleModel_PartialFit() {
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
	model, err := topics.NewOnline(vocab, opt, nmf.DefaultOnlineSettings())
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
			if _, _, err := model.PartialFit(ctx, batch); err != nil {
				log.Fatal(pass, err)
			}
		}
	}
	for _, t := range model.TopWords(5) {
		var words []string
		for _, w := range t.Words {
			words = append(words, w.Term)
		}
		fmt.Printf("topic %d: %s\n", t.ID, strings.Join(words, " "))
	}
	// Output:
	// topic 0: bank rates higher inflation stocks
	// topic 1: club coach league fans match
	// topic 2: launch satellites space rocket agency
	// topic 3: flour baking butter cook minutes
}
