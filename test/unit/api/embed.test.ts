// The embedded API (core/api/embed.ts): fuel (suspend, resume, abandon), time slicing, limits,
// low-RAM mode, memory usage, trap backtraces, and i64 as { lo, hi } without a codec.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import wabtInit from 'wabt';
import { loadWabt, wat, bigintCodec } from './helpers';
import {
  WebAssembly as W, start, runSliced, setLimits, getLimits, load, instantiate, memoryUsage,
  wasmBacktrace, setI64Codec, getI64Codec, RuntimeError,
} from '../../../core/index';

let wabt: any = null;
beforeAll(async () => {
  await loadWabt();
  wabt = await wabtInit();
});

/** Binary with a name section (function names). */
function watNamed(text: string): Uint8Array {
  const m = wabt.parseWat('t.wat', text, { multi_value: true, reference_types: true, bulk_memory: true });
  m.resolveNames();
  try {
    return new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
  } finally {
    m.destroy();
  }
}

const saved = getLimits();
afterEach(() => {
  setLimits(saved);
  setI64Codec(null);
});

// sum(n) = 0 + 1 + ... + n-1 with one back edge per iteration; `forever` never returns.
const SUM = `(func $sum (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done (loop $top
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $top)))
    (local.get $s))`;
const LOOPS = `(module
  (global $g (export "g") (mut i32) (i32.const 0))
  ${SUM}
  (func $step (global.set $g (i32.add (global.get $g) (i32.const 1))))
  (func (export "forever") (loop $l (call $step) (br $l)))
  (func (export "calls") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call 3 (i32.sub (local.get $n) (i32.const 1))))))))`;

function instance(text: string, imports?: any): any {
  return new W.Instance(new W.Module(wat(text)), imports || {}).exports;
}

describe('fuel', () => {
  it('suspends a loop when the fuel runs out and resumes it to the right result', () => {
    const e = instance(LOOPS);
    const once = start(e.sum, [1000]);
    expect(once.run(1e9)).toBe(true);
    const total = once.fuelUsed;
    // one unit per back edge: about one per iteration (the compiler may rotate the loop)
    expect(total).toBeGreaterThanOrEqual(999);
    expect(total).toBeLessThanOrEqual(1001);
    const call = start(e.sum, [1000]);
    let runs = 0;
    while (!call.run(37)) runs++;
    expect(call.status).toBe('done');
    expect(call.result).toBe(499500);
    expect(runs).toBe(Math.ceil(total / 37) - 1);
    expect(call.fuelUsed).toBe(total);
  });

  it('charges calls: a recursion of depth n costs n units (the entry call is free)', () => {
    const e = instance(LOOPS);
    const call = start(e.calls, [50]);
    expect(call.run(49)).toBe(false);
    expect(call.run(1)).toBe(true);
    expect(call.result).toBe(50);
    expect(call.fuelUsed).toBe(50);
    expect(start(e.calls, [50]).run(50)).toBe(true);
  });

  it('stops an infinite loop; the state survives other calls; abandon frees it', () => {
    const e = instance(LOOPS);
    const call = start(e.forever);
    expect(call.run(1000)).toBe(false);
    const g1 = e.g.value;
    expect(g1).toBeGreaterThan(400);
    // Plain calls and other tasks run on other stacks meanwhile.
    expect(e.sum(10)).toBe(45);
    const other = start(e.sum, [100]);
    expect(other.run()).toBe(true);
    expect(other.result).toBe(4950);
    expect(call.run(1000)).toBe(false);
    expect(e.g.value).toBeGreaterThan(g1);
    call.abandon();
    expect(call.status).toBe('abandoned');
    expect(() => call.run(10)).toThrow(/abandoned/);
  });

  it('without a budget a call runs to completion (more back edges than the unlimited refill)', () => {
    const e = instance(LOOPS);
    expect(start(e.sum, [20000]).run()).toBe(true);
    expect(e.sum(20000)).toBe(199990000);
  });

  it('a trap in a metered call throws RuntimeError and fails the call', () => {
    const e = instance(`(module (func (export "f") (param i32) (result i32)
      (loop $l (br_if $l (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 100))))
      (i32.div_s (i32.const 1) (i32.const 0))))`);
    const call = start(e.f, [0]);
    expect(call.run(10)).toBe(false);
    expect(() => { while (!call.run(10)); }).toThrow(RuntimeError);
    expect(call.status).toBe('failed');
  });
});

describe('fuel reaches wasm that a host function calls back into', () => {
  // main(n) calls the import `cb` n times; the test's cb calls the export sum(k) (k back edges).
  const REENTER = `(module
    (import "env" "cb" (func $cb))
    ${SUM}
    (func (export "main") (param $n i32) (result i32)
      (block $done (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (call $cb)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
      (i32.const 7)))`;

  function setup(k: number, onError?: (err: any) => void): { e: any; sums: number[] } {
    const sums: number[] = [];
    const box: any = {};
    box.e = instance(REENTER, {
      env: {
        cb: () => {
          try {
            sums.push(box.e.sum(k));
          } catch (err) {
            if (!onError) throw err;
            onError(err);
          }
        },
      },
    });
    return { e: box.e, sums };
  }

  it('the re-entered calls spend the budget of the metered call', () => {
    const { e, sums } = setup(1000);
    const sumFuel = start(e.sum, [1000]);
    expect(sumFuel.run(1e9)).toBe(true);
    const plain = setup(0);
    const mainFuel = start(plain.e.main, [3]);
    expect(mainFuel.run(1e9)).toBe(true);
    const call = start(e.main, [3]);
    expect(call.run(1e9)).toBe(true);
    expect(call.result).toBe(7);
    expect(sums).toEqual([499500, 499500, 499500]);
    // main's own loop and calls, plus three sums (a nested sum(0) costs its back edges only: none)
    expect(call.fuelUsed).toBe(mainFuel.fuelUsed + 3 * sumFuel.fuelUsed);
  });

  it('a budget too small for the re-entered call ends the call with a RuntimeError, never runs it unbounded', () => {
    const { e, sums } = setup(1000000);
    const call = start(e.main, [3]);
    expect(() => call.run(5000)).toThrow(/out of fuel in wasm called from a host function/);
    expect(call.status).toBe('failed');
    expect(sums).toEqual([]);
    // plain calls afterwards are unmetered again, on the same (default) stacks
    expect(e.sum(100000)).toBe(704982704);
  });

  it('if the host function catches that error, the metered call suspends at its next back edge or call', () => {
    const errors: any[] = [];
    const { e } = setup(1000000, (err) => errors.push(err));
    const call = start(e.main, [3]);
    expect(call.run(5000)).toBe(false);
    expect(errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(RuntimeError);
    expect(call.fuelUsed).toBe(5000);
    call.abandon();
    expect(call.status).toBe('abandoned');
  });
});

describe('runSliced', () => {
  it('runs an infinite loop in slices while timers keep firing, until stopped by a trap', async () => {
    const e = instance(`(module (global $g (export "g") (mut i32) (i32.const 0))
      (func (export "spin") (param $stop i32)
        (loop $l
          (global.set $g (i32.add (global.get $g) (i32.const 1)))
          (if (i32.eq (global.get $g) (local.get $stop)) (then unreachable))
          (br $l))))`);
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 1);
    const slices: number[] = [];
    try {
      await expect(runSliced(e.spin, [200000], {
        fuel: 1000,
        yield: (next: () => void) => { slices.push(e.g.value); setTimeout(next, 0); },
      })).rejects.toThrow(/unreachable/);
    } finally {
      clearInterval(timer);
    }
    expect(slices.length).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(0);
  });

  it('resolves with the result; callback form', async () => {
    const e = instance(LOOPS);
    expect(await runSliced(e.sum, [10000], { fuel: 100, yield: (n: () => void) => setImmediate(n) })).toBe(49995000);
    const got = await new Promise((resolve) => {
      runSliced(e.sum, [300], { fuel: 7, yield: (n: () => void) => setTimeout(n, 0), callback: (err: any, r: any) => resolve([err, r]) });
    });
    expect(got).toEqual([null, 44850]);
  });
});

describe('limits', () => {
  it('rejects a module whose memory or table minimum exceeds the limits, with a clear RangeError', () => {
    const mem = wat('(module (memory 4))');
    expect(() => instantiate(mem, {}, { limits: { maxMemoryPages: 3 } })).toThrow(/memory size 4 pages exceeds the limit of 3 pages/);
    expect(instantiate(mem, {}, { limits: { maxMemoryPages: 4 } })).toBeInstanceOf(W.Instance);
    const tab = wat('(module (table 10 funcref))');
    expect(() => instantiate(tab, {}, { limits: { maxTableSize: 5 } })).toThrow(/table size 10 exceeds the limit of 5/);
    setLimits({ maxMemoryPages: 2 });
    expect(() => new W.Instance(new W.Module(mem))).toThrow(RangeError);
  });

  it('memory.grow past the limit returns -1', () => {
    const e = instantiate(wat(`(module (memory (export "m") 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`), {}, { limits: { maxMemoryPages: 3 } }).exports;
    expect(e.grow(2)).toBe(1);
    expect(e.grow(1)).toBe(-1);
    expect(e.m.buffer.byteLength).toBe(3 * 65536);
  });

  it('a byte limit below one page: size in pages, accesses past the limit trap', () => {
    const e = instantiate(wat(`(module (memory 1)
      (func (export "size") (result i32) (memory.size))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
      (func (export "store") (param i32) (i32.store (local.get 0) (i32.const 7))))`), {}, { limits: { maxMemoryBytes: 4096 } }).exports;
    expect(e.size()).toBe(1);
    e.store(4092);
    expect(e.load(4092)).toBe(7);
    expect(() => e.store(4093)).toThrow(/out of bounds memory access/);
    expect(() => e.load(4096)).toThrow(/out of bounds memory access/);
    expect(e.grow()).toBe(-1);
    expect(memoryUsage(instantiate(wat('(module (memory 1))'), {}, { limits: { maxMemoryBytes: 100 } })).memory).toBe(100);
  });

  it('call depth and value stack limits, per instance and global', () => {
    const text = `(module (func $r (export "r") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $r (i32.sub (local.get 0) (i32.const 1))))))))`;
    const e = instantiate(wat(text), {}, { limits: { maxCallDepth: 100 } }).exports;
    expect(start(e.r, [90]).run()).toBe(true);
    expect(() => start(e.r, [150]).run()).toThrow(/call stack exhausted/);
    expect(e.r(150)).toBe(150); // plain calls use the global limits
    setLimits({ maxCallDepth: 50 });
    expect(() => e.r(60)).toThrow(/call stack exhausted/);
    setLimits({ maxCallDepth: 100000, maxStackSlots: 64 });
    expect(() => e.r(100)).toThrow(RangeError);
  });
});

describe('low-RAM mode', () => {
  it('validates every body at load, compiles each function at its first call', () => {
    expect(() => load(wat('(module (func (result i32) (i32.const 1)) (func (export "f")))').slice(0, 0))).toThrow();
    const bad = wat('(module (func (export "f") (result i32) (i64.const 1)))'.replace('i64.const 1', 'i32.const 1'));
    expect(load(bad)).toBeInstanceOf(W.Module);
    const m = load(wat(`(module (func $a (export "a") (result i32) (i32.const 1))
      (func $b (export "b") (result i32) (call $a)) (func $c (export "c") (result i32) (i32.const 3))
      (table 1 funcref) (elem (i32.const 0) $c) (type $t (func (result i32)))
      (func (export "ind") (result i32) (call_indirect (type $t) (i32.const 0))))`), { lazy: true });
    const inst = new W.Instance(m);
    expect(memoryUsage(m).compiledFunctions).toBe(0);
    expect(inst.exports.b()).toBe(1);
    expect(memoryUsage(m).compiledFunctions).toBe(2);
    expect(inst.exports.ind()).toBe(3);
    const u = memoryUsage(inst);
    expect(u.compiledFunctions).toBe(4);
    expect(u.definedFunctions).toBe(4);
    expect(u.code).toBeGreaterThan(0);
    expect(u.total).toBe(u.code + u.metadata + u.memory + u.instance + u.stacks);
  });

  it('rejects an invalid body at load even when lazy', () => {
    const invalid = new Uint8Array(wat('(module (func (result i32) (i32.const 1)))'));
    // turn i32.const into i64.const: type mismatch
    const at = invalid.lastIndexOf(0x41);
    invalid[at] = 0x42;
    expect(() => load(invalid, { lazy: true })).toThrow(W.CompileError);
  });
});

describe('trap backtraces', () => {
  it('names the wasm frames, innermost first, with internal pcs and wasm offsets', () => {
    const e = new W.Instance(new W.Module(watNamed(`(module
      (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (call $inner (local.get 0)))
      (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0))))`))).exports;
    let err: any = null;
    try { e.outer(0); } catch (x) { err = x; }
    expect(err).toBeInstanceOf(RuntimeError);
    expect(err.message).toBe('integer divide by zero');
    const frames = wasmBacktrace(err);
    expect(frames.map((f: any) => f.name)).toEqual(['inner', 'middle', 'outer']);
    expect(frames.map((f: any) => f.index)).toEqual([0, 1, 2]);
    for (const f of frames) expect(typeof f.pc).toBe('number');
    expect(err.stack).toMatch(/at middle \(wasm-function\[1\]:0x[0-9a-f]+\)/);
    // Without a name section: indices.
    const e2 = instance('(module (func (export "f") unreachable))');
    try { e2.f(); } catch (x) { err = x; }
    expect(wasmBacktrace(err)).toEqual([{ name: 'wasm-function[0]', index: 0, pc: 0, offset: expect.any(Number) }]);
    expect(wasmBacktrace(err)[0].offset).toBeGreaterThan(0);
  });
});

describe('i64 without a codec is { lo, hi } everywhere', () => {
  it('functions, globals and imports', () => {
    setI64Codec(null);
    const e = instance(`(module
      (import "m" "f" (func $f (param i64) (result i64)))
      (global (export "g") (mut i64) (i64.const -2))
      (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
      (func (export "viaHost") (param i64) (result i64) (call $f (local.get 0))))`,
      { m: { f: (x: any) => ({ lo: x.lo + 1, hi: x.hi }) } });
    expect(e.add({ lo: -1, hi: 0 }, { lo: 1, hi: 0 })).toEqual({ lo: 0, hi: 1 });
    expect(e.add(2 ** 32 + 5, 1)).toEqual({ lo: 6, hi: 1 });
    expect(e.g.value).toEqual({ lo: -2, hi: -1 });
    e.g.value = { lo: 5, hi: 6 };
    expect(e.g.value).toEqual({ lo: 5, hi: 6 });
    expect(e.viaHost({ lo: 41, hi: 9 })).toEqual({ lo: 42, hi: 9 });
    const g = new W.Global({ value: 'i64', mutable: false }, { lo: 1, hi: 2 });
    expect(g.value).toEqual({ lo: 1, hi: 2 });
    expect(() => e.add('x', 1)).toThrow(TypeError);
    // and with the BigInt codec the same call gives a BigInt
    setI64Codec(bigintCodec);
    expect(e.add(1n, 2n)).toBe(3n);
    // getI64Codec tells which is installed, so that a library can put it back
    expect(getI64Codec()).toBe(bigintCodec);
    setI64Codec(null);
    expect(getI64Codec()).toBe(null);
  });
});
