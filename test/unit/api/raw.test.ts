// The embedded raw API: bit-exact values in and out of exported functions and globals, checked
// against identities (NaN payloads must survive) and BigInt / Math.fround as oracles.
import { beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as W, invokeRaw, globalRaw, RuntimeError } from '../../../core/index';
import { loadWabt, wat } from './helpers';

let e: any;
beforeAll(async () => {
  await loadWabt();
  e = new W.Instance(new W.Module(wat(`(module
    (func (export "f32") (param f32) (result f32) (local.get 0))
    (func (export "f64") (param f64) (result f64) (local.get 0))
    (func (export "f32add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "i64add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
    (func (export "refs") (param funcref externref) (result externref funcref i32) (local.get 1) (local.get 0) (i32.const -7))
    (func (export "trap") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (global (export "gi32") i32 (i32.const -9))
    (global (export "gi64") i64 (i64.const 0x123456789abcdef0))
    (global (export "gf32") f32 (f32.const nan:0x200001))
    (global (export "gf64") f64 (f64.const -nan:0x800000000001))
    (global (export "gfn") funcref (ref.func 0))
    (global (export "gext") (mut externref) (ref.null extern)))`))).exports;
});

const raw = (type: string, lo: number, hi = 0, ref: any = null) => ({ type, lo, hi, ref });

describe('invokeRaw', () => {
  test('NaN payloads survive f32 and f64 moves', () => {
    for (const bits of [0x7fa00001, 0xffc00000 | 0, 0x7f800001, 0x3f800000]) {
      expect(invokeRaw(e.f32, [raw('f32', bits)])).toEqual([raw('f32', bits)]);
    }
    for (const [lo, hi] of [[1, 0x7ff00000], [0, 0xfff80000 | 0], [0x12345678, 0x7ff45678]]) {
      expect(invokeRaw(e.f64, [raw('f64', lo, hi)])).toEqual([raw('f64', lo, hi)]);
    }
  });

  test('i64 arithmetic on halves matches BigInt', () => {
    const cases: [bigint, bigint][] = [[0xffffffffn, 1n], [-1n, -1n], [2n ** 63n - 1n, 1n], [0x123456789n, 0xfedcba987654321n]];
    const split = (v: bigint) => { const u = BigInt.asUintN(64, v); return [Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0]; };
    for (const [a, b] of cases) {
      const [alo, ahi] = split(a);
      const [blo, bhi] = split(b);
      const [lo, hi] = split(a + b);
      expect(invokeRaw(e.i64add, [raw('i64', alo, ahi), raw('i64', blo, bhi)])).toEqual([raw('i64', lo, hi)]);
    }
  });

  test('f32 arithmetic matches Math.fround', () => {
    const f32 = new Float32Array(1);
    const i32 = new Int32Array(f32.buffer);
    const bitsOf = (x: number) => { f32[0] = x; return i32[0]; };
    for (const [a, b] of [[0.1, 0.2], [1e30, 1e30], [3.4e38, 3.4e38], [-0, 0]]) {
      const [r] = invokeRaw(e.f32add, [raw('f32', bitsOf(a)), raw('f32', bitsOf(b))]);
      expect(r.lo).toBe(bitsOf(Math.fround(Math.fround(a) + Math.fround(b))));
    }
  });

  test('references and several results', () => {
    const obj = { k: 1 };
    const out = invokeRaw(e.refs, [raw('funcref', 0, 0, e.f32), raw('externref', 0, 0, obj)]);
    expect(out).toEqual([raw('externref', 0, 0, obj), raw('funcref', 0, 0, e.f32), raw('i32', -7)]);
    expect(out[1].ref).toBe(e.f32);
    expect(invokeRaw(e.refs, [raw('funcref', 0, 0, null), raw('externref', 0, 0, null)])).toEqual([raw('externref', 0), raw('funcref', 0), raw('i32', -7)]);
    expect(() => invokeRaw(e.refs, [raw('funcref', 0, 0, () => 1), raw('externref', 0)])).toThrow(TypeError);
  });

  test('traps throw, bad callees and arities are TypeErrors', () => {
    expect(() => invokeRaw(e.trap, [raw('i32', 0)])).toThrow(RuntimeError);
    expect(() => invokeRaw(e.trap, [raw('i32', 0)])).toThrow(/^integer divide by zero/);
    expect(invokeRaw(e.trap, [raw('i32', 1)])).toEqual([raw('i32', 1)]);
    expect(() => invokeRaw(() => 1, [])).toThrow(TypeError);
    expect(() => invokeRaw(e.trap, [])).toThrow(TypeError);
  });
});

describe('globalRaw', () => {
  test('each type gives its raw words', () => {
    expect(globalRaw(e.gi32)).toEqual(raw('i32', -9));
    expect(globalRaw(e.gi64)).toEqual(raw('i64', 0x9abcdef0 | 0, 0x12345678));
    expect(globalRaw(e.gf32)).toEqual(raw('f32', 0x7fa00001));
    expect(globalRaw(e.gf64)).toEqual(raw('f64', 1, 0xfff08000 | 0)); // -nan:0x800000000001
    expect(globalRaw(e.gfn).ref).toBe(e.f32);
    expect(globalRaw(e.gext)).toEqual(raw('externref', 0));
    const o = {};
    e.gext.value = o;
    expect(globalRaw(e.gext).ref).toBe(o);
    expect(globalRaw(new W.Global({ value: 'f32' }, 1.5))).toEqual(raw('f32', 0x3fc00000));
    expect(() => globalRaw({})).toThrow(TypeError);
  });
});
