package fsread

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// readDir reads the folder's getdents64 records into one buffer and hands
// each name over from it: os.ReadDir makes a DirEntry and a string per
// entry, and on a corpus of small files the collector's cycles while
// listing cost more than the system calls.
func readDir(dir string, fn func(name []byte, typ fs.FileMode)) error {
	fd, err := openDir(dir)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &os.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return nil
		}
		err = parseDirents(buf[:n], func(name []byte, dtype byte) error {
			return entry(dir, name, dtype, fn)
		})
		if err == errDirent {
			return &os.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if err != nil {
			return err
		}
	}
}

// entry hands one record over to fn, as os.ReadDir would list it.
func entry(dir string, name []byte, dtype byte, fn func([]byte, fs.FileMode)) error {
	if string(name) == "." || string(name) == ".." {
		return nil
	}
	typ, known := direntType(dtype)
	if !known { // some file systems do not say
		info, err := os.Lstat(joinPath(dir, string(name)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed since the folder was read, as os.ReadDir
		}
		if err != nil {
			return err
		}
		typ = info.Mode().Type()
	}
	fn(name, typ)
	return nil
}

// direntHeader is the size of struct linux_dirent64 before its name: ino
// u64, off s64, reclen u16, type u8.
const direntHeader = 19

// errDirent reports a record whose length does not fit the buffer.
var errDirent = errors.New("malformed directory record")

// parseDirents calls fn with the name (up to its NUL) and type byte of
// each struct linux_dirent64 of buf, as getdents64 fills it. A record whose
// length is shorter than its header or runs past buf is an error; bytes too
// few for a header at the end are left.
func parseDirents(buf []byte, fn func(name []byte, dtype byte) error) error {
	for b := buf; len(b) >= direntHeader; {
		reclen := int(binary.NativeEndian.Uint16(b[16:]))
		if reclen < direntHeader || reclen > len(b) {
			return errDirent
		}
		name := b[direntHeader:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		dtype := b[18]
		b = b[reclen:]
		if len(name) == 0 {
			continue
		}
		if err := fn(name, dtype); err != nil {
			return err
		}
	}
	return nil
}

// direntType is the file type of a record's type byte, as os.ReadDir
// reports it, and false when the byte does not say.
func direntType(dtype byte) (fs.FileMode, bool) {
	switch dtype {
	case syscall.DT_REG:
		return 0, true
	case syscall.DT_DIR:
		return fs.ModeDir, true
	case syscall.DT_LNK:
		return fs.ModeSymlink, true
	case syscall.DT_BLK:
		return fs.ModeDevice, true
	case syscall.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case syscall.DT_FIFO:
		return fs.ModeNamedPipe, true
	case syscall.DT_SOCK:
		return fs.ModeSocket, true
	}
	return 0, false
}

func joinPath(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

func openDir(dir string) (int, error) {
	for {
		fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, &os.PathError{Op: "open", Path: dir, Err: err}
		}
		return fd, nil
	}
}
