package pipeline

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/nmftopics/nmftopics/corpus"
)

// docRef is a document found by listing the input: Index is its place in
// the sorted listing, which decides its shard.
type docRef struct {
	Index int
	ID    string
	Label string
	Path  string
}

// document is the corpus.Document of a reference, with its text.
func (r docRef) document(text []byte) corpus.Document {
	return corpus.Document{ID: r.ID, Label: r.Label, Path: r.Path, Text: text}
}

// hasMeta reports whether p is a glob pattern.
func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// remoteDepth is how deep a folder on a file system without recursive
// globs (s3://, memfs://) is listed.
const remoteDepth = 8

// listInput lists the documents of an input, sorted by ID, as corpus.List
// lists a folder:
//
//   - a local folder or file: corpus.List itself (folders walked
//     recursively, names starting with "." left out);
//   - a glob pattern (local or remote): the files it matches, with IDs
//     relative to the folder before the first wildcard;
//   - a remote folder: every file under it (gs:// by one recursive "**"
//     listing, other schemes level by level, up to 8 levels deep).
//
// A document's Label is the name of the folder that holds it.
func listInput(ctx context.Context, input string) ([]docRef, error) {
	if !isRemote(input) && !hasMeta(input) {
		return listLocal(input)
	}
	root, files, err := listFiles(ctx, input)
	if err != nil {
		return nil, err
	}
	refs, err := fileRefs(input, root, files)
	if err != nil {
		return nil, err
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("--input %s: %w (no files)", input, corpus.ErrNoDocuments)
	}
	return numberRefs(input, refs)
}

// listLocal lists a local folder or file with corpus.List.
func listLocal(input string) ([]docRef, error) {
	docs, err := corpus.List(input)
	if err != nil {
		return nil, fmt.Errorf("--input %s: %w", input, err)
	}
	refs := make([]docRef, len(docs))
	for i, d := range docs {
		refs[i] = docRef{Index: i, ID: d.ID, Label: d.Label, Path: d.Path}
	}
	return refs, nil
}

// listFiles lists the files of a glob or a remote folder or file, and the
// root their IDs are relative to.
func listFiles(ctx context.Context, input string) (root string, files []string, err error) {
	if hasMeta(input) {
		files, err = list(ctx, input)
		return globRoot(input), files, err
	}
	root = strings.TrimSuffix(input, "/")
	if files, err = listFolder(ctx, root); err != nil || len(files) > 0 {
		return root, files, err
	}
	// No file under it: perhaps a single file.
	files, err = list(ctx, input)
	return path.Dir(input), files, err
}

// fileRefs makes references of the listed files under root, leaving out
// hidden files, folders and, on the local file system, anything but
// regular files.
func fileRefs(input, root string, files []string) ([]docRef, error) {
	var refs []docRef
	for _, f := range files {
		rel, ok := relative(root, f)
		if !ok || hidden(rel) || strings.HasSuffix(f, "/") {
			continue
		}
		if !isRemote(f) {
			info, err := os.Stat(f)
			if err != nil {
				return nil, fmt.Errorf("--input %s: %w", input, err)
			}
			if !info.Mode().IsRegular() {
				continue
			}
		}
		refs = append(refs, docRef{ID: rel, Label: label(f), Path: f})
	}
	return refs, nil
}

// numberRefs sorts references by ID and numbers them in that order; two
// files of one ID are an error.
func numberRefs(input string, refs []docRef) ([]docRef, error) {
	sort.Slice(refs, func(i, j int) bool { return refs[i].ID < refs[j].ID })
	for i := range refs {
		refs[i].Index = i
		if i > 0 && refs[i].ID == refs[i-1].ID {
			return nil, fmt.Errorf("--input %s: document id %q is both %s and %s", input, refs[i].ID, refs[i-1].Path, refs[i].Path)
		}
	}
	return refs, nil
}

// list returns the files matching a glob on its file system.
func list(ctx context.Context, glob string) ([]string, error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("--input %s: %w", glob, err)
	}
	defer fs.Close()
	files, err := fs.List(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("--input %s: %w", glob, err)
	}
	return files, nil
}

// listFolder lists every file under a remote folder.
func listFolder(ctx context.Context, dir string) ([]string, error) {
	if scheme(dir) == "gs" {
		return list(ctx, dir+"/**")
	}
	var files []string
	pattern := dir
	for range remoteDepth {
		pattern += "/*"
		found, err := list(ctx, pattern)
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	return files, nil
}

// globRoot is the folder of a glob before its first wildcard.
func globRoot(glob string) string {
	i := strings.IndexAny(glob, "*?[")
	sep := "/"
	if !isRemote(glob) {
		sep = string(filepath.Separator)
	}
	j := strings.LastIndex(glob[:i], sep)
	if j < 0 {
		return "."
	}
	return glob[:j]
}

// relative returns f's slash-separated path relative to root.
func relative(root, f string) (string, bool) {
	if !isRemote(f) {
		rel, err := filepath.Rel(root, f)
		if err != nil || strings.HasPrefix(rel, "..") {
			return "", false
		}
		return filepath.ToSlash(rel), true
	}
	rel, ok := strings.CutPrefix(f, strings.TrimSuffix(root, "/")+"/")
	return rel, ok && rel != ""
}

// hidden reports whether a relative path has an element starting with
// "." (".git", ".DS_Store"), which corpus.List leaves out.
func hidden(rel string) bool {
	for _, e := range strings.Split(rel, "/") {
		if strings.HasPrefix(e, ".") {
			return true
		}
	}
	return false
}

// label is the name of the folder holding f.
func label(f string) string {
	if isRemote(f) {
		return path.Base(path.Dir(f))
	}
	abs, err := filepath.Abs(f)
	if err != nil {
		abs = f
	}
	return filepath.Base(filepath.Dir(abs))
}
