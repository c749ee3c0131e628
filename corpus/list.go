package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	var docs []Document
	byID := make(map[string]string)
	seen := make(map[string]bool) // absolute paths already listed
	for _, root := range paths {
		found, abs, err := listRoot(root)
		if err != nil {
			return nil, err
		}
		for k, d := range found {
			if seen[abs[k]] {
				continue
			}
			seen[abs[k]] = true
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

// listRoot lists the documents under one root, with their absolute paths.
func listRoot(root string) (docs []Document, abs []string, err error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, nil, fmt.Errorf("corpus: %w", err)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, fmt.Errorf("corpus: %s: %w", root, err)
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("corpus: %s: not a regular file or folder", root)
		}
		d := Document{ID: filepath.Base(root), Label: filepath.Base(filepath.Dir(absRoot)), Path: root}
		return []Document{d}, []string{absRoot}, nil
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// The directory entry's type says what it is without a stat of
		// its own; a link is followed, and kept if it leads to a file.
		if !d.Type().IsRegular() {
			if d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			info, err := os.Stat(path)
			if err != nil {
				return fmt.Errorf("corpus: %w", err)
			}
			if !info.Mode().IsRegular() {
				return nil
			}
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return fmt.Errorf("corpus: %s: %w", path, err)
		}
		a := filepath.Join(absRoot, rel)
		docs = append(docs, Document{ID: filepath.ToSlash(rel), Label: filepath.Base(filepath.Dir(a)), Path: path})
		abs = append(abs, a)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return docs[order[i]].ID < docs[order[j]].ID })
	sortedDocs := make([]Document, len(docs))
	sortedAbs := make([]string, len(docs))
	for k, i := range order {
		sortedDocs[k], sortedAbs[k] = docs[i], abs[i]
	}
	return sortedDocs, sortedAbs, nil
}
