package topics

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// TestModelKeepsContent: a model saves its content setting, and Transform
// reads new documents through it; a model saved before the setting existed
// reads text as it is.
func TestModelKeepsContent(t *testing.T) {
	m := fitTestdata(t, 3)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"content":"auto"`) || !strings.Contains(buf.String(), `"quotes":"keep"`) {
		t.Fatal("the model does not save its content setting")
	}
	l, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	docs := []corpus.Document{
		{ID: "page.html", Text: []byte(`<p class="rocket launch orbit">Knead the flour with butter, then bake.</p>`)},
		{ID: "text", Text: []byte("Knead the flour with butter, then bake.")},
	}
	h, _, err := l.Transform(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(h.ColView(0), h.ColView(1)) {
		t.Errorf("the page's tags are read: %v, %v", mat.Col(nil, 0, h), mat.Col(nil, 1, h))
	}
	l.Analysis.Content = "" // as a model saved before contents existed
	h, _, err = l.Transform(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if mat.Equal(h.ColView(0), h.ColView(1)) {
		t.Error("a model without a content setting strips tags")
	}
}

func TestVersion1FileReadsPlainText(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "model-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Analysis.Content != "" || m.Analysis.Quotes != "" {
		t.Errorf("content %q, quotes %q", m.Analysis.Content, m.Analysis.Quotes)
	}
	a, err := vectorize.NewAnalyzer(m.Analysis)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.CharFilters) != 0 {
		t.Errorf("char filters %v for a model saved before contents existed", a.CharFilters)
	}
}
