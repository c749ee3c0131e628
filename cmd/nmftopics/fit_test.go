package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

func TestFitAndTransform(t *testing.T) {
	dir := t.TempDir()
	out := func(n string) string { return filepath.Join(dir, n) }
	code, stdout, stderr := runCLI(t, "fit", "-k", "4", "--json", out("r.json"), "--doc-topics", out("dt.csv"), "--save", out("m.json"), testCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"topic", "words", "documents 48", "relative error", "diversity"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	var rep map[string]any
	b, _ := os.ReadFile(out("r.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"documents", "terms", "nnz", "k", "loss", "solver", "iterations", "seconds", "metrics", "topics"} {
		if _, ok := rep[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	metrics := rep["metrics"].(map[string]any)
	for _, key := range []string{"frobenius_half_sq", "kl", "relative_error", "explained_variance", "sparsity_w", "sparsity_h", "coherence", "diversity"} {
		if _, ok := metrics[key]; !ok {
			t.Errorf("metrics lack %q", key)
		}
	}
	if c := metrics["coherence"].(map[string]any); len(c) != 4 {
		t.Errorf("mean coherence of %d measures, want 4: %v", len(c), c)
	}
	topic := rep["topics"].([]any)[0].(map[string]any)
	if c := topic["coherence"].(map[string]any); len(c) != 4 {
		t.Errorf("topic coherence of %d measures, want 4", len(c))
	}
	word := topic["words"].([]any)[0].(map[string]any)
	for _, key := range []string{"term", "stem", "weight"} {
		if _, ok := word[key]; !ok {
			t.Errorf("topic word lacks %q", key)
		}
	}
	csv := lines(t, out("dt.csv"))
	if len(csv) != 49 || csv[0] != "document,topic_0,topic_1,topic_2,topic_3" {
		t.Fatalf("doc-topics: %d lines, header %q", len(csv), csv[0])
	}
	// transform with the saved model gives the same weights for the same
	// documents.
	code, tout, stderr := runCLI(t, "transform", "--model", out("m.json"), testCorpus)
	if code != 0 {
		t.Fatalf("transform: exit %d: %s", code, stderr)
	}
	if got := strings.Split(strings.TrimSuffix(tout, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(csv, "\n") {
		t.Errorf("transform's weights differ from fit's")
	}
}

func TestFitErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"nmftopics-model","version":1,"k":`), 0o644)
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("just text"), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fit", "-k", "49", testCorpus}, 2, "must be at most 48"},
		{[]string{"fit", "--top", "0", testCorpus}, 2, "--top 0"},
		{[]string{"fit", "-k", "-2", testCorpus}, 2, "-k -2"},
		{[]string{"fit"}, 2, "no PATH given"},
		{[]string{"transform", testCorpus}, 2, "--model is required"},
		{[]string{"transform", "--model", bad, testCorpus}, 1, "corrupted or truncated model file"},
		{[]string{"transform", "--model", other, testCorpus}, 1, "not an nmftopics model file"},
		{[]string{"transform", "--model", filepath.Join(dir, "none"), testCorpus}, 1, "none: no such file"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

func TestCoherenceCommand(t *testing.T) {
	dir := t.TempDir()
	texts := filepath.Join(dir, "texts.txt")
	topicsFile := filepath.Join(dir, "topics.txt")
	os.WriteFile(texts, []byte("a b c\nb c d\n\na c\nd e f\n"), 0o644)
	os.WriteFile(topicsFile, []byte("a b c\n\nd e f\n"), 0o644)
	out := filepath.Join(dir, "c.json")
	code, stdout, stderr := runCLI(t, "coherence", "--texts", texts, "--topics", topicsFile, "--json", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "umass") || !strings.Contains(stdout, "cv") {
		t.Errorf("output: %s", stdout)
	}
	var rep struct {
		Documents int `json:"documents"`
		Topics    int `json:"topics"`
		Measures  map[string]struct {
			Mean     float64   `json:"mean"`
			PerTopic []float64 `json:"per_topic"`
			Seconds  float64   `json:"seconds"`
		} `json:"measures"`
	}
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	// The blank text line is a document; the blank topic line is not a topic.
	if rep.Documents != 5 || rep.Topics != 2 || len(rep.Measures) != 4 || len(rep.Measures["npmi"].PerTopic) != 2 {
		t.Errorf("report %+v", rep)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"coherence", "--texts", texts}, "--texts and --topics are both required"},
		{[]string{"coherence", "--texts", texts, "--topics", topicsFile, "--measures", "cx"}, "--measures"},
		{[]string{"coherence", "--texts", texts, "--topics", topicsFile, "--window", "-1"}, "--window -1"},
	} {
		if code, _, stderr := runCLI(t, tt.args...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q", tt.args, code, stderr)
		}
	}
}

func TestSweepCommand(t *testing.T) {
	dir := t.TempDir()
	js, png := filepath.Join(dir, "s.json"), filepath.Join(dir, "s.png")
	code, stdout, stderr := runCLI(t, "sweep", "-k", "3:5", "--runs", "4", "--json", js, "--plot", png, testCorpus)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "recommended k:") {
		t.Errorf("output: %s", stdout)
	}
	var rep struct {
		Ranks []map[string]any `json:"ranks"`
		BestK int              `json:"best_k"`
	}
	b, _ := os.ReadFile(js)
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Ranks) != 3 || rep.BestK < 3 || rep.BestK > 5 {
		t.Fatalf("report %+v", rep)
	}
	for _, key := range []string{"k", "stability", "cophenetic", "dispersion", "relative_error", "explained_variance", "coherence", "diversity"} {
		if _, ok := rep.Ranks[0][key]; !ok {
			t.Errorf("rank lacks %q", key)
		}
	}
	if img, err := os.ReadFile(png); err != nil || len(img) < 1000 || string(img[1:4]) != "PNG" {
		t.Errorf("plot not a PNG (%d bytes, %v)", len(img), err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "-k", "5:3", testCorpus}, "want 1 ≤ FROM ≤ TO"},
		{[]string{"sweep", "-k", "x", testCorpus}, "want FROM:TO"},
		{[]string{"sweep", "--sample", "0", testCorpus}, "--sample 0"},
		{[]string{"sweep", "--plot", filepath.Join(dir, "p.jpg"), testCorpus}, "must end in .png or .svg"},
	} {
		if code, _, stderr := runCLI(t, tt.args...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q", tt.args, code, stderr)
		}
	}
}

// TestFitSameBytes runs fit with GOMAXPROCS 1, 2 and 8 and checks that the
// JSON report (but its timing), the document weights and the report page
// are the same bytes.
func TestFitSameBytes(t *testing.T) {
	var first, firstCSV, firstPage string
	for _, procs := range []int{1, 2, 8} {
		old := runtime.GOMAXPROCS(procs)
		dir := t.TempDir()
		js, dt, html := filepath.Join(dir, "r.json"), filepath.Join(dir, "dt.csv"), filepath.Join(dir, "r.html")
		code, _, stderr := runCLI(t, "fit", "-k", "4", "--restarts", "2", "--json", js, "--doc-topics", dt, "--report", html, testCorpus)
		runtime.GOMAXPROCS(old)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, _ := os.ReadFile(js)
		report := regexp.MustCompile(`"(seconds|analyze|factorize|project|coherence|total)": [0-9.e+-]+`).ReplaceAllString(string(b), `"$1": 0`)
		csv, _ := os.ReadFile(dt)
		page, _ := os.ReadFile(html)
		if first == "" {
			first, firstCSV, firstPage = report, string(csv), string(page)
			continue
		}
		if report != first || string(csv) != firstCSV || string(page) != firstPage {
			t.Errorf("GOMAXPROCS %d gives other bytes", procs)
		}
	}
}

// TestFitOnline runs fit --online with every output: the document topics
// are streamed in input order, the model loads and transforms, and the
// same seed gives the same bytes whatever GOMAXPROCS is.
func TestFitOnline(t *testing.T) {
	var first string
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		dir := t.TempDir()
		js, dt, model := filepath.Join(dir, "r.json"), filepath.Join(dir, "dt.csv"), filepath.Join(dir, "m.json")
		code, stdout, stderr := runCLI(t, "fit", "--online", "--batch-size", "16", "--passes", "4", "-k", "4", "--json", js, "--doc-topics", dt, "--save", model, testCorpus)
		runtime.GOMAXPROCS(old)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "documents 48") {
			t.Errorf("stdout: %s", stdout)
		}
		csv, _ := os.ReadFile(dt)
		lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
		if len(lines) != 49 || !strings.HasPrefix(lines[1], "cooking/01.txt,") {
			t.Fatalf("doc topics: %d lines, first %q", len(lines), lines[min(1, len(lines)-1)])
		}
		if code, _, stderr := runCLI(t, "transform", "--model", model, "--doc-topics", filepath.Join(dir, "t.csv"), testCorpus); code != 0 {
			t.Fatalf("transform with the online model: exit %d: %s", code, stderr)
		}
		b, _ := os.ReadFile(js)
		got := regexp.MustCompile(`"(seconds|analyze|factorize|project|coherence|total)": [0-9.e+-]+`).ReplaceAllString(string(b), `"$1": 0`) + string(csv)
		if first == "" {
			first = got
		} else if got != first {
			t.Errorf("GOMAXPROCS %d gives other bytes", procs)
		}
	}
}
