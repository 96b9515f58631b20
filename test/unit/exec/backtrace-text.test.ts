// The text a trap adds to its error's `stack` (core/exec/thread.ts trapErrorOf): bounded to the
// innermost and outermost frames, so that a 20000-frame stack exhaustion stays cheap on every
// engine (building it with `+=` took 86 s on Duktape); `wasmStack` keeps every frame.
import { describe, it, expect, beforeAll } from 'vitest';
import { loadWabt, wat } from '../api/helpers';
import { WebAssembly as W, wasmBacktrace } from '../../../core/index';

beforeAll(async () => {
  await loadWabt();
});

describe('trap backtrace text', () => {
  it('shows at most 64 frames of a deep stack, all of them in wasmStack', () => {
    const e = new W.Instance(new W.Module(wat('(module (func $f (export "f") (call $f)))'))).exports;
    let err: any = null;
    try { e.f(); } catch (x) { err = x; }
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('call stack exhausted');
    const frames = wasmBacktrace(err);
    expect(frames.length).toBeGreaterThan(1000);
    const lines = String(err.stack).split('\n').filter((l) => /^\s+at wasm-function\[0\]/.test(l));
    expect(lines.length).toBe(64);
    expect(err.stack).toContain(`... ${frames.length - 64} more wasm frames`);
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
