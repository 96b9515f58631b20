// Inlining of small leaf functions (compiler.ts: inlinable, inline): which calls are replaced by
// the callee's code, that the result is the same as native WebAssembly for the hazards of moving
// a frame (parameters written then read, parameters returned unchanged, swapped results,
// arguments aliasing locals, memory and globals), and that a trap inside inlined code still shows
// every frame with the same wasm offsets as without inlining (lazy compilation does not inline
// calls to functions not compiled yet).
import { beforeAll, describe, expect, test } from 'vitest';
import wabtInit from 'wabt';
import { WebAssembly as W, load, instantiate, wasmBacktrace } from '../../../core/index';
import { loadWabt, watToBinary, compileWat } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

let wabt: any = null;
beforeAll(async () => {
  await loadWabt();
  wabt = await wabtInit();
});

const leafs = `
  (memory 1)
  (global $g (mut i32) (i32.const 5))
  (func $add1 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $id (param i32) (result i32) (local.get 0))
  (func $second (param i32 i32) (result i32) (local.get 1))
  (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
  (func $rewrite (param i32 i32) (result i32)
    (local.set 0 (i32.mul (local.get 0) (local.get 1))) (i32.sub (local.get 0) (local.get 1)))
  (func $f64mul (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
  (func $load (param i32) (result i32) (i32.load offset=4 (i32.shl (local.get 0) (i32.const 2))))
  (func $store (param i32 i32) (i32.store offset=4 (i32.shl (local.get 0) (i32.const 2)) (local.get 1)))
  (func $bump (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
  (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $nested (param i32) (result i32) (call $add1 (call $add1 (local.get 0))))
  (func $withlocal (param i32) (result i32) (local i32) (local.set 1 (local.get 0)) (local.get 1))
  (func $branchy (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
`;

const callers = `
  (func (export "add1") (param i32) (result i32) (call $add1 (local.get 0)))
  (func (export "id") (param i32) (result i32) (i32.add (call $id (local.get 0)) (local.get 0)))
  (func (export "second") (param i32) (result i32) (call $second (i32.const 9) (local.get 0)))
  (func (export "swap") (param i32) (result i32)
    (call $swap (local.get 0) (i32.const 100)) (i32.sub))
  (func (export "rewrite") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 3))
    (i32.add (call $rewrite (local.get 0) (local.get 1)) (local.get 0)))
  (func (export "f64mul") (param i32) (result i32)
    (i32.trunc_f64_s (call $f64mul (f64.convert_i32_s (local.get 0)) (f64.const 2.5))))
  (func (export "memory") (param i32) (result i32)
    (call $store (i32.and (local.get 0) (i32.const 15)) (i32.mul (local.get 0) (i32.const 7)))
    (call $load (i32.and (local.get 0) (i32.const 15))))
  (func (export "global") (param i32) (result i32) (drop (call $bump)) (i32.add (call $bump) (local.get 0)))
  (func (export "nested") (param i32) (result i32) (call $nested (local.get 0)))
  (func (export "withlocal") (param i32) (result i32) (call $withlocal (local.get 0)))
  (func (export "branchy") (param i32) (result i32) (call $branchy (local.get 0)))
  (func (export "div") (param i32) (result i32) (call $div (i32.const 1000) (i32.or (local.get 0) (i32.const 1))))
`;

const module = '(module ' + leafs + callers + ')';

/** The result of fn, or 'trap' if it throws a RuntimeError of either WebAssembly. */
function outcome(fn: () => number): number | string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof W.RuntimeError || e instanceof WebAssembly.RuntimeError) return 'trap';
    throw e;
  }
}

describe('inlining small leaf functions', () => {
  test('replaces calls to small straight-line leaf functions, not others', () => {
    const index = (name: string) => 13 + ['add1', 'id', 'second', 'swap', 'rewrite', 'f64mul', 'memory', 'global', 'nested', 'withlocal', 'branchy', 'div'].indexOf(name);
    const calls = (name: string) => {
      const cf = compileWat(module, index(name));
      expect(checkCode(cf)).toEqual([]);
      return disasm(cf.code).filter((l) => / CALL /.test(l)).length;
    };
    for (const name of ['add1', 'id', 'second', 'swap', 'rewrite', 'f64mul', 'memory', 'global', 'nested', 'div']) expect(calls(name), name).toBe(0);
    expect(calls('withlocal')).toBe(1); // declares a local
    expect(calls('branchy')).toBe(1); // has branches
    // A callee compiled after the caller (higher index) is not inlined: eager compilation goes in index order.
    const later = compileWat('(module (func (export "f") (param i32) (result i32) (call $g (local.get 0))) (func $g (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))', 0);
    expect(disasm(later.code).filter((l) => / CALL /.test(l)).length).toBe(1);
  });

  test('inlined calls compute what native WebAssembly computes', async () => {
    const bytes = watToBinary(module);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const ours: any = new W.Instance(new W.Module(bytes)).exports;
    let checked = 0;
    for (const name of Object.keys(native)) {
      for (const arg of [0, 1, 2, 3, 7, 11, -1, 123456, -2147483648]) {
        expect(outcome(() => ours[name](arg)), name + '(' + arg + ')').toBe(outcome(() => native[name](arg)));
        checked++;
      }
    }
    expect(checked).toBe(12 * 9);
  });

  test('a result returned in place from a parameter keeps its slot when the first comes by RETURN_COPY', async () => {
    // $pair compiles to I32_ADD_IMM 4 0 1; I32_ADD 6 0 0; RETURN_COPY 4: result 1 is parameter 1, never written.
    const text = `(module
      (func $pair (param i32 i32) (result i32 i32)
        (i32.add (local.get 0) (i32.const 1)) (local.get 1) (drop (i32.add (local.get 0) (local.get 0))))
      (func (export "g") (param i32 i32) (result i32)
        (call $pair (local.get 0) (local.get 1)) (i32.mul (i32.const 1000)) (i32.add)))`;
    const bytes = watToBinary(text);
    expect(disasm(compileWat(text, 0).code).join(' | ')).toMatch(/RETURN_COPY/);
    const cf = compileWat(text, 1);
    expect(disasm(cf.code).filter((l) => / CALL /.test(l)).length).toBe(0);
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const ours: any = new W.Instance(new W.Module(bytes)).exports;
    for (const [a, b] of [[5, 7], [0, -1], [-2147483648, 3]]) expect(ours.g(a, b)).toBe(native.g(a, b));
  });

  test('a trap inside inlined code shows the inlined frames, with the offsets of the uninlined code', () => {
    const text = `(module
      (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (call $inner (local.get 0)))
      (func $outer (export "outer") (param i32) (result i32) (i32.add (call $middle (local.get 0)) (i32.const 1))))`;
    const m = wabt.parseWat('t.wat', text, {});
    m.resolveNames();
    const bytes = new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
    m.destroy();
    const frames = (lazy: boolean) => {
      const inst: any = instantiate(load(bytes, { lazy }));
      let err: any = null;
      try { inst.exports.outer(0); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(W.RuntimeError);
      return wasmBacktrace(err).map((f: any) => ({ name: f.name, index: f.index, offset: f.offset }));
    };
    const eager = frames(false);
    expect(eager.map((f) => f.name)).toEqual(['inner', 'middle', 'outer']);
    expect(eager).toEqual(frames(true));
    for (const f of eager) expect(f.offset).toBeGreaterThan(0);
  });

  test('an inlined call nested after other code keeps its own range (a trap before it shows no inner frame)', () => {
    const text = `(module
      (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (call $inner (i32.div_u (i32.const 100) (local.get 0))))
      (func $outer (export "outer") (param i32) (result i32) (i32.add (call $middle (local.get 0)) (i32.const 1))))`;
    const m = wabt.parseWat('t.wat', text, {});
    m.resolveNames();
    const bytes = new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
    m.destroy();
    const frames = (lazy: boolean, arg: number) => {
      const inst: any = instantiate(load(bytes, { lazy }));
      let err: any = null;
      try { inst.exports.outer(arg); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(W.RuntimeError);
      return wasmBacktrace(err).map((f: any) => ({ name: f.name, index: f.index, offset: f.offset }));
    };
    // outer(0) traps in middle's own division; outer(1000) in inner's (100 / 1000 = 0).
    expect(frames(false, 0).map((f) => f.name)).toEqual(['middle', 'outer']);
    expect(frames(false, 0)).toEqual(frames(true, 0));
    expect(frames(false, 1000).map((f) => f.name)).toEqual(['inner', 'middle', 'outer']);
    expect(frames(false, 1000)).toEqual(frames(true, 1000));
  });
});
