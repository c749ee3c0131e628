package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/report"
)

// readPage reads the data of the report page at path.
func readPage(t *testing.T, path string) *report.Data {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := report.ReadData(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestFitReportAndModelReport checks fit --report, the topics' documents
// in the JSON report and the model, and report --model with and without
// the corpus: the same topics and documents, snippets only with the
// corpus.
func TestFitReportAndModelReport(t *testing.T) {
	dir := t.TempDir()
	out := func(n string) string { return filepath.Join(dir, n) }
	code, _, stderr := runCLI(t, "fit", "-k", "4", "--top-docs", "3", "--json", out("r.json"), "--save", out("m.json"), "--report", out("fit.html"), testCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep fitReport
	b, _ := os.ReadFile(out("r.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	fit := readPage(t, out("fit.html"))
	if len(fit.Topics) != 4 || fit.Fit.K != 4 || fit.Corpus.Documents != 48 || fit.Fit.Iterations != rep.Iterations {
		t.Fatalf("page: %d topics, k %d, %d documents, %d iterations", len(fit.Topics), fit.Fit.K, fit.Corpus.Documents, fit.Fit.Iterations)
	}
	for i, topic := range rep.Topics {
		if len(topic.Documents) != 3 || len(fit.Topics[i].Documents) != 3 {
			t.Fatalf("topic %d: %d documents in the JSON, %d on the page, want 3", i, len(topic.Documents), len(fit.Topics[i].Documents))
		}
		for j, d := range topic.Documents {
			pd := fit.Topics[i].Documents[j]
			if pd.ID != d.ID || pd.Weight != d.Weight || pd.Snippet == "" {
				t.Errorf("topic %d document %d: page %+v, JSON %+v", i, j, pd, d)
			}
		}
	}
	// From the saved model: no corpus, no snippets, the same numbers.
	code, _, stderr = runCLI(t, "report", "--model", out("m.json"))
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	bare := readPage(t, out("m.html")) // the default --out
	for i := range fit.Topics {
		ft, bt := fit.Topics[i], bare.Topics[i]
		if ft.Share != bt.Share || ft.X != bt.X || len(ft.Terms) != len(bt.Terms) || len(bt.Documents) != 3 {
			t.Fatalf("topic %d differs from the model's page: %+v / %+v", i, ft, bt)
		}
		for _, d := range bt.Documents {
			if d.Snippet != "" {
				t.Errorf("a snippet without the corpus: %+v", d)
			}
		}
	}
	if bare.Fit.Iterations != rep.Iterations || bare.Corpus.Skipped == nil {
		t.Errorf("the model's page lost the run's record: %+v %+v", bare.Fit, bare.Corpus)
	}

	// With the corpus: the fit's page again, to standard output.
	code, stdout, stderr := runCLI(t, "report", "--model", out("m.json"), "--out", "-", testCorpus)
	if code != 0 {
		t.Fatalf("report --out -: exit %d: %s", code, stderr)
	}
	page, _ := os.ReadFile(out("fit.html"))
	if stdout != string(page) {
		t.Errorf("report --model with the corpus differs from fit --report")
	}
}

// TestReportFlags checks report's usage errors and that it does not
// overwrite its own model.
func TestReportFlags(t *testing.T) {
	dir := t.TempDir()
	m := filepath.Join(dir, "m.json")
	if code, _, stderr := runCLI(t, "fit", "-k", "2", "--save", m, testCorpus); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report"}, 2, "--model is required"},
		{[]string{"report", "--model", filepath.Join(dir, "none.json")}, 1, "none.json"},
		{[]string{"report", "--model", m, "--out", m}, 2, m},
		{[]string{"fit", "-k", "2", "--top-docs", "-1", testCorpus}, 2, "--top-docs"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q: %s", c.args, code, c.code, c.want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.html")); err == nil {
		t.Errorf("a page was written for a missing model")
	}
}

// TestSweepReport checks that sweep --report fits the recommended k and
// shows the sweep's measures.
func TestSweepReport(t *testing.T) {
	page := filepath.Join(t.TempDir(), "sweep.html")
	code, _, stderr := runCLI(t, "sweep", "-k", "2:4", "--runs", "3", "--report", page, testCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	d := readPage(t, page)
	if d.Sweep == nil || len(d.Sweep.Ranks) != 3 {
		t.Fatalf("the page's sweep: %+v", d.Sweep)
	}
	if d.Fit.K != d.Sweep.BestK || len(d.Topics) != d.Sweep.BestK {
		t.Errorf("the page shows k = %d (%d topics), the sweep recommends %d", d.Fit.K, len(d.Topics), d.Sweep.BestK)
	}
}

// TestReportOfOldAndOnlineModels checks pages of models that hold no H:
// one saved before the topics' shares and documents were kept (equal
// shares, no documents), and an online fit's (its last pass's ranking).
func TestReportOfOldAndOnlineModels(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.html")
	if code, _, stderr := runCLI(t, "report", "--model", filepath.Join("..", "..", "topics", "testdata", "model-v1.json"), "--out", old); code != 0 {
		t.Fatalf("old model: exit %d: %s", code, stderr)
	}
	d := readPage(t, old)
	for _, topic := range d.Topics {
		if topic.Share != 1/float64(len(d.Topics)) || len(topic.Documents) != 0 || len(topic.Terms) == 0 {
			t.Errorf("old model's topic %d: share %v, %d documents, %d terms", topic.ID, topic.Share, len(topic.Documents), len(topic.Terms))
		}
	}
	online := filepath.Join(dir, "online.html")
	if code, _, stderr := runCLI(t, "fit", "-k", "3", "--online", "--batch-size", "10", "--top-docs", "2", "--report", online, testCorpus); code != 0 {
		t.Fatalf("online: exit %d: %s", code, stderr)
	}
	for _, topic := range readPage(t, online).Topics {
		if len(topic.Documents) != 2 || topic.Documents[0].Snippet == "" {
			t.Errorf("online topic %d: %+v", topic.ID, topic.Documents)
		}
	}
}
