package pipeline

import (
	"context"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	// The local file system, registered for paths without a scheme. Other
	// schemes (gs://, s3://) are registered by the program that runs the
	// pipeline (cmd/nmftopics-beam imports them).
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
)

// isRemote reports whether path names a file system other than the local
// one ("gs://bucket/x", "s3://bucket/x", "memfs://x").
func isRemote(p string) bool { return strings.Contains(p, "://") }

// scheme returns the scheme of p ("gs", "s3"), or "" for a local path.
func scheme(p string) string {
	if i := strings.Index(p, "://"); i > 0 {
		return p[:i]
	}
	return ""
}

// joinPath joins a folder and a file name with the separator of the
// folder's file system.
func joinPath(dir, name string) string {
	if isRemote(dir) {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return filepath.Join(dir, name)
}

// fileSystems keeps one client per scheme, so that a DoFn reading many
// files does not make a client (a GCS or S3 connection) per file.
type fileSystems struct {
	m map[string]filesystem.Interface
}

func (f *fileSystems) get(ctx context.Context, p string) (filesystem.Interface, error) {
	s := scheme(p)
	if fs, ok := f.m[s]; ok {
		return fs, nil
	}
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return nil, err
	}
	if f.m == nil {
		f.m = make(map[string]filesystem.Interface)
	}
	f.m[s] = fs
	return fs, nil
}

// read returns the whole content of the file at p, never nil (an empty
// file gives an empty, non-nil slice, so that corpus.Reader reads it from
// memory and reports it empty).
func (f *fileSystems) read(ctx context.Context, p string) ([]byte, error) {
	fs, err := f.get(ctx, p)
	if err != nil {
		return nil, err
	}
	r, err := fs.OpenRead(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

func (f *fileSystems) close() {
	for _, fs := range f.m {
		fs.Close()
	}
	f.m = nil
}

// readFile reads a whole file from any registered file system.
func readFile(ctx context.Context, p string) ([]byte, error) {
	var f fileSystems
	defer f.close()
	return f.read(ctx, p)
}

// writeFile writes data to the file at p on any registered file system,
// replacing it.
func writeFile(ctx context.Context, p string, data []byte) error {
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, p)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", p, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

// removeFiles removes files written by a run, as far as the file system
// allows; errors are ignored (a work folder left behind is harmless).
func removeFiles(ctx context.Context, paths []string) {
	for _, p := range paths {
		fs, err := filesystem.New(ctx, p)
		if err != nil {
			continue
		}
		if r, ok := fs.(filesystem.Remover); ok {
			r.Remove(ctx, p)
		}
		fs.Close()
	}
}

// baseName is the last element of a slash- or OS-separated path.
func baseName(p string) string {
	if isRemote(p) {
		return path.Base(p)
	}
	return filepath.Base(p)
}

// WriteFile writes data to the file at path, on the local file system or
// any file system Beam has registered (gs://, s3://), replacing it.
func WriteFile(ctx context.Context, path string, data []byte) error {
	return writeFile(ctx, path, data)
}
