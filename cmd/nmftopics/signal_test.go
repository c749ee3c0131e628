package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptStopsWithNothingWritten builds the command, starts a fit
// long enough to be interrupted, sends SIGINT (then SIGTERM to another),
// and checks the exit status, the message, the time it took to stop and
// that no output file exists.
func TestInterruptStopsWithNothingWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "nmftopics")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		out := filepath.Join(dir, "r.json")
		// Many iterations with no tolerance, and many restarts, so that the
		// fit is still running when the signal comes.
		cmd := exec.Command(bin, "fit", "-k", "8", "--tol", "0", "--max-iter", "100000", "--restarts", "3", "--json", out, "--save", filepath.Join(dir, "m.json"), testCorpus)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		sent := time.Now()
		if err := cmd.Process.Signal(tt.sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		took := time.Since(sent)
		code := cmd.ProcessState.ExitCode()
		if err == nil || code != tt.code {
			t.Errorf("%v: exit %d (%v), want %d; stderr %q", tt.sig, code, err, tt.code, stderr.String())
		}
		if took > time.Second {
			t.Errorf("%v: stopped %v after the signal", tt.sig, took)
		}
		t.Logf("%v: exit %d, %v after the signal", tt.sig, code, took)
		if !strings.Contains(stderr.String(), "nothing was written") {
			t.Errorf("%v: stderr %q", tt.sig, stderr.String())
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 { // the binary alone
			t.Errorf("%v: %d files in the folder, want only the binary", tt.sig, len(entries))
		}
	}
}
