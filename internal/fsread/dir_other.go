//go:build !linux

package fsread

import "io/fs"

func readDir(dir string, fn func(name []byte, typ fs.FileMode)) error {
	return readDirPlain(dir, fn)
}
