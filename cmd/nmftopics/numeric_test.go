package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFactorOverflowFails checks that a matrix or a start too large for
// float64 arithmetic ends in a failure that says so, not in a "converged"
// run with a NaN objective, and writes nothing.
func TestFactorOverflowFails(t *testing.T) {
	dir := t.TempDir()
	huge := writeFile(t, dir, "huge.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 1e200\n2 2 1\n3 3 2\n1 2 1\n")
	small := writeFile(t, dir, "small.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 3\n2 2 1\n3 3 2\n1 2 1\n")
	w0 := writeFile(t, dir, "w0.mtx", "%%MatrixMarket matrix array real general\n3 2\n1e308\n1\n1\n1\n1\n1\n")
	h0 := writeFile(t, dir, "h0.mtx", "%%MatrixMarket matrix array real general\n2 3\n1\n1\n1\n1\n1\n1\n")
	out := filepath.Join(dir, "r.json")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"entry 1e200", []string{huge}, "the objective overflowed at iteration 0: scale the matrix"},
		{"entry 1e200, random start", []string{"--init", "random", huge}, "the objective overflowed at iteration"},
		{"entry 1e200, mu", []string{"--solver", "mu", huge}, "the objective overflowed at iteration"},
		{"entry 1e200, restarts", []string{"--restarts", "3", huge}, "the objective overflowed at iteration"},
		{"entry 1e200, online", []string{"--online", "--batch-size", "2", huge}, "overflowed"},
		{"init-w 1e308", []string{"--init-w", w0, "--init-h", h0, small}, "the objective overflowed at iteration 0: scale the matrix or the starting factors"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"factor", "-k", "2", "--json", out}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("output written despite the error")
				os.Remove(out)
			}
		})
	}
}

// factorOutputArgs are the flags that write W and H to files.
func factorOutputArgs(w, h string) []string {
	return []string{"--w-out", w, "--h-out", h}
}

// factorRun is what a factor run wrote: W and H as bytes, and the JSON
// report's trace, iterations and status.
type factorRun struct {
	w, h       []byte
	trace      []float64
	iterations int
	status     string
}

func runFactorTo(t *testing.T, dir, name string, args ...string) factorRun {
	t.Helper()
	w, h, js := filepath.Join(dir, name+"-w.mtx"), filepath.Join(dir, name+"-h.mtx"), filepath.Join(dir, name+".json")
	args = append(append([]string{"factor", "--json", js}, factorOutputArgs(w, h)...), args...)
	code, _, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var r factorRun
	var err error
	if r.w, err = os.ReadFile(w); err != nil {
		t.Fatal(err)
	}
	if r.h, err = os.ReadFile(h); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Trace      []float64 `json:"objective_trace"`
		Iterations int       `json:"iterations"`
		Status     string    `json:"status"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	r.trace, r.iterations, r.status = rep.Trace, rep.Iterations, rep.Status
	return r
}

// TestResumeIsTheUninterruptedRun checks, for every solver and with and
// without a tolerance, that 12 iterations saved to a checkpoint and
// resumed up to --max-iter 30 give the uninterrupted 30-iteration run bit
// for bit: the same W and H files, trace, iterations and status.
func TestResumeIsTheUninterruptedRun(t *testing.T) {
	x := testMatrix(t)
	for _, v := range []struct {
		name string
		args []string
	}{
		{"hals", []string{"--solver", "hals"}},
		{"mu", []string{"--solver", "mu"}},
		{"als", []string{"--solver", "als"}},
		{"anls", []string{"--solver", "anls"}},
		{"pgd", []string{"--solver", "pgd"}},
		{"kl-mu", []string{"--loss", "kl", "--solver", "mu"}},
		{"kl-cd", []string{"--loss", "kl", "--solver", "cd"}},
		{"hals-graph", []string{"--solver", "hals", "--graph-neighbors", "5", "--graph-lambda", "0.1"}},
		{"mu-nsnmf-l1", []string{"--solver", "mu", "--nsnmf-theta", "0.3", "--l1-h", "0.01"}},
	} {
		for _, tol := range []string{"0", "1e-3"} {
			t.Run(v.name+"-tol"+tol, func(t *testing.T) {
				dir := t.TempDir()
				ck := filepath.Join(dir, "ck.json")
				base := append([]string{"-k", "4", "--tol", tol, x}, v.args...)
				whole := runFactorTo(t, dir, "whole", append([]string{"--max-iter", "30"}, base...)...)
				runFactorTo(t, dir, "part", append([]string{"--max-iter", "12", "--checkpoint", ck, "--checkpoint-every", "4"}, base...)...)
				resumed := runFactorTo(t, dir, "resumed", append([]string{"--max-iter", "30", "--resume", ck}, base...)...)
				if !bytes.Equal(whole.w, resumed.w) || !bytes.Equal(whole.h, resumed.h) {
					t.Errorf("W or H differ from the uninterrupted run's")
				}
				if !slices.Equal(whole.trace, resumed.trace) || whole.iterations != resumed.iterations || whole.status != resumed.status {
					t.Errorf("resumed: %d iterations (%s), trace %v;\nwhole: %d iterations (%s), trace %v",
						resumed.iterations, resumed.status, resumed.trace, whole.iterations, whole.status, whole.trace)
				}
			})
		}
	}
}

// TestResumeRefuses checks the checkpoints that cannot continue a run: a
// version 1 file (no solver state), another method, and a --max-iter below
// the checkpoint's iteration (it counts from the run's start).
func TestResumeRefuses(t *testing.T) {
	x := testMatrix(t)
	dir := t.TempDir()
	ck := filepath.Join(dir, "ck.json")
	if code, _, stderr := runCLI(t, "factor", "-k", "4", "--max-iter", "10", "--checkpoint", ck, x); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var saved map[string]any
	b, _ := os.ReadFile(ck)
	if err := json.Unmarshal(b, &saved); err != nil || saved["version"] != 2.0 || saved["iteration"] != 10.0 {
		t.Fatalf("checkpoint %v (%v)", saved["version"], err)
	}
	v1 := writeFile(t, dir, "v1.json", `{"format": "nmftopics-checkpoint", "version": 1, "iteration": 10, "w": [[1]], "h": [[1]]}`)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--resume", v1}, 1, "checkpoint version 1 holds W and H but not the solver's state"},
		{[]string{"--resume", ck, "--solver", "mu"}, 1, "the checkpoint's run is --loss frobenius --solver hals; give the same"},
		{[]string{"--resume", ck, "--max-iter", "5"}, 2, "--max-iter 5: the checkpoint is at iteration 10"},
	} {
		args := append([]string{"factor", "-k", "4", x}, tt.args...)
		if code, _, stderr := runCLI(t, args...); code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
