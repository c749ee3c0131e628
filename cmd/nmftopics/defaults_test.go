package main

import (
	"context"
	"io"
	"testing"
)

// TestTolByLoss checks fit's tolerance: the loss's default (1e-3 for KL,
// 1e-4 for Frobenius) unless --tol is given.
func TestTolByLoss(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want float64
	}{
		{[]string{"x"}, 1e-4},
		{[]string{"--loss", "kl", "x"}, 1e-3},
		{[]string{"--loss", "kl", "--tol", "1e-4", "x"}, 1e-4},
		{[]string{"--tol", "0.01", "x"}, 0.01},
	} {
		var f fitFlags
		fs, paths, err := parseCommand("fit", "", f.register, tt.args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		opt, err := f.options(context.Background(), fs, paths, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if opt.Settings.Tol != tt.want {
			t.Errorf("%v: tol %v, want %v", tt.args, opt.Settings.Tol, tt.want)
		}
	}
}
