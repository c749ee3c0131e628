package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
// root's absolute path. A folder is walked with one os.ReadDir per folder
// and ids built as it goes down: filepath.WalkDir with filepath.Rel and
// Join per file cost more than reading the directories.
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
	var walk func(dir, rel, label string) error
	walk = func(dir, rel, label string) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			// Below the root, dir is clean, so joining by hand is
			// filepath.Join's result.
			path, id := filepath.Join(dir, name), name
			if rel != "" {
				path, id = dir+string(filepath.Separator)+name, rel+"/"+name
			}
			switch typ := e.Type(); {
			case typ.IsDir():
				if err := walk(path, id, name); err != nil {
					return err
				}
				continue
			case !typ.IsRegular():
				// A link is followed, and kept if it leads to a file.
				if typ&fs.ModeSymlink == 0 {
					continue
				}
				info, err := os.Stat(path)
				if err != nil {
					return fmt.Errorf("corpus: %w", err)
				}
				if !info.Mode().IsRegular() {
					continue
				}
			}
			docs = append(docs, Document{ID: id, Label: label, Path: path})
		}
		return nil
	}
	if err := walk(root, "", filepath.Base(absRoot)); err != nil {
		return nil, "", err
	}
	// Folders are walked in name order, which is not id order ("a.txt"
	// comes before "a/b"); the sort finds the ids nearly sorted.
	slices.SortFunc(docs, func(a, b Document) int { return strings.Compare(a.ID, b.ID) })
	return docs, absRoot, nil
}
