// Constants hoisted out of loops (core/compile/hoist.ts and the compiler's enterOuterLoop/hoisted):
// the scan's lists, the emitted shape (constants written once before the outermost loop, none
// inside), and results equal to native WebAssembly for i32/i64/f32/f64 constants, nested and
// sibling loops (which share slots), constants carried by branches and loop parameters, a
// loop in unreachable code, and a body the scan cannot read.
import { beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as W } from '../../../core/index';
import { HoistList, MAX_HOISTED, scanLoopConstants } from '../../../core/compile/hoist';
import { compileWat, loadWabt, watToBinary } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

beforeAll(loadWabt);

const loops = `(module
  (memory 1)
  (func (export "f64") (param i32) (result i32) (local f64)
    (loop $l
      (local.set 1 (f64.add (f64.mul (local.get 1) (f64.const 0.5)) (f64.const 1.25)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.trunc_f64_s (f64.mul (local.get 1) (f64.const 1000))))
  (func (export "f32") (param i32) (result i32) (local f32)
    (loop $l
      (local.set 1 (f32.sub (f32.const 3.5) (f32.mul (local.get 1) (f32.const 0.25))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.trunc_f32_s (f32.mul (local.get 1) (f32.const 100))))
  (func (export "i64") (param i32) (result i32) (local i64)
    (loop $l
      (local.set 1 (i64.xor (i64.mul (local.get 1) (i64.const 0x100000001b3)) (i64.const -7)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.wrap_i64 (i64.xor (local.get 1) (i64.shr_u (local.get 1) (i64.const 32)))))
  (func (export "store") (param i32) (result i32) (local i32)
    (loop $l
      (i32.store8 (i32.and (local.get 0) (i32.const 255)) (i32.const 7))
      (i32.store offset=256 (i32.const 0) (i32.add (i32.load offset=256 (i32.const 0)) (i32.load8_u (i32.and (local.get 0) (i32.const 255)))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.load offset=256 (i32.const 0)))
  (func (export "nested") (param i32) (result i32) (local i32 i32)
    (loop $outer
      (local.set 2 (i32.const 3))
      (loop $inner
        (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 3)) (i32.const 17)))
        (br_if $inner (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
      (br_if $outer (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (loop $sibling
      (local.set 1 (i32.sub (i32.const 1000) (local.get 1)))
      (br_if $sibling (i32.gt_s (local.get 1) (i32.const 2000))))
    (local.get 1))
  (func (export "carried") (param i32) (result i32)
    (i32.const 0)
    (loop $l (param i32) (result i32)
      (i32.add (i32.const 11))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.add (i32.const 2)))
  (func (export "deadloop") (param i32) (result i32)
    (block (result i32)
      (br 0 (i32.const 5))
      (loop $l (drop (f64.const 2)) (br $l))
      (i32.const 9))
    (local.get 0)
    (i32.add))
)`;

describe('constants hoisted out of loops', () => {
  test('the scan lists the constants of each outermost loop, without the immediate ones', () => {
    const bytes = watToBinary(`(module (func (param i32) (local f64)
      (loop (local.set 1 (f64.const 1.5)) (loop (local.set 0 (i32.add (local.get 0) (i32.const 7))) (local.set 0 (i32.const 9)) (local.set 1 (f64.const 1.5))))
      (drop (f64.const 3))
      (loop (drop (i64.const -1)))))`);
    // The body: find it as the compiler does, through a compiled module is simpler: scan the whole code section's only body.
    const list = new HoistList();
    let found = -1;
    for (let start = 0; start < bytes.length && found < 0; start++) {
      // the body starts right after its size; try each position until the scan succeeds with two loops
      const most = scanLoopConstants(bytes, start, bytes.length, list);
      if (most === 2 && list.n === 1 + 4 + 1 + 2) found = start;
    }
    expect(found).toBeGreaterThan(0);
    const l = Array.from(list.list.subarray(0, list.n));
    // loop 1: f64 1.5 (bits 0x3ff80000 00000000), i32 9 (7 feeds i32.add: immediate); loop 2: i64 -1
    expect(l).toEqual([2, 0, 0x3ff80000, 9, 0, 1, -1, -1]);
  });

  test('at most MAX_HOISTED per loop, and no hoisting for an unreadable body', () => {
    let body = '';
    for (let i = 0; i < MAX_HOISTED + 4; i++) body += `(drop (f64.const ${i + 0.5}))`;
    const cf = compileWat(`(module (func (loop ${body})))`, 0);
    expect(checkCode(cf)).toEqual([]);
    expect(cf.frameSlots).toBe(MAX_HOISTED + 1); // the slots, then one operand
    const list = new HoistList();
    expect(scanLoopConstants(new Uint8Array([0x03, 0x40, 0xff]), 0, 3, list)).toBe(0);
    expect(list.n).toBe(0);
  });

  test('constants are written before the outermost loop, not inside it', () => {
    const cf = compileWat(loops, 0);
    expect(checkCode(cf)).toEqual([]);
    const lines = disasm(cf.code);
    const header = lines.findIndex((l) => / CONST64 /.test(l));
    const consts = lines.filter((l) => / CONST(32|64) /.test(l));
    // 0.5 and 1.25 before the loop; 1000 after it (not in a loop): three in all, two before the back branch.
    expect(consts.length).toBe(3);
    const back = lines.findIndex((l) => /BR_IF_BACK|BR_BACK/.test(l));
    expect(lines.slice(header, back).filter((l) => / CONST/.test(l)).length).toBe(2);
    expect(lines.slice(header + 2, back).filter((l) => / CONST/.test(l)).length).toBe(0);
  });

  test('results equal native WebAssembly', async () => {
    const bytes = watToBinary(loops);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const names = Object.keys(native).filter((n) => typeof native[n] === 'function');
    let checked = 0;
    for (const name of names) {
      for (const arg of [1, 2, 3, 10, 100]) {
        const ours: any = new W.Instance(new W.Module(bytes)).exports;
        const theirs: any = (await WebAssembly.instantiate(bytes)).instance.exports;
        expect(ours[name](arg), name + '(' + arg + ')').toBe(theirs[name](arg));
        checked++;
      }
    }
    expect(checked).toBe(7 * 5);
  });
});
