// Package fsread lists folders and opens files for reading with as little
// work per entry as the system allows. Each function equals the standard
// library's, which stands beside it as the reference its tests compare
// against:
//
//   - ReadDir gives the entries os.ReadDir gives (leaving out "." and
//     "..", with the type os.DirEntry.Type reports, found with an lstat when
//     the file system does not say), in the order the system lists them,
//     one name at a time through a callback and without a DirEntry each;
//   - Open gives a file that reads and seeks as the *os.File of os.Open.
//
// On Linux, ReadDir reads the getdents64 records straight into a buffer,
// and on Unix systems Open reads with plain system calls; elsewhere both
// are the standard library's.
package fsread

import (
	"io"
	"io/fs"
	"os"
)

// ReadDir calls fn with the name and type of each entry of the folder dir
// but "." and "..", in the order the system lists them. name is valid only
// during the call. The type is fs.ModeDir, fs.ModeSymlink, 0 for a
// regular file, or the type of another kind of file, as os.DirEntry.Type
// gives it; an entry removed while the folder is read may be left out.
func ReadDir(dir string, fn func(name []byte, typ fs.FileMode)) error {
	return readDir(dir, fn)
}

// Open opens the file at path for reading.
func Open(path string) (io.ReadSeekCloser, error) { return open(path) }

// readDirPlain is ReadDir with os.ReadDir: the reference.
func readDirPlain(dir string, fn func(name []byte, typ fs.FileMode)) error {
	entries, err := os.ReadDir(dir)
	for _, e := range entries {
		fn([]byte(e.Name()), e.Type())
	}
	return err
}

// openPlain is Open with os.Open: the reference.
func openPlain(path string) (io.ReadSeekCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}
