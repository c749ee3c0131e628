package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nmftopics/nmftopics/internal/atomicfile"
)

// A pathFlag is a file a command reads or writes, with the flag that named
// it ("" for a positional PATH).
type pathFlag struct {
	flag flagName
	path string
}

func (p pathFlag) String() string {
	if p.flag == "" {
		return p.path
	}
	return p.flag.String() + " " + p.path
}

// outputs collects a command's output flags, in the order they are
// written.
type outputs []pathFlag

// add registers an output when its path is set.
func (o *outputs) add(name flagName, path string) {
	if path != "" {
		*o = append(*o, pathFlag{name, path})
	}
}

// outputsOf are the outputs among flags whose path is set, in order.
func outputsOf(flags ...pathFlag) outputs {
	var o outputs
	for _, p := range flags {
		o.add(p.flag, p.path)
	}
	return o
}

// toStdout reports whether any output is standard output, by "-" or by
// one of its names.
func (o outputs) toStdout() bool {
	for _, p := range o {
		switch filepath.Clean(p.path) {
		case atomicfile.StdoutPath, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
			return true
		}
	}
	return false
}

// table is where a command prints its table: standard output, unless an
// output goes there, then standard error.
func (o outputs) table(stdout, stderr io.Writer) io.Writer {
	if o.toStdout() {
		return stderr
	}
	return stdout
}

// file is the atomicfile.File that writes output path.
func file(path string, stdout io.Writer, write func(io.Writer) error) atomicfile.File {
	return atomicfile.File{Path: path, Write: write, Stdout: stdout}
}

// outputFiles are the files a command writes, all or none, in order.
type outputFiles struct {
	stdout io.Writer // "-"
	files  []atomicfile.File
}

// add adds the file at path, written by write, unless path is empty (the
// output was not asked for).
func (o *outputFiles) add(path string, write func(io.Writer) error) {
	if path != "" {
		o.files = append(o.files, file(path, o.stdout, write))
	}
}

// write writes the files (see atomicfile.Write).
func (o *outputFiles) write() error { return atomicfile.Write(o.files...) }

// check checks, before any work, that every output can be written, that
// none is one of the inputs or inside an input folder, and that no two are
// the same file (or both standard output). A collision is a usage error.
func (o outputs) check(inputs ...pathFlag) error {
	for i, out := range o {
		for _, prev := range o[:i] {
			if out.path == atomicfile.StdoutPath && prev.path == atomicfile.StdoutPath {
				return usagef("%v and %v both write to standard output", prev.flag, out.flag)
			}
			if sameFile(out.path, prev.path) {
				return usagef("%s and %s name the same file", prev, out)
			}
		}
		if out.path == atomicfile.StdoutPath {
			continue
		}
		for _, in := range inputs {
			if err := collides(out, in); err != nil {
				return err
			}
		}
		if err := atomicfile.Check(out.path); err != nil {
			return fmt.Errorf("%v %w", out.flag, err)
		}
	}
	return nil
}

// collides reports an output that is input in, or inside input folder in.
func collides(out, in pathFlag) error {
	if in.path == "" || in.path == "-" {
		return nil
	}
	fi, err := os.Stat(in.path)
	if err != nil {
		return nil // the input's own error is reported when it is read
	}
	if !fi.IsDir() {
		if sameFile(out.path, in.path) {
			return usagef("%s: is an input (%s)", out, in)
		}
		return nil
	}
	if special(out.path) {
		return nil
	}
	dir, err1 := filepath.EvalSymlinks(in.path)
	dir, err2 := filepath.Abs(dir)
	target, err3 := canonical(out.path)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil
	}
	if rel, err := filepath.Rel(dir, target); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return usagef("%s: is inside the input folder %s (it would be read as a document)", out, in.path)
	}
	return nil
}

// sameFile reports whether two paths name one file: the same file where it
// exists, else the same canonical path.
func sameFile(a, b string) bool {
	if a == atomicfile.StdoutPath || b == atomicfile.StdoutPath {
		return false
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	ca, errA := canonical(a)
	cb, errB := canonical(b)
	return errA == nil && errB == nil && ca == cb
}

// canonical is path's absolute form with its folder's symbolic links
// resolved (and its own, where it exists).
func canonical(path string) (string, error) {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return filepath.Abs(p)
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return "", err
	}
	return filepath.Abs(filepath.Join(dir, filepath.Base(path)))
}

// special reports whether path is a device, FIFO or socket (written where
// it is, wherever it is).
func special(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode()&(os.ModeDevice|os.ModeCharDevice|os.ModeNamedPipe|os.ModeSocket) != 0
}

// inputPaths are a command's positional PATHs and the paths of a
// list-valued input flag, for output checks.
func inputPaths(paths []string, listFlag flagName, list []string) []pathFlag {
	var in []pathFlag
	for _, p := range paths {
		in = append(in, pathFlag{"", p})
	}
	for _, p := range list {
		in = append(in, pathFlag{listFlag, p})
	}
	return in
}

// writeIDs writes document ids one per line as a one-column CSV: an id is
// quoted only when it holds a comma, a quote, a line break or leading
// space, so every id reads back whole with a CSV reader.
func writeIDs(w io.Writer, ids []string) error {
	cw := csv.NewWriter(w)
	for _, id := range ids {
		if err := cw.Write([]string{id}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// stdoutChecker remembers the first failed write to standard output, so a
// command that printed into a closed pipe or a full disk does not exit 0.
type stdoutChecker struct {
	w   io.Writer
	err error
}

func (c *stdoutChecker) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}
