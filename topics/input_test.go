package topics

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// TestModelKeepsInput: how the training documents were read (format, text
// and id fields) is saved in the model and loaded back; a model saved
// before it was kept loads with none (the zero Layout).
func TestModelKeepsInput(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.K, opt.Settings.MaxIter, opt.Coherence = 2, 5, nil
	opt.Input = corpus.Layout{Format: corpus.JSONL, TextField: "body", IDField: "key"}
	res, err := Fit(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Model.Input != opt.Input {
		t.Fatalf("the model's input %+v, want %+v", res.Model.Input, opt.Input)
	}
	var buf bytes.Buffer
	if err := res.Model.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"input":{"format":"jsonl","text_field":"body","id_field":"key"}`) {
		t.Errorf("the file does not hold the input: %.300s", buf.String())
	}
	m, err := Load(&buf)
	if err != nil || m.Input != opt.Input {
		t.Fatalf("loaded input %+v, %v", m.Input, err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "model-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if old, err := Load(bytes.NewReader(raw)); err != nil || old.Input != (corpus.Layout{}) {
		t.Errorf("version 1 file: input %+v, %v", old.Input, err)
	}
}
