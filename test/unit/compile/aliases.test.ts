// The compiler reads `local.get` operands straight from the local's slot and lets an instruction
// write a local directly when local.set/tee follows it. These tests run the hazards of that
// rewrite (a local changed while an alias of it is still on the stack, tee chains, aliases kept
// across blocks, ifs, loops, br_if, br_table and select, multi-value blocks and returns that
// permute locals, results retargeted across labels, d == b in i64/f64 ops, unreachable code)
// through picowasm's WebAssembly namespace and compare every result with Node's native one.
import { beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as Pico, setI64Codec } from '../../../core/index';
import { bigintCodec } from '../api/helpers';
import { compileAll, loadWabt, watToBinary } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

beforeAll(async () => {
  await loadWabt();
  setI64Codec(bigintCodec);
});

// Every export takes three i32s (a, b, c) and returns an i32 or several values.
const wat = `(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (table $t 2 funcref)
  (elem (i32.const 0) $add $sub)
  (type $bin (func (param i32 i32) (result i32)))
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func $clobber (param i32) (result i32) (local.set 0 (i32.const 99)) (local.get 0))

  ;; local.get k, then local.set k while the first value is still on the stack
  (func (export "set_under") (param i32 i32 i32) (result i32)
    (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) (i32.sub))
  (func (export "two_aliases_set") (param i32 i32 i32) (result i32)
    (local.get 0) (local.get 0) (local.set 0 (i32.add (local.get 1) (i32.const 1)))
    (i32.mul) (local.get 0) (i32.add))
  (func (export "set_under_retarget_blocked") (param i32 i32 i32) (result i32)
    ;; the add could write local 0 directly, but an alias of local 0 is below it
    (local.get 0) (local.set 0 (i32.add (local.get 0) (local.get 1))) (local.get 0) (i32.sub))
  (func (export "swap") (param i32 i32 i32) (result i32)
    (local.get 0) (local.get 1) (local.set 0) (local.set 1)
    (i32.sub (i32.mul (local.get 0) (i32.const 1000)) (local.get 1)))
  (func (export "self_set") (param i32 i32 i32) (result i32)
    (local.set 0 (local.get 0)) (local.tee 1 (local.get 1)) (local.get 0) (i32.sub))
  (func (export "d_is_b") (param i32 i32 i32) (result i32)
    (local.set 1 (i32.sub (local.get 0) (local.get 1)))
    (local.set 2 (i32.shl (local.get 0) (local.get 2)))
    (i32.xor (local.get 1) (local.get 2)))

  ;; local.tee
  (func (export "tee_chain") (param i32 i32 i32) (result i32)
    (local.tee 0 (local.tee 1 (i32.add (local.get 0) (local.get 1))))
    (local.get 1) (i32.mul) (local.get 0) (i32.add))
  (func (export "tee_under") (param i32 i32 i32) (result i32)
    (local.get 1) (local.tee 1 (i32.const 3)) (i32.sub) (local.get 1) (i32.add))
  (func (export "tee_alias_then_set") (param i32 i32 i32) (result i32)
    (local.tee 0 (local.get 1))
    (local.set 1 (i32.const 7)) (local.set 0 (i32.const 8))
    (i32.mul (i32.const 100)) (local.get 0) (i32.add) (local.get 1) (i32.add))
  (func (export "tee_loop") (param i32 i32 i32) (result i32)
    (local i32)
    (local.set 3 (i32.const 0))
    (block
      (loop
        (br_if 1 (i32.ge_s (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (i32.and (local.get 0) (i32.const 31))))
        (local.set 1 (i32.add (local.get 1) (local.get 3)))
        (br 0)))
    (i32.add (local.get 1) (local.get 3)))

  ;; aliases kept across block, if, loop
  (func (export "across_block") (param i32 i32 i32) (result i32)
    (local.get 0) (block (local.set 0 (i32.const 7))) (local.get 0) (i32.sub))
  (func (export "across_if") (param i32 i32 i32) (result i32)
    (local.get 0)
    (if (local.get 1) (then (local.set 0 (i32.const 9))))
    (local.get 0) (i32.sub))
  (func (export "across_if_else") (param i32 i32 i32) (result i32)
    (local.get 0) (local.get 2)
    (if (local.get 1) (then (local.set 2 (i32.const 1))) (else (local.set 0 (i32.const 2))))
    (i32.mul) (local.get 0) (i32.add) (local.get 2) (i32.sub))
  (func (export "block_params") (param i32 i32 i32) (result i32)
    (local.get 0) (local.get 1)
    (block (param i32 i32) (result i32)
      (local.set 0 (i32.const 100)) (local.set 1 (i32.const 200)) (i32.sub))
    (local.get 0) (i32.add) (local.get 1) (i32.add))
  (func (export "loop_params") (param i32 i32 i32) (result i32)
    (local.set 0 (i32.and (local.get 0) (i32.const 15)))
    (local.get 1)
    (loop (param i32) (result i32)
      (local.set 1 (i32.const 0))
      (local.get 0) (i32.add)
      (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
      (i32.gt_s (i32.const 0)) (br_if 0 (i32.gt_s (local.get 0) (i32.const 2))) (drop)
      (i32.xor (local.get 2)) (local.get 0) (i32.gt_s (i32.const 0)) (br_if 0))
    (local.get 1) (i32.add))
  (func (export "if_result_retarget") (param i32 i32 i32) (result i32)
    ;; the else's CONST32 is last before the label of the if's end: it must not write local 0
    (local.set 0 (if (result i32) (local.get 1) (then (i32.const 5)) (else (i32.const 6))))
    (local.get 0))
  (func (export "block_result_retarget") (param i32 i32 i32) (result i32)
    (local.set 0 (block (result i32) (br_if 0 (local.get 2) (local.get 1)) (drop) (i32.const 2)))
    (local.get 0))
  (func (export "if_result_alias") (param i32 i32 i32) (result i32)
    (if (result i32) (local.get 2) (then (local.get 0)) (else (local.get 1)))
    (local.set 0 (i32.const 0)) (local.set 1 (i32.const 0)))

  ;; branches carrying aliased values
  (func (export "br_if_alias") (param i32 i32 i32) (result i32)
    (block (result i32)
      (br_if 0 (local.get 0) (local.get 1))
      (local.set 0 (i32.const 3)) (local.get 0) (i32.add)))
  (func (export "br_if_alias_deep") (param i32 i32 i32) (result i32)
    (i32.const 10)
    (block (param i32) (result i32 i32)
      (local.get 0) (br_if 0 (local.get 2)) (local.set 2) (local.get 2)
      (local.set 2 (i32.const -1)) (i32.add) (i32.const 1))
    (i32.sub) (local.get 2) (i32.add))
  (func (export "br_alias") (param i32 i32 i32) (result i32)
    (block (result i32 i32)
      (local.get 1) (local.get 0)
      (br_if 0 (local.get 2))
      (local.set 0) (local.set 1) (local.get 0) (local.get 1) (br 0))
    (i32.sub))
  (func (export "br_table_alias") (param i32 i32 i32) (result i32)
    (block $x (result i32)
      (block $y (result i32)
        (local.get 0) (br_table $x $y $x (i32.and (local.get 2) (i32.const 3))))
      (local.set 0 (i32.const 0)) (local.get 1) (i32.add) (return))
    (local.get 1) (i32.sub))
  (func (export "return_alias") (param i32 i32 i32) (result i32)
    (local.get 0) (local.set 0 (i32.const 0)) (return))

  ;; select
  (func (export "select_alias") (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select_set_under") (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (local.tee 0 (local.get 2))))
  (func (export "select_retarget") (param i32 i32 i32) (result i32)
    (local.set 2 (select (local.get 0) (local.get 1) (local.get 2))) (local.get 2))

  ;; multi-value returns that permute the parameters
  (func $swap2 (export "swap2") (param i32 i32 i32) (result i32 i32)
    (local.get 1) (local.get 0))
  (func (export "rot3") (param i32 i32 i32) (result i32 i32 i32)
    (local.get 2) (local.get 0) (local.get 1))
  (func (export "rot3_return") (param i32 i32 i32) (result i32 i32 i32)
    (if (local.get 2) (then (return (local.get 1) (local.get 2) (local.get 0))))
    (local.get 2) (local.get 2) (local.get 0))
  (func (export "swap2_call") (param i32 i32 i32) (result i32)
    (call $swap2 (local.get 0) (local.get 1) (local.get 2)) (i32.sub))
  (func (export "multi_block") (param i32 i32 i32) (result i32)
    (block (result i32 i32) (local.get 1) (local.get 0))
    (local.set 0) (local.set 1)
    (i32.sub (local.get 0) (i32.mul (local.get 1) (i32.const 3))))

  ;; calls, globals, memory, tables
  (func (export "call_alias") (param i32 i32 i32) (result i32)
    (local.get 0) (call $clobber (local.get 0)) (i32.add) (local.get 0) (i32.add))
  (func (export "call_set") (param i32 i32 i32) (result i32)
    (local.get 1) (local.set 1 (call $add (local.get 0) (local.get 1))) (local.get 1) (i32.mul))
  (func (export "call_indirect_alias") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 0) (local.get 1) (i32.and (local.get 2) (i32.const 1))))
  (func (export "memory_alias") (param i32 i32 i32) (result i32)
    (local.set 2 (i32.and (local.get 2) (i32.const 0xff00)))
    (i32.store (local.get 2) (local.get 0))
    (i32.store offset=4 (local.get 2) (local.get 1))
    (local.set 0 (i32.load offset=4 (local.get 2)))
    (local.set 1 (i32.load (local.get 2)))
    (global.set $g (local.get 1))
    (memory.fill (local.get 2) (local.get 1) (i32.const 2))
    (i32.sub (i32.mul (local.get 0) (i32.const 7)) (i32.add (global.get $g) (i32.load (local.get 2)))))
  (func (export "table_alias") (param i32 i32 i32) (result i32)
    (local.set 2 (i32.and (local.get 2) (i32.const 1)))
    (ref.is_null (table.get $t (local.get 2))))

  ;; i64 and f64 ops whose destination is their second operand
  (func (export "i64_d_is_b") (param i32 i32 i32) (result i32)
    (local i64 i64 i64)
    (local.set 3 (i64.or (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 32)) (i64.extend_i32_u (local.get 1))))
    (local.set 4 (i64.or (i64.shl (i64.extend_i32_s (local.get 2)) (i64.const 17)) (i64.const 3)))
    (local.set 5 (local.get 4))
    (local.set 4 (i64.sub (local.get 3) (local.get 4)))
    (local.set 5 (i64.mul (local.get 3) (local.get 5)))
    (local.set 4 (i64.add (local.get 5) (local.get 4)))
    (local.set 5 (i64.rotl (local.get 4) (local.get 5)))
    (local.set 4 (i64.shr_s (local.get 3) (local.get 4)))
    (local.set 5 (i64.xor (local.get 4) (local.get 5)))
    (local.set 4 (i64.div_u (local.get 3) (i64.or (local.get 5) (i64.const 1))))
    (local.set 5 (i64.rem_s (local.get 5) (i64.or (local.get 4) (i64.const 1))))
    (i32.wrap_i64 (i64.xor (local.get 5) (i64.shr_u (local.get 4) (i64.const 29)))))
  (func (export "f64_d_is_b") (param i32 i32 i32) (result i32)
    (local f64 f64)
    (local.set 3 (f64.convert_i32_s (local.get 0)))
    (local.set 4 (f64.convert_i32_s (local.get 1)))
    (local.set 4 (f64.copysign (local.get 3) (local.get 4)))
    (local.set 4 (f64.sub (local.get 3) (local.get 4)))
    (local.set 3 (f64.div (local.get 4) (f64.add (local.get 3) (f64.const 0.5))))
    (i32.trunc_sat_f64_s (f64.mul (local.get 3) (f64.const 1000))))

  ;; unreachable code
  (func (export "unreachable_code") (param i32 i32 i32) (result i32)
    (block (result i32)
      (local.get 0) (br 0)
      (local.set 0 (local.get 1)) (local.get 0) (local.tee 1) (i32.add))
    (local.get 0) (i32.add))
  (func (export "reinterpret_alias") (param i32 i32 i32) (result i32)
    (local f32)
    (local.set 3 (f32.reinterpret_i32 (local.get 0)))
    (local.get 3) (i32.reinterpret_f32) (local.set 3 (f32.const 1))
    (i32.reinterpret_f32 (local.get 3)) (i32.sub))
)`;

const inputs = [-1, 0, 1, 2, 3, 5, 7, 0x7fffffff, -0x80000000, 123456789, -98765];

describe('local aliases and retargeted results run like native WebAssembly', () => {
  test('every export agrees with native on a grid of inputs', async () => {
    const bytes = watToBinary(wat);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const pico: any = new Pico.Instance(new Pico.Module(bytes), {}).exports;
    const names = Object.keys(native).filter((n) => typeof native[n] === 'function');
    expect(names.length).toBe(40);
    let checked = 0;
    for (const name of names) {
      for (const a of inputs) {
        for (const b of [0, 1, -3, 17]) {
          for (const c of [0, 1, 2, -1, 4096]) {
            const expected = native[name](a, b, c);
            const actual = pico[name](a, b, c);
            expect(actual, `${name}(${a}, ${b}, ${c})`).toEqual(expected);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(names.length * inputs.length * 20);
  });

  test('every function compiles to well-formed code', () => {
    const m = compileAll(watToBinary(wat));
    expect(m.compiled.length).toBeGreaterThan(40);
    for (let i = 0; i < m.compiled.length; i++) {
      const cf = m.compiled[i]!;
      expect(checkCode(cf), 'function ' + i + '\n' + disasm(cf.code).join('\n')).toEqual([]);
    }
  });
});
