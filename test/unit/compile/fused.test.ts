// The compiler's peepholes that cut dispatches: an i32 compare (or eqz) consumed only by the
// br_if / if right after it becomes one fused branch (BR_IF_I32_xx, BR_IF_BACK_I32_xx,
// BR_UNLESS_BACK, or BR_IF/BR_UNLESS for eqz), and an i32.const operand of add/sub/mul/and/or/
// xor/shifts/rotates/compares becomes an immediate (I32_xx_IMM, BR_IF_I32_xx_IMM). Shape tests
// through the disassembler, then every compare and immediate form run against native WebAssembly.
import { beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as Pico } from '../../../core/index';
import { compileAll, compileWat, loadWabt, watToBinary } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

beforeAll(loadWabt);

function code(wat: string): string[] {
  const cf = compileWat('(module ' + wat + ')', 0);
  expect(checkCode(cf)).toEqual([]);
  return disasm(cf.code);
}

describe('fused compare-and-branch shapes', () => {
  test('br_if on a compare of two locals: one BR_IF_I32_LT_S', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))) (return (i32.const 1))) (i32.const 2))`)).toEqual([
      '0: BR_IF_I32_LT_S 0 2 6',
      '3: CONST32 0 1',
      '5: RETURN',
      '6: CONST32 0 2',
      '8: RETURN',
    ]);
  });

  test('if branches to else on the inverse compare', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (if (result i32) (i32.gt_u (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2))))`)).toEqual([
      '0: BR_IF_I32_LE_U 0 2 6',
      '3: CONST32 4 1',
      '5: RETURN_COPY 4',
      '6: CONST32 4 2',
      '8: RETURN_COPY 4',
      '9: RETURN',
      '10: RETURN',
    ]);
  });

  test('br_if to a loop: BR_IF_BACK_I32_xx, and with a constant BR_IF_BACK_I32_xx_IMM', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (loop (local.set 0 (i32.mul (local.get 0) (i32.const 3))) (br_if 0 (i32.ne (local.get 0) (local.get 1))))
      (local.get 0))`)).toEqual([
      '0: I32_MUL_IMM 0 0 3',
      '3: BR_IF_BACK_I32_NE 0 2 0',
      '6: RETURN',
    ]);
    expect(code(`(func (param i32) (result i32)
      (loop (local.set 0 (i32.mul (local.get 0) (i32.const 2))) (br_if 0 (i32.lt_u (local.get 0) (i32.const 100))))
      (local.get 0))`)).toEqual([
      '0: I32_MUL_IMM 0 0 2',
      '3: BR_IF_BACK_I32_LT_U_IMM 0 100 0',
      '6: RETURN',
    ]);
    // After an i32.add of a constant they fuse further into a loop latch (latch.test.ts).
    expect(code(`(func (param i32) (result i32)
      (loop (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 0) (i32.const 100))))
      (local.get 0))`)).toEqual([
      '0: BR_IF_BACK_ADD_LT_U_IMM 0 0 1 100 2 0',
      '5: RETURN',
    ]);
  });

  test('eqz: br_if becomes BR_UNLESS, to a loop BR_UNLESS_BACK, and if becomes BR_IF', () => {
    expect(code(`(func (param i32) (result i32)
      (block (br_if 0 (i32.eqz (local.get 0))) (return (i32.const 1))) (i32.const 2))`).slice(0, 1)).toEqual(['0: BR_UNLESS 0 5']);
    expect(code(`(func (param i32) (result i32)
      (loop (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if 0 (i32.eqz (local.get 0))))
      (local.get 0))`)).toEqual([
      '0: I32_ADD_IMM 0 0 -1',
      '3: BR_UNLESS_BACK 0 0',
      '5: RETURN',
    ]);
    expect(code(`(func (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))`).slice(0, 1)).toEqual(['0: BR_IF 0 5']);
  });

  test('a constant first operand swaps the compare', () => {
    expect(code(`(func (param i32) (result i32)
      (block (br_if 0 (i32.lt_s (i32.const 10) (local.get 0))) (return (i32.const 1))) (i32.const 2))`).slice(0, 1)).toEqual([
      '0: BR_IF_I32_GT_S_IMM 0 10 6',
    ]);
  });

  test('no fusion when the compare result is also kept, or a label comes between', () => {
    // local.tee keeps the result: the compare stays, the branch tests its local.
    expect(code(`(func (param i32 i32) (result i32) (local i32)
      (block (br_if 0 (local.tee 2 (i32.lt_s (local.get 0) (local.get 1))))) (local.get 2))`)).toEqual([
      '0: I32_LT_S 4 0 2',
      '3: BR_IF 4 5',
      '5: RETURN_COPY 4',
      '6: RETURN',
      '7: RETURN',
    ]);
    // The compare is the result of a block: its end is a label, so the if reads the slot.
    const c = code(`(func (param i32 i32) (result i32)
      (if (result i32) (block (result i32) (i32.lt_s (local.get 0) (local.get 1)))
        (then (i32.const 1)) (else (i32.const 2))))`);
    expect(c[0]).toBe('0: I32_LT_S 4 0 2');
    expect(c[1]).toMatch(/^3: BR_UNLESS 4 /);
  });

  test('immediates: add, sub (as add of -c), shifts masked, rotr as rotl', () => {
    expect(code(`(func (param i32) (result i32)
      (i32.rotr (i32.shl (i32.sub (i32.add (local.get 0) (i32.const 7)) (i32.const 9)) (i32.const 33)) (i32.const 8)))`)).toEqual([
      '0: I32_ADD_IMM 2 0 7',
      '3: I32_ADD_IMM 2 2 -9',
      '6: I32_SHL_IMM 2 2 1',
      '9: I32_ROTL_IMM 0 2 24',
      '12: RETURN',
    ]);
  });
});

// ---- run against native WebAssembly ----

const cmps = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const consts = [0, 1, -1, 100, -0x80000000, 0x7fffffff];

function runWat(): string {
  let w = '(module\n';
  for (const c of cmps) {
    // Two locals: br_if forward, if/else, loop counting with br_if back, br_if carrying a value.
    w += `(func (export "br_${c}") (param i32 i32) (result i32)
      (block (br_if 0 (i32.${c} (local.get 0) (local.get 1))) (return (i32.const 1))) (i32.const 2))
    (func (export "if_${c}") (param i32 i32) (result i32)
      (if (result i32) (i32.${c} (local.get 0) (local.get 1)) (then (i32.const 3)) (else (i32.const 4))))
    (func (export "loop_${c}") (param i32 i32) (result i32) (local i32)
      (loop (local.set 2 (i32.add (local.get 2) (i32.const 1)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br_if 0 (i32.and (i32.lt_u (local.get 2) (i32.const 5)) (i32.${c} (local.get 0) (local.get 1)))))
      (local.get 2))
    (func (export "back_${c}") (param i32 i32) (result i32) (local i32)
      (block (loop (local.set 2 (i32.add (local.get 2) (i32.const 1)))
        (br_if 1 (i32.ge_u (local.get 2) (i32.const 5)))
        (br_if 0 (i32.${c} (local.get 0) (local.get 1)))))
      (local.get 2))
    (func (export "carry_${c}") (param i32 i32) (result i32)
      (block (result i32) (i32.const 7) (i32.const 8) (br_if 0 (i32.${c} (local.get 0) (local.get 1))) (i32.add)))
    (func (export "sel_${c}") (param i32 i32) (result i32)
      (i32.${c} (local.get 0) (local.get 1)))\n`;
    for (let k = 0; k < consts.length; k++) {
      const v = consts[k];
      w += `(func (export "brk${k}_${c}") (param i32 i32) (result i32)
        (block (br_if 0 (i32.${c} (local.get 0) (i32.const ${v}))) (return (i32.const 1))) (i32.const 2))
      (func (export "kbr${k}_${c}") (param i32 i32) (result i32)
        (if (result i32) (i32.${c} (i32.const ${v}) (local.get 0)) (then (i32.const 3)) (else (i32.const 4))))
      (func (export "backk${k}_${c}") (param i32 i32) (result i32) (local i32)
        (block (loop (local.set 2 (i32.add (local.get 2) (i32.const 1)))
          (br_if 1 (i32.ge_u (local.get 2) (i32.const 5)))
          (br_if 0 (i32.${c} (local.get 0) (i32.const ${v})))))
        (local.get 2))
      (func (export "valk${k}_${c}") (param i32 i32) (result i32)
        (i32.add (i32.${c} (local.get 0) (i32.const ${v})) (i32.mul (i32.const 2) (i32.${c} (i32.const ${v}) (local.get 1)))))\n`;
    }
  }
  for (const op of ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr']) {
    for (let k = 0; k < consts.length; k++) {
      const v = consts[k];
      w += `(func (export "imm${k}_${op}") (param i32 i32) (result i32)
        (i32.xor (i32.${op} (local.get 0) (i32.const ${v})) (i32.${op} (i32.const ${v}) (local.get 1))))\n`;
    }
    w += `(func (export "imm33_${op}") (param i32 i32) (result i32) (i32.${op} (local.get 0) (i32.const 33)))\n`;
  }
  for (const c of ['eqz']) {
    w += `(func (export "br_${c}") (param i32 i32) (result i32)
      (block (br_if 0 (i32.eqz (local.get 0))) (return (i32.const 1))) (i32.const 2))
    (func (export "if_${c}") (param i32 i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 3)) (else (i32.const 4))))
    (func (export "back_${c}") (param i32 i32) (result i32)
      (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (local.set 0 (i32.shr_u (local.get 0) (i32.const 1)))
        (br_if 0 (i32.eqz (i32.eqz (local.get 0)))))
      (local.get 1))\n`;
  }
  return w + ')';
}

const inputs = [0, 1, -1, 2, 99, 100, 101, -2, 0x7fffffff, -0x80000000, 0x7ffffffe, -0x7fffffff, 12345, -12345];

describe('fused and immediate forms run like native WebAssembly', () => {
  test('every export agrees with native on a grid of inputs', async () => {
    const bytes = watToBinary(runWat());
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const pico: any = new Pico.Instance(new Pico.Module(bytes), {}).exports;
    const names = Object.keys(native);
    expect(names.length).toBe(10 * (6 + 4 * consts.length) + 11 * (consts.length + 1) + 3);
    let checked = 0;
    for (const name of names) {
      for (const a of inputs) {
        for (const b of inputs) {
          expect(pico[name](a, b), `${name}(${a}, ${b})`).toBe(native[name](a, b));
          checked++;
        }
      }
    }
    expect(checked).toBe(names.length * inputs.length * inputs.length);
  });

  test('the fused forms are really emitted, and the code is well formed', () => {
    const m = compileAll(watToBinary(runWat()));
    const all = m.compiled.map((cf) => {
      expect(checkCode(cf!)).toEqual([]);
      return disasm(cf!.code).join('\n');
    }).join('\n');
    for (const c of cmps) {
      const C = c.toUpperCase();
      expect(all).toContain('BR_IF_I32_' + C + ' ');
      expect(all).toContain('BR_IF_BACK_I32_' + C + ' ');
      expect(all).toContain('BR_IF_I32_' + C + '_IMM ');
      expect(all).toContain('BR_IF_BACK_I32_' + C + '_IMM ');
      expect(all).toContain('I32_' + C + '_IMM ');
    }
    for (const op of ['ADD', 'MUL', 'AND', 'OR', 'XOR', 'SHL', 'SHR_S', 'SHR_U', 'ROTL']) expect(all).toContain('I32_' + op + '_IMM ');
    expect(all).toContain('BR_UNLESS_BACK ');
  });
});

// Two fusions of a shift by a constant with the instruction that consumes it: a bit field,
// (x >>> s) & m, is I32_SHR_U_AND_IMM, and an indexed load, i32.load/f32.load of x << k, is
// I32_LOAD_SHL. Only when the shift's result goes nowhere else (not teed into a local) and no
// label lies between.
describe('shift fusions', () => {
  test('shapes: fused, and not fused when the shift result is kept or a label comes between', () => {
    expect(code(`(func (param i32) (result i32) (i32.and (i32.shr_u (local.get 0) (i32.const 8)) (i32.const 255)))`)).toEqual([
      '0: I32_SHR_U_AND_IMM 0 0 8 255',
      '4: RETURN',
    ]);
    expect(code(`(memory 1) (func (param i32) (result i32) (i32.load offset=16 (i32.shl (local.get 0) (i32.const 2))))`)).toEqual([
      '0: I32_LOAD_SHL 0 0 2 16',
      '4: RETURN',
    ]);
    expect(code(`(memory 1) (func (param i32) (result f32) (f32.load (i32.shl (local.get 0) (i32.const 3))))`)[0]).toBe('0: I32_LOAD_SHL 0 0 3 0');
    // The shift result is also kept in local 1.
    expect(code(`(func (param i32) (result i32) (local i32)
      (i32.and (local.tee 1 (i32.shr_u (local.get 0) (i32.const 8))) (i32.const 255)))`).slice(0, 2)).toEqual([
      '0: I32_SHR_U_IMM 2 0 8',
      '3: I32_AND_IMM 0 2 255',
    ]);
    expect(code(`(memory 1) (func (param i32) (result i32) (local i32)
      (i32.load (local.tee 1 (i32.shl (local.get 0) (i32.const 2)))))`).slice(0, 2)).toEqual([
      '0: I32_SHL_IMM 2 0 2',
      '3: I32_LOAD 0 2 0',
    ]);
    // The end of a block is a label: a branch could bring another value.
    expect(code(`(func (param i32) (result i32)
      (i32.and (block (result i32) (i32.shr_u (local.get 0) (i32.const 8))) (i32.const 255)))`).join(' ')).not.toContain('SHR_U_AND');
    // Other shifts and other loads stay apart.
    expect(code(`(func (param i32) (result i32) (i32.and (i32.shr_s (local.get 0) (i32.const 8)) (i32.const 255)))`).join(' ')).not.toContain('SHR_U_AND');
    expect(code(`(memory 1) (func (param i32) (result i32) (i32.load8_u (i32.shl (local.get 0) (i32.const 2))))`).join(' ')).not.toContain('LOAD_SHL');
  });

  test('results, wrap-around of the shifted address and traps equal native WebAssembly', async () => {
    const text = `(module (memory 1)
      (data (i32.const 0) "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10")
      (func (export "field") (param i32 i32) (result i32)
        (i32.add (i32.and (i32.shr_u (local.get 0) (i32.const 5)) (i32.const 0x3ff))
                 (i32.and (i32.shr_u (local.get 1) (i32.const 31)) (i32.const -1))))
      (func (export "load") (param i32) (result i32) (i32.load offset=4 (i32.shl (local.get 0) (i32.const 2))))
      (func (export "loadf") (param i32) (result f32) (f32.load offset=1 (i32.shl (local.get 0) (i32.const 1)))))`;
    const bytes = watToBinary(text);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const pico: any = new Pico.Instance(new Pico.Module(bytes)).exports;
    const outcome = (f: () => number) => { try { return f(); } catch (e: any) { return 'trap'; } };
    const inputs = [0, 1, 2, 3, 31, 0x3fff, 0x4000, 0x40000000, -1, -2, 0x7fffffff, -0x80000000];
    for (const x of inputs) {
      for (const y of inputs) expect(pico.field(x, y), `field(${x}, ${y})`).toBe(native.field(x, y));
      expect(outcome(() => pico.load(x)), `load(${x})`).toBe(outcome(() => native.load(x)));
      expect(outcome(() => pico.loadf(x)), `loadf(${x})`).toEqual(outcome(() => native.loadf(x)));
    }
    expect(() => pico.load(0x3fff)).toThrow('out of bounds memory access');
    const m = compileAll(bytes);
    const all = m.compiled.map((cf) => disasm(cf!.code).join('\n')).join('\n');
    expect(all).toContain('I32_SHR_U_AND_IMM');
    expect(all).toContain('I32_LOAD_SHL');
  });
});

// A multiply feeding the add right after it: F64_MUL_ADD d a b c, F32_MUL_ADD d a b c t (t: the
// slot the f32.mul wrote, where the product is rounded to f32). Both operand orders of the add;
// not when the product is kept in a local, a label lies between, or the addend is computed
// after the multiply.
describe('multiply-add fusion', () => {
  test('shapes', () => {
    expect(code(`(func (param f64 f64 f64) (result f64) (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))`)).toEqual([
      '0: F64_MUL_ADD 0 0 2 4',
      '4: RETURN',
    ]);
    expect(code(`(func (param f64 f64 f64) (result f64) (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))`)).toEqual([
      '0: F64_MUL_ADD 0 0 2 4',
      '4: RETURN',
    ]);
    // The addend in its own slot (a product itself), and the result stored into a local.
    expect(code(`(func (param f32 f32 f32) (result f32) (local f32)
      (local.set 3 (f32.add (f32.mul (local.get 0) (local.get 0)) (f32.mul (local.get 1) (local.get 2))))
      (local.get 3))`)).toEqual([
      '0: F32_MUL 8 0 0',
      '3: F32_MUL_ADD 6 2 4 8 10',
      '8: RETURN_COPY 6',
      '9: RETURN',
      '10: RETURN',
    ]);
    expect(code(`(func (param f64 f64 f64) (result f64) (local f64)
      (f64.add (local.get 2) (local.tee 3 (f64.mul (local.get 0) (local.get 1)))))`).join(' ')).not.toContain('MUL_ADD');
    expect(code(`(func (param f64 f64 f64) (result f64)
      (f64.add (local.get 2) (block (result f64) (f64.mul (local.get 0) (local.get 1)))))`).join(' ')).not.toContain('MUL_ADD');
    expect(code(`(func (param f64 f64 f64) (result f64)
      (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.sqrt (local.get 2))))`).join(' ')).not.toContain('MUL_ADD');
  });

  test('results equal native WebAssembly, including rounding, NaN, infinities and signed zeros', async () => {
    const text = `(module
      (func (export "d1") (param f64 f64 f64) (result f64) (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
      (func (export "d2") (param f64 f64 f64) (result f64) (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
      (func (export "f1") (param f32 f32 f32) (result f32) (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
      (func (export "f2") (param f32 f32 f32) (result f32) (local f32)
        (local.set 3 (f32.add (f32.mul (local.get 0) (local.get 1)) (local.get 2)))
        (f32.add (local.get 3) (local.get 0)))
      (func (export "f3") (param f32 f32 f32) (result f32)
        (f32.add (f32.mul (local.get 2) (local.get 2)) (f32.mul (local.get 0) (local.get 1)))))`;
    const bytes = watToBinary(text);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const pico: any = new Pico.Instance(new Pico.Module(bytes)).exports;
    const values = [0, -0, 1, -1, 0.1, 3.4028234663852886e38, 1e-40, 16777217, 1 + 2 ** -23, 1 + 2 ** -52, 1e308, -1e308, Infinity, -Infinity, NaN];
    let checked = 0;
    for (const a of values) for (const b of values) for (const c of values) {
      for (const name of ['d1', 'd2', 'f1', 'f2', 'f3']) {
        expect(Object.is(pico[name](a, b, c), native[name](a, b, c)) || (Number.isNaN(pico[name](a, b, c)) && Number.isNaN(native[name](a, b, c))), `${name}(${a}, ${b}, ${c})`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(values.length ** 3 * 5);
    const all = compileAll(bytes).compiled.map((cf) => disasm(cf!.code).join('\n')).join('\n');
    expect(all.match(/F64_MUL_ADD/g)!.length).toBe(2);
    expect(all.match(/F32_MUL_ADD/g)!.length).toBe(3);
  });
});

// Two more pairs of an immediate form with the instruction that consumes it: x * k + c is
// I32_MUL_ADD_IMM, and x ^ (y >>> s), in either operand order, is I32_XOR_SHR_U_IMM.
describe('scale-and-offset and xor-shift fusions', () => {
  test('shapes', () => {
    expect(code(`(func (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))`)).toEqual([
      '0: I32_MUL_ADD_IMM 0 0 1103515245 12345',
      '4: RETURN',
    ]);
    expect(code(`(func (param i32 i32) (result i32) (i32.xor (local.get 1) (i32.shr_u (local.get 0) (i32.const 7))))`)).toEqual([
      '0: I32_XOR_SHR_U_IMM 0 2 0 7',
      '4: RETURN',
    ]);
    expect(code(`(func (param i32 i32) (result i32) (i32.xor (i32.shr_u (local.get 0) (i32.const 7)) (local.get 1)))`)).toEqual([
      '0: I32_XOR_SHR_U_IMM 0 2 0 7',
      '4: RETURN',
    ]);
    // i32.sub of a constant is an add of its negation: fused too; a kept product is not.
    expect(code(`(func (param i32) (result i32) (i32.sub (i32.mul (local.get 0) (i32.const 3)) (i32.const 1)))`)[0]).toBe('0: I32_MUL_ADD_IMM 0 0 3 -1');
    expect(code(`(func (param i32) (result i32) (local i32)
      (i32.add (local.tee 1 (i32.mul (local.get 0) (i32.const 3))) (i32.const 1)))`).join(' ')).not.toContain('MUL_ADD');
    expect(code(`(func (param i32 i32) (result i32)
      (i32.xor (i32.shr_u (local.get 0) (i32.const 7)) (i32.shr_u (local.get 1) (i32.const 3))))`)).toEqual(['0: I32_SHR_U_IMM 4 0 7', '3: I32_XOR_SHR_U_IMM 0 4 2 3', '7: RETURN']);
  });

  test('results equal native WebAssembly', async () => {
    const text = `(module
      (func (export "lcg") (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))
      (func (export "neg") (param i32) (result i32) (i32.sub (i32.mul (local.get 0) (i32.const -7)) (i32.const -2147483648)))
      (func (export "xs1") (param i32 i32) (result i32) (i32.xor (local.get 1) (i32.shr_u (local.get 0) (i32.const 31))))
      (func (export "xs2") (param i32 i32) (result i32) (i32.xor (i32.shr_u (local.get 0) (i32.const 1)) (local.get 1)))
      (func (export "fmix") (param i32) (result i32) (local i32)
        (local.set 1 (local.get 0))
        (local.set 1 (i32.xor (local.get 1) (i32.shr_u (local.get 1) (i32.const 16))))
        (local.set 1 (i32.mul (local.get 1) (i32.const 0x85ebca6b)))
        (i32.xor (local.get 1) (i32.shr_u (local.get 1) (i32.const 13)))))`;
    const bytes = watToBinary(text);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const pico: any = new Pico.Instance(new Pico.Module(bytes)).exports;
    const inputs = [0, 1, -1, 2, 7, 12345, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678];
    let checked = 0;
    for (const x of inputs) {
      for (const name of ['lcg', 'neg', 'fmix']) { expect(pico[name](x), `${name}(${x})`).toBe(native[name](x)); checked++; }
      for (const y of inputs) for (const name of ['xs1', 'xs2']) { expect(pico[name](x, y), `${name}(${x}, ${y})`).toBe(native[name](x, y)); checked++; }
    }
    expect(checked).toBe(inputs.length * 3 + inputs.length * inputs.length * 2);
    const all = compileAll(bytes).compiled.map((cf) => disasm(cf!.code).join('\n')).join('\n');
    expect(all.match(/I32_MUL_ADD_IMM/g)!.length).toBe(2);
    expect(all.match(/I32_XOR_SHR_U_IMM/g)!.length).toBe(4);
  });
});
