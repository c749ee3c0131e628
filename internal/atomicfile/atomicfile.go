// Package atomicfile writes a command's outputs whole or not at all, without
// clobbering what is not theirs.
//
// Each output path is one of:
//   - "-" (StdoutPath): written to File.Stdout, as it is produced;
//   - a device, FIFO or socket: opened and written directly, never renamed
//     over (a write error, such as /dev/full's, is returned);
//   - a regular file, or a new one: written to a temporary file in the same
//     folder, synced, and renamed into place only when every file of the set
//     was written completely. An existing file keeps its permission bits; a
//     file with other hard links is rewritten in place once complete, so
//     that its links stay one file;
//   - a symbolic link: followed (a chain of them too, and a dangling one);
//     its final target is written by the rules above and the link stays.
//
// Temporary files are named .NAME.nmftopics-PID-RANDOM.tmp. A run that was
// killed (kill -9) cannot remove its own; the next run that writes NAME
// removes those whose process is gone.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// StdoutPath is the output path that means standard output.
const StdoutPath = "-"

// File is one output: where it goes and what writes it.
type File struct {
	Path  string
	Write func(w io.Writer) error
	// Stdout is where Path "-" is written.
	Stdout io.Writer
}

// target is where an output path really leads.
type target struct {
	path   string      // the final target, after symbolic links
	info   os.FileInfo // the target's, nil if it does not exist yet
	direct bool        // written in place: a device, FIFO or socket
}

// maxLinks bounds a chain of symbolic links, as the kernel's ELOOP does.
const maxLinks = 40

// resolve follows path's symbolic links to the file they lead to, which
// need not exist.
func resolve(path string) (target, error) {
	for range maxLinks {
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
			return target{path: path}, nil // Check says what is wrong with its folder
		case err != nil:
			return target{}, err
		case fi.Mode()&os.ModeSymlink == 0:
			special := os.ModeDevice | os.ModeCharDevice | os.ModeNamedPipe | os.ModeSocket
			return target{path: path, info: fi, direct: fi.Mode()&special != 0}, nil
		}
		if isDescriptorLink(path) {
			return target{path: path, info: fi, direct: true}, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return target{}, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return target{}, fmt.Errorf("too many levels of symbolic links")
}

// isDescriptorLink reports whether path is a link to an open descriptor
// (/dev/stdout, /dev/fd/N, /proc/self/fd/N): its text is no path (a pipe's
// is "pipe:[123]") and a file behind it is one the caller already opened,
// so it is written through, never replaced.
func isDescriptorLink(path string) bool {
	path = filepath.Clean(path)
	switch {
	case path == "/dev/stdout", path == "/dev/stderr", strings.HasPrefix(path, "/dev/fd/"):
		return true
	case strings.HasPrefix(path, "/proc/"):
		parts := strings.Split(path, "/") // "", "proc", PID or self, "fd", N
		return len(parts) == 5 && parts[3] == "fd"
	}
	return false
}

// Check reports early whether path can be written: "-", a device, FIFO or
// socket, or a file whose folder exists and takes a new file. It leaves
// nothing behind and does not open a device or FIFO.
func Check(path string) error {
	if path == StdoutPath {
		return nil
	}
	t, err := resolve(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if t.direct {
		return nil
	}
	if t.info != nil && t.info.IsDir() {
		return fmt.Errorf("%s: is a folder", path)
	}
	dir := filepath.Dir(t.path)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: folder %s: %w", path, dir, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	}
	f, err := createTemp(t.path)
	if err != nil {
		return fmt.Errorf("%s: cannot write in folder %s: %w", path, dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// Write writes the files in order: standard output and devices directly,
// the others to temporary files which, only once all were written and
// synced, take their places. On an error no regular file of the set is
// changed and no temporary file is left.
func Write(files ...File) error {
	type pending struct {
		temp string
		t    target
		path string
	}
	var temps []pending
	cleanup := func() {
		for _, p := range temps {
			os.Remove(p.temp)
		}
	}
	for _, f := range files {
		if f.Path == StdoutPath {
			if f.Stdout == nil {
				cleanup()
				return errors.New("standard output: no writer given")
			}
			if err := writeBuffered(f.Stdout, f.Write); err != nil {
				cleanup()
				return fmt.Errorf("standard output: %w", err)
			}
			continue
		}
		t, err := resolve(f.Path)
		if err != nil {
			cleanup()
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		if t.direct {
			if err := writeDirect(t.path, f.Write); err != nil {
				cleanup()
				return fmt.Errorf("%s: %w", f.Path, err)
			}
			continue
		}
		removeStaleTemps(t.path)
		tmp, err := writeTemp(t, f.Write)
		if tmp != "" {
			temps = append(temps, pending{tmp, t, f.Path})
		}
		if err != nil {
			cleanup()
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	for i, p := range temps {
		if err := place(p.temp, p.t); err != nil {
			cleanup()
			return fmt.Errorf("%s: %w", p.path, err)
		}
		temps[i].temp = ""
	}
	return nil
}

func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// writeDirect writes a device, FIFO, socket or open descriptor where it
// is. A regular file reached through a descriptor link is appended to,
// after whatever its opener wrote.
func writeDirect(path string, write func(io.Writer) error) error {
	flags := os.O_WRONLY
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		flags |= os.O_APPEND
	}
	out, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return err
	}
	err = writeBuffered(out, write)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// tempPrefix and tempSuffix frame a temporary file's name around the
// writer's process id, so a later run can tell a dead run's file.
func tempPrefix(path string) string { return "." + filepath.Base(path) + ".nmftopics-" }

const tempSuffix = ".tmp"

func createTemp(path string) (*os.File, error) {
	pattern := tempPrefix(path) + strconv.Itoa(os.Getpid()) + "-*" + tempSuffix
	return os.CreateTemp(filepath.Dir(path), pattern)
}

// removeStaleTemps removes the temporary files for path left by runs whose
// process no longer exists. Errors are ignored: stale files are litter,
// not a reason to fail.
func removeStaleTemps(path string) {
	prefix := tempPrefix(path)
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), globEscape(prefix)+"*"+tempSuffix))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), prefix)
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if ok && err == nil && pid > 0 && !processExists(pid) {
			os.Remove(m)
		}
	}
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

// writeTemp writes a temporary file next to t and syncs it. It returns the
// temporary file's name whenever one was created.
func writeTemp(t target, write func(io.Writer) error) (string, error) {
	out, err := createTemp(t.path)
	if err != nil {
		return "", err
	}
	name := out.Name()
	err = writeBuffered(out, write)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, modeFor(t))
	}
	return name, err
}

// modeFor is the permission of a written file: an existing file's own, or
// an ordinary file's (CreateTemp makes 0600).
func modeFor(t target) os.FileMode {
	if t.info != nil {
		return t.info.Mode().Perm()
	}
	return 0o644
}

// place puts a complete temporary file at t: renamed over it, or copied
// into it when it has other hard links.
func place(temp string, t target) error {
	if t.info == nil || linkCount(t.info) <= 1 {
		keepOwner(temp, t.info)
		return os.Rename(temp, t.path)
	}
	src, err := os.Open(temp)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(t.path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Remove(temp)
	}
	return err
}
