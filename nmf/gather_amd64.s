#include "textflag.h"

// func gatherAxpyAVX(acc *float64, val *float64, idx *int32, n int, b *float64, k int, mask *int64)
//
// acc[0:k] += Σ_{p<n} val[p] * b[idx[p]*k : idx[p]*k+k], four columns at a
// time; the last, partial group of columns is loaded and stored under mask
// (its first k%4 lanes set), so nothing past the end of a row is touched.
// Each lane is multiplied, rounded, then added and rounded, in the order of
// p, exactly as the scalar loop does: the results are the same bits.
TEXT ·gatherAxpyAVX(SB), NOSPLIT, $0-56
	MOVQ acc+0(FP), DI
	MOVQ val+8(FP), SI
	MOVQ idx+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ b+32(FP), R8
	MOVQ k+40(FP), R13
	MOVQ mask+48(FP), R10
	VMOVDQU (R10), Y7
	MOVQ R13, R11
	SHLQ $3, R11        // row stride in bytes
	XORQ R12, R12       // byte offset of the group of columns

group:
	CMPQ R13, $0
	JLE  done
	CMPQ R13, $4
	JL   tail
	VMOVUPD (DI)(R12*1), Y0
	MOVQ SI, R9
	MOVQ DX, R10
	MOVQ CX, BX
	TESTQ BX, BX
	JE   fullstore

fullloop:
	MOVLQSX (R10), AX
	IMULQ R11, AX
	ADDQ R12, AX
	VBROADCASTSD (R9), Y1
	VMULPD (R8)(AX*1), Y1, Y2
	VADDPD Y2, Y0, Y0
	ADDQ $8, R9
	ADDQ $4, R10
	DECQ BX
	JNE  fullloop

fullstore:
	VMOVUPD Y0, (DI)(R12*1)
	ADDQ $32, R12
	SUBQ $4, R13
	JMP  group

tail:
	VMASKMOVPD (DI)(R12*1), Y7, Y0
	MOVQ SI, R9
	MOVQ DX, R10
	MOVQ CX, BX
	TESTQ BX, BX
	JE   tailstore

tailloop:
	MOVLQSX (R10), AX
	IMULQ R11, AX
	ADDQ R12, AX
	VBROADCASTSD (R9), Y1
	VMASKMOVPD (R8)(AX*1), Y7, Y3
	VMULPD Y3, Y1, Y2
	VADDPD Y2, Y0, Y0
	ADDQ $8, R9
	ADDQ $4, R10
	DECQ BX
	JNE  tailloop

tailstore:
	VMASKMOVPD Y0, Y7, (DI)(R12*1)

done:
	VZEROUPPER
	RET
