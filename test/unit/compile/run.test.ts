// Runs compiled code on the interpreter and compares with Node's native WebAssembly (the oracle),
// for control-flow shapes whose emission is the compiler's trickiest part: block results,
// branches that copy values, loops with parameters, br_table stubs, multi-value blocks, calls
// and recursion. Every export takes i32 arguments and returns one i32.
import { beforeAll, describe, expect, test } from 'vitest';
import { instantiate } from '../../../core/runtime/instantiate';
import { execute } from '../../../core/exec/interpreter';
import { defaultLimits, Thread } from '../../../core/exec/thread';
import { compileAll, loadWabt, watToBinary } from './helpers';

beforeAll(loadWabt);

const wat = `(module
  (memory 1)
  (table funcref (elem $sq $dbl))
  (type $un (func (param i32) (result i32)))
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $dbl (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func (export "br_if_copy") (param i32) (result i32)
    (block (result i32) (i32.const 10) (i32.const 20) (br_if 0 (local.get 0)) (i32.add)))
  (func (export "loop_sum") (param i32) (result i32)
    (local i32)
    (i32.const 0)
    (loop (param i32) (result i32)
      (i32.add (local.get 0))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if 0 (i32.gt_s (local.get 0) (i32.const 0)) (local.tee 1 (i32.const 0)) (i32.add))))
  (func (export "switch") (param i32) (result i32)
    (block $d (result i32)
      (block $c (result i32)
        (block $b (result i32)
          (block $a (result i32)
            (i32.const 100) (i32.const 1) (i32.const 2)
            (br_table $a $b $c $a $d (local.get 0)))
          (i32.add (i32.const 1000)) (return))
        (i32.add (i32.const 2000)) (return))
      (i32.sub (i32.const 3000) (return)))
    (i32.add (i32.const 4000)))
  (func (export "br_table_loop") (param i32) (result i32)
    (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (block $out (br_table $out $l $l $l (i32.and (local.get 0) (i32.const 3)))))
    (local.get 1))
  (func $pair (param i32) (result i32 i32) (local.get 0) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "multi") (param i32) (result i32)
    (i32.const 5) (i32.const 6)
    (block (param i32) (result i32 i32) (call $pair (local.get 0)) (br 0))
    (i32.sub) (i32.add))
  (func (export "if_params") (param i32) (result i32)
    (i32.const 7) (i32.const 9)
    (if (param i32 i32) (result i32) (local.get 0)
      (then (i32.add)) (else (i32.sub))))
  (func $fac (export "fac") (param i32) (result i32)
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fac (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "indirect") (param i32) (result i32)
    (i32.const 1) (drop)
    (call_indirect (type $un) (i32.add (local.get 0) (i32.const 4)) (i32.and (local.get 0) (i32.const 1))))
  (func (export "select_mem") (param i32) (result i32)
    (i32.store offset=4 (i32.const 0) (local.get 0))
    (select (i32.load offset=4 (i32.const 0)) (i32.const -1) (i32.lt_u (local.get 0) (i32.const 10))))
  (func (export "return_deep") (param i32) (result i32)
    (i32.const 1) (i32.const 2)
    (block (block (i32.const 3) (local.get 0) (br_if 2 (local.get 0)) (drop) (drop)))
    (drop) (drop) (i32.const 42))
)`;

describe('compiled code runs like native WebAssembly', () => {
  test('exports agree on a range of inputs', async () => {
    const bytes = watToBinary(wat);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const module = compileAll(bytes);
    const thread = new Thread(defaultLimits());
    const inst = instantiate(module, () => { throw new Error('no imports'); }, thread);
    let checked = 0;
    for (const ex of module.exports) {
      const func = inst.funcs[ex.index];
      for (const arg of [0, 1, 2, 3, 4, 5, 7, 11, -1]) {
        if (ex.name === 'fac' && arg > 12) continue;
        const expected = native[ex.name](arg);
        thread.s32[0] = arg;
        thread.s32[1] = 0;
        const trap = execute(thread, func, 0);
        expect(trap, ex.name + '(' + arg + ')').toBe(0);
        expect(thread.s32[0], ex.name + '(' + arg + ')').toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(module.exports.length * 9);
  });
});
