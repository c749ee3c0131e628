package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
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
		File{a, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }},
		File{b, func(w io.Writer) error { io.WriteString(w, "half"); return boom }},
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
	if err := Write(File{a, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }}); err != nil {
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
