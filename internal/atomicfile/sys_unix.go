//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// linkCount is the number of hard links to a file.
func linkCount(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// keepOwner gives temp the owner of the file it replaces, where this
// process may (as root); elsewhere the file becomes the writer's, as with
// any new file.
func keepOwner(temp string, fi os.FileInfo) {
	if fi == nil {
		return
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		os.Chown(temp, int(st.Uid), int(st.Gid))
	}
}

// processExists reports whether a process with this id exists.
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
