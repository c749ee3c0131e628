package main

import (
	"os"
	"path/filepath"
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
