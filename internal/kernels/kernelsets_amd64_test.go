package kernels

// forEachKernelSet runs fn with each set of assembly kernels this CPU can
// run: as dispatched and, with AVX-512, also without it (the AVX kernels).
func forEachKernelSet(fn func(name string)) {
	fn("as dispatched")
	if haveAVX512 {
		haveAVX512 = false
		defer func() { haveAVX512 = true }()
		fn("without AVX-512")
	}
}
