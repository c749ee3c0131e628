//go:build !amd64

package kernels

// forEachKernelSet runs fn with each set of kernels this CPU can run.
func forEachKernelSet(fn func(name string)) { fn("as dispatched") }
