// JSPI (core/api/jspi.ts): WebAssembly.Suspending imports suspend a WebAssembly.promising()
// call until their promise settles; SuspendError outside a promising call or across JS frames.
import { describe, it, expect, beforeAll } from 'vitest';
import { loadWabt, wat } from './helpers';
import { WebAssembly as W, RuntimeError } from '../../../core/index';

beforeAll(loadWabt);

// run() calls the async import three times and sums what it resolves to, plus its own work.
const THREE = `(module
  (import "env" "next" (func $next (param i32) (result i32)))
  (import "env" "sync" (func $sync (param i32) (result i32)))
  (memory (export "mem") 1)
  (func (export "run") (param $x i32) (result i32) (local $s i32) (local $i i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $next (local.get $i))))
      (i32.store (i32.mul (local.get $i) (i32.const 4)) (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))
    (i32.add (local.get $s) (local.get $x)))
  (func (export "direct") (result i32) (call $next (i32.const 0)))
  (func (export "viaSync") (result i32) (call $sync (i32.const 0))))`;

function setup(nextImpl: (i: number) => any, syncImpl?: (i: number) => any): any {
  return new W.Instance(new W.Module(wat(THREE)), {
    env: { next: new W.Suspending(nextImpl), sync: syncImpl || ((i: number) => i) },
  }).exports;
}

describe('JSPI', () => {
  it('suspends three times and resolves with the result; the event loop runs in between', async () => {
    const log: string[] = [];
    const e = setup((i) => new Promise((resolve) => setTimeout(() => { log.push('resolve ' + i); resolve(10 * (i + 1)); }, 1)));
    const run = W.promising(e.run);
    const p = run(5);
    expect(p).toBeInstanceOf(Promise);
    log.push('returned');
    // plain calls while the promising call is suspended use other stacks
    expect(e.viaSync()).toBe(0);
    expect(await p).toBe(10 + 20 + 30 + 5);
    expect(log).toEqual(['returned', 'resolve 0', 'resolve 1', 'resolve 2']);
    expect(Array.from(new Int32Array(e.mem.buffer, 0, 3))).toEqual([10, 30, 60]);
  });

  it('runs several promising calls interleaved', async () => {
    const e = setup((i) => Promise.resolve(i + 1));
    const run = W.promising(e.run);
    const rs = await Promise.all([run(100), run(200), run(300)]);
    expect(rs).toEqual([106, 206, 306]);
  });

  it('a non-promise result returns at once', async () => {
    const e = setup((i) => i * 2);
    expect(e.run(1)).toBe(0 + 2 + 4 + 1);
    expect(await W.promising(e.run)(1)).toBe(7);
  });

  it('a rejection rejects the promising call; a trap rejects with RuntimeError', async () => {
    const boom = new Error('boom');
    const e = setup((i) => (i === 1 ? Promise.reject(boom) : Promise.resolve(1)));
    await expect(W.promising(e.run)(0)).rejects.toBe(boom);
    const t = new W.Instance(new W.Module(wat('(module (func (export "f") (result i32) unreachable))'))).exports;
    const p = W.promising(t.f)();
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toBeInstanceOf(RuntimeError);
  });

  it('throws SuspendError outside a promising call and across JS frames', async () => {
    const e = setup(() => Promise.resolve(1), () => e.direct());
    expect(() => e.direct()).toThrow(W.SuspendError);
    // wasm (promising) -> JS (sync import) -> wasm -> Suspending: JS frames in between
    await expect(W.promising(e.viaSync)()).rejects.toBeInstanceOf(W.SuspendError);
    expect(new W.SuspendError('x').name).toBe('SuspendError');
  });

  it('validates its arguments', () => {
    expect(() => W.promising({})).toThrow(TypeError);
    expect(() => W.promising(() => 1)).toThrow(TypeError);
    expect(() => new W.Suspending(1)).toThrow(TypeError);
    expect(() => (W.Suspending as any)(() => 1)).toThrow(TypeError);
  });
});
