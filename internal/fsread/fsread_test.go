package fsread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// entryList is what a folder read gives, sorted by name, one "name type"
// string per entry.
func entryList(t *testing.T, read func(string, func([]byte, fs.FileMode)) error, dir string) []string {
	t.Helper()
	var out []string
	if err := read(dir, func(name []byte, typ fs.FileMode) {
		out = append(out, fmt.Sprintf("%s %v", name, typ))
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// checkReadDir checks ReadDir against os.ReadDir on dir.
func checkReadDir(t *testing.T, dir string, want int) {
	t.Helper()
	got := entryList(t, ReadDir, dir)
	plain := entryList(t, readDirPlain, dir)
	if !slices.Equal(got, plain) {
		t.Errorf("ReadDir(%s)\n got %q\nwant %q", dir, got, plain)
	}
	if len(got) != want {
		t.Errorf("ReadDir(%s): %d entries, want %d", dir, len(got), want)
	}
}

func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadDirPlain: files, folders, links to a file, a folder and nothing,
// hidden entries and (where the system has them) a named pipe are listed
// as os.ReadDir lists them, with or without a separator after the folder.
func TestReadDirPlain(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "b.txt", "a/x.txt", ".hidden", "c", "日本語.txt", "sp ace")
	for link, to := range map[string]string{"link": "b.txt", "dirlink": "a", "dangling": "nowhere"} {
		if err := os.Symlink(filepath.Join(dir, to), filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	want := 9
	if mkfifo(filepath.Join(dir, "pipe")) == nil {
		want++
	}
	checkReadDir(t, dir, want)
	checkReadDir(t, dir+string(filepath.Separator), want)
	checkReadDir(t, filepath.Join(dir, "a"), 1)
}

// TestReadDirMany lists a folder whose records fill the buffer several
// times over.
func TestReadDirMany(t *testing.T) {
	dir := t.TempDir()
	n := 3000
	if testing.Short() {
		n = 1000
	}
	for i := range n {
		name := fmt.Sprintf("%05d-%s.txt", i, strings.Repeat("x", i%97))
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkReadDir(t, dir, n)
}

func TestReadDirErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "file")
	nothing := func([]byte, fs.FileMode) {}

	missing := filepath.Join(dir, "missing")
	err, plain := ReadDir(missing, nothing), readDirPlain(missing, nothing)
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != plain.Error() {
		t.Errorf("missing folder: %v, want %v", err, plain)
	}
	file := filepath.Join(dir, "file")
	err, plain = ReadDir(file, nothing), readDirPlain(file, nothing)
	if !errors.Is(err, syscall.ENOTDIR) || !errors.Is(plain, syscall.ENOTDIR) {
		t.Errorf("a file: %v, want %v", err, plain)
	}
}

// readAllOpen reads path whole with open, then again after seeking back to
// its start, and from its middle after seeking there.
func readAllOpen(open func(string) (io.ReadSeekCloser, error), path string) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []byte
	for _, off := range []int64{0, 0, -1} {
		if off < 0 {
			end, err := f.Seek(0, io.SeekEnd)
			if err != nil {
				return nil, err
			}
			off = end / 2
		}
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			return nil, err
		}
		b, err := io.ReadAll(f)
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
		if n, err := f.Read(nil); n != 0 || err != nil {
			return nil, fmt.Errorf("empty read: %d, %v", n, err)
		}
	}
	return out, nil
}

// TestOpenPlain: Open reads, seeks and fails as os.Open does.
func TestOpenPlain(t *testing.T) {
	dir := t.TempDir()
	sizes := []int{0, 1, 4095, 4096, 100000, 3 << 20}
	for _, n := range sizes {
		path := filepath.Join(dir, fmt.Sprint(n))
		text := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz\n"), n/37+1)[:n]
		if err := os.WriteFile(path, text, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readAllOpen(Open, path)
		want, werr := readAllOpen(openPlain, path)
		if err != nil || werr != nil || !bytes.Equal(got, want) || len(got) != 2*n+n-n/2 {
			t.Errorf("%d bytes: read %d (%v), os.Open %d (%v)", n, len(got), err, len(want), werr)
		}
	}
	for _, path := range []string{filepath.Join(dir, "missing"), dir} {
		_, err := readAllOpen(Open, path)
		_, plain := readAllOpen(openPlain, path)
		if err == nil || plain == nil || err.Error() != plain.Error() {
			t.Errorf("%s: %v, want %v", path, err, plain)
		}
	}
}

// FuzzReadDir creates a file and a folder under fuzzed names and lists
// them with ReadDir and os.ReadDir.
func FuzzReadDir(f *testing.F) {
	for _, s := range []string{"a", ".hidden", "sp ace", "日本語", "caf\xe9", "\x01\x7f", "..a", strings.Repeat("n", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if name == "" || name == "." || name == ".." || len(name) > 250 ||
			strings.ContainsAny(name, "/\x00") || filepath.Separator != '/' {
			t.Skip()
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Skip(err) // a name this file system refuses
		}
		if err := os.Mkdir(filepath.Join(dir, name+".d"), 0o755); err != nil {
			t.Skip(err)
		}
		checkReadDir(t, dir, 2)
	})
}
