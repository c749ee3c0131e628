//go:build !linux

package corpus

func readDir(dir string) ([]dirEntry, error) { return readDirPortable(dir) }
