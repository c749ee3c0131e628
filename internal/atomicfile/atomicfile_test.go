package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	if err := os.WriteFile(a, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(
		File{Path: a, Write: func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }},
		File{Path: b, Write: func(w io.Writer) error { io.WriteString(w, "half"); return boom }},
	)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "b.txt") {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("a.txt changed to %q although b.txt failed", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left, want only a.txt", len(entries))
	}
	if err := Write(File{Path: a, Write: func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a); string(got) != "new" {
		t.Errorf("a.txt = %q", got)
	}
	if fi, _ := os.Stat(a); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	if err := Check(filepath.Join(dir, "x")); err != nil {
		t.Errorf("writable folder: %v", err)
	}
	if err := Check(filepath.Join(dir, "missing", "x")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing folder: %v", err)
	}
	if err := Check(dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder as output: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Check left %d files", len(entries))
	}
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestSymlinkIsFollowedAndKept(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target.txt"), filepath.Join(dir, "link.txt")
	os.WriteFile(target, []byte("old"), 0o644)
	if err := os.Symlink("target.txt", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(File{Path: link, Write: writeString("new")}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.txt is no longer a symlink: %v %v", fi.Mode(), err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target.txt = %q, want new", got)
	}
	// A dangling link: its target is created, the link stays.
	dangling := filepath.Join(dir, "dangling.txt")
	os.Symlink("created.txt", dangling)
	if err := Write(File{Path: dangling, Write: writeString("made")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "created.txt")); string(got) != "made" {
		t.Errorf("created.txt = %q", got)
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("dangling.txt replaced by a %v", fi.Mode())
	}
}

func TestFIFOIsWrittenDirectly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	if err := Check(fifo); err != nil {
		t.Fatal(err)
	}
	if err := Write(File{Path: fifo, Write: writeString("through the pipe")}); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Errorf("reader got %q", s)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("pipe replaced by a %v", fi.Mode())
	}
}

func TestDeviceErrorIsReported(t *testing.T) {
	fi, err := os.Stat("/dev/full")
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/full here")
	}
	err = Write(File{Path: "/dev/full", Write: writeString("x")})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "/dev/full") {
		t.Errorf("err = %v, want ENOSPC naming /dev/full", err)
	}
	if fi, _ := os.Lstat("/dev/full"); fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full replaced by a %v", fi.Mode())
	}
}

func TestExistingFileKeepsModeAndLinks(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("old"), 0o600)
	os.Chmod(a, 0o600)
	if err := Write(File{Path: a, Write: writeString("new")}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(a); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", fi.Mode().Perm())
	}
	if err := os.Link(a, b); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := Write(File{Path: a, Write: writeString("newer")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(b); string(got) != "newer" {
		t.Errorf("hard link b.txt = %q, want newer: the link was broken", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files left, want 2", len(entries))
	}
}

func TestDashIsStandardOutput(t *testing.T) {
	var out strings.Builder
	if err := Check(StdoutPath); err != nil {
		t.Fatal(err)
	}
	if err := Write(File{Path: StdoutPath, Write: writeString("to stdout"), Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "to stdout" {
		t.Errorf("stdout = %q", out.String())
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was created")
	}
}

func TestStaleTempsAreRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.json")
	// A temporary file of a run that was killed (its process is gone), one
	// of a run still going (this process), and another program's file.
	dead := filepath.Join(dir, ".out.json.nmftopics-2147483646-1.tmp")
	live := filepath.Join(dir, fmt.Sprintf(".out.json.nmftopics-%d-1.tmp", os.Getpid()))
	other := filepath.Join(dir, ".out.json.other.tmp")
	for _, p := range []string{dead, live, other} {
		os.WriteFile(p, nil, 0o600)
	}
	if err := Write(File{Path: out, Write: writeString("{}")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); err == nil {
		t.Errorf("the dead run's temporary file is still there")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
}

func TestDescriptorLinkIsWrittenThrough(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	path := fmt.Sprintf("/proc/self/fd/%d", w.Fd())
	if _, err := os.Lstat(path); err != nil {
		t.Skip("no /proc here")
	}
	got := make(chan string)
	go func() { b, _ := io.ReadAll(r); got <- string(b) }()
	err = Write(File{Path: path, Write: writeString("through the descriptor")})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the descriptor" {
		t.Errorf("pipe got %q", s)
	}
	// A regular file behind the link is appended to, and stays the file.
	f, _ := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	defer f.Close()
	f.WriteString("table\n")
	if err := Write(File{Path: fmt.Sprintf("/proc/self/fd/%d", f.Fd()), Write: writeString("json\n")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(f.Name()); string(b) != "table\njson\n" {
		t.Errorf("file = %q", b)
	}
}
