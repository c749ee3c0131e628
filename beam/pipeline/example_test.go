package pipeline_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	// The runners a program may name; prism runs pipelines in process.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/nmftopics/nmftopics/beam/pipeline"
)

// Fit four topics to a small corpus with Beam, in process on the prism
// runner, and print the corpus's size, the final objective and each
// topic's heaviest words. A program calls flag.Parse and beam.Init first
// thing in main: on a cluster, Beam's workers run the same binary.
func ExampleRun() {
	work, err := os.MkdirTemp("", "beam-work")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)

	cfg := pipeline.DefaultConfig()
	cfg.Input = "../../testdata/corpus" // a folder of text files, one document each
	cfg.Work = work                     // the driver and the pipelines hand files over here
	cfg.K, cfg.Epochs, cfg.Shards = 4, 10, 4

	res, err := pipeline.Run(context.Background(), cfg, pipeline.RunnerExecutor("prism"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d documents, %d terms, %d shards: objective %.4f\n",
		res.Documents, res.Terms, len(res.Shards), res.Metrics.Objective)
	for t, words := range pipeline.TopWords(res.W, res.Vocabulary, 5) {
		fmt.Printf("topic %d: %s\n", t+1, strings.Join(words, " "))
	}
	// Output:
	// 48 documents, 457 terms, 4 shards: objective 17.6503
	// topic 1: bank rates higher inflation bond
	// topic 2: club league coach fans match
	// topic 3: launch space satellites orbit agency
	// topic 4: flour baking butter pasta cook
}

// The same fit on one machine, without Beam: the reference a run is
// checked against.
func ExampleLocalFit() {
	cfg := pipeline.DefaultConfig()
	cfg.Input = "../../testdata/corpus"
	cfg.K, cfg.Epochs, cfg.Shards = 4, 10, 4

	res, err := pipeline.LocalFit(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range res.Trace[:3] {
		fmt.Printf("epoch %d: objective %.4f\n", e.Epoch, e.Objective)
	}
	fmt.Printf("final: objective %.4f, relative error %.4f\n", res.Metrics.Objective, res.Metrics.RelativeError)
	// Output:
	// epoch 1: objective 19.9410
	// epoch 2: objective 17.9314
	// epoch 3: objective 17.7125
	// final: objective 17.6503, relative error 0.8576
}
