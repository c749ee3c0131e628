//go:build !amd64

package nmf

// laneKernels lists the HALS lane kernels this CPU runs.
func laneKernels() []laneKernel { return []laneKernel{{"halsLanesKernel", halsLanesKernel}} }
