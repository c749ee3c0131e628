package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The built command, shared by the tests that need a real process
// (devices, signals, kill -9).
var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nmftopics-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "nmftopics")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// TestDevicesAreWrittenNotReplaced: /dev/full gives a write error and stays
// a device; /dev/stdout stays a link and its data reaches the pipe.
func TestDevicesAreWrittenNotReplaced(t *testing.T) {
	bin := binary(t)
	fi, err := os.Lstat("/dev/full")
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/full")
	}
	model := filepath.Join(t.TempDir(), "m.json")
	if out, err := exec.Command(bin, "fit", "-k", "3", "--save", model, testCorpus).CombinedOutput(); err != nil {
		t.Fatalf("fit: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "transform", "--model", model, "--doc-topics", "/dev/full", testCorpus)
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), "/dev/full") || !strings.Contains(string(out), "no space left") {
		t.Errorf("transform --doc-topics /dev/full: exit %d: %s", cmd.ProcessState.ExitCode(), out)
	}
	if fi, _ := os.Lstat("/dev/full"); fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full is now a %v", fi.Mode())
	}
	// Standard output on /dev/full: exit 1, for fit too.
	cmd = exec.Command(bin, "fit", "-k", "3", testCorpus)
	full, _ := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	defer full.Close()
	cmd.Stdout = full
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr.String(), "standard output") {
		t.Errorf("fit > /dev/full: exit %d: %s", cmd.ProcessState.ExitCode(), stderr.String())
	}

	if fi, err := os.Lstat("/dev/stdout"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		return
	}
	cmd = exec.Command(bin, "fit", "-k", "3", "--json", "/dev/stdout", testCorpus)
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("fit --json /dev/stdout: %v", err)
	}
	var rep fitReport
	if err := json.Unmarshal(stdout, &rep); err != nil || rep.K != 3 {
		t.Errorf("fit --json /dev/stdout: %v\n%.200s", err, stdout)
	}
	if fi, _ := os.Lstat("/dev/stdout"); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("/dev/stdout is now a %v", fi.Mode())
	}
}

// randomMatrix writes a random sparse m × n Matrix Market file.
func randomMatrix(t *testing.T, m, n, perCol int) string {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	fmt.Fprintf(&b, "%%%%MatrixMarket matrix coordinate real general\n%d %d %d\n", m, n, n*perCol)
	for j := 1; j <= n; j++ {
		for _, i := range r.Perm(m)[:perCol] {
			fmt.Fprintf(&b, "%d %d %g\n", i+1, j, r.Float64())
		}
	}
	p := filepath.Join(t.TempDir(), "x.mtx")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKilledRunLeavesNoTemporaryFiles: a run killed with SIGKILL while
// checkpointing leaves temporary files; the next run with the same
// checkpoint removes them.
func TestKilledRunLeavesNoTemporaryFiles(t *testing.T) {
	bin := binary(t)
	x := randomMatrix(t, 400, 300, 20)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "c.json")
	temps := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, ".c.json.*"))
		return m
	}
	// Kill runs until one leaves a temporary file behind (most do: a
	// checkpoint is written every iteration).
	left := false
	for try := 0; try < 20 && !left; try++ {
		cmd := exec.Command(bin, "factor", "-k", "20", "--tol", "0", "--max-iter", "100000", "--checkpoint", ckpt, "--checkpoint-every", "1", x)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(300+37*try) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		left = len(temps()) > 0
	}
	if !left {
		t.Skip("no run was killed while writing its checkpoint")
	}
	cmd := exec.Command(bin, "factor", "-k", "20", "--max-iter", "3", "--checkpoint", ckpt, "--checkpoint-every", "1", x)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if m := temps(); len(m) > 0 {
		t.Errorf("temporary files left after the next run: %v", m)
	}
}

// TestSignalWhileOpeningAFIFO: a model path that is a FIFO no one writes
// to does not keep the command from stopping on SIGINT.
func TestSignalWhileOpeningAFIFO(t *testing.T) {
	bin := binary(t)
	fifo := filepath.Join(t.TempDir(), "model")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(bin, "transform", "--model", fifo, testCorpus)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		sent := time.Now()
		cmd.Process.Signal(sig)
		done := make(chan error)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("%v: still running 10 s after the signal", sig)
		}
		t.Logf("%v: exit %d, %v after the signal", sig, cmd.ProcessState.ExitCode(), time.Since(sent))
		if want := map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143}[sig]; cmd.ProcessState.ExitCode() != want {
			t.Errorf("%v: exit %d, want %d", sig, cmd.ProcessState.ExitCode(), want)
		}
	}
}

// TestSignalDuringInitialization: a signal in the start (the randomized
// SVD of a large k) stops the run within a second, as in the iterations.
func TestSignalDuringInitialization(t *testing.T) {
	bin := binary(t)
	x := randomMatrix(t, 5000, 3000, 30) // the start at k = 800 takes 30 s here
	for _, delay := range []time.Duration{300 * time.Millisecond, 2 * time.Second} {
		cmd := exec.Command(bin, "factor", "-k", "800", "--max-iter", "0", x)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		sent := time.Now()
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		took := time.Since(sent)
		t.Logf("after %v: exit %d, %v after the signal", delay, cmd.ProcessState.ExitCode(), took)
		if cmd.ProcessState.ExitCode() != 143 || !strings.Contains(stderr.String(), "nothing was written") {
			t.Errorf("after %v: exit %d: %s", delay, cmd.ProcessState.ExitCode(), stderr.String())
		}
		if took > time.Second {
			t.Errorf("after %v: stopped %v after the signal, want within 1 s", delay, took)
		}
	}
}
