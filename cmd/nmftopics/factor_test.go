package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/mtx"
)

// testMatrix writes the TF-IDF matrix of the test corpus and returns its
// path.
func testMatrix(t *testing.T) string {
	t.Helper()
	x := filepath.Join(t.TempDir(), "x.mtx")
	if code, _, stderr := runCLI(t, "vectorize", "--mtx", x, testCorpus); code != 0 {
		t.Fatalf("vectorize: %s", stderr)
	}
	return x
}

func TestFactorOutputs(t *testing.T) {
	x := testMatrix(t)
	dir := t.TempDir()
	w, h, js := filepath.Join(dir, "w.mtx"), filepath.Join(dir, "h.mtx"), filepath.Join(dir, "r.json")
	code, _, stderr := runCLI(t, "factor", "-k", "4", "--max-iter", "50", "--w-out", w, "--h-out", h, "--json", js, x)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep map[string]any
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"k", "loss", "solver", "init", "iterations", "seconds", "status", "objective_trace", "metrics"} {
		if _, ok := rep[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	if rep["loss"] != "frobenius" || rep["solver"] != "hals" || rep["init"] != "nndsvda" || rep["k"] != 4.0 {
		t.Errorf("defaults: %v %v %v %v", rep["loss"], rep["solver"], rep["init"], rep["k"])
	}
	metrics := rep["metrics"].(map[string]any)
	for _, key := range []string{"frobenius_half_sq", "kl", "relative_error", "explained_variance", "sparsity_w", "sparsity_h"} {
		if _, ok := metrics[key]; !ok {
			t.Errorf("metrics lack %q", key)
		}
	}
	trace, seconds := rep["objective_trace"].([]any), rep["trace_seconds"].([]any)
	if it := int(rep["iterations"].(float64)); len(trace) != it+1 || len(seconds) != it+1 {
		t.Errorf("%d trace values and %d times for %d iterations", len(trace), len(seconds), it)
	}
	for i := 1; i < len(seconds); i++ {
		if seconds[i].(float64) < seconds[i-1].(float64) || seconds[i].(float64) > rep["seconds"].(float64) {
			t.Errorf("trace_seconds[%d] = %v after %v (run %v s): the times run forward within the run", i, seconds[i], seconds[i-1], rep["seconds"])
			break
		}
	}
	if ev := metrics["explained_variance"].(float64); ev <= 0.2 || ev >= 1 {
		t.Errorf("explained variance %v: 4 topics should explain part of 4 themes", ev)
	}
	// The factors read back with the shapes X asks for, and restarting
	// from them continues where the run stopped.
	wf, _ := os.Open(w)
	wm, err := mtx.ReadDense(wf)
	wf.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := wm.Dims(); c != 4 || r < 100 {
		t.Errorf("W is %d×%d", r, c)
	}
	js2 := filepath.Join(dir, "r2.json")
	code, _, stderr = runCLI(t, "factor", "-k", "4", "--init-w", w, "--init-h", h, "--max-iter", "1", "--tol", "0", "--json", js2, x)
	if code != 0 {
		t.Fatalf("restart: %s", stderr)
	}
	var rep2 struct {
		Trace []float64 `json:"objective_trace"`
	}
	b, _ = os.ReadFile(js2)
	json.Unmarshal(b, &rep2)
	last := trace[len(trace)-1].(float64)
	if d := rep2.Trace[0] - last; d > 1e-9*last || d < -1e-9*last {
		t.Errorf("restart objective %v, run ended at %v", rep2.Trace[0], last)
	}
}

func TestFactorErrors(t *testing.T) {
	x := testMatrix(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n")
	neg := write("neg.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 -1\n")
	w0 := write("w0.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n1\n")
	out := filepath.Join(dir, "out.json")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"k zero", []string{"-k", "0", x}, 2, "-k 0: must be 1 or more"},
		{"k too large", []string{"-k", "100", x}, 2, "-k 100: must be at most min(rows, columns) = 48"},
		{"unknown solver", []string{"--solver", "sgd", x}, 2, `--solver: unknown solver "sgd"`},
		{"kl hals", []string{"--loss", "kl", "--solver", "hals", x}, 2, "--loss kl --solver hals: nmf: solver hals minimizes the frobenius loss only"},
		// nmf checks the method; the message names the flags at fault
		// before nmf's reason.
		{"negative penalty", []string{"--l1-h", "0.5", "--l2-w", "-1", x}, 2, "--l2-w -1: nmf: "},
		{"theta above 1", []string{"--nsnmf-theta", "1.5", x}, 2, "--nsnmf-theta 1.5: nmf: "},
		{"negative neighbours", []string{"--graph-neighbors", "-3", "--graph-lambda", "1", x}, 2, "--graph-neighbors -3: nmf: "},
		{"graph without lambda", []string{"--graph-neighbors", "3", x}, 2, "--graph-neighbors and --graph-lambda go together"},
		{"graph with als", []string{"--solver", "als", "--graph-neighbors", "3", "--graph-lambda", "1", x}, 2, "--loss frobenius --solver als --graph-lambda 1 --graph-neighbors 3: nmf: "},
		{"unknown loss", []string{"--loss", "l1", x}, 2, `unknown loss "l1"`},
		{"unknown init", []string{"--init", "svd", x}, 2, `--init "svd"`},
		{"negative tol", []string{"--tol", "-1", x}, 2, "--tol -1"},
		{"unknown stop rule", []string{"--stop", "fast", x}, 2, `--stop "fast": must be objective or gradient`},
		{"w without h", []string{"--init-w", w0, x}, 2, "--init-w and --init-h go together"},
		{"init shape", []string{"-k", "1", "--init-w", w0, "--init-h", w0, x}, 1, "W0 is 2×1, want"},
		{"no file", []string{filepath.Join(dir, "none.mtx")}, 1, "none.mtx: no such file"},
		{"truncated", []string{"-k", "1", bad}, 1, "bad.mtx: line 4: unexpected end of input: expected 2 entries, found 1"},
		{"negative entry", []string{"-k", "1", neg}, 1, "X[1,1] = -1 is negative"},
		{"two files", []string{x, x}, 2, "want one matrix file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"factor", "--json", out}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("output written despite the error")
			}
		})
	}
}

func TestFactorRestarts(t *testing.T) {
	x := testMatrix(t)
	js := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI(t, "factor", "-k", "4", "--restarts", "3", "--json", js, x)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "4 runs, objectives") {
		t.Errorf("no spread line: %s", stderr)
	}
	var rep struct {
		Trace    []float64 `json:"objective_trace"`
		Restarts []float64 `json:"restarts"`
		Run      int       `json:"run"`
	}
	b, _ := os.ReadFile(js)
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Restarts) != 4 || rep.Restarts[rep.Run] != rep.Trace[len(rep.Trace)-1] {
		t.Errorf("restarts %v, run %d, final %v", rep.Restarts, rep.Run, rep.Trace[len(rep.Trace)-1])
	}
	if code, _, stderr := runCLI(t, "factor", "--restarts", "-1", x); code != 2 || !strings.Contains(stderr, "--restarts -1") {
		t.Errorf("negative restarts: %d %s", code, stderr)
	}
}

func TestCheckpointResume(t *testing.T) {
	x := testMatrix(t)
	dir := t.TempDir()
	ck, js, js2 := filepath.Join(dir, "ck.json"), filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	code, _, stderr := runCLI(t, "factor", "-k", "4", "--tol", "0", "--max-iter", "23", "--checkpoint", ck, "--checkpoint-every", "5", "--json", js, x)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var saved struct {
		Format    string `json:"format"`
		Iteration int    `json:"iteration"`
	}
	b, _ := os.ReadFile(ck)
	if err := json.Unmarshal(b, &saved); err != nil || saved.Format != "nmftopics-checkpoint" || saved.Iteration != 20 {
		t.Fatalf("checkpoint %+v (%v)", saved, err)
	}
	// Resuming from the checkpoint of iteration 20 up to --max-iter 23
	// (counted from the run's start) gives the run's own objective at 23.
	code, _, stderr = runCLI(t, "factor", "-k", "4", "--tol", "0", "--max-iter", "23", "--resume", ck, "--json", js2, x)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	var a, r struct {
		Trace []float64 `json:"objective_trace"`
	}
	b, _ = os.ReadFile(js)
	json.Unmarshal(b, &a)
	b, _ = os.ReadFile(js2)
	json.Unmarshal(b, &r)
	if got, want := r.Trace[23], a.Trace[23]; math.Abs(got-want) > 1e-12*want {
		t.Errorf("resumed run ends at %v, the whole run at %v", got, want)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"factor", "--checkpoint", ck, "--restarts", "2", x}, 2, "do not go together"},
		{[]string{"factor", "--resume", js, x}, 1, "not an nmftopics checkpoint file"},
		{[]string{"factor", "-k", "3", "--resume", ck, x}, 1, "W0 is"},
	} {
		if code, _, stderr := runCLI(t, tt.args...); code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q", tt.args, code, stderr)
		}
	}
}
