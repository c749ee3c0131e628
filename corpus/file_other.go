//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package corpus

import "os"

func openFile(path string) (file, error) { return os.Open(path) }
