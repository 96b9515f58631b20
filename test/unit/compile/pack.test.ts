// Packing (core/compile/pack.ts): wide code becomes packed code in place, with the first operand
// in the opcode word, branch targets (plain, fused, br_table, a latch's BR_BACK T) moved to the
// packed index of their instruction, and the map of instruction starts filled; a first operand
// that does not fit makes packCode fail (the compiler then throws CompileError "function too
// large"; not tested end to end: that takes a body whose frame needs over 4 million slots).
import { describe, expect, test } from 'vitest';
import { Op, Packed } from '../../../core/compile/ops';
import { packCode, packedOp } from '../../../core/compile/pack';
import { dispatchOf } from '../../../core/compile/dispatch';

function pack(wide: number[]): { code: number[]; at: Int32Array } {
  const code = new Int32Array(wide);
  const at = new Int32Array(wide.length + 1);
  const n = packCode(code, code.length, at);
  return { code: n < 0 ? [] : Array.from(code.subarray(0, n)), at };
}

const word = (op: number, first: number) => (dispatchOf(op) | (first << Packed.OP_BITS)) | 0;

describe('packCode', () => {
  test('first operands move into the opcode word and targets follow their instructions', () => {
    const { code, at } = pack([
      /* 0 */ Op.I32_ADD, 4, 0, 2,
      /* 4 */ Op.BR_IF_I32_LT_S, 0, 2, 14,
      /* 8 */ Op.BR_TABLE, 4, 1, 14, 0,
      /* 13 */ Op.RETURN,
      /* 14 */ Op.BR_IF_BACK_ADD_LT_U_IMM, 0, 0, 1, 9, Op.BR_BACK, 4,
      /* 21 */ Op.BR, 0,
    ]);
    expect(Array.from(at.subarray(0, 1))).toEqual([0]);
    expect([at[4], at[8], at[13], at[14], at[21], at[23]]).toEqual([3, 6, 10, 11, 16, 17]);
    expect(code).toEqual([
      word(Op.I32_ADD, 4), 0, 2,
      word(Op.BR_IF_I32_LT_S, 0), 2, 11,
      word(Op.BR_TABLE, 4), 1, 11, 0,
      word(Op.RETURN, 0),
      word(Op.BR_IF_BACK_ADD_LT_U_IMM, 0), 0, 1, 9, word(Op.BR_BACK, 3),
      word(Op.BR, 0),
    ]);
  });

  test('the largest first operand fits, one more does not', () => {
    const { code } = pack([Op.CONST32, Packed.MAX_OPERAND - 1, 7, Op.RETURN]);
    expect(code[0] >>> Packed.OP_BITS).toBe(Packed.MAX_OPERAND - 1);
    expect(packedOp(code, 0)).toBe(Op.CONST32);
    const big = new Int32Array([Op.CONST32, Packed.MAX_OPERAND + 1, 7, Op.RETURN]);
    expect(packCode(big, big.length, new Int32Array(big.length + 1))).toBe(-1);
  });

  test('a loop latch whose BR_BACK target lies past the largest operand fails too', () => {
    // MAX_OPERAND + 2 one-word RETURNs, then a latch branching back to the last of them.
    const n = Packed.MAX_OPERAND + 2;
    const code = new Int32Array(n + 7);
    code.fill(Op.RETURN, 0, n);
    code.set([Op.BR_IF_BACK_ADD_LT_U_IMM, 0, 0, 1, 9, Op.BR_BACK, n - 1], n);
    expect(packCode(code, code.length, new Int32Array(code.length + 1))).toBe(-1);
    // The same latch branching back below the limit packs.
    code.fill(Op.RETURN, 0, n);
    code.set([Op.BR_IF_BACK_ADD_LT_U_IMM, 0, 0, 1, 9, Op.BR_BACK, 5], n);
    expect(packCode(code, code.length, new Int32Array(code.length + 1))).toBe(n + 5);
  });
});
