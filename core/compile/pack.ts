// Packing: turns a function's wide code (ops.ts: an opcode word, then one word per operand), which
// the compiler builds and rewrites, into the packed code the interpreter runs, where the first
// operand shares the opcode word (ops.ts: Packed) and the opcode becomes its dispatch number
// (dispatch.ts). Instructions get shorter, so every branch target, source map entry and inlined
// range moves to the new code index of its instruction.
// Also reads packed code back for the compiler (inlining copies a callee's packed code).
// What it leaves to others: what the instructions mean (ops.ts), emitting them (compiler.ts).
import { isLatch, Op, operandCount, Packed, packedLength, targetOperand } from './ops';
import { Dispatch, dispatchOf, opOf } from './dispatch';

/**
 * Packs wide code[0..n-1] in place and returns the packed length, or -1 if a first operand (or
 * a latch's branch target) does not fit in its opcode word (the function is too large). at[k] must have room for n + 1 entries:
 * afterwards it maps each instruction start k of the wide code (and n, the end) to its packed index.
 */
export function packCode(code: Int32Array, n: number, at: Int32Array): number {
  // First the new index of every instruction, so that forward targets can be moved.
  let q = 0;
  for (let pc = 0; pc < n; ) {
    const op = code[pc];
    at[pc] = q;
    if (op === Op.BR_TABLE) {
      q += 3 + code[pc + 2];
      pc += 4 + code[pc + 2];
    } else {
      q += packedLength(op);
      pc += 1 + operandCount(op);
    }
  }
  at[n] = q;
  // Then the words, front to back (each op is checked to have a dispatch number: internal code,
  // so an unknown one is a bug of the compiler): an instruction's packed words never lie after its wide words,
  // and each wide word is read before the packed word that could overwrite it is written.
  q = 0;
  for (let pc = 0; pc < n; ) {
    const op = code[pc];
    if (op === Op.BR_TABLE) {
      const count = code[pc + 2];
      const a = code[pc + 1];
      if (a > Packed.MAX_OPERAND) return -1;
      code[q] = dispatchOf(op) | (a << Packed.OP_BITS);
      code[q + 1] = count;
      for (let i = 0; i <= count; i++) code[q + 2 + i] = at[code[pc + 3 + i]];
      q += 3 + count;
      pc += 4 + count;
      continue;
    }
    const d = dispatchOf(op);
    if (d < 0) throw new Error('internal error: no dispatch number for opcode ' + op);
    const count = operandCount(op);
    const t = targetOperand(op);
    if (count === 0) {
      code[q++] = d;
      pc += 1;
      continue;
    }
    const first = t === 1 ? at[code[pc + 1]] : code[pc + 1];
    if (first < 0 || first > Packed.MAX_OPERAND) return -1;
    code[q] = d | (first << Packed.OP_BITS);
    if (isLatch(op)) {
      // A loop latch: operands 2 .. count-2, then its `BR_BACK T` as one packed word.
      for (let i = 2; i <= count - 2; i++) code[q + i - 1] = code[pc + i];
      const target = at[code[pc + count]];
      if (target > Packed.MAX_OPERAND) return -1;
      code[q + count - 2] = Dispatch.BR_BACK | (target << Packed.OP_BITS);
    } else {
      for (let i = 2; i <= count; i++) code[q + i - 1] = i === t ? at[code[pc + i]] : code[pc + i];
    }
    q += packedLength(op);
    pc += 1 + count;
  }
  return q;
}

/** The opcode (Op) of the packed instruction at code[pc]. */
export function packedOp(code: Int32Array, pc: number): number {
  return opOf(code[pc] & Packed.OP_MASK);
}

/** Operand i (1-based, wide numbering) of the packed instruction at code[pc] (not for a latch's BR_BACK T). */
export function packedOperand(code: Int32Array, pc: number, i: number): number {
  return i === 1 ? code[pc] >>> Packed.OP_BITS : code[pc + i - 1];
}
