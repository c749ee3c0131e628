//go:build !unix

package corpus

import "os"

func openFile(path string) (file, error) { return os.Open(path) }
