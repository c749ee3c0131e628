#include "textflag.h"

// func gatherAxpyAVX512(acc *float64, val *float64, idx *int32, n int, b *float64, stride int, groups int, mask int)
//
// gatherAxpyAVX with groups (1 or 2) registers of eight columns: the same
// sums (even and odd p in two chains of fused multiply-adds, then added to
// acc), so the same bits. The last group is loaded and stored under the
// mask register made from mask (its first ((c−1) mod 8) + 1 bits set); an
// AVX-512 masked load reads nothing past the lanes it keeps, so no row
// needs a check against the end of b.
TEXT ·gatherAxpyAVX512(SB), NOSPLIT, $0-64
	MOVQ  acc+0(FP), DI
	MOVQ  val+8(FP), SI
	MOVQ  idx+16(FP), DX
	MOVQ  n+24(FP), CX
	MOVQ  b+32(FP), R8
	MOVQ  stride+40(FP), R11
	SHLQ  $3, R11                // row stride in bytes
	MOVQ  groups+48(FP), R13
	MOVQ  mask+56(FP), R10
	KMOVW R10, K1
	VPXORQ Z0, Z0, Z0            // even sums, first group
	VPXORQ Z1, Z1, Z1            // odd sums, first group
	VPXORQ Z2, Z2, Z2            // even sums, second group
	VPXORQ Z3, Z3, Z3            // odd sums, second group
	MOVQ  CX, BX
	SHRQ  $1, BX
	CMPQ  R13, $2
	JE    two

	// One group: c ≤ 8 columns, all under the mask.
	TESTQ BX, BX
	JE    odd1
pair1:
	MOVLQSX      (DX), AX
	IMULQ        R11, AX
	MOVLQSX      4(DX), R9
	IMULQ        R11, R9
	VBROADCASTSD (SI), Z8
	VBROADCASTSD 8(SI), Z9
	VMOVUPD.Z    (R8)(AX*1), K1, Z10
	VFMADD231PD  Z10, Z8, Z0
	VMOVUPD.Z    (R8)(R9*1), K1, Z11
	VFMADD231PD  Z11, Z9, Z1
	ADDQ         $16, SI
	ADDQ         $8, DX
	DECQ         BX
	JNE          pair1
odd1:
	TESTQ $1, CX
	JE    sum1
	MOVLQSX      (DX), AX
	IMULQ        R11, AX
	VBROADCASTSD (SI), Z8
	VMOVUPD.Z    (R8)(AX*1), K1, Z10
	VFMADD231PD  Z10, Z8, Z0
sum1:
	VADDPD    Z1, Z0, Z0
	VMOVUPD.Z (DI), K1, Z10
	VADDPD    Z0, Z10, Z10
	VMOVUPD   Z10, K1, (DI)
	VZEROUPPER
	RET

	// Two groups: eight columns, then c − 8 under the mask.
two:
	TESTQ BX, BX
	JE    odd2
pair2:
	MOVLQSX      (DX), AX
	IMULQ        R11, AX
	MOVLQSX      4(DX), R9
	IMULQ        R11, R9
	VBROADCASTSD (SI), Z8
	VBROADCASTSD 8(SI), Z9
	VFMADD231PD  (R8)(AX*1), Z8, Z0
	VMOVUPD.Z    64(R8)(AX*1), K1, Z10
	VFMADD231PD  Z10, Z8, Z2
	VFMADD231PD  (R8)(R9*1), Z9, Z1
	VMOVUPD.Z    64(R8)(R9*1), K1, Z11
	VFMADD231PD  Z11, Z9, Z3
	ADDQ         $16, SI
	ADDQ         $8, DX
	DECQ         BX
	JNE          pair2
odd2:
	TESTQ $1, CX
	JE    sum2
	MOVLQSX      (DX), AX
	IMULQ        R11, AX
	VBROADCASTSD (SI), Z8
	VFMADD231PD  (R8)(AX*1), Z8, Z0
	VMOVUPD.Z    64(R8)(AX*1), K1, Z10
	VFMADD231PD  Z10, Z8, Z2
sum2:
	VADDPD    Z1, Z0, Z0
	VADDPD    Z3, Z2, Z2
	VMOVUPD   (DI), Z10
	VADDPD    Z0, Z10, Z10
	VMOVUPD   Z10, (DI)
	VMOVUPD.Z 64(DI), K1, Z11
	VADDPD    Z2, Z11, Z11
	VMOVUPD   Z11, K1, 64(DI)
	VZEROUPPER
	RET
