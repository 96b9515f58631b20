// Loop latches (compiler.ts: latch; ops BR_IF_BACK_ADD*, BR_IF_BACK_ADDR*): an i32.add of a
// constant followed by a branch back on the sum (tested != 0, or compared != / < signed /
// < unsigned against a slot or a constant) becomes one instruction, and so does an i32.add of two
// values compared against a slot (a step held in a local). Checks: which shapes fuse and which do not (a label between
// the add and the branch, another compare, the sum not the first compare operand), results equal
// to native WebAssembly (wrap-around, bounds equal to the counter's own slot), and fuel: a fused
// loop suspended anywhere resumes without adding twice and uses exactly the fuel of the same loop
// unfused.
import { beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as W, start } from '../../../core/index';
import { compileWat, loadWabt, watToBinary } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

beforeAll(loadWabt);

// Each loop counts its iterations in local 2 and returns a checksum of the counter and the count.
const loop = (name: string, body: string, init = '(local.set 1 (local.get 0))') => `
  (func (export "${name}") (param i32) (result i32) (local i32 i32 i32)
    ${init}
    (loop $l
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      ${body})
    (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 2)))`;

const module = `(module
  ${loop('lt_u_imm', '(br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 3))) (i32.const 40)))')}
  ${loop('lt_s_imm', '(br_if $l (i32.lt_s (local.tee 1 (i32.add (local.get 1) (i32.const 5))) (i32.const 33)))')}
  ${loop('ne_imm', '(br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const -1))) (i32.const -4)))')}
  ${loop('lt_u', '(br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 7))) (local.get 0)))', '(local.set 1 (i32.const 0))')}
  ${loop('lt_s', '(br_if $l (i32.lt_s (local.tee 1 (i32.add (local.get 1) (i32.const 2))) (local.get 0)))', '(local.set 1 (i32.const -9))')}
  ${loop('ne', '(br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0)))', '(local.set 1 (i32.sub (local.get 0) (i32.const 6)))')}
  ${loop('nonzero', '(br_if $l (local.tee 1 (i32.add (local.get 1) (i32.const -1))))', '(local.set 1 (i32.add (i32.and (local.get 0) (i32.const 15)) (i32.const 1)))')}
  ${loop('self', '(br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 1)))')}
  ${loop('wrap', '(br_if $l (i32.lt_s (local.tee 1 (i32.add (local.get 1) (i32.const 0x40000000))) (i32.const 0)))', '(local.set 1 (i32.const 0x80000000))')}
  ${loop('label_between', '(local.set 1 (i32.add (local.get 1) (i32.const 1))) (block) (br_if $l (i32.lt_u (local.get 1) (i32.const 20)))')}
  ${loop('gt', '(br_if $l (i32.gt_u (local.tee 1 (i32.add (local.get 1) (i32.const -2))) (i32.const 10)))', '(local.set 1 (i32.add (i32.and (local.get 0) (i32.const 63)) (i32.const 12)))')}
  ${loop('second', '(br_if $l (i32.lt_u (i32.const 50) (local.tee 1 (i32.add (local.get 1) (i32.const -3)))))', '(local.set 1 (i32.add (i32.and (local.get 0) (i32.const 63)) (i32.const 60)))')}
  ${loop('step_lt_u', '(br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (local.get 3))) (local.get 0)))', '(local.set 3 (i32.add (i32.and (local.get 0) (i32.const 7)) (i32.const 1)))')}
  ${loop('step_lt_s', '(br_if $l (i32.lt_s (local.tee 1 (i32.add (local.get 3) (local.get 1))) (local.get 0)))', '(local.set 1 (i32.const -20)) (local.set 3 (i32.const 3))')}
  ${loop('step_ne', '(br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (local.get 3))) (local.get 0)))', '(local.set 3 (i32.const -1)) (local.set 1 (i32.add (local.get 0) (i32.const 9)))')}
  ${loop('step_wrap', '(br_if $l (i32.lt_s (local.tee 1 (i32.add (local.get 1) (local.get 3))) (local.get 0)))', '(local.set 3 (i32.const 0x40000000)) (local.set 1 (i32.const 0x80000000))')}
  ${loop('step_imm', '(br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (local.get 3))) (i32.const 40)))', '(local.set 3 (i32.const 3))')}
)`;
const names = ['lt_u_imm', 'lt_s_imm', 'ne_imm', 'lt_u', 'lt_s', 'ne', 'nonzero', 'self', 'wrap', 'label_between', 'gt', 'second',
  'step_lt_u', 'step_lt_s', 'step_ne', 'step_wrap', 'step_imm'];

describe('loop latches', () => {
  test('fuse the add and the branch where the shape allows it', () => {
    const latches = names.map((_, i) => {
      const cf = compileWat(module, i);
      expect(checkCode(cf)).toEqual([]);
      return disasm(cf.code).filter((l) => /BR_IF_BACK_ADD/.test(l)).length;
    });
    expect(Object.fromEntries(names.map((n, i) => [n, latches[i]]))).toEqual({
      lt_u_imm: 1, lt_s_imm: 1, ne_imm: 1, lt_u: 1, lt_s: 1, ne: 1, nonzero: 1, self: 1, wrap: 1,
      label_between: 0, gt: 0, second: 0,
      step_lt_u: 1, step_lt_s: 1, step_ne: 1, step_wrap: 1, step_imm: 0,
    });
  });

  test('results equal native WebAssembly', async () => {
    const bytes = watToBinary(module);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const ours: any = new W.Instance(new W.Module(bytes)).exports;
    let checked = 0;
    for (const name of names) {
      for (const arg of [0, 1, 2, 7, 20, 39, 41, 100]) {
        expect(ours[name](arg), name + '(' + arg + ')').toBe(native[name](arg));
        checked++;
      }
    }
    expect(checked).toBe(names.length * 8);
  });

  test('a fused loop suspended by fuel resumes right and uses the fuel of the unfused loop', () => {
    const text = `(module
      (func (export "fused") (param i32) (result i32) (local i32)
        (loop $l (br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
        (local.get 1))
      (func (export "unfused") (param i32) (result i32) (local i32)
        (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1))) (block) (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (local.get 1))
      (func (export "stepFused") (param i32) (result i32) (local i32 i32) (local.set 2 (i32.const 1))
        (loop $l (br_if $l (i32.lt_u (local.tee 1 (i32.add (local.get 1) (local.get 2))) (local.get 0))))
        (local.get 1))
      (func (export "stepUnfused") (param i32) (result i32) (local i32 i32) (local.set 2 (i32.const 1))
        (loop $l (local.set 1 (i32.add (local.get 1) (local.get 2))) (block) (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (local.get 1)))`;
    const e: any = new W.Instance(new W.Module(watToBinary(text))).exports;
    for (const budget of [1, 2, 3, 7, 50]) {
      const runs: any[] = [];
      for (const name of ['fused', 'unfused', 'stepFused', 'stepUnfused']) {
        const call: any = start(e[name], [100]);
        let slices = 0;
        while (!call.run(budget)) slices++;
        runs.push({ result: call.result, slices, fuel: call.fuelUsed });
      }
      expect(runs[0].result, 'budget ' + budget).toBe(100);
      expect(runs[0]).toEqual(runs[1]);
      expect(runs[2]).toEqual(runs[1]);
      expect(runs[3]).toEqual(runs[1]);
    }
  });
});
