// Package atomicfile writes output files whole or not at all: each file is
// written to a temporary file in its own folder and renamed into place only
// when every file of the set was written completely.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File is one output: where it goes and what writes it.
type File struct {
	Path  string
	Write func(w io.Writer) error
}

// Check reports early whether path can be written: its folder exists and a
// file can be created in it. It leaves nothing behind.
func Check(path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: folder %s: %w", path, dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s: is a folder", path)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write in folder %s: %w", path, dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// Write writes every file to a temporary file next to it, then, only if all
// were written and synced, renames each into place. On any error no file of
// the set is changed and no temporary file is left.
func Write(files ...File) error {
	temps := make([]string, 0, len(files))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		tmp, err := writeTemp(f)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			cleanup()
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			cleanup()
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		temps[i] = ""
	}
	return nil
}

func writeTemp(f File) (string, error) {
	dir := filepath.Dir(f.Path)
	out, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	name := out.Name()
	bw := bufio.NewWriterSize(out, 1<<16)
	err = f.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// CreateTemp makes the file 0600; outputs are ordinary files.
		err = os.Chmod(name, 0o644)
	}
	if err != nil {
		return name, fmt.Errorf("%s: %w", f.Path, err)
	}
	return name, nil
}
