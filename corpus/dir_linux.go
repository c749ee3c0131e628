package corpus

import (
	"encoding/binary"
	"io/fs"
	"os"
	"syscall"
)

// readDir lists dir, whose path ends with a separator, leaving out hidden
// entries, with getdents64 read straight into a buffer: one string per
// entry (its path, of which its name is the end). os.ReadDir allocates a
// DirEntry and a name per entry, and on a corpus of small files the
// collector's cycles while listing cost more than the system calls.
func readDir(dir string) ([]dirEntry, error) {
	fd, err := openDir(dir)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var out []dirEntry
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "getdents", Path: dir, Err: err}
		}
		if n <= 0 {
			return out, nil
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name NUL-terminated.
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				return nil, &os.PathError{Op: "getdents", Path: dir, Err: syscall.EINVAL}
			}
			name := b[19:reclen]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			typ := b[18]
			b = b[reclen:]
			if len(name) == 0 || name[0] == '.' {
				continue // hidden, and . and ..
			}
			path := dir + string(name)
			var mode fs.FileMode
			switch typ {
			case syscall.DT_REG:
			case syscall.DT_DIR:
				mode = fs.ModeDir
			case syscall.DT_LNK:
				mode = fs.ModeSymlink
			case syscall.DT_UNKNOWN: // some file systems do not say
				info, err := os.Lstat(path)
				if err != nil {
					return nil, err
				}
				mode = info.Mode().Type()
			default:
				mode = fs.ModeIrregular
			}
			out = append(out, newDirEntry(path, len(dir), mode))
		}
	}
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
