// The internal instruction set: the contract between core/compile/compiler.ts (which emits it)
// and core/exec/interpreter.ts (which runs it). Nothing else lives here.
//
// Code is one Int32Array per function: an opcode word, then its operand words, as written below
// (the wide form); the interpreter runs it packed, with the first operand inside the opcode word
// (Packed, pack.ts). Operand kinds:
//   d, a, b, c  frame operands: word offsets from the frame pointer fp (even numbers; slot k of the
//               frame is at word 2k). d is the destination, a, b, c the sources.
//   T           a branch target: absolute word index into this function's code.
//   off         a memarg offset (u32, stored as the same 32 bits; read it with `>>> 0`).
//   f, g, t, tab, seg, v, lo, hi, n, base   plain integers (see each opcode).
// See ARCHITECTURE.md for the slot layout of each value type.
//
// Numeric instructions (wasm opcodes 0x45..0xc4 and 0xfc 0x00..0x07) keep their wasm order, so
// the opcode of wasm instruction byte x is Op.I32_EQZ + (x - 0x45), and of 0xfc n is
// Op.I32_TRUNC_SAT_F32_S + n. Their operands: unary and conversions `d a`, binary `d a b`.
// Results are written after all operands are read (d may equal a or b).
// The four reinterpret instructions are never emitted (a move of raw bits costs nothing).
// Traps of numeric instructions: div/rem by zero -> IntegerDivideByZero; INT_MIN / -1 in div_s ->
// IntegerOverflow (rem_s gives 0); trunc of NaN -> InvalidConversionToInteger, out of range ->
// IntegerOverflow; trunc_sat never traps.

export const enum Op {
  /** UNREACHABLE: trap Unreachable. */
  UNREACHABLE = 0,
  /** BR T: pc = T. */
  BR = 1,
  /** BR_BACK T: pc = T; T is a loop header (backward): fuel is counted here. */
  BR_BACK = 2,
  /** BR_IF a T: if s32[fp+a] != 0: pc = T. */
  BR_IF = 3,
  /** BR_IF_BACK a T: as BR_IF, to a loop header. */
  BR_IF_BACK = 4,
  /** BR_UNLESS a T: if s32[fp+a] == 0: pc = T (the `if` of if/else). */
  BR_UNLESS = 5,
  /** BR_TABLE a n T0 .. T(n-1) Tdefault: i = s32[fp+a] >>> 0; pc = i < n ? Ti: Tdefault. Targets that need result copies, or that go backwards, point at stubs (COPY..., BR/BR_BACK) that the compiler emits after the function's code. */
  BR_TABLE = 6,
  /** RETURN: return to the caller; the results are already in slots 0..nresults-1 of this frame. */
  RETURN = 7,
  /** CALL f base: call function f (module function index, imports included); its arguments are the slots at word offset base.., which become the callee's frame (callee fp = fp + base); results land at base... */
  CALL = 8,
  /** CALL_INDIRECT t tab base a: e = table tab element s32[fp+a]>>>0: trap UndefinedElement if out of range, UninitializedElement if null, IndirectCallTypeMismatch if e.type.sig != module.types[t].sig; then as CALL e base. */
  CALL_INDIRECT = 9,
  /** COPY d a: s32[fp+d] = s32[fp+a]; s32[fp+d+1] = s32[fp+a+1] (any numeric value, raw bits). */
  COPY = 10,
  /** COPY_REF d a: refs[fp+d] = refs[fp+a]. */
  COPY_REF = 11,
  /** SELECT d a b c: copy (s32[fp+c] != 0 ? a: b) to d, two words. */
  SELECT = 12,
  /** SELECT_REF d a b c: refs[fp+d] = s32[fp+c] != 0 ? refs[fp+a]: refs[fp+b]. */
  SELECT_REF = 13,
  /** CONST32 d v: s32[fp+d] = v (i32.const, and f32.const with v = the raw bits). */
  CONST32 = 14,
  /** CONST64 d lo hi: s32[fp+d] = lo; s32[fp+d+1] = hi (i64.const, and f64.const as raw bits). */
  CONST64 = 15,
  /** GLOBAL_GET d g: copy the two words of global g (instance global index) to d. */
  GLOBAL_GET = 16,
  /** GLOBAL_SET g a: copy the two words at a into global g. */
  GLOBAL_SET = 17,
  /** GLOBAL_GET_REF d g: refs[fp+d] = global g's reference. */
  GLOBAL_GET_REF = 18,
  /** GLOBAL_SET_REF g a: global g's reference = refs[fp+a]. */
  GLOBAL_SET_REF = 19,
  /** REF_NULL d: refs[fp+d] = null. */
  REF_NULL = 20,
  /** REF_IS_NULL d a: s32[fp+d] = refs[fp+a] === null ? 1: 0. */
  REF_IS_NULL = 21,
  /** REF_FUNC d f: refs[fp+d] = the instance's FuncInst for function f. */
  REF_FUNC = 22,
  /** I32_LOAD d a off: ea = (s32[fp+a] >>> 0) + (off >>> 0); trap OutOfBoundsMemoryAccess unless ea + 4 <= byteLength; s32[fp+d] = the 4 bytes, little-endian. Also f32.load. */
  I32_LOAD = 23,
  /** I64_LOAD d a off: as I32_LOAD, 8 bytes into both words. Also f64.load. */
  I64_LOAD = 24,
  /** I32_LOAD8_S d a off: 1 byte, sign-extended. */
  I32_LOAD8_S = 25,
  /** I32_LOAD8_U d a off: 1 byte, zero-extended. */
  I32_LOAD8_U = 26,
  /** I32_LOAD16_S d a off: 2 bytes, sign-extended. */
  I32_LOAD16_S = 27,
  /** I32_LOAD16_U d a off: 2 bytes, zero-extended. */
  I32_LOAD16_U = 28,
  /** I64_LOAD8_S d a off: 1 byte sign-extended to 64 bits (high word = low >> 31). */
  I64_LOAD8_S = 29,
  /** I64_LOAD8_U d a off: 1 byte, high word 0. */
  I64_LOAD8_U = 30,
  /** I64_LOAD16_S d a off: 2 bytes sign-extended to 64 bits. */
  I64_LOAD16_S = 31,
  /** I64_LOAD16_U d a off: 2 bytes, high word 0. */
  I64_LOAD16_U = 32,
  /** I64_LOAD32_S d a off: 4 bytes sign-extended to 64 bits. */
  I64_LOAD32_S = 33,
  /** I64_LOAD32_U d a off: 4 bytes, high word 0. */
  I64_LOAD32_U = 34,
  /** I32_STORE a b off: ea = (s32[fp+a] >>> 0) + (off >>> 0); bounds as loads; store the low word of b (4 bytes). Also f32.store and i64.store32. */
  I32_STORE = 35,
  /** I64_STORE a b off: store both words of b (8 bytes). Also f64.store. */
  I64_STORE = 36,
  /** I32_STORE8 a b off: store the low byte of b. Also i64.store8. */
  I32_STORE8 = 37,
  /** I32_STORE16 a b off: store the low 2 bytes of b. Also i64.store16. */
  I32_STORE16 = 38,
  /** MEMORY_SIZE d: s32[fp+d] = memory 0 size in pages. */
  MEMORY_SIZE = 39,
  /** MEMORY_GROW d a: s32[fp+d] = old size in pages after growing memory 0 by s32[fp+a]>>>0 pages, or -1; the interpreter re-reads its memory views. */
  MEMORY_GROW = 40,
  /** MEMORY_FILL a b c: fill s32[fp+c]>>>0 bytes at s32[fp+a]>>>0 with the low byte of s32[fp+b]; trap OutOfBoundsMemoryAccess if out of range (checked before writing). */
  MEMORY_FILL = 41,
  /** MEMORY_COPY a b c: copy s32[fp+c]>>>0 bytes from s32[fp+b]>>>0 to s32[fp+a]>>>0 (overlap allowed). */
  MEMORY_COPY = 42,
  /** MEMORY_INIT seg a b c: copy s32[fp+c]>>>0 bytes of data segment seg from offset s32[fp+b]>>>0 to memory at s32[fp+a]>>>0 (a dropped segment has length 0). */
  MEMORY_INIT = 43,
  /** DATA_DROP seg: drop data segment seg. */
  DATA_DROP = 44,
  /** TABLE_GET d tab a: refs[fp+d] = table tab element s32[fp+a]>>>0; trap OutOfBoundsTableAccess. */
  TABLE_GET = 45,
  /** TABLE_SET tab a b: table tab element s32[fp+a]>>>0 = refs[fp+b]; trap OutOfBoundsTableAccess. */
  TABLE_SET = 46,
  /** TABLE_SIZE d tab: s32[fp+d] = table length. */
  TABLE_SIZE = 47,
  /** TABLE_GROW d tab a b: grow table tab by s32[fp+b]>>>0 elements set to refs[fp+a]; s32[fp+d] = old length or -1. */
  TABLE_GROW = 48,
  /** TABLE_FILL tab a b c: set s32[fp+c]>>>0 elements from index s32[fp+a]>>>0 to refs[fp+b]; trap OutOfBoundsTableAccess. */
  TABLE_FILL = 49,
  /** TABLE_COPY dst src a b c: copy s32[fp+c]>>>0 elements of table src from s32[fp+b]>>>0 to table dst at s32[fp+a]>>>0. */
  TABLE_COPY = 50,
  /** TABLE_INIT tab seg a b c: copy s32[fp+c]>>>0 refs of element segment seg from s32[fp+b]>>>0 to table tab at s32[fp+a]>>>0. */
  TABLE_INIT = 51,
  /** ELEM_DROP seg: drop element segment seg. */
  ELEM_DROP = 52,
  /** i32.eqz (0x45) */ I32_EQZ = 53,
  /** i32.eq (0x46) */ I32_EQ = 54,
  /** i32.ne (0x47) */ I32_NE = 55,
  /** i32.lt_s (0x48) */ I32_LT_S = 56,
  /** i32.lt_u (0x49) */ I32_LT_U = 57,
  /** i32.gt_s (0x4a) */ I32_GT_S = 58,
  /** i32.gt_u (0x4b) */ I32_GT_U = 59,
  /** i32.le_s (0x4c) */ I32_LE_S = 60,
  /** i32.le_u (0x4d) */ I32_LE_U = 61,
  /** i32.ge_s (0x4e) */ I32_GE_S = 62,
  /** i32.ge_u (0x4f) */ I32_GE_U = 63,
  /** i64.eqz (0x50) */ I64_EQZ = 64,
  /** i64.eq (0x51) */ I64_EQ = 65,
  /** i64.ne (0x52) */ I64_NE = 66,
  /** i64.lt_s (0x53) */ I64_LT_S = 67,
  /** i64.lt_u (0x54) */ I64_LT_U = 68,
  /** i64.gt_s (0x55) */ I64_GT_S = 69,
  /** i64.gt_u (0x56) */ I64_GT_U = 70,
  /** i64.le_s (0x57) */ I64_LE_S = 71,
  /** i64.le_u (0x58) */ I64_LE_U = 72,
  /** i64.ge_s (0x59) */ I64_GE_S = 73,
  /** i64.ge_u (0x5a) */ I64_GE_U = 74,
  /** f32.eq (0x5b) */ F32_EQ = 75,
  /** f32.ne (0x5c) */ F32_NE = 76,
  /** f32.lt (0x5d) */ F32_LT = 77,
  /** f32.gt (0x5e) */ F32_GT = 78,
  /** f32.le (0x5f) */ F32_LE = 79,
  /** f32.ge (0x60) */ F32_GE = 80,
  /** f64.eq (0x61) */ F64_EQ = 81,
  /** f64.ne (0x62) */ F64_NE = 82,
  /** f64.lt (0x63) */ F64_LT = 83,
  /** f64.gt (0x64) */ F64_GT = 84,
  /** f64.le (0x65) */ F64_LE = 85,
  /** f64.ge (0x66) */ F64_GE = 86,
  /** i32.clz (0x67) */ I32_CLZ = 87,
  /** i32.ctz (0x68) */ I32_CTZ = 88,
  /** i32.popcnt (0x69) */ I32_POPCNT = 89,
  /** i32.add (0x6a) */ I32_ADD = 90,
  /** i32.sub (0x6b) */ I32_SUB = 91,
  /** i32.mul (0x6c) */ I32_MUL = 92,
  /** i32.div_s (0x6d) */ I32_DIV_S = 93,
  /** i32.div_u (0x6e) */ I32_DIV_U = 94,
  /** i32.rem_s (0x6f) */ I32_REM_S = 95,
  /** i32.rem_u (0x70) */ I32_REM_U = 96,
  /** i32.and (0x71) */ I32_AND = 97,
  /** i32.or (0x72) */ I32_OR = 98,
  /** i32.xor (0x73) */ I32_XOR = 99,
  /** i32.shl (0x74) */ I32_SHL = 100,
  /** i32.shr_s (0x75) */ I32_SHR_S = 101,
  /** i32.shr_u (0x76) */ I32_SHR_U = 102,
  /** i32.rotl (0x77) */ I32_ROTL = 103,
  /** i32.rotr (0x78) */ I32_ROTR = 104,
  /** i64.clz (0x79) */ I64_CLZ = 105,
  /** i64.ctz (0x7a) */ I64_CTZ = 106,
  /** i64.popcnt (0x7b) */ I64_POPCNT = 107,
  /** i64.add (0x7c) */ I64_ADD = 108,
  /** i64.sub (0x7d) */ I64_SUB = 109,
  /** i64.mul (0x7e) */ I64_MUL = 110,
  /** i64.div_s (0x7f) */ I64_DIV_S = 111,
  /** i64.div_u (0x80) */ I64_DIV_U = 112,
  /** i64.rem_s (0x81) */ I64_REM_S = 113,
  /** i64.rem_u (0x82) */ I64_REM_U = 114,
  /** i64.and (0x83) */ I64_AND = 115,
  /** i64.or (0x84) */ I64_OR = 116,
  /** i64.xor (0x85) */ I64_XOR = 117,
  /** i64.shl (0x86) */ I64_SHL = 118,
  /** i64.shr_s (0x87) */ I64_SHR_S = 119,
  /** i64.shr_u (0x88) */ I64_SHR_U = 120,
  /** i64.rotl (0x89) */ I64_ROTL = 121,
  /** i64.rotr (0x8a) */ I64_ROTR = 122,
  /** f32.abs (0x8b) */ F32_ABS = 123,
  /** f32.neg (0x8c) */ F32_NEG = 124,
  /** f32.ceil (0x8d) */ F32_CEIL = 125,
  /** f32.floor (0x8e) */ F32_FLOOR = 126,
  /** f32.trunc (0x8f) */ F32_TRUNC = 127,
  /** f32.nearest (0x90) */ F32_NEAREST = 128,
  /** f32.sqrt (0x91) */ F32_SQRT = 129,
  /** f32.add (0x92) */ F32_ADD = 130,
  /** f32.sub (0x93) */ F32_SUB = 131,
  /** f32.mul (0x94) */ F32_MUL = 132,
  /** f32.div (0x95) */ F32_DIV = 133,
  /** f32.min (0x96) */ F32_MIN = 134,
  /** f32.max (0x97) */ F32_MAX = 135,
  /** f32.copysign (0x98) */ F32_COPYSIGN = 136,
  /** f64.abs (0x99) */ F64_ABS = 137,
  /** f64.neg (0x9a) */ F64_NEG = 138,
  /** f64.ceil (0x9b) */ F64_CEIL = 139,
  /** f64.floor (0x9c) */ F64_FLOOR = 140,
  /** f64.trunc (0x9d) */ F64_TRUNC = 141,
  /** f64.nearest (0x9e) */ F64_NEAREST = 142,
  /** f64.sqrt (0x9f) */ F64_SQRT = 143,
  /** f64.add (0xa0) */ F64_ADD = 144,
  /** f64.sub (0xa1) */ F64_SUB = 145,
  /** f64.mul (0xa2) */ F64_MUL = 146,
  /** f64.div (0xa3) */ F64_DIV = 147,
  /** f64.min (0xa4) */ F64_MIN = 148,
  /** f64.max (0xa5) */ F64_MAX = 149,
  /** f64.copysign (0xa6) */ F64_COPYSIGN = 150,
  /** i32.wrap_i64 (0xa7) */ I32_WRAP_I64 = 151,
  /** i32.trunc_f32_s (0xa8) */ I32_TRUNC_F32_S = 152,
  /** i32.trunc_f32_u (0xa9) */ I32_TRUNC_F32_U = 153,
  /** i32.trunc_f64_s (0xaa) */ I32_TRUNC_F64_S = 154,
  /** i32.trunc_f64_u (0xab) */ I32_TRUNC_F64_U = 155,
  /** i64.extend_i32_s (0xac) */ I64_EXTEND_I32_S = 156,
  /** i64.extend_i32_u (0xad) */ I64_EXTEND_I32_U = 157,
  /** i64.trunc_f32_s (0xae) */ I64_TRUNC_F32_S = 158,
  /** i64.trunc_f32_u (0xaf) */ I64_TRUNC_F32_U = 159,
  /** i64.trunc_f64_s (0xb0) */ I64_TRUNC_F64_S = 160,
  /** i64.trunc_f64_u (0xb1) */ I64_TRUNC_F64_U = 161,
  /** f32.convert_i32_s (0xb2) */ F32_CONVERT_I32_S = 162,
  /** f32.convert_i32_u (0xb3) */ F32_CONVERT_I32_U = 163,
  /** f32.convert_i64_s (0xb4) */ F32_CONVERT_I64_S = 164,
  /** f32.convert_i64_u (0xb5) */ F32_CONVERT_I64_U = 165,
  /** f32.demote_f64 (0xb6) */ F32_DEMOTE_F64 = 166,
  /** f64.convert_i32_s (0xb7) */ F64_CONVERT_I32_S = 167,
  /** f64.convert_i32_u (0xb8) */ F64_CONVERT_I32_U = 168,
  /** f64.convert_i64_s (0xb9) */ F64_CONVERT_I64_S = 169,
  /** f64.convert_i64_u (0xba) */ F64_CONVERT_I64_U = 170,
  /** f64.promote_f32 (0xbb) */ F64_PROMOTE_F32 = 171,
  /** i32.reinterpret_f32 (0xbc) */ I32_REINTERPRET_F32 = 172,
  /** i64.reinterpret_f64 (0xbd) */ I64_REINTERPRET_F64 = 173,
  /** f32.reinterpret_i32 (0xbe) */ F32_REINTERPRET_I32 = 174,
  /** f64.reinterpret_i64 (0xbf) */ F64_REINTERPRET_I64 = 175,
  /** i32.extend8_s (0xc0) */ I32_EXTEND8_S = 176,
  /** i32.extend16_s (0xc1) */ I32_EXTEND16_S = 177,
  /** i64.extend8_s (0xc2) */ I64_EXTEND8_S = 178,
  /** i64.extend16_s (0xc3) */ I64_EXTEND16_S = 179,
  /** i64.extend32_s (0xc4) */ I64_EXTEND32_S = 180,
  /** i32.trunc_sat_f32_s (0xfc 0x00) */ I32_TRUNC_SAT_F32_S = 181,
  /** i32.trunc_sat_f32_u (0xfc 0x01) */ I32_TRUNC_SAT_F32_U = 182,
  /** i32.trunc_sat_f64_s (0xfc 0x02) */ I32_TRUNC_SAT_F64_S = 183,
  /** i32.trunc_sat_f64_u (0xfc 0x03) */ I32_TRUNC_SAT_F64_U = 184,
  /** i64.trunc_sat_f32_s (0xfc 0x04) */ I64_TRUNC_SAT_F32_S = 185,
  /** i64.trunc_sat_f32_u (0xfc 0x05) */ I64_TRUNC_SAT_F32_U = 186,
  /** i64.trunc_sat_f64_s (0xfc 0x06) */ I64_TRUNC_SAT_F64_S = 187,
  /** i64.trunc_sat_f64_u (0xfc 0x07) */ I64_TRUNC_SAT_F64_U = 188,
  // ---- fused and immediate forms (compiler peepholes; not in wasm order) ----
  /** BR_IF_I32_EQ a b T: if s32[fp+a] === s32[fp+b]: pc = T (i32.eq then br_if/if). */
  BR_IF_I32_EQ = 189,
  /** BR_IF_I32_NE a b T: if s32[fp+a] !== s32[fp+b]: pc = T (i32.ne then br_if/if). */
  BR_IF_I32_NE = 190,
  /** BR_IF_I32_LT_S a b T: if s32[fp+a] < s32[fp+b]: pc = T (i32.lt_s then br_if/if). */
  BR_IF_I32_LT_S = 191,
  /** BR_IF_I32_LT_U a b T: if s32[fp+a] < (unsigned) s32[fp+b]: pc = T (i32.lt_u then br_if/if). */
  BR_IF_I32_LT_U = 192,
  /** BR_IF_I32_GT_S a b T: if s32[fp+a] > s32[fp+b]: pc = T (i32.gt_s then br_if/if). */
  BR_IF_I32_GT_S = 193,
  /** BR_IF_I32_GT_U a b T: if s32[fp+a] > (unsigned) s32[fp+b]: pc = T (i32.gt_u then br_if/if). */
  BR_IF_I32_GT_U = 194,
  /** BR_IF_I32_LE_S a b T: if s32[fp+a] <= s32[fp+b]: pc = T (i32.le_s then br_if/if). */
  BR_IF_I32_LE_S = 195,
  /** BR_IF_I32_LE_U a b T: if s32[fp+a] <= (unsigned) s32[fp+b]: pc = T (i32.le_u then br_if/if). */
  BR_IF_I32_LE_U = 196,
  /** BR_IF_I32_GE_S a b T: if s32[fp+a] >= s32[fp+b]: pc = T (i32.ge_s then br_if/if). */
  BR_IF_I32_GE_S = 197,
  /** BR_IF_I32_GE_U a b T: if s32[fp+a] >= (unsigned) s32[fp+b]: pc = T (i32.ge_u then br_if/if). */
  BR_IF_I32_GE_U = 198,
  /** BR_IF_BACK_I32_EQ a b T: as BR_IF_I32_EQ, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_EQ = 199,
  /** BR_IF_BACK_I32_NE a b T: as BR_IF_I32_NE, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_NE = 200,
  /** BR_IF_BACK_I32_LT_S a b T: as BR_IF_I32_LT_S, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_LT_S = 201,
  /** BR_IF_BACK_I32_LT_U a b T: as BR_IF_I32_LT_U, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_LT_U = 202,
  /** BR_IF_BACK_I32_GT_S a b T: as BR_IF_I32_GT_S, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_GT_S = 203,
  /** BR_IF_BACK_I32_GT_U a b T: as BR_IF_I32_GT_U, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_GT_U = 204,
  /** BR_IF_BACK_I32_LE_S a b T: as BR_IF_I32_LE_S, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_LE_S = 205,
  /** BR_IF_BACK_I32_LE_U a b T: as BR_IF_I32_LE_U, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_LE_U = 206,
  /** BR_IF_BACK_I32_GE_S a b T: as BR_IF_I32_GE_S, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_GE_S = 207,
  /** BR_IF_BACK_I32_GE_U a b T: as BR_IF_I32_GE_U, to a loop header: fuel is counted when taken, as BR_IF_BACK. */
  BR_IF_BACK_I32_GE_U = 208,
  /** BR_UNLESS_BACK a T: if s32[fp+a] == 0: pc = T, a loop header (i32.eqz then br_if to a loop); fuel as BR_IF_BACK. */
  BR_UNLESS_BACK = 209,
  /** I32_ADD_IMM d a v: s32[fp+d] = s32[fp+a] + v (i32.const v then i32.add; also i32.const c then i32.sub, with v = -c). */
  I32_ADD_IMM = 210,
  /** I32_MUL_IMM d a v: s32[fp+d] = imul(s32[fp+a], v) (i32.const v then i32.mul). */
  I32_MUL_IMM = 211,
  /** I32_AND_IMM d a v: s32[fp+d] = s32[fp+a] & v (i32.const v then i32.and). */
  I32_AND_IMM = 212,
  /** I32_OR_IMM d a v: s32[fp+d] = s32[fp+a] | v (i32.const v then i32.or). */
  I32_OR_IMM = 213,
  /** I32_XOR_IMM d a v: s32[fp+d] = s32[fp+a] ^ v (i32.const v then i32.xor). */
  I32_XOR_IMM = 214,
  /** I32_SHL_IMM d a v: s32[fp+d] = s32[fp+a] << v (i32.const v then i32.shl, v already masked to 0..31). */
  I32_SHL_IMM = 215,
  /** I32_SHR_S_IMM d a v: s32[fp+d] = s32[fp+a] >> v (i32.const v then i32.shr_s, v already masked to 0..31). */
  I32_SHR_S_IMM = 216,
  /** I32_SHR_U_IMM d a v: s32[fp+d] = s32[fp+a] >>> v (i32.const v then i32.shr_u, v already masked to 0..31). */
  I32_SHR_U_IMM = 217,
  /** I32_EQ_IMM d a v: s32[fp+d] = s32[fp+a] === v ? 1: 0 (i32.const v then i32.eq; a constant first operand swaps the compare). */
  I32_EQ_IMM = 218,
  /** I32_NE_IMM d a v: s32[fp+d] = s32[fp+a] !== v ? 1: 0 (i32.const v then i32.ne; a constant first operand swaps the compare). */
  I32_NE_IMM = 219,
  /** I32_LT_S_IMM d a v: s32[fp+d] = s32[fp+a] < v ? 1: 0 (i32.const v then i32.lt_s; a constant first operand swaps the compare). */
  I32_LT_S_IMM = 220,
  /** I32_LT_U_IMM d a v: s32[fp+d] = s32[fp+a] < v (unsigned) ? 1: 0 (i32.const v then i32.lt_u; a constant first operand swaps the compare). */
  I32_LT_U_IMM = 221,
  /** I32_GT_S_IMM d a v: s32[fp+d] = s32[fp+a] > v ? 1: 0 (i32.const v then i32.gt_s; a constant first operand swaps the compare). */
  I32_GT_S_IMM = 222,
  /** I32_GT_U_IMM d a v: s32[fp+d] = s32[fp+a] > v (unsigned) ? 1: 0 (i32.const v then i32.gt_u; a constant first operand swaps the compare). */
  I32_GT_U_IMM = 223,
  /** I32_LE_S_IMM d a v: s32[fp+d] = s32[fp+a] <= v ? 1: 0 (i32.const v then i32.le_s; a constant first operand swaps the compare). */
  I32_LE_S_IMM = 224,
  /** I32_LE_U_IMM d a v: s32[fp+d] = s32[fp+a] <= v (unsigned) ? 1: 0 (i32.const v then i32.le_u; a constant first operand swaps the compare). */
  I32_LE_U_IMM = 225,
  /** I32_GE_S_IMM d a v: s32[fp+d] = s32[fp+a] >= v ? 1: 0 (i32.const v then i32.ge_s; a constant first operand swaps the compare). */
  I32_GE_S_IMM = 226,
  /** I32_GE_U_IMM d a v: s32[fp+d] = s32[fp+a] >= v (unsigned) ? 1: 0 (i32.const v then i32.ge_u; a constant first operand swaps the compare). */
  I32_GE_U_IMM = 227,
  /** BR_IF_I32_EQ_IMM a v T: if s32[fp+a] === v: pc = T (I32_EQ_IMM then br_if/if). */
  BR_IF_I32_EQ_IMM = 228,
  /** BR_IF_I32_NE_IMM a v T: if s32[fp+a] !== v: pc = T (I32_NE_IMM then br_if/if). */
  BR_IF_I32_NE_IMM = 229,
  /** BR_IF_I32_LT_S_IMM a v T: if s32[fp+a] < v: pc = T (I32_LT_S_IMM then br_if/if). */
  BR_IF_I32_LT_S_IMM = 230,
  /** BR_IF_I32_LT_U_IMM a v T: if s32[fp+a] < (unsigned) v: pc = T (I32_LT_U_IMM then br_if/if). */
  BR_IF_I32_LT_U_IMM = 231,
  /** BR_IF_I32_GT_S_IMM a v T: if s32[fp+a] > v: pc = T (I32_GT_S_IMM then br_if/if). */
  BR_IF_I32_GT_S_IMM = 232,
  /** BR_IF_I32_GT_U_IMM a v T: if s32[fp+a] > (unsigned) v: pc = T (I32_GT_U_IMM then br_if/if). */
  BR_IF_I32_GT_U_IMM = 233,
  /** BR_IF_I32_LE_S_IMM a v T: if s32[fp+a] <= v: pc = T (I32_LE_S_IMM then br_if/if). */
  BR_IF_I32_LE_S_IMM = 234,
  /** BR_IF_I32_LE_U_IMM a v T: if s32[fp+a] <= (unsigned) v: pc = T (I32_LE_U_IMM then br_if/if). */
  BR_IF_I32_LE_U_IMM = 235,
  /** BR_IF_I32_GE_S_IMM a v T: if s32[fp+a] >= v: pc = T (I32_GE_S_IMM then br_if/if). */
  BR_IF_I32_GE_S_IMM = 236,
  /** BR_IF_I32_GE_U_IMM a v T: if s32[fp+a] >= (unsigned) v: pc = T (I32_GE_U_IMM then br_if/if). */
  BR_IF_I32_GE_U_IMM = 237,
  /** BR_IF_BACK_I32_EQ_IMM a v T: as BR_IF_I32_EQ_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_EQ_IMM = 238,
  /** BR_IF_BACK_I32_NE_IMM a v T: as BR_IF_I32_NE_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_NE_IMM = 239,
  /** BR_IF_BACK_I32_LT_S_IMM a v T: as BR_IF_I32_LT_S_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_LT_S_IMM = 240,
  /** BR_IF_BACK_I32_LT_U_IMM a v T: as BR_IF_I32_LT_U_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_LT_U_IMM = 241,
  /** BR_IF_BACK_I32_GT_S_IMM a v T: as BR_IF_I32_GT_S_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_GT_S_IMM = 242,
  /** BR_IF_BACK_I32_GT_U_IMM a v T: as BR_IF_I32_GT_U_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_GT_U_IMM = 243,
  /** BR_IF_BACK_I32_LE_S_IMM a v T: as BR_IF_I32_LE_S_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_LE_S_IMM = 244,
  /** BR_IF_BACK_I32_LE_U_IMM a v T: as BR_IF_I32_LE_U_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_LE_U_IMM = 245,
  /** BR_IF_BACK_I32_GE_S_IMM a v T: as BR_IF_I32_GE_S_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_GE_S_IMM = 246,
  /** BR_IF_BACK_I32_GE_U_IMM a v T: as BR_IF_I32_GE_U_IMM, to a loop header: fuel as BR_IF_BACK. */
  BR_IF_BACK_I32_GE_U_IMM = 247,
  /** I32_ROTL_IMM d a v: s32[fp+d] = s32[fp+a] rotated left by v (0..31; i32.rotr by c is rotl by (32 - c) & 31). */
  I32_ROTL_IMM = 248,
  /** RETURN_COPY a: s32[fp+0] = s32[fp+a]; s32[fp+1] = s32[fp+a+1]; then RETURN (a final `COPY 0 a; RETURN`, and a BR to one, rewritten by the compiler). */
  RETURN_COPY = 249,
  // ---- loop latches: `i32.add` of a constant, then a compare (or none) and a branch back on the
  // sum. Each ends with the words of a `BR_BACK T`: when the fuel runs out after the add, the
  // call suspends there, so that resuming charges and takes the branch (the add is not redone).
  /** BR_IF_BACK_ADD d a k BR_BACK T: s32[fp+d] = s32[fp+a] + k; if s32[fp+d] != 0: pc = T (a loop header). */
  BR_IF_BACK_ADD = 250,
  /** BR_IF_BACK_ADD_NE d a k b BR_BACK T: s32[fp+d] = s32[fp+a] + k; if s32[fp+d] != s32[fp+b]: pc = T. */
  BR_IF_BACK_ADD_NE = 251,
  /** BR_IF_BACK_ADD_LT_S d a k b BR_BACK T: as BR_IF_BACK_ADD_NE with a signed <. */
  BR_IF_BACK_ADD_LT_S = 252,
  /** BR_IF_BACK_ADD_LT_U d a k b BR_BACK T: as BR_IF_BACK_ADD_NE with an unsigned <. */
  BR_IF_BACK_ADD_LT_U = 253,
  /** BR_IF_BACK_ADD_NE_IMM d a k v BR_BACK T: s32[fp+d] = s32[fp+a] + k; if s32[fp+d] != v: pc = T. */
  BR_IF_BACK_ADD_NE_IMM = 254,
  /** BR_IF_BACK_ADD_LT_S_IMM d a k v BR_BACK T: as BR_IF_BACK_ADD_NE_IMM with a signed <. */
  BR_IF_BACK_ADD_LT_S_IMM = 255,
  /** BR_IF_BACK_ADD_LT_U_IMM d a k v BR_BACK T: as BR_IF_BACK_ADD_NE_IMM with an unsigned <. */
  BR_IF_BACK_ADD_LT_U_IMM = 256,
  /** I32_SHR_U_AND_IMM d a s m: s32[fp+d] = (s32[fp+a] >>> s) & m (a bit field: i32.shr_u by a constant, then i32.and with one). */
  I32_SHR_U_AND_IMM = 257,
  /** I32_LOAD_SHL d a k off: I32_LOAD from the address s32[fp+a] << k (i32.shl by a constant, then i32.load or f32.load: an indexed load). */
  I32_LOAD_SHL = 258,
  /** F64_MUL_ADD d a b c: f64 d = c + a * b, rounded after the multiply and after the add (f64.mul, then f64.add of its result). */
  F64_MUL_ADD = 259,
  /** F32_MUL_ADD d a b c t: f32 t = a * b (rounded to f32 by the store), then f32 d = c + t; t is the slot the f32.mul wrote (dead afterwards). */
  F32_MUL_ADD = 260,
  /** BR_IF_BACK_ADDR_NE d a s b BR_BACK T: a loop latch stepping by a slot: s32[fp+d] = s32[fp+a] + s32[fp+s]; if s32[fp+d] != s32[fp+b]: pc = T (i32.add of two values, then br_if back on a compare of the sum). */
  BR_IF_BACK_ADDR_NE = 261,
  /** BR_IF_BACK_ADDR_LT_S d a s b BR_BACK T: as BR_IF_BACK_ADDR_NE with a signed <. */
  BR_IF_BACK_ADDR_LT_S = 262,
  /** BR_IF_BACK_ADDR_LT_U d a s b BR_BACK T: as BR_IF_BACK_ADDR_NE with an unsigned <. */
  BR_IF_BACK_ADDR_LT_U = 263,
  /** I32_MUL_ADD_IMM d a k c: s32[fp+d] = s32[fp+a] * k + c (i32.mul by a constant, then i32.add of one). */
  I32_MUL_ADD_IMM = 264,
  /** I32_XOR_SHR_U_IMM d c a s: s32[fp+d] = s32[fp+c] ^ (s32[fp+a] >>> s) (i32.shr_u by a constant, then i32.xor). */
  I32_XOR_SHR_U_IMM = 265,
  /** Number of opcodes. */
  COUNT = 266,
}

/** Number of operand words after the opcode word, for every opcode except BR_TABLE (2 + n + 1). */
export function operandCount(op: number): number {
  if (op === Op.RETURN_COPY) return 1;
  if (op === Op.I32_SHR_U_AND_IMM || op === Op.I32_LOAD_SHL || op === Op.F64_MUL_ADD || op === Op.I32_MUL_ADD_IMM || op === Op.I32_XOR_SHR_U_IMM) return 4;
  if (op === Op.F32_MUL_ADD) return 5;
  if (op === Op.BR_IF_BACK_ADD) return 5;
  if (isLatch(op)) return 6;
  if (op >= Op.BR_IF_I32_EQ) return op === Op.BR_UNLESS_BACK ? 2 : 3;
  if (op >= Op.I32_EQZ) return isUnaryNumeric(op) ? 2 : 3;
  switch (op) {
    case Op.UNREACHABLE: case Op.RETURN: return 0;
    case Op.BR: case Op.BR_BACK: case Op.REF_NULL: case Op.MEMORY_SIZE: case Op.DATA_DROP: case Op.ELEM_DROP: return 1;
    case Op.BR_IF: case Op.BR_IF_BACK: case Op.BR_UNLESS: case Op.CALL: case Op.COPY: case Op.COPY_REF:
    case Op.CONST32: case Op.GLOBAL_GET: case Op.GLOBAL_SET: case Op.GLOBAL_GET_REF: case Op.GLOBAL_SET_REF:
    case Op.REF_IS_NULL: case Op.REF_FUNC: case Op.MEMORY_GROW: case Op.TABLE_SIZE: return 2;
    case Op.CONST64: case Op.MEMORY_FILL: case Op.MEMORY_COPY: case Op.TABLE_GET: case Op.TABLE_SET: return 3;
    case Op.CALL_INDIRECT: case Op.SELECT: case Op.SELECT_REF: case Op.MEMORY_INIT: case Op.TABLE_GROW: case Op.TABLE_FILL: return 4;
    case Op.TABLE_COPY: case Op.TABLE_INIT: return 5;
    case Op.BR_TABLE: return -1;
    default:
      if (op >= Op.I32_LOAD && op <= Op.I32_STORE16) return 3;
      return -1;
  }
}

/**
 * Packed code: the compiler writes each instruction wide (an opcode word, then one word per
 * operand, as documented above); pack.ts then moves the first operand into the opcode word,
 * d | operand << Packed.OP_BITS (d: the op's dispatch number, dispatch.ts), which saves the
 * interpreter one code read per instruction. A loop
 * latch's embedded `BR_BACK T` packs the same way into one word. First operands are never
 * negative: frame word offsets, branch targets and indices up to Packed.MAX_OPERAND.
 */
export const enum Packed {
  /** Bits of the opcode in an opcode word; the first operand is word >>> OP_BITS. */
  OP_BITS = 9,
  /** word & OP_MASK is the opcode. */
  OP_MASK = 511,
  /** Largest first operand: 2^23 - 1. */
  MAX_OPERAND = 8388607,
}

/** Words of the packed instruction with opcode op, for every opcode except BR_TABLE (3 + n). */
export function packedLength(op: number): number {
  const n = operandCount(op);
  if (isLatch(op)) return n - 1; // the latch's BR_BACK T is one word
  return n === 0 ? 1 : n;
}

/** Which operand of op (1-based, wide numbering) is its branch target; 0 if it has none (also BR_TABLE, whose targets follow n). */
export function targetOperand(op: number): number {
  if (op === Op.BR || op === Op.BR_BACK) return 1;
  if (op === Op.BR_IF || op === Op.BR_IF_BACK || op === Op.BR_UNLESS || op === Op.BR_UNLESS_BACK) return 2;
  if (isLatch(op)) return operandCount(op);
  if ((op >= Op.BR_IF_I32_EQ && op < Op.BR_UNLESS_BACK) || (op >= Op.BR_IF_I32_EQ_IMM && op <= Op.BR_IF_BACK_I32_GE_U_IMM)) return 3;
  return 0;
}

/** True for the loop latches, BR_IF_BACK_ADD* and BR_IF_BACK_ADDR*, which end with the words of a `BR_BACK T`. */
export function isLatch(op: number): boolean {
  return (op >= Op.BR_IF_BACK_ADD && op <= Op.BR_IF_BACK_ADD_LT_U_IMM) || (op >= Op.BR_IF_BACK_ADDR_NE && op <= Op.BR_IF_BACK_ADDR_LT_U);
}

/** True for numeric opcodes with one operand (eqz, clz/ctz/popcnt, float unary ops, conversions, extends). */
export function isUnaryNumeric(op: number): boolean {
  return op === Op.I32_EQZ || op === Op.I64_EQZ ||
    (op >= Op.I32_CLZ && op <= Op.I32_POPCNT) || (op >= Op.I64_CLZ && op <= Op.I64_POPCNT) ||
    (op >= Op.F32_ABS && op <= Op.F32_SQRT) || (op >= Op.F64_ABS && op <= Op.F64_SQRT) ||
    (op >= Op.I32_WRAP_I64 && op <= Op.I64_TRUNC_SAT_F64_U);
}

/**
 * Which operand words of `op` are frame operands (offsets from fp), as a bit mask (bit i-1 for
 * operand i), for the straight-line instructions that may be copied into another function's code
 * with their frame operands moved (compiler.ts: inlining); -1 for every other opcode (control,
 * calls, references, tables, bulk memory, memory.size/grow).
 */
export function frameOperands(op: number): number {
  if (op >= Op.I32_EQZ && op <= Op.I64_TRUNC_SAT_F64_U) return isUnaryNumeric(op) ? 0b11 : 0b111;
  if ((op >= Op.I32_ADD_IMM && op <= Op.I32_GE_U_IMM) || op === Op.I32_ROTL_IMM) return 0b011;
  if (op >= Op.I32_LOAD && op <= Op.I32_STORE16) return 0b011;
  if (op === Op.I32_SHR_U_AND_IMM || op === Op.I32_LOAD_SHL || op === Op.I32_MUL_ADD_IMM) return 0b0011;
  if (op === Op.I32_XOR_SHR_U_IMM) return 0b0111;
  if (op === Op.F64_MUL_ADD) return 0b1111;
  if (op === Op.F32_MUL_ADD) return 0b11111;
  switch (op) {
    case Op.COPY: return 0b11;
    case Op.CONST32: return 0b01;
    case Op.CONST64: return 0b001;
    case Op.SELECT: return 0b1111;
    case Op.GLOBAL_GET: return 0b01;
    case Op.GLOBAL_SET: return 0b10;
    default: return -1;
  }
}
