package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// symlink makes a link at the slash path link under dir, leading to target.
func symlink(t *testing.T, dir, target, link string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
		t.Fatal(err)
	}
}

func ids(docs []Document) string {
	var out []string
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return strings.Join(out, " ")
}

func TestListFollowsLinkedFolders(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	writeTree(t, data, map[string]string{"sport/1.txt": "a", "tech/2.txt": "b"})
	root := filepath.Join(dir, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	// A folder made only of links to folders (the "no documents").
	symlink(t, root, filepath.Join(data, "sport"), "s")
	symlink(t, root, filepath.Join(data, "tech"), "t")
	symlink(t, root, "../data/tech", "t.rel") // relative links too
	docs, sum, err := Options{}.List(root)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(docs), "s/1.txt t.rel/2.txt t/2.txt"; got != want {
		t.Errorf("ids %q, want %q", got, want)
	}
	if docs[0].Label != "s" {
		t.Errorf("label %q, want the link's name", docs[0].Label)
	}
	if sum.Skipped() != 0 {
		t.Errorf("skipped %d, want 0", sum.Skipped())
	}
}

func TestListLoops(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a/x.txt": "x", "b/y.txt": "y"})
	symlink(t, dir, "..", "a/up")                    // back to the root
	symlink(t, dir, filepath.Join(dir, "a"), "a/me") // to itself
	symlink(t, dir, filepath.Join(dir, "b"), "a/tob")
	symlink(t, dir, filepath.Join(dir, "a"), "b/toa") // a → b → a
	symlink(t, dir, "selfish", "selfish")             // a link to itself
	docs, sum, err := Options{}.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Every folder is walked once per path that does not come back to a
	// folder the walk is in.
	if got, want := ids(docs), "a/tob/y.txt a/x.txt b/toa/x.txt b/y.txt"; got != want {
		t.Errorf("ids\n got %q\nwant %q", got, want)
	}
	wantFirst := []string{"selfish", "a/me", "a/tob/toa"} // in the order met
	var first []string
	for _, p := range sum.First(SkipLoop) {
		rel, _ := filepath.Rel(dir, p)
		first = append(first, filepath.ToSlash(rel))
	}
	// selfish, a/me, a/up, a/tob/toa, b/toa/me, b/toa/tob, b/toa/up.
	if sum.Loop != 7 || fmt.Sprint(first) != fmt.Sprint(wantFirst) {
		t.Errorf("loops %d %v, want 7, first %v", sum.Loop, first, wantFirst)
	}
	// Strict: the first loop is the error, naming it.
	_, _, err = Options{Strict: true}.List(dir)
	var se *SkipError
	if !errors.As(err, &se) || se.Kind != SkipLoop || !strings.HasSuffix(se.Path, "selfish") {
		t.Errorf("strict: err %v, want a loop at selfish", err)
	}
}

func TestListDanglingAndUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a/x.txt": "x", "locked/y.txt": "y", "z.txt": "z"})
	symlink(t, dir, filepath.Join(dir, "gone"), "a/dangling")
	symlink(t, dir, filepath.Join(dir, "z.txt", "sub"), "a/notdir")
	// Root may read any folder, so the test makes one unreadable by
	// standing in for the system's listing.
	locked := filepath.Join(dir, "locked") + string(filepath.Separator)
	readDirFunc = func(d string) ([]dirEntry, error) {
		if d == locked {
			return nil, &fs.PathError{Op: "open", Path: d, Err: fs.ErrPermission}
		}
		return readDir(d)
	}
	defer func() { readDirFunc = readDir }()

	docs, sum, err := Options{}.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(docs), "a/x.txt z.txt"; got != want {
		t.Errorf("ids %q, want %q", got, want)
	}
	if sum.Dangling != 2 || sum.Unreadable != 1 || sum.Skipped() != 3 {
		t.Errorf("summary %+v, want 2 dangling and 1 unreadable", sum)
	}
	if got := sum.First(SkipUnreadable); len(got) != 1 || got[0] != filepath.Join(dir, "locked") {
		t.Errorf("unreadable %v, want the locked folder", got)
	}
	warnings := strings.Join(sum.Warnings(), "\n")
	for _, want := range []string{"corpus: 1 skipped as unreadable: " + filepath.Join(dir, "locked"), "corpus: 2 skipped as dangling: "} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings %q lack %q", warnings, want)
		}
	}
	_, _, err = Options{Strict: true}.List(dir)
	var se *SkipError
	if !errors.As(err, &se) || se.Kind != SkipDangling || !strings.Contains(err.Error(), filepath.Join(dir, "a", "dangling")) {
		t.Errorf("strict: err %v, want the dangling link named", err)
	}
	// The function List skips too, and the root itself must be readable.
	if docs, err := List(dir); err != nil || len(docs) != 2 {
		t.Errorf("List: %d documents, %v", len(docs), err)
	}
	if _, err := List(locked); err == nil || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("unreadable root: err %v, want a permission error", err)
	}
}

func TestReadUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may read a file whatever its mode")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"x.txt": "x"})
	p := filepath.Join(dir, "x.txt")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	var r Reader
	_, err := r.Read(Document{ID: "x.txt", Path: p}, func([]byte) error { return nil })
	if k, ok := SkipOf(err); !ok || k != SkipUnreadable {
		t.Errorf("err %v: kind %v %v, want unreadable", err, k, ok)
	}
}

func TestSummarySkips(t *testing.T) {
	var a, b Summary
	for i := range 4 {
		a.Skip(SkipEmpty, fmt.Sprintf("a%d", i))
	}
	b.Skip(SkipEmpty, "b0")
	b.Skip(SkipInvalid, "f.jsonl:3")
	b.Binary = 2 // counted without paths, as vectorize.Count does
	a.Add(b)
	if a.Empty != 5 || a.Invalid != 1 || a.Skipped() != 8 {
		t.Errorf("counts %+v", a)
	}
	if got := fmt.Sprint(a.First(SkipEmpty)); got != "[a0 a1 a2]" {
		t.Errorf("first empty %s, want the first three", got)
	}
	want := []string{
		"corpus: 5 skipped as empty: a0, a1, a2, …",
		"corpus: 2 skipped as binary",
		"corpus: 1 skipped as invalid: f.jsonl:3",
	}
	if got := a.Warnings(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("warnings\n got %q\nwant %q", got, want)
	}
	for _, err := range []error{ErrEmpty, ErrBinary, fmt.Errorf("x: %w", ErrUnreadable)} {
		if _, ok := SkipOf(err); !ok {
			t.Errorf("SkipOf(%v) is not a skip", err)
		}
	}
	if _, ok := SkipOf(errors.New("disk on fire")); ok {
		t.Error("SkipOf of another error is a skip")
	}
}
