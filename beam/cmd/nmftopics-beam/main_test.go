package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/vectorize"
)

const testCorpus = "../../../testdata/corpus"

func TestRunWritesOutputs(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"--input", testCorpus, "-k", "4", "--epochs", "5", "--shards", "3", "--stat-blocks", "2", "--out", out, "--check"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	t.Logf("stdout:\n%s", stdout.String())
	if strings.Contains(stderr.String(), "level=INFO") {
		t.Errorf("the runner's info log is shown without --verbose:\n%s", stderr.String())
	}
	var rep struct {
		Runner    string `json:"runner"`
		Documents int    `json:"documents"`
		Terms     int    `json:"terms"`
		Trace     []struct {
			Objective float64 `json:"objective"`
		} `json:"trace"`
		Metrics struct {
			Objective float64 `json:"objective"`
		} `json:"metrics"`
		Topics [][]string `json:"topics"`
		Check  struct {
			VocabularyEqual    bool    `json:"vocabulary_equal"`
			RelativeDifference float64 `json:"relative_difference"`
		} `json:"check"`
	}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Runner != "prism" || rep.Documents != 48 || len(rep.Trace) != 5 || len(rep.Topics) != 4 || !(rep.Metrics.Objective > 0) {
		t.Errorf("report: %s", b)
	}
	if !rep.Check.VocabularyEqual || !(rep.Check.RelativeDifference < 0.005) {
		t.Errorf("check: vocabulary equal %v, relative difference %g", rep.Check.VocabularyEqual, rep.Check.RelativeDifference)
	}
	var vocab vectorize.Vocabulary
	b, err = os.ReadFile(filepath.Join(out, "vocabulary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vocab); err != nil || len(vocab.Terms) != rep.Terms || len(vocab.Surface) != rep.Terms {
		t.Errorf("vocabulary.json: %d terms (report %d), %v", len(vocab.Terms), rep.Terms, err)
	}
	f, err := os.Open(filepath.Join(out, "w.mtx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := mtx.ReadDense(f)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := w.Dims(); r != rep.Terms || c != 4 {
		t.Errorf("w.mtx is %d×%d, want %d×4", r, c, rep.Terms)
	}
	// The default work folder is gone: the run removed its files.
	if _, err := os.Stat(filepath.Join(out, "work")); !os.IsNotExist(err) {
		t.Errorf("work folder left behind: %v", err)
	}
}

func TestRunBadInput(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--bogus"}, 2, "-bogus"},
		{[]string{"--input", testCorpus}, 2, "--out"},
		{[]string{"--out", out}, 2, "--input"},
		{[]string{"--input", testCorpus, "--out", out, "stray"}, 2, `"stray"`},
		{[]string{"--input", testCorpus, "--out", out, "-k", "0"}, 2, "-k 0"},
		{[]string{"--input", testCorpus, "--out", out, "--loss", "l1"}, 2, "--loss"},
		{[]string{"--input", testCorpus, "--out", out, "--max-df", "0"}, 2, "--max-df 0"},
		{[]string{"--input", testCorpus, "--out", out, "--top", "0"}, 2, "--top 0"},
		{[]string{"--input", testCorpus, "--out", out, "--stat-blocks", "0"}, 2, "--stat-blocks 0"},
		{[]string{"--input", testCorpus, "--out", out, "--runner", "spark"}, 2, "side input"},
		{[]string{"--input", testCorpus, "--out", out, "--runner", "nimbus"}, 2, "--runner nimbus"},
		{[]string{"--input", testCorpus, "--out", out, "--runner", "dataflow"}, 2, "gs://"},
		{[]string{"--input", "gs://bucket/corpus", "--out", out, "--check"}, 2, "--check"},
		{[]string{"--input", filepath.Join(out, "missing"), "--out", out}, 1, "missing"},
		{[]string{"--input", testCorpus, "--out", out, "-k", "49"}, 1, "-k 49"},
		{[]string{"--input", testCorpus, "--out", out, "--language", "klingon"}, 2, "--language: unknown stemming language \"klingon\""},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d (want %d), stderr %q (want it to name %s)", tc.args, code, tc.code, stderr.String(), tc.want)
		}
	}
}
