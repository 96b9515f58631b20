// The text a trap adds to its error's `stack` (core/exec/thread.ts trapErrorOf): bounded to the
// innermost and outermost frames, so that a 20000-frame stack exhaustion stays cheap on every
// engine (building it with `+=` took 86 s on Duktape); `wasmStack` keeps the innermost 240 and
// the outermost 16 frames and counts the ones between (`omitted`).
import { describe, it, expect, beforeAll } from 'vitest';
import { loadWabt, wat } from '../api/helpers';
import { WebAssembly as W, wasmBacktrace } from '../../../core/index';

beforeAll(async () => {
  await loadWabt();
});

describe('trap backtrace text', () => {
  it('shows at most 64 frames of a deep stack, and wasmStack keeps 256 and counts the rest', () => {
    const e = new W.Instance(new W.Module(wat('(module (func $f (export "f") (call $f)))'))).exports;
    let err: any = null;
    try { e.f(); } catch (x) { err = x; }
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('call stack exhausted');
    const frames: any = wasmBacktrace(err);
    expect(frames.length).toBe(256);
    // the default call depth limit: 20000 levels, all of them $f
    expect(frames.length + frames.omitted).toBe(20000);
    const lines = String(err.stack).split('\n').filter((l) => /^\s+at wasm-function\[0\]/.test(l));
    expect(lines.length).toBe(64);
    expect(err.stack).toContain(`... ${20000 - 64} more wasm frames`);
  });

  it('keeps the outermost frames of a deep stack after the gap', () => {
    // $outer calls $mid once, $mid recurses until the stack is exhausted: the last frame kept
    // is $outer's, the 16 outermost are $outer and 15 of $mid, the first 240 are $mid.
    const e = new W.Instance(new W.Module(wat(`(module
      (func $mid (call $mid))
      (func $outer (export "f") (call $mid)))`))).exports;
    let err: any = null;
    try { e.f(); } catch (x) { err = x; }
    const frames: any = wasmBacktrace(err);
    expect(frames.length).toBe(256);
    expect(frames.length + frames.omitted).toBe(20000);
    expect(frames[255].index).toBe(1);
    expect(frames.slice(0, 255).every((f: any) => f.index === 0)).toBe(true);
  });

  it('shows every frame of a shallow stack', () => {
    const e = new W.Instance(new W.Module(wat(`(module
      (func $g (param i32) (if (i32.eqz (local.get 0)) (then unreachable)) (call $g (i32.sub (local.get 0) (i32.const 1))))
      (func (export "f") (call $g (i32.const 9))))`))).exports;
    let err: any = null;
    try { e.f(); } catch (x) { err = x; }
    expect(String(err.stack).split('\n').filter((l) => /^\s+at wasm-function\[/.test(l)).length).toBe(11);
    expect(err.stack).not.toContain('more wasm frames');
  });
});
