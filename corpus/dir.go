package corpus

import (
	"io/fs"
	"strings"

	"github.com/nmftopics/nmftopics/internal/fsread"
)

// dirEntry is an entry of a folder, as walk lists it.
type dirEntry struct {
	path string      // the folder's path and the entry's name
	name string      // the end of path
	typ  fs.FileMode // fs.ModeDir, fs.ModeSymlink, 0 for a regular file, or another type
	key  uint64      // the first 8 bytes of its sort key, big-endian, zero-padded
	real string      // for a link to a folder, the folder's real path
}

func newDirEntry(path string, nameAt int, typ fs.FileMode) dirEntry {
	e := dirEntry{path: path, name: path[nameAt:], typ: typ}
	for i := range 8 {
		e.key = e.key<<8 | uint64(max(0, keyByte(e, i)))
	}
	return e
}

// compareEntries orders entries as the ids under them sort: a folder as its
// name and a slash ("a.txt" before "a/b", "a-b/x" before "a/x"). Most
// comparisons end at the keys' first 8 bytes, held in a number (names
// hold no zero byte, so the padding sorts a shorter key first).
func compareEntries(a, b dirEntry) int {
	if a.key != b.key {
		if a.key < b.key {
			return -1
		}
		return 1
	}
	n := min(len(a.name), len(b.name))
	if c := strings.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	return keyByte(a, n) - keyByte(b, n) // one name starts the other
}

// keyByte is the byte at i of e's sort key, or -1 past its end.
func keyByte(e dirEntry, i int) int {
	switch {
	case i < len(e.name):
		return int(e.name[i])
	case i == len(e.name) && e.typ.IsDir():
		return '/'
	}
	return -1
}

// readDir lists dir, whose path ends with a separator, leaving out hidden
// entries: one string per entry, its path, of which its name is the end.
func readDir(dir string) ([]dirEntry, error) {
	var out []dirEntry
	err := fsread.ReadDir(dir, func(name []byte, typ fs.FileMode) {
		if name[0] != '.' {
			out = append(out, newDirEntry(dir+string(name), len(dir), typ))
		}
	})
	return out, err
}
