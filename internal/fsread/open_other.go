//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package fsread

import "io"

func open(path string) (io.ReadSeekCloser, error) { return openPlain(path) }
