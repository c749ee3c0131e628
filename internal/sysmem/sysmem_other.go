//go:build !linux

package sysmem

// Available returns Fallback: outside Linux the package does not read the
// system's figures.
func Available() uint64 { return Fallback }
