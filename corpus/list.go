package corpus

import (
	"errors"
	"fmt"
	"io"
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

// Summary counts what listing and reading a corpus met: the documents
// read, the paths left out by kind of skip (with the first few of each, see
// First), and the documents decoded from another encoding than UTF-8.
type Summary struct {
	Documents   int `json:"documents"`            // documents read as text
	Empty       int `json:"empty"`                // empty files, left out
	Binary      int `json:"binary"`               // files with a NUL byte, left out
	Windows1252 int `json:"windows_1252"`         // files that were not UTF-8 and were decoded as Windows-1252
	UTF16       int `json:"utf_16,omitempty"`     // files decoded from UTF-16 (a byte order mark says which)
	Unreadable  int `json:"unreadable,omitempty"` // files and folders that could not be opened, left out
	Dangling    int `json:"dangling,omitempty"`   // links to nowhere, left out
	Loop        int `json:"loop,omitempty"`       // links back to a folder being walked, not walked again
	Invalid     int `json:"invalid,omitempty"`    // records that could not be parsed, left out
	Malformed   int `json:"malformed,omitempty"`  // documents that are not what they were said to be (see ErrMalformed), left out

	// Charsets counts the documents decoded from a charset they declare,
	// by its name ("koi8-r"), when it is not one counted above.
	Charsets CharsetCounts `json:"charsets,omitzero"`

	Formats FormatCounts `json:"formats,omitzero"` // documents listed, per format

	first     [numSkipKinds][FirstPaths]string // the first paths of each kind, see First
	firstKind int8                             // 1 + the kind of the first path left out; 0 for none (see FirstSkip)
}

// Skipped is the number of paths left out, of every kind.
func (s Summary) Skipped() int {
	n := 0
	for _, k := range SkipKinds() {
		n += s.Count(k)
	}
	return n
}

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

// Options says how List finds a corpus's documents.
type Options struct {
	// Strict turns every skip met while listing (a dangling link, a loop,
	// an unreadable folder, a record that cannot be parsed) into an error
	// naming the path, a *SkipError.
	Strict bool
	// Format is how files hold documents; Auto picks by extension.
	// Standard input ("-") is Lines unless Format is JSONL, CSV or Mbox.
	Format Format
	// TextField and IDField name the JSON field or CSV column of a
	// record's text and id (DefaultTextField, DefaultIDField when empty).
	// A record without an id is FILE:LINE.
	TextField, IDField string
	// Stdin is what the path "-" reads (os.Stdin when nil).
	Stdin io.Reader
}

// List walks paths (folders recursively, or single files) and returns their
// files as documents, in a stable order. It only lists: empty and binary
// files are found when read. Dangling links, loops and unreadable folders
// are left out; Options.List says which.
func List(paths ...string) ([]Document, error) {
	docs, _, err := Options{}.List(paths...)
	return docs, err
}

// List is as the function List, and also returns what was left out while
// listing, counted in a Summary (whose Documents stays zero: documents are
// counted when read).
func (o Options) List(paths ...string) ([]Document, Summary, error) {
	var sum Summary
	if len(paths) == 0 {
		return nil, sum, errors.New("corpus: no path given")
	}
	if len(paths) == 1 {
		// One root cannot list a file twice or two files under one id.
		docs, _, err := o.listRoot(paths[0], &sum)
		if err == nil && len(docs) == 0 {
			err = fmt.Errorf("corpus: %s: %w (no files)", paths[0], ErrNoDocuments)
		}
		return docs, sum, err
	}
	var docs []Document
	byID := make(map[string]string)
	seen := make(map[string]bool) // absolute paths already listed
	for _, root := range paths {
		found, absRoot, err := o.listRoot(root, &sum)
		if err != nil {
			return nil, sum, err
		}
		for _, d := range found {
			abs := absRoot // a file given as a root
			switch {
			case d.Text != nil: // a record: its file and its id
				abs = recordKey(d)
			case len(found) > 1 || d.Path != root:
				abs = filepath.Join(absRoot, filepath.FromSlash(d.ID))
			}
			if seen[abs] {
				continue
			}
			seen[abs] = true
			if other, ok := byID[d.ID]; ok {
				return nil, sum, fmt.Errorf("corpus: document id %q is both %s and %s; give their parent folder instead", d.ID, other, d.Path)
			}
			byID[d.ID] = d.Path
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, sum, fmt.Errorf("corpus: %s: %w (no files)", strings.Join(paths, ", "), ErrNoDocuments)
	}
	return docs, sum, nil
}

// listRoot lists the documents under one root, sorted by id, with the
// root's absolute path, adding what it leaves out to sum. A folder is
// walked with one readDir per folder, its entries sorted so that the walk
// meets the files in id order ("a.txt" before "a/b": a folder sorts as its
// name and a slash), and its subfolders are walked in parallel; a file's
// path is built once and its id is the path's end (filepath.WalkDir, with
// filepath.Rel and Join per file, cost more than reading the folders). A
// root that cannot be read is an error, not a skip.
func (o Options) listRoot(root string, sum *Summary) (docs []Document, absRoot string, err error) {
	if root == "-" {
		docs, err = o.listStdin(sum)
		return docs, root, err
	}
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
		part := &listPart{}
		d := Document{ID: filepath.Base(root), Label: filepath.Base(filepath.Dir(absRoot)), Path: root}
		if err := o.addFile(part, d); err != nil {
			return nil, "", err
		}
		docs, err = joinParts(part, sum, o.Strict)
		return docs, absRoot, err
	}
	dir := filepath.Clean(root)
	prefix := dir
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, "", fmt.Errorf("corpus: %w", err)
	}
	w := &walker{o: o, prefix: len(prefix), sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
	part := w.walk(folder{path: prefix, label: filepath.Base(absRoot), real: []string{real}})
	docs, err = joinParts(part, sum, o.Strict)
	return docs, absRoot, err
}

// listStdin lists the records of standard input: Lines, unless the format
// asks for JSONL, CSV or Mbox. Their ids are "stdin:LINE".
func (o Options) listStdin(sum *Summary) ([]Document, error) {
	in := o.Stdin
	if in == nil {
		in = os.Stdin
	}
	f := o.Format
	if f != JSONL && f != CSV && f != Mbox {
		f = Lines
	}
	part := &listPart{}
	if err := o.readRecords(f, "-", "stdin", "stdin", in, part); err != nil {
		return nil, err
	}
	return joinParts(part, sum, o.Strict)
}

// addFile adds the file d to part: as one document, or as the documents
// of its records when its format says so.
func (o Options) addFile(part *listPart, d Document) error {
	f := o.formatOf(d.ID)
	if f == File {
		part.docs = append(part.docs, d)
		part.formats.File++
		return nil
	}
	return o.readRecords(f, d.Path, d.ID, d.Label, nil, part)
}

// recordKey is what tells a record apart from every other in a corpus
// of several roots: its file's absolute path and its id.
func recordKey(d Document) string {
	abs, err := filepath.Abs(d.Path)
	if err != nil {
		abs = d.Path
	}
	return abs + "\x00" + d.ID
}

// readDirFunc lists a folder; tests replace it to make one unreadable.
var readDirFunc = readDir

// walker lists a folder's tree.
type walker struct {
	o      Options
	prefix int           // length of the root's path and separator, which ids leave out
	sem    chan struct{} // a slot per folder walked in a goroutine of its own
}

// folder is a folder to walk.
type folder struct {
	path  string   // its path, ending with a separator
	label string   // its name
	real  []string // the real paths (links resolved) of the folders on the walk's path to it, itself last
}

// sub is the folder e of f, whose real path is real.
func (f folder) sub(e dirEntry, real string) folder {
	return folder{
		path:  e.path + string(filepath.Separator),
		label: e.name,
		real:  append(f.real[:len(f.real):len(f.real)], real),
	}
}

// walk returns the documents under f, in id order, and what it left out.
func (w *walker) walk(f folder) *listPart {
	entries, err := readDirFunc(f.path)
	switch {
	case err != nil && len(f.real) == 1: // the root
		return &listPart{err: fmt.Errorf("corpus: %w", err)}
	case err != nil:
		out := &listPart{}
		out.skip(SkipUnreadable, strings.TrimSuffix(f.path, string(filepath.Separator)), err)
		return out
	}
	self := &listPart{} // what this folder itself leaves out
	entries = followLinks(entries, self)
	slices.SortFunc(entries, compareEntries)

	// The documents in order: runs of files, and each subfolder's own.
	parts := []*listPart{self}
	var wg sync.WaitGroup
	defer wg.Wait() // on an early return too
	files := &listPart{}
	here := f.real[len(f.real)-1]
	for _, e := range entries {
		switch {
		case e.typ.IsDir():
			real := e.real
			if real == "" {
				real = filepath.Join(here, e.name)
			}
			if slices.Contains(f.real, real) {
				files.skip(SkipLoop, e.path, nil)
				continue
			}
			sub := &listPart{}
			parts = append(parts, files, sub)
			files = &listPart{}
			w.walkSub(&wg, sub, f.sub(e, real))
		case e.typ.IsRegular():
			if err := w.o.addFile(files, w.document(e.path, f.label)); err != nil {
				files.err = err
				return &listPart{parts: append(parts, files)}
			}
		}
	}
	parts = append(parts, files)
	wg.Wait()
	return &listPart{parts: parts}
}

// walkSub walks the subfolder f into sub, in a goroutine of its own
// (which wg waits for) when a slot is free.
func (w *walker) walkSub(wg *sync.WaitGroup, sub *listPart, f folder) {
	select {
	case w.sem <- struct{}{}:
		wg.Go(func() {
			*sub = *w.walk(f)
			<-w.sem
		})
	default:
		*sub = *w.walk(f)
	}
}

// followLinks gives each link among entries the type of what it leads to
// (a folder's with its real path, so that a link to a folder sorts and is
// walked as one), and leaves out, into skips, the links that lead nowhere.
func followLinks(entries []dirEntry, skips *listPart) []dirEntry {
	out := entries[:0]
	for _, e := range entries {
		if e.typ&fs.ModeSymlink != 0 {
			info, err := os.Stat(e.path)
			if err != nil {
				skips.skip(statSkip(err), e.path, err)
				continue
			}
			if info.IsDir() {
				if e.real, err = filepath.EvalSymlinks(e.path); err != nil {
					skips.skip(statSkip(err), e.path, err)
					continue
				}
			}
			real := e.real
			e = newDirEntry(e.path, len(e.path)-len(e.name), info.Mode().Type())
			e.real = real
		}
		out = append(out, e)
	}
	return out
}

// document is the file at path, found under the root, in the folder label.
func (w *walker) document(path, label string) Document {
	id := path[w.prefix:]
	if filepath.Separator != '/' {
		id = filepath.ToSlash(id)
	}
	return Document{ID: id, Label: label, Path: path}
}

// listPart is a run of a folder's documents, or the parts it is made of,
// in order, with the paths left out among them.
type listPart struct {
	docs    []Document
	skips   []SkipError
	parts   []*listPart
	formats FormatCounts // documents per format
	utf16   int          // files of records decoded from UTF-16
	err     error        // what stops the listing (a root that cannot be read, a CSV file without its text column)
}

// skip leaves path out for kind k, met as err.
func (p *listPart) skip(k SkipKind, path string, err error) {
	p.skips = append(p.skips, SkipError{Kind: k, Path: path, Err: err})
}

// joinParts joins the documents under p in order and counts what they
// left out in sum; with strict, the first path left out is the error.
func joinParts(p *listPart, sum *Summary, strict bool) ([]Document, error) {
	var docs []Document
	var first *SkipError
	var err error
	var add func(p *listPart)
	add = func(p *listPart) {
		if err == nil {
			err = p.err
		}
		sum.Formats.add(p.formats)
		sum.UTF16 += p.utf16
		for i := range p.skips {
			s := &p.skips[i]
			if first == nil {
				first = s
			}
			sum.Skip(s.Kind, s.Path)
		}
		docs = append(docs, p.docs...)
		for _, q := range p.parts {
			add(q)
		}
	}
	add(p)
	if err != nil {
		return nil, err
	}
	if strict && first != nil {
		return nil, first
	}
	return docs, nil
}
