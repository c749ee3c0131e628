package main

import (
	"bytes"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtureIsCurrent: the command testdata/README.md gives makes
// testdata/news again byte for byte, so that the fixture is what this
// program writes (same seed, same bytes), and every post it wrote is a
// message net/mail reads, with its inside text beside it.
func TestFixtureIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	out := t.TempDir()
	saved := maxPiece
	defer func() { maxPiece = saved }()
	maxPiece = 400
	if err := run(1, out, "", nil, 80, 15, []string{filepath.Join(root, "corpus")}); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "news")
	posts := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		got, _ := os.ReadFile(path)
		if w, err := os.ReadFile(filepath.Join(want, rel)); err != nil || !bytes.Equal(got, w) {
			t.Errorf("%s differs from testdata/news (%v): make the fixture again", rel, err)
		}
		if strings.HasPrefix(rel, "raw"+string(filepath.Separator)) {
			posts++
			if _, err := mail.ReadMessage(bytes.NewReader(got)); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			if _, err := os.Stat(filepath.Join(out, "bodies", strings.TrimPrefix(rel, "raw"))); err != nil {
				t.Errorf("%s has no inside text: %v", rel, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if posts != 80 {
		t.Errorf("%d posts, want 80", posts)
	}
}
