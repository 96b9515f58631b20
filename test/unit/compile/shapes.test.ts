// The shape of the emitted code for small functions, through the disassembler: block results in
// place, br_if with and without copies, loops (BR_BACK / BR_IF_BACK), br_table stubs, calls,
// if/else, return copies and unreachable code; operands read straight from locals (local.get
// emits nothing) and results written straight into locals (local.set/tee after the producer).
import { beforeAll, describe, expect, test } from 'vitest';
import { compileWat, loadWabt } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

beforeAll(loadWabt);

function code(wat: string, index = 0): string[] {
  const cf = compileWat('(module ' + wat + ')', index);
  expect(checkCode(cf)).toEqual([]);
  return disasm(cf.code);
}

describe('emitted code', () => {
  test('br_if whose value is not at the label height copies it behind a BR_UNLESS', () => {
    expect(code(`(func (param i32) (result i32)
      (block (result i32) (i32.const 1) (i32.const 2) (br_if 0 (local.get 0)) (i32.add)))`)).toEqual([
      '0: CONST32 2 1',
      '2: CONST32 4 2',
      '4: BR_UNLESS 0 9',
      '6: RETURN_COPY 4',
      '7: RETURN',
      '8: RETURN_COPY 2',
      '9: I32_ADD 0 2 4',
      '12: RETURN',
      '13: RETURN',
      '14: RETURN',
      '15: RETURN',
    ]);
  });

  test('br_if whose value is already in place is one BR_IF', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (block (result i32) (br_if 0 (local.get 0) (local.get 1)) (drop) (i32.const 3)))`)).toEqual([
      '0: COPY 4 0',
      '2: BR_IF 2 6',
      '4: CONST32 4 3',
      '6: RETURN_COPY 4',
      '7: RETURN',
      '8: RETURN',
    ]);
  });

  test('loop with a parameter: br_if to it is BR_IF_BACK, br writes the value into the parameter slot', () => {
    expect(code(`(func (param i32) (result i32)
      (local.get 0)
      (loop (param i32) (result i32)
        (i32.const 1) (i32.sub) (local.tee 0)
        (br_if 0 (local.get 0))))`)).toEqual([
      '0: COPY 2 0',
      '2: I32_ADD_IMM 0 2 -1',
      '5: COPY 2 0',
      '7: BR_IF_BACK 0 2',
      '9: RETURN_COPY 2',
      '10: RETURN',
      '11: RETURN',
    ]);
    // The constant is hoisted (hoist.ts): written to its slot (2) before the loop, copied per iteration.
    expect(code(`(func (param i32)
      (local.get 0)
      (loop (param i32) (i32.const 5) (br 0)))`)).toEqual([
      '0: COPY 4 0',
      '2: CONST64 2 5 0',
      '5: COPY 4 2',
      '7: BR_BACK 5',
      '8: RETURN',
    ]);
  });

  test('br_table: direct forward targets, a stub for the loop', () => {
    expect(code(`(func (param i32)
      (loop $l (block $b (br_table $b $l $b (local.get 0)))))`)).toEqual([
      '0: BR_TABLE 0 2 6 5 6',
      '5: BR_BACK 0',
      '6: RETURN',
    ]);
  });

  test('br_table: one shared stub copies the value for all targets of the same label', () => {
    expect(code(`(func (param i32) (result i32)
      (block $a (result i32) (i32.const 9) (i32.const 10) (br_table $a $a 0 (local.get 0))))`)).toEqual([
      '0: CONST32 2 9',
      '2: CONST32 4 10',
      '4: BR_TABLE 0 2 9 9 9',
      '9: RETURN_COPY 4',
      '10: RETURN',
      '11: RETURN_COPY 2',
      '12: RETURN_COPY 2',
      '13: RETURN',
      '14: RETURN',
    ]);
  });

  test('br_table to the function label returns through a stub', () => {
    // Target 0 (the block) has its value in place already: a direct jump to the block's end.
    expect(code(`(func (param i32) (result i32)
      (block (result i32) (i32.const 7) (br_table 0 1 (local.get 0))))`)).toEqual([
      '0: CONST32 2 7',
      '2: BR_TABLE 0 1 9 6',
      '6: RETURN_COPY 2',
      '7: RETURN',
      '8: RETURN',
      '9: RETURN_COPY 2',
      '10: RETURN',
      '11: RETURN',
    ]);
  });

  test('call: arguments at the top of the stack become the callee frame', () => {
    const lines = code(`(func $f (param i32 i64) (result f32) (local i32) (f32.const 1))
      (func (param i32) (result f32) (local.get 0) (i64.const 3) (call $f))`, 1);
    expect(lines).toEqual([
      '0: CONST64 4 3 0',
      '3: COPY 2 0',
      '5: CALL 0 2',
      '7: RETURN_COPY 2',
      '8: RETURN',
      '9: RETURN',
    ]);
  });

  test('call_indirect: base below the parameters, a = the table index slot', () => {
    expect(code(`(type $t (func (param i32) (result i32))) (table 1 funcref)
      (func (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))`)).toEqual([
      '0: CONST32 4 0',
      '2: COPY 2 0',
      '4: CALL_INDIRECT 0 0 2 4',
      '8: RETURN_COPY 2',
      '9: RETURN',
      '10: RETURN',
    ]);
  });

  test('if/else: BR_UNLESS to the else, BR over it', () => {
    expect(code(`(func (param i32) (result i32)
      (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))`)).toEqual([
      '0: BR_UNLESS 0 5',
      '2: CONST32 2 1',
      '4: RETURN_COPY 2',
      '5: CONST32 2 2',
      '7: RETURN_COPY 2',
      '8: RETURN',
      '9: RETURN',
    ]);
  });

  test('return copies the results down; unreachable code emits nothing', () => {
    expect(code(`(func (result i32) (i32.const 1) (i32.const 2) (return) (i32.const 3) (br 0))`)).toEqual([
      '0: CONST32 0 1',
      '2: CONST32 0 2',
      '4: RETURN',
    ]);
    expect(code(`(func unreachable (block (br 0)) (i32.const 1) (drop))`)).toEqual(['0: UNREACHABLE', '1: RETURN']);
  });

  test('reinterpret and drop emit nothing; refs use the REF ops', () => {
    expect(code(`(func (param f32) (result i32) (local externref) (local.get 0) (i32.reinterpret_f32)
      (local.set 1 (ref.null extern)) (drop (ref.is_null (local.get 1))))`)).toEqual([
      '0: REF_NULL 2',
      '1: REF_IS_NULL 6 2',
      '3: RETURN',
    ]);
  });

  test('memory and numeric instructions map onto the internal opcodes', () => {
    expect(code(`(memory 1) (func (param i32) (result f64)
      (f64.store offset=8 (local.get 0) (f64.load offset=16 (local.get 0)))
      (i64.store8 (local.get 0) (i64.const -1))
      (f64.convert_i32_u (memory.grow (i32.const 1))))`)).toEqual([
      '0: I64_LOAD 4 0 16',
      '3: I64_STORE 0 4 8',
      '6: CONST64 4 -1 -1',
      '9: I32_STORE8 0 4 0',
      '12: CONST32 2 1',
      '14: MEMORY_GROW 2 2',
      '16: F64_CONVERT_I32_U 0 2',
      '18: RETURN',
    ]);
  });

  test('frame size counts locals and the deepest operand stack', () => {
    const cf = compileWat(`(module (func (param i32) (local i64 funcref)
      (drop (i32.add (i32.const 1) (i32.add (i32.const 2) (i32.const 3))))))`, 0);
    expect([cf.nparams, cf.nlocals, cf.frameSlots]).toEqual([1, 3, 6]);
    expect(Array.from(cf.localIsRef)).toEqual([0, 0, 1]);
  });
});

describe('local.get operands and local.set/tee results', () => {
  test('local.get a; local.get b; i32.add; local.set c is one I32_ADD c a b', () => {
    expect(code(`(func (param i32 i32) (local i32) (local.set 2 (i32.add (local.get 0) (local.get 1))))`)).toEqual([
      '0: I32_ADD 4 0 2',
      '3: RETURN',
    ]);
  });

  test('local.tee writes the local and the value stays readable there', () => {
    expect(code(`(func (param i32 i32) (result i32) (local i32)
      (i32.mul (local.tee 2 (i32.add (local.get 0) (local.get 1))) (local.get 2)))`)).toEqual([
      '0: I32_ADD 4 0 2',
      '3: I32_MUL 0 4 4',
      '6: RETURN',
    ]);
  });

  test('the destination may be the second operand (i64 d == b)', () => {
    expect(code(`(func (param i64 i64) (local.set 1 (i64.sub (local.get 0) (local.get 1))))`)).toEqual([
      '0: I64_SUB 2 0 2',
      '3: RETURN',
    ]);
  });

  test('loads and stores take their address and value from locals', () => {
    expect(code(`(memory 1) (func (param i32 i32) (i32.store offset=4 (local.get 0) (i32.load (local.get 1))))`)).toEqual([
      '0: I32_LOAD 6 2 0',
      '3: I32_STORE 0 6 4',
      '6: RETURN',
    ]);
  });

  test('a counting loop: tee into the counter, compare against a local, BR_IF_BACK', () => {
    expect(code(`(func (param i32) (result i32) (local i32)
      (loop (br_if 0 (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
      (local.get 1))`)).toEqual([
      // fused into one loop latch (compiler.ts: latch), ending with the words of BR_BACK 0
      '0: BR_IF_BACK_ADD_LT_U 2 2 1 0 2 0',
      '5: RETURN_COPY 2',
      '6: RETURN',
      '7: RETURN',
    ]);
  });

  test('local.set k copies an alias of k still on the stack into its slot first', () => {
    expect(code(`(func (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) (i32.sub))`)).toEqual([
      '0: CONST32 4 5',
      '2: COPY 2 0',
      '4: COPY 0 4',
      '6: I32_SUB 0 2 0',
      '9: RETURN',
    ]);
    // ... and then the add cannot write local 0 directly (the alias is copied after it ran).
    expect(code(`(func (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.add (local.get 0) (i32.const 1))) (local.get 0) (i32.sub))`)).toEqual([
      '0: I32_ADD_IMM 4 0 1',
      '3: COPY 2 0',
      '5: COPY 0 4',
      '7: I32_SUB 0 2 0',
      '10: RETURN',
    ]);
  });

  test('a tee of an alias turns it into an alias of the tee\'s local, copied before that local changes', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (local.tee 0 (local.get 1)) (local.set 1 (i32.const 7)) (local.set 0 (i32.const 8)))`)).toEqual([
      '0: COPY 0 2',
      '2: CONST32 2 7',
      '4: CONST32 6 8',
      '6: COPY 4 0',
      '8: COPY 0 6',
      '10: RETURN_COPY 4',
      '11: RETURN',
      '12: RETURN',
    ]);
  });

  test('a value computed right before a branch or return is written into the label\'s slot', () => {
    expect(code(`(func (param i32 i32) (result i32) (local i32)
      (block (result i32) (i32.add (local.get 0) (local.get 1)) (br 0)) (local.set 2) (i32.xor (local.get 2) (local.get 0)))`)).toEqual([
      '0: I32_ADD 6 0 2',
      '3: BR 4',
      '4: COPY 4 6',
      '6: I32_XOR 0 4 0',
      '9: RETURN',
    ]);
  });

  test('no retarget across a label: the result of an if goes through its slot', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (local.set 0 (if (result i32) (local.get 1) (then (i32.const 5)) (else (i32.const 6)))) (local.get 0))`)).toEqual([
      '0: BR_UNLESS 2 5',
      '2: CONST32 4 5',
      '4: RETURN_COPY 4',
      '5: CONST32 4 6',
      '7: RETURN_COPY 4',
      '8: RETURN',
      '9: RETURN',
    ]);
  });

  test('aliases are copied into their slots when a block, loop or if starts', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (local.get 0) (if (local.get 1) (then (local.set 0 (i32.const 9)))) (local.get 0) (i32.sub))`)).toEqual([
      '0: COPY 4 0',
      '2: BR_UNLESS 2 6',
      '4: CONST32 0 9',
      '6: I32_SUB 0 4 0',
      '9: RETURN',
    ]);
  });

  test('returning permuted locals saves the ones an earlier result copy overwrites', () => {
    expect(code(`(func (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))`)).toEqual([
      '0: COPY 6 0',
      '2: COPY 0 2',
      '4: COPY 2 6',
      '6: RETURN',
    ]);
    expect(code(`(func (param i32 i32 i32) (result i32 i32 i32) (local.get 2) (local.get 0) (local.get 1))`)).toEqual([
      '0: COPY 8 0',
      '2: COPY 10 2',
      '4: COPY 0 4',
      '6: COPY 2 8',
      '8: COPY 4 10',
      '10: RETURN',
    ]);
  });
});
