package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Document is one file of a corpus.
type Document struct {
	ID    string // slash-separated path relative to its root
	Label string // name of the folder that holds the file
	Path  string // path to open, as found under the root given
	// Text, when not nil, is the document's content, read instead of the
	// file at Path: documents that come from memory, a database or a
	// queue go through the same reading and analysis as files.
	Text []byte
}

// Summary counts what reading a corpus met.
type Summary struct {
	Documents   int `json:"documents"`    // documents read as text
	Empty       int `json:"empty"`        // empty files, left out
	Binary      int `json:"binary"`       // files with a NUL byte, left out
	Windows1252 int `json:"windows_1252"` // files that were not UTF-8 and were decoded as Windows-1252
}

// Skipped is the number of files left out.
func (s Summary) Skipped() int { return s.Empty + s.Binary }

// Err returns an error wrapping ErrNoDocuments when no document was read,
// saying what was found instead.
func (s Summary) Err() error {
	if s.Documents > 0 {
		return nil
	}
	return fmt.Errorf("corpus: %w (%d empty and %d binary files)", ErrNoDocuments, s.Empty, s.Binary)
}

// ErrNoDocuments is returned when the paths hold no document at all.
var ErrNoDocuments = errors.New("no documents")

// List walks paths (folders recursively, or single files) and returns their
// files as documents, in a stable order. It only lists: empty and binary
// files are found when read.
func List(paths ...string) ([]Document, error) {
	if len(paths) == 0 {
		return nil, errors.New("corpus: no path given")
	}
	if len(paths) == 1 {
		// One root cannot list a file twice or two files under one id.
		docs, _, err := listRoot(paths[0])
		if err == nil && len(docs) == 0 {
			err = fmt.Errorf("corpus: %s: %w (no files)", paths[0], ErrNoDocuments)
		}
		return docs, err
	}
	var docs []Document
	byID := make(map[string]string)
	seen := make(map[string]bool) // absolute paths already listed
	for _, root := range paths {
		found, absRoot, err := listRoot(root)
		if err != nil {
			return nil, err
		}
		for _, d := range found {
			abs := absRoot // a file given as a root
			if len(found) > 1 || d.Path != root {
				abs = filepath.Join(absRoot, filepath.FromSlash(d.ID))
			}
			if seen[abs] {
				continue
			}
			seen[abs] = true
			if other, ok := byID[d.ID]; ok {
				return nil, fmt.Errorf("corpus: document id %q is both %s and %s; give their parent folder instead", d.ID, other, d.Path)
			}
			byID[d.ID] = d.Path
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("corpus: %s: %w (no files)", strings.Join(paths, ", "), ErrNoDocuments)
	}
	return docs, nil
}

// listRoot lists the documents under one root, sorted by id, with the
// root's absolute path. A folder is walked with one readDir per folder, its
// entries sorted so that the walk meets the files in id order ("a.txt"
// before "a/b": a folder sorts as its name and a slash), and its
// subfolders are walked in parallel; a file's path is built once and its id
// is the path's end (filepath.WalkDir, with filepath.Rel and Join per file,
// cost more than reading the folders).
func listRoot(root string) (docs []Document, absRoot string, err error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, "", fmt.Errorf("corpus: %w", err)
	}
	if absRoot, err = filepath.Abs(root); err != nil {
		return nil, "", fmt.Errorf("corpus: %s: %w", root, err)
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, "", fmt.Errorf("corpus: %s: not a regular file or folder", root)
		}
		d := Document{ID: filepath.Base(root), Label: filepath.Base(filepath.Dir(absRoot)), Path: root}
		return []Document{d}, absRoot, nil
	}
	dir := filepath.Clean(root)
	prefix := dir
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	w := &walker{prefix: len(prefix), sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
	docs, err = w.walk(prefix, filepath.Base(absRoot))
	return docs, absRoot, err
}

// walker lists a folder's tree.
type walker struct {
	prefix int           // length of the root's path and separator, which ids leave out
	sem    chan struct{} // a slot per folder walked in a goroutine of its own
}

// walk returns the documents under dir, whose path ends with a separator,
// in id order; label is the folder's name.
func (w *walker) walk(dir, label string) ([]Document, error) {
	entries, err := readDir(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	slices.SortFunc(entries, compareEntries)

	// The documents in order: runs of files, and each subfolder's own.
	var parts []*listPart
	var wg sync.WaitGroup
	defer wg.Wait() // on an early return too
	files := &listPart{}
	for _, e := range entries {
		if e.typ.IsDir() {
			sub := &listPart{}
			parts = append(parts, files, sub)
			files = &listPart{}
			w.walkSub(&wg, sub, e.path+string(filepath.Separator), e.name)
			continue
		}
		ok, err := isFile(e)
		if err != nil {
			return nil, err
		}
		if ok {
			files.docs = append(files.docs, w.document(e.path, label))
		}
	}
	parts = append(parts, files)
	wg.Wait()
	return joinParts(parts)
}

// walkSub walks the subfolder dir into sub, in a goroutine of its own
// (which wg waits for) when a slot is free.
func (w *walker) walkSub(wg *sync.WaitGroup, sub *listPart, dir, label string) {
	select {
	case w.sem <- struct{}{}:
		wg.Go(func() {
			sub.docs, sub.err = w.walk(dir, label)
			<-w.sem
		})
	default:
		sub.docs, sub.err = w.walk(dir, label)
	}
}

// isFile reports whether an entry that is not a folder is a document: a
// regular file, or a link that leads to one.
func isFile(e dirEntry) (bool, error) {
	switch {
	case e.typ.IsRegular():
		return true, nil
	case e.typ&fs.ModeSymlink == 0:
		return false, nil
	}
	info, err := os.Stat(e.path)
	if err != nil {
		return false, fmt.Errorf("corpus: %w", err)
	}
	return info.Mode().IsRegular(), nil
}

// document is the file at path, found under the root, in the folder label.
func (w *walker) document(path, label string) Document {
	id := path[w.prefix:]
	if filepath.Separator != '/' {
		id = filepath.ToSlash(id)
	}
	return Document{ID: id, Label: label, Path: path}
}

// joinParts joins the parts' documents, or returns the first error.
func joinParts(parts []*listPart) ([]Document, error) {
	n := 0
	for _, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
		n += len(p.docs)
	}
	docs := make([]Document, 0, n)
	for _, p := range parts {
		docs = append(docs, p.docs...)
	}
	return docs, nil
}

// listPart is a run of a folder's documents.
type listPart struct {
	docs []Document
	err  error
}
