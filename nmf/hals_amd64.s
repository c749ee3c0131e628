#include "textflag.h"

DATA signBit<>+0(SB)/8, $0x8000000000000000
GLOBL signBit<>(SB), RODATA|NOPTR, $8

// func halsLanesAVX(a, num, u, nbl, gd, gb, hd *float64, k int, l1, l2 float64, viol, cross, gl *float64)
//
// halsLanesGo for four of the eight rows, in the four lanes of a 256-bit
// register: the same operations (fused multiply-adds where it calls
// math.FMA) in the same order, so the same bits. The arrays are lane-major
// with eight lanes (64 bytes from one entry of a row to the next); the
// caller passes them from the first of the four lanes. See halsLanesGo.
TEXT ·halsLanesAVX(SB), NOSPLIT, $0-104
	MOVQ a+0(FP), DI
	MOVQ num+8(FP), SI
	MOVQ u+16(FP), DX
	MOVQ nbl+24(FP), R8
	MOVQ gd+32(FP), AX
	VMOVUPD (AX), Y11            // λ d_i per lane
	MOVQ gb+40(FP), R9
	MOVQ hd+48(FP), R10
	MOVQ k+56(FP), CX
	VBROADCASTSD l1+64(FP), Y13
	VBROADCASTSD l2+72(FP), Y12
	MOVQ viol+80(FP), AX
	VMOVUPD (AX), Y10
	MOVQ cross+88(FP), AX
	VMOVUPD (AX), Y9
	VXORPD Y15, Y15, Y15         // 0
	VBROADCASTSD signBit<>(SB), Y14

	// u = 0.
	MOVQ DX, R12
	MOVQ CX, R13
clear:
	VMOVUPD Y15, (R12)
	ADDQ $64, R12
	DECQ R13
	JNE  clear

	// u += a_t ⊗ g[t,:] for each t whose lanes are not all zero.
	MOVQ DI, R12                 // a_t
	MOVQ R9, R11                 // g[t,:]
	MOVQ CX, R13
uinit:
	VMOVUPD (R12), Y0
	VPTEST  Y0, Y0
	JE      unext
	MOVQ R11, AX
	MOVQ DX, BX
	MOVQ CX, R9
urow:
	VBROADCASTSD (AX), Y1
	VMOVUPD      (BX), Y2
	VFMADD231PD  Y1, Y0, Y2
	VMOVUPD      Y2, (BX)
	ADDQ $8, AX
	ADDQ $64, BX
	DECQ R9
	JNE  urow
unext:
	ADDQ $64, R12
	LEAQ (R11)(CX*8), R11
	DECQ R13
	JNE  uinit

	// Coordinates t = 0..k−1. R12 = t·32, AX = &g[t,t], R10 = &hd[t].
	MOVQ gb+40(FP), AX
	XORQ R12, R12
	MOVQ CX, R13
coord:
	VMOVUPD (DI)(R12*1), Y0      // old
	VMULPD  Y12, Y0, Y2
	VADDPD  Y2, Y13, Y2          // e = l1 + l2·old
	VMULPD  Y11, Y0, Y3
	VSUBPD  (R8)(R12*1), Y3, Y3  // gd·old − nbl
	VADDPD  Y3, Y2, Y2           // e += gd·old − nbl
	VSUBPD  (SI)(R12*1), Y2, Y2  // e −= num
	VADDPD  (DX)(R12*1), Y2, Y1  // grad = u + e
	// viol += old > 0 ? |grad| : (grad < 0 ? −grad : 0)
	VANDNPD Y1, Y14, Y3          // |grad|
	VXORPD  Y14, Y1, Y4          // −grad
	VCMPPD  $0x11, Y15, Y1, Y5   // grad < 0
	VANDPD  Y5, Y4, Y4
	VCMPPD  $0x1E, Y15, Y0, Y6   // old > 0
	VANDPD  Y6, Y3, Y3
	VANDNPD Y4, Y6, Y4
	VORPD   Y4, Y3, Y3
	VADDPD  Y3, Y10, Y10
	// v = h ≠ 0 ? max(old − grad/h, 0) : old
	VBROADCASTSD (R10), Y7
	VADDPD  Y11, Y7, Y7          // h
	VDIVPD  Y7, Y1, Y2
	VSUBPD  Y2, Y0, Y2
	VCMPPD  $0x1E, Y15, Y2, Y3   // v > 0
	VANDPD  Y3, Y2, Y2
	VCMPPD  $0x00, Y15, Y7, Y4   // h == 0
	VANDPD  Y4, Y0, Y5
	VANDNPD Y2, Y4, Y2
	VORPD   Y5, Y2, Y2
	VSUBPD  Y0, Y2, Y3           // delta = v − old
	VMOVUPD Y2, (DI)(R12*1)
	// u[r] += delta · g[t,r] for r > t.
	MOVQ R13, BX
	DECQ BX
	JE   cnext
	LEAQ 64(DX)(R12*1), R11
	LEAQ 8(AX), R9
cupd:
	VBROADCASTSD (R9), Y4
	VMOVUPD      (R11), Y5
	VFMADD231PD  Y4, Y3, Y5
	VMOVUPD      Y5, (R11)
	ADDQ $8, R9
	ADDQ $64, R11
	DECQ BX
	JNE  cupd
cnext:
	ADDQ $64, R12
	ADDQ $8, R10
	LEAQ 8(AX)(CX*8), AX
	DECQ R13
	JNE  coord

	// cross += a_t·num_t; gl[t,r] += a_t·a_r for r ≥ t. R9 = &gl[t,t].
	MOVQ gl+96(FP), R9
	XORQ R12, R12
	MOVQ CX, R13
	MOVQ CX, R10
	SHLQ $6, R10
	ADDQ $64, R10                // (k+1)·64
gram:
	VMOVUPD (DI)(R12*1), Y0
	VFMADD231PD (SI)(R12*1), Y0, Y9
	MOVQ R13, BX
	LEAQ (DI)(R12*1), AX
	MOVQ R9, R11
grow:
	VMOVUPD     (R11), Y1
	VFMADD231PD (AX), Y0, Y1
	VMOVUPD     Y1, (R11)
	ADDQ $64, AX
	ADDQ $64, R11
	DECQ BX
	JNE  grow
	ADDQ $64, R12
	ADDQ R10, R9
	DECQ R13
	JNE  gram

	MOVQ viol+80(FP), AX
	VMOVUPD Y10, (AX)
	MOVQ cross+88(FP), AX
	VMOVUPD Y9, (AX)
	VZEROUPPER
	RET

// func halsLanesAVX512(a, num, u, nbl, gd, gb, hd *float64, k int, l1, l2 float64, viol, cross, gl *float64)
//
// halsLanesGo with the eight rows in the eight lanes of a 512-bit register:
// halsLanesAVX's operations, with its masks (vectors of compare results)
// as mask registers and masked moves, which select the same values, so the
// same bits. Its chain of dependent operations per coordinate (the
// gradient, the division, the correction of u) serves eight rows at once,
// not four.
TEXT ·halsLanesAVX512(SB), NOSPLIT, $0-104
	MOVQ a+0(FP), DI
	MOVQ num+8(FP), SI
	MOVQ u+16(FP), DX
	MOVQ nbl+24(FP), R8
	MOVQ gd+32(FP), AX
	VMOVUPD (AX), Z11            // λ d_i per lane
	MOVQ gb+40(FP), R9
	MOVQ hd+48(FP), R10
	MOVQ k+56(FP), CX
	VBROADCASTSD l1+64(FP), Z13
	VBROADCASTSD l2+72(FP), Z12
	MOVQ viol+80(FP), AX
	VMOVUPD (AX), Z10
	MOVQ cross+88(FP), AX
	VMOVUPD (AX), Z9
	VPXORQ Z15, Z15, Z15         // 0
	VBROADCASTSD signBit<>(SB), Z14

	// u = 0.
	MOVQ DX, R12
	MOVQ CX, R13
zclear:
	VMOVUPD Z15, (R12)
	ADDQ $64, R12
	DECQ R13
	JNE  zclear

	// u += a_t ⊗ g[t,:] for each t whose lanes are not all zero.
	MOVQ DI, R12                 // a_t
	MOVQ R9, R11                 // g[t,:]
	MOVQ CX, R13
zuinit:
	VMOVUPD  (R12), Z0
	VPTESTMQ Z0, Z0, K1
	KORTESTW K1, K1
	JE       zunext
	MOVQ R11, AX
	MOVQ DX, BX
	MOVQ CX, R9
zurow:
	VBROADCASTSD (AX), Z1
	VMOVUPD      (BX), Z2
	VFMADD231PD  Z1, Z0, Z2
	VMOVUPD      Z2, (BX)
	ADDQ $8, AX
	ADDQ $64, BX
	DECQ R9
	JNE  zurow
zunext:
	ADDQ $64, R12
	LEAQ (R11)(CX*8), R11
	DECQ R13
	JNE  zuinit

	// Coordinates t = 0..k−1. R12 = t·64, AX = &g[t,t], R10 = &hd[t].
	MOVQ gb+40(FP), AX
	XORQ R12, R12
	MOVQ CX, R13
zcoord:
	VMOVUPD (DI)(R12*1), Z0      // old
	VMULPD  Z12, Z0, Z2
	VADDPD  Z2, Z13, Z2          // e = l1 + l2·old
	VMULPD  Z11, Z0, Z3
	VSUBPD  (R8)(R12*1), Z3, Z3  // gd·old − nbl
	VADDPD  Z3, Z2, Z2           // e += gd·old − nbl
	VSUBPD  (SI)(R12*1), Z2, Z2  // e −= num
	VADDPD  (DX)(R12*1), Z2, Z1  // grad = u + e
	// viol += old > 0 ? |grad| : (grad < 0 ? −grad : 0)
	VPANDNQ   Z1, Z14, Z3        // |grad|
	VPXORQ    Z14, Z1, Z4        // −grad
	VCMPPD    $0x11, Z15, Z1, K2 // grad < 0
	VCMPPD    $0x1E, Z15, Z0, K3 // old > 0
	VMOVAPD.Z Z4, K2, Z5
	VMOVAPD   Z3, K3, Z5
	VADDPD    Z5, Z10, Z10
	// v = h ≠ 0 ? max(old − grad/h, 0) : old
	VBROADCASTSD (R10), Z7
	VADDPD    Z11, Z7, Z7        // h
	VDIVPD    Z7, Z1, Z2
	VSUBPD    Z2, Z0, Z2
	VCMPPD    $0x1E, Z15, Z2, K2 // v > 0
	VMOVAPD.Z Z2, K2, Z2
	VCMPPD    $0x00, Z15, Z7, K3 // h == 0
	VMOVAPD   Z0, K3, Z2
	VSUBPD    Z0, Z2, Z3         // delta = v − old
	VMOVUPD   Z2, (DI)(R12*1)
	// u[r] += delta · g[t,r] for r > t.
	MOVQ R13, BX
	DECQ BX
	JE   zcnext
	LEAQ 64(DX)(R12*1), R11
	LEAQ 8(AX), R9
zcupd:
	VBROADCASTSD (R9), Z4
	VMOVUPD      (R11), Z5
	VFMADD231PD  Z4, Z3, Z5
	VMOVUPD      Z5, (R11)
	ADDQ $8, R9
	ADDQ $64, R11
	DECQ BX
	JNE  zcupd
zcnext:
	ADDQ $64, R12
	ADDQ $8, R10
	LEAQ 8(AX)(CX*8), AX
	DECQ R13
	JNE  zcoord

	// cross += a_t·num_t; gl[t,r] += a_t·a_r for r ≥ t. R9 = &gl[t,t].
	MOVQ gl+96(FP), R9
	XORQ R12, R12
	MOVQ CX, R13
	MOVQ CX, R10
	SHLQ $6, R10
	ADDQ $64, R10                // (k+1)·64
zgram:
	VMOVUPD (DI)(R12*1), Z0
	VFMADD231PD (SI)(R12*1), Z0, Z9
	MOVQ R13, BX
	LEAQ (DI)(R12*1), AX
	MOVQ R9, R11
zgrow:
	VMOVUPD     (R11), Z1
	VFMADD231PD (AX), Z0, Z1
	VMOVUPD     Z1, (R11)
	ADDQ $64, AX
	ADDQ $64, R11
	DECQ BX
	JNE  zgrow
	ADDQ $64, R12
	ADDQ R10, R9
	DECQ R13
	JNE  zgram

	MOVQ viol+80(FP), AX
	VMOVUPD Z10, (AX)
	MOVQ cross+88(FP), AX
	VMOVUPD Z9, (AX)
	VZEROUPPER
	RET
