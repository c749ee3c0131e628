// Command nmftopics finds topics in folders of text documents with
// non-negative matrix factorization.
//
//	nmftopics fit [flags] PATH...         find the topics of documents
//	nmftopics transform --model M PATH... topic weights of new documents
//	nmftopics sweep -k 2:10 PATH...       choose the number of topics
//	nmftopics vectorize [flags] PATH...   build the TF-IDF term-document matrix
//	nmftopics factor [flags] X.mtx        factorize any non-negative matrix
//
// A PATH is a folder, a file, or - (standard input); --format says how
// files hold documents (one per file, per line, per JSON line, per CSV
// row, per mbox message). What cannot be read is skipped with a warning, or, with --strict,
// stops the command. Run "nmftopics COMMAND -h" for a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nmftopics/nmftopics/vectorize"
)

func main() {
	exitStuck = os.Exit
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exitStuck, when set (by main, not by tests), ends the process if a
// command has not returned stopGrace after a signal: a last resort for a
// system call that cannot be interrupted, such as opening a FIFO for
// writing that no one reads.
var exitStuck func(code int)

const stopGrace = 2 * time.Second

// Exit statuses.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130 // 128 + SIGINT
	exitTerminated  = 143 // 128 + SIGTERM
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"fit", "find the topics of documents: vectorize, factorize, report", runFit},
	{"transform", "give documents topic weights with a saved model", runTransform},
	{"report", "write a saved model's topics as one self-contained HTML page", runReport},
	{"sweep", "choose k: stability, consensus and quality of every k in a range", runSweep},
	{"coherence", "score given topics on given texts (umass, uci, npmi, cv)", runCoherence},
	{"vectorize", "build the TF-IDF term-document matrix of documents", runVectorize},
	{"factor", "factorize a non-negative Matrix Market matrix X ≈ WH", runFactor},
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// run is the whole program, so that tests can call it in-process.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stopped, stop := watchSignals(stderr)
	defer stop()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return runCommand(ctx, c, args[1:], stdout, stderr, stopped)
		}
	}
	fmt.Fprintf(stderr, "nmftopics: unknown command %q (run nmftopics -h for the list)\n", args[0])
	return exitUsage
}

// watchSignals returns a context that SIGINT and SIGTERM cancel: the work
// stops within an iteration, nothing partial is written, and the exit
// status says which signal it was (130, 143), as shells do. stopped
// reports the signal received, if any; stop ends the watch.
func watchSignals(stderr io.Writer) (ctx context.Context, stopped func() (os.Signal, bool), stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		select {
		case sig := <-sigs:
			got.Store(sig)
			cancel()
			if exitStuck != nil {
				time.Sleep(stopGrace)
				fmt.Fprintf(stderr, "nmftopics: stopped by %v\n", sig)
				exitStuck(signalStatus(sig))
			}
		case <-ctx.Done():
		}
	}()
	stopped = func() (os.Signal, bool) { sig, ok := got.Load().(os.Signal); return sig, ok }
	return ctx, stopped, func() { signal.Stop(sigs); cancel() }
}

// runCommand runs command c with args and returns the exit status: 0, 1
// for a failure, 2 for a mistake in the command line, or the status of
// the signal that stopped it.
func runCommand(ctx context.Context, c command, args []string, stdout, stderr io.Writer, stopped func() (os.Signal, bool)) int {
	out := &stdoutChecker{w: stdout}
	err := c.run(ctx, args, out, stderr)
	if err == nil && out.err != nil {
		err = fmt.Errorf("writing standard output: %w", out.err)
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	}
	if sig, ok := stopped(); ok {
		fmt.Fprintf(stderr, "nmftopics %s: stopped by %v; nothing was written\n", c.name, sig)
		return signalStatus(sig)
	}
	fmt.Fprintf(stderr, "nmftopics %s: %v\n", c.name, err)
	var ue usageError
	var oe vectorize.OptionError
	if errors.As(err, &ue) || errors.As(err, &oe) {
		return exitUsage
	}
	return exitFailure
}

// signalStatus is the exit status for a stop by sig, as shells give it.
func signalStatus(sig os.Signal) int {
	if sig == syscall.SIGTERM {
		return exitTerminated
	}
	return exitInterrupted
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: nmftopics COMMAND [flags] ARGS...")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun nmftopics COMMAND -h for a command's flags.")
}
