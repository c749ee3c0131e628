//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package fsread

import (
	"io"
	"os"
	"syscall"
)

// fdFile is a file read with plain system calls. os.Open on Linux also
// tries to register each file with the network poller (an epoll_ctl and
// four fcntl calls that fail or undo each other for a regular file); for a
// corpus of many small files those calls cost more than the reading.
type fdFile struct {
	fd   int
	path string
}

func open(path string) (io.ReadSeekCloser, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "open", Path: path, Err: err}
		}
		return &fdFile{fd: fd, path: path}, nil
	}
}

func (f *fdFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &os.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *fdFile) Seek(offset int64, whence int) (int64, error) {
	off, err := syscall.Seek(f.fd, offset, whence)
	if err != nil {
		return 0, &os.PathError{Op: "seek", Path: f.path, Err: err}
	}
	return off, nil
}

func (f *fdFile) Close() error { return syscall.Close(f.fd) }
