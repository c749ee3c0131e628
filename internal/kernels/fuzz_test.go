package kernels

import (
	"math"
	"testing"
)

// fuzzSource turns the fuzzer's bytes into inputs, reading them in a cycle
// (all zeros when there are none).
type fuzzSource struct {
	data []byte
	pos  int
}

// byte returns the next byte.
func (s *fuzzSource) byte() byte {
	if len(s.data) == 0 {
		return 0
	}
	b := s.data[s.pos%len(s.data)]
	s.pos++
	return b
}

// float returns a finite non-negative float from three bytes: zero when
// the last two are, otherwise with a full 52-bit mantissa (so that products
// round, and a fused multiply-add differs from a product and a sum) and a
// magnitude between 2⁻³⁰ and 2¹⁸ (so that sums round in varied ways without
// overflowing).
func (s *fuzzSource) float() float64 {
	e, m := int(s.byte()%48), uint64(s.byte())|uint64(s.byte())<<8
	if m == 0 {
		return 0
	}
	m *= 0x9e3779b97f4a7c15 // spreads the 16 bits over the mantissa
	return math.Float64frombits(uint64(1023+e-30)<<52 | m>>12)
}

// signed is float with a sign from a third byte.
func (s *fuzzSource) signed() float64 {
	v := s.float()
	if s.byte()&1 == 1 {
		return -v
	}
	return v
}

// floats returns n values of next.
func (s *fuzzSource) floats(n int, next func() float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = next()
	}
	return x
}

// requireSameBits fails unless got and want hold the same bits.
func requireSameBits(t *testing.T, kernels, name string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: %s[%d] = %v, want %v (the Go reference)", kernels, name, i, got[i], want[i])
		}
	}
}

// FuzzGatherAxpy checks that GatherAxpy, with each set of kernels the CPU
// runs, gives the same bits as gatherAxpyGo for any width, number of
// non-zeros and values, and leaves acc past k alone.
func FuzzGatherAxpy(f *testing.F) {
	f.Add(uint8(5), uint8(3), uint8(7), []byte{1, 0x52, 9, 0x87, 3, 0xf1, 0, 0, 200, 0x33})
	f.Add(uint8(2), uint8(3), uint8(7), []byte("2!%8X")) // an unfused odd last product differs
	f.Add(uint8(16), uint8(1), uint8(1), []byte{0xff, 0xff, 1})
	f.Add(uint8(47), uint8(31), uint8(255), []byte{7, 0x91, 0x40, 0x25, 0x11, 0xc8, 0xee})
	f.Fuzz(func(t *testing.T, kb, rowsb, n uint8, data []byte) {
		k, rows := 1+int(kb)%48, 1+int(rowsb)%32
		src := &fuzzSource{data: data}
		b := src.floats(rows*k, src.signed)
		val := src.floats(int(n), src.signed)
		idx := make([]int32, n)
		for p := range idx {
			idx[p] = int32(int(src.byte()) % rows)
		}
		acc := src.floats(k+3, src.signed)
		want := append([]float64(nil), acc...)
		gatherAxpyGo(want, val, idx, b, k)
		forEachKernelSet(func(kernels string) {
			got := append([]float64(nil), acc...)
			GatherAxpy(got, val, idx, b, k)
			requireSameBits(t, kernels, "acc", got, want)
		})
	})
}

// FuzzHALSSweep checks that HALSSweep, with each set of kernels the CPU
// runs, gives the same bits as halsLanesGo for any k and any valid inputs:
// g = bᵀb, non-negative rows, with or without penalties and a graph term
// (flags bits 0 and 1).
func FuzzHALSSweep(f *testing.F) {
	f.Add(uint8(3), uint8(0), []byte{1, 0x52, 9, 0x87, 0, 0, 3, 0xf1, 200, 0x33})
	f.Add(uint8(10), uint8(3), []byte{0x10, 0x44, 0, 0, 0, 0, 0x99, 0x71, 5})
	f.Add(uint8(23), uint8(1), []byte{0xff, 0xff, 0, 0, 1, 0x20})
	f.Fuzz(func(t *testing.T, kb, flags uint8, data []byte) {
		const L = Lanes
		k := 1 + int(kb)%24
		src := &fuzzSource{data: data}
		b := src.floats(3*k, src.float)
		g := make([]float64, k*k)
		for r := range k {
			for c := range k {
				for i := range 3 {
					g[r*k+c] += b[i*k+r] * b[i*k+c]
				}
			}
		}
		var l1, l2 float64
		if flags&1 != 0 {
			l1, l2 = src.float(), src.float()
		}
		hd := make([]float64, k)
		for t := range k {
			hd[t] = g[t*k+t] + l2
		}
		a, num := src.floats(k*L, src.float), src.floats(k*L, src.float)
		nbl := make([]float64, k*L)
		var gd [L]float64
		if flags&2 != 0 {
			nbl = src.floats(k*L, src.float)
			copy(gd[:], src.floats(L, src.float))
		}
		gl := src.floats(k*k*L, src.signed)
		var viol, cross [L]float64
		copy(viol[:], src.floats(L, src.float))
		copy(cross[:], src.floats(L, src.signed))

		wantA, wantGL, wantViol, wantCross := append([]float64(nil), a...), append([]float64(nil), gl...), viol, cross
		halsLanesGo(wantA, num, make([]float64, k*L), nbl, &gd, g, hd, k, l1, l2, &wantViol, &wantCross, wantGL)
		forEachKernelSet(func(kernels string) {
			gotA, gotGL, gotViol, gotCross := append([]float64(nil), a...), append([]float64(nil), gl...), viol, cross
			HALSSweep(gotA, num, make([]float64, k*L), nbl, &gd, g, hd, k, l1, l2, &gotViol, &gotCross, gotGL)
			requireSameBits(t, kernels, "a", gotA, wantA)
			requireSameBits(t, kernels, "gl", gotGL, wantGL)
			requireSameBits(t, kernels, "viol", gotViol[:], wantViol[:])
			requireSameBits(t, kernels, "cross", gotCross[:], wantCross[:])
		})
	})
}
