// The JS tier (tojs/) where it differs from the interpreter's way of running code: crossings to
// host functions and to functions it did not compile, calls between instances, memory views after
// a callee grows the memory, stack exhaustion, trap backtraces, and the calls that must stay in
// the interpreter (fuel, metered re-entry). The spec suite (test/spec, default adapter) and the
// random programs (test/unit/exec/random-programs.test.ts) check its instructions.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadWabt, wat, bigintCodec } from '../api/helpers';
import { WebAssembly as W, setI64Codec, start, wasmBacktrace, setLimits, getLimits, instantiate } from '../../../core/index';
import { useJsTier } from '../../../tojs/index';
import { setTierOptions } from '../../../tojs/function';
import { setBufferTransfer } from '../../../core/api/memory';

beforeAll(async () => {
  await loadWabt();
  setI64Codec(bigintCodec);
  useJsTier(true);
});

afterAll(() => {
  useJsTier(false);
});

function instance(text: string, imports?: any): any {
  return new W.Instance(new W.Module(wat(text)), imports || {});
}

/** What `f` throws (null if nothing). */
function thrown(f: () => any): any {
  try {
    f();
  } catch (x) {
    return x;
  }
  return null;
}

/** An instance whose functions the interpreter runs (the tier off while it is made). */
function onInterpreter(text: string, imports?: any): any {
  useJsTier(false);
  try {
    return instance(text, imports);
  } finally {
    useJsTier(true);
  }
}

/** Whether the exported function `fn` runs on the JS tier. */
function onTier(fn: any): boolean {
  return fn._func.tierCall !== null;
}

describe('JS tier', () => {
  it('compiles the functions of new instances, and not while it is off', () => {
    const text = '(module (func (export "f") (result i32) (i32.const 7)))';
    const on = instance(text).exports;
    expect(onTier(on.f)).toBe(true);
    expect(on.f()).toBe(7);
    useJsTier(false);
    try {
      const off = instance(text).exports;
      expect(onTier(off.f)).toBe(false);
      expect(off.f()).toBe(7);
    } finally {
      useJsTier(true);
    }
  });

  it('passes i32, i64, f32, f64 and references to host functions and back', () => {
    const seen: any[] = [];
    const e = instance(`(module
      (import "h" "f" (func $h (param i32 i64 f32 f64 externref) (result i64 f32 f64 externref)))
      (func (export "go") (param externref) (result i64 f32 f64 externref)
        (call $h (i32.const -5) (i64.const -9007199254740993) (f32.const 1.5) (f64.const -0.25) (local.get 0))))`, {
      h: { f: (a: number, b: bigint, c: number, d: number, r: any) => { seen.push(a, b, c, d, r); return [b * 2n, c * 3, d * 4, r]; } },
    }).exports;
    const obj = {};
    const out = e.go(obj);
    expect(seen).toEqual([-5, -9007199254740993n, 1.5, -0.25, obj]);
    expect(out).toEqual([-18014398509481986n, 4.5, -1, obj]);
  });

  it('keeps the bits of NaN constants, f32 and f64 (a review found 0x7ff8000100000000 turned into +Infinity)', () => {
    const e = instance(`(module
      (func (export "a") (result i64) (i64.reinterpret_f64 (f64.const nan:0x8000100000000)))
      (func (export "b") (result i32) (i32.reinterpret_f32 (f32.const nan:0x200001)))
      (func (export "c") (result i32) (i32.reinterpret_f32 (f32.const -nan:0x7fffff))))`).exports;
    expect(e.a()).toBe(0x7ff8000100000000n);
    expect(e.b()).toBe(0x7fa00001);
    expect(e.c()).toBe(-1);
  });

  it('converts JS API arguments and results as native WebAssembly does (the direct entry of numeric functions)', () => {
    const text = `(module
      (func (export "id32") (param i32) (result i32) (local.get 0))
      (func (export "id64") (param i64) (result i64) (local.get 0))
      (func (export "f32") (param f32) (result f32) (local.get 0))
      (func (export "f64") (param f64) (result f64) (local.get 0))
      (func (export "multi") (param i32 i64 f32 f64) (result f64 i64 f32 i32)
        (local.get 3) (local.get 1) (local.get 2) (local.get 0)))`;
    const ours = instance(text).exports;
    const native = new (globalThis as any).WebAssembly.Instance(new (globalThis as any).WebAssembly.Module(wat(text))).exports;
    expect(ours.id32._func.jsEntry).not.toBeNull();
    const outcome = (f: () => any): any => {
      try {
        return { value: f() };
      } catch (e: any) {
        return { error: e.name };
      }
    };
    const values: any[] = [undefined, null, true, '12', '0x10', 2.9, -2.9, 4294967297, NaN, -0, 1e40, { valueOf: () => 7 }, 16777217, 3n, -1n, 2n ** 64n + 5n];
    for (const v of values) {
      for (const name of ['id32', 'id64', 'f32', 'f64']) {
        expect([name, v, outcome(() => ours[name](v))]).toEqual([name, v, outcome(() => native[name](v))]);
      }
    }
    expect(ours.multi(-1, 5n, 1.1, 2.5)).toEqual(native.multi(-1, 5n, 1.1, 2.5));
    expect(outcome(() => ours.multi(1))).toEqual(outcome(() => native.multi(1)));
    expect(ours.id32()).toBe(0);
  });

  it('writes br_table as a switch or, for XS, as an if chain, with the same results', () => {
    const text = `(module (func (export "f") (param i32) (result i32)
      (block $d (block $c (block $b (block $a
        (br_table $a $b $b $b $c $a $d (local.get 0)))
        (return (i32.const 10))) (return (i32.const 20))) (return (i32.const 30)))
      (i32.const 40)))`;
    const args = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 1000, 0x7fffffff, -0x80000000];
    const expected = args.map((a) => [10, 20, 20, 20, 30, 10][a] || 40);
    for (const switches of [true, false]) {
      setTierOptions({ switches });
      try {
        const e = instance(text).exports; // a new module, so its code is written with the option
        expect(args.map((a) => e.f(a))).toEqual(expected);
      } finally {
        setTierOptions({ switches: true });
      }
    }
  });

  it('calls functions of an instance the interpreter runs, directly and through a shared table', () => {
    useJsTier(false);
    let lib: any;
    try {
      lib = instance(`(module
        (table (export "t") 2 funcref)
        (func $add64 (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
        (func $neg (param f32) (result f32) (f32.neg (local.get 0)))
        (elem (i32.const 0) $add64 $neg))`).exports;
    } finally {
      useJsTier(true);
    }
    expect(onTier(lib.add64)).toBe(false);
    const e = instance(`(module
      (import "lib" "add64" (func $add64 (param i64 i64) (result i64)))
      (import "lib" "t" (table 2 funcref))
      (type $ff (func (param f32) (result f32)))
      (func (export "direct") (result i64) (call $add64 (i64.const 0x100000000) (i64.const -1)))
      (func (export "indirect") (param f32) (result i32)
        (i32.reinterpret_f32 (call_indirect (type $ff) (local.get 0) (i32.const 1)))))`, { lib }).exports;
    expect(onTier(e.direct)).toBe(true);
    expect(e.direct()).toBe(0xffffffffn);
    expect(e.indirect(2)).toBe(0xc0000000 | 0);
  });

  it('re-reads the memory after a callee grows it', () => {
    const e = instance(`(module (memory 1)
      (func $grow (drop (memory.grow (i32.const 1))))
      (func (export "f") (result i32)
        (call $grow)
        (i32.store (i32.const 100000) (i32.const 42))
        (i32.load (i32.const 100000))))`).exports;
    expect(e.f()).toBe(42);
  });

  it('uses the new buffer after a grow detached the old one, in wasm or from JS in a host call', () => {
    // as on Node with the Node bundle (targets/buffer-transfer.ts): a DataView kept over the old
    // buffer would throw TypeError here
    setBufferTransfer((b: ArrayBuffer) => structuredClone(b, { transfer: [b] }));
    try {
      let mem: any = null;
      const e = instance(`(module (import "h" "grow" (func $hg)) (memory (export "mem") 1)
        (func $grow (drop (memory.grow (i32.const 1))))
        (func (export "f") (param $how i32) (result i32)
          (i32.store (i32.const 8) (i32.const 5))
          (if (i32.eqz (local.get $how)) (then (call $grow)) (else (call $hg)))
          (i32.store8 (i32.const 70000) (i32.load (i32.const 8)))
          (i32.add (i32.load8_u (i32.const 70000)) (i32.load (i32.const 8)))))`,
        { h: { grow: () => mem.grow(1) } }).exports;
      mem = e.mem;
      expect(onTier(e.f)).toBe(true);
      const b0 = mem.buffer;
      expect(e.f(0)).toBe(10);
      expect(b0.byteLength).toBe(0);
      const b1 = mem.buffer;
      expect(e.f(1)).toBe(10);
      expect(b1.byteLength).toBe(0);
      expect(mem.buffer.byteLength).toBe(3 * 65536);
    } finally {
      setBufferTransfer(null);
    }
  });

  it('reports the engine running out of stack as "call stack exhausted", and runs on afterwards', () => {
    const e = instance(`(module
      (func $r (export "r") (param i32) (result i32) (i32.add (call $r (local.get 0)) (i32.const 1)))
      (func (export "ok") (result i32) (i32.const 3)))`).exports;
    expect(() => e.r(0)).toThrow(RangeError);
    expect(() => e.r(0)).toThrow('call stack exhausted');
    expect(e.ok()).toBe(3);
  });

  it('runs recursion deeper than its depth budget on the interpreter, as deep as the interpreter alone', () => {
    const e = instance(`(module (func $d (export "deep") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $d (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`).exports;
    expect(onTier(e.deep)).toBe(true);
    expect(e.deep(19000)).toBe(19000);
    expect(() => e.deep(1000000)).toThrow('call stack exhausted');
    expect(e.deep(10)).toBe(10);
  });

  it('counts every frame, compiled or interpreted, against maxCallDepth', () => {
    const e = instance(`(module (func $d (export "deep") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $d (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`).exports;
    const before = getLimits().maxCallDepth;
    try {
      // deep(n) makes n + 1 calls
      setLimits({ maxCallDepth: 50 });
      expect(e.deep(49)).toBe(49);
      expect(() => e.deep(50)).toThrow('call stack exhausted');
      // past the tier's share of the stack the interpreter goes on, with what is left of the limit
      setLimits({ maxCallDepth: 9000 });
      expect(e.deep(8999)).toBe(8999);
      expect(() => e.deep(9000)).toThrow('call stack exhausted');
    } finally {
      setLimits({ maxCallDepth: before });
    }
  });

  it('counts frames against maxCallDepth across the interpreter, host functions and the tier', () => {
    const text = `(module (import "h" "f" (func $h (param i32) (result i32)))
      (func $rec (export "rec") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
      (func $two (export "two") (param i32 i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (call $h (local.get 1)))
          (else (i32.add (call $two (i32.sub (local.get 0) (i32.const 1)) (local.get 1)) (i32.const 1))))))`;
    const make = (tier: boolean, f: (n: number) => number): any => {
      useJsTier(tier);
      try {
        return instance(text, { h: { f } }).exports;
      } finally {
        useJsTier(true);
      }
    };
    let other: any = null;
    const A = make(false, (n) => other.rec(n)); // the interpreter
    const B = make(true, (n) => other.rec(n)); // the tier
    const before = getLimits().maxCallDepth;
    try {
      setLimits({ maxCallDepth: 50 });
      // two(30, m) holds 31 frames, then a host call; rec(m) m + 1 more
      for (const [outer, inner] of [[A, B], [B, A], [B, B], [A, A]]) {
        other = inner;
        expect(outer.two(30, 18)).toBe(48);
        expect(() => outer.two(30, 19)).toThrow('call stack exhausted');
      }
      setLimits({ maxCallDepth: before });
      // deeper than the tier's share, twice on one stack, within the default limit
      other = B;
      expect(B.two(7000, 10000)).toBe(17000);
    } finally {
      setLimits({ maxCallDepth: before });
    }
  });

  it('runs a start function with the limits of its instance', () => {
    const bytes = wat(`(module
      (func $rec (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
      (func $start (drop (call $rec (i32.const 1000))))
      (start $start))`);
    expect(() => instantiate(bytes, {}, { limits: { maxCallDepth: 50 } })).toThrow('call stack exhausted');
  });

  it('gives traps their spec message and the wasm frames', () => {
    const e = instance(`(module
      (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func $outer (export "f") (param i32) (result i32) (call $inner (local.get 0)))
      (table 1 funcref)
      (func (export "g") (call_indirect (i32.const 5))))`).exports;
    const err = thrown(() => e.f(0));
    expect(err).toBeInstanceOf(W.RuntimeError);
    expect(err.message).toBe('integer divide by zero');
    // (the test modules have no name section: frames are named by index)
    expect(wasmBacktrace(err).map((f: any) => f.index)).toEqual([0, 1]);
    expect(err.stack).toMatch(/at wasm-function\[0\] \(wasm-function\[0\]:0x[0-9a-f]+\)/);
    expect(() => e.g()).toThrow('undefined element 5');
  });

  it('traps on memory accesses past the end without writing anything, with the wasm frames', () => {
    // (the tier has no bounds checks of its own: the DataView throws, and the entry converts)
    const e = instance(`(module (memory (export "m") 1)
      (func $st64 (param i32 i64) (i64.store (local.get 0) (local.get 1)))
      (func (export "st64") (param i32 i64) (call $st64 (local.get 0) (local.get 1)))
      (func (export "st8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
      (func (export "ld8") (param i32) (result i32) (i32.load8_s (local.get 0)))
      (func (export "ld32") (param i32) (result i32) (i32.load offset=2 (local.get 0)))
      (func (export "ldf64") (param i32) (result f64) (f64.load (local.get 0))))`).exports;
    const u8 = new Uint8Array(e.m.buffer);
    u8.fill(0x5a, 65528);
    const err = thrown(() => e.st64(65532, -1n));
    expect(err).toBeInstanceOf(W.RuntimeError);
    expect(err.message).toBe('out of bounds memory access');
    expect(wasmBacktrace(err).map((f: any) => f.index)).toEqual([0, 1]);
    expect(Array.from(u8.subarray(65528))).toEqual([0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a]);
    e.st64(65528, -1n);
    expect(Array.from(u8.subarray(65528))).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
    expect(() => e.st8(65536, 1)).toThrow('out of bounds memory access');
    expect(() => e.st8(-1, 1)).toThrow('out of bounds memory access');
    expect(e.ld8(65535)).toBe(-1);
    expect(() => e.ld8(65536)).toThrow('out of bounds memory access');
    expect(e.ld32(65530)).toBe(-1);
    expect(() => e.ld32(65531)).toThrow('out of bounds memory access');
    expect(() => e.ldf64(65529)).toThrow(W.RuntimeError);
  });

  it('passes a RangeError of a host function through compiled code as it is', () => {
    const mine = new RangeError('offset outside the bounds');
    let inner: any = null;
    const e = instance(`(module (import "h" "f" (func $h)) (memory 1)
      (func $mid (call $h))
      (func (export "f") (call $mid))
      (func (export "oob") (result i32) (i32.load (i32.const 65536))))`, {
      h: { f: () => { if (inner === null) throw mine; inner(); } },
    }).exports;
    const err = thrown(() => e.f());
    expect(err).toBe(mine);
    // a trap of wasm that the host function calls stays a trap on its way out
    inner = () => e.oob();
    expect(() => e.f()).toThrow(W.RuntimeError);
    expect(() => e.f()).toThrow('out of bounds memory access');
  });

  it('never lets the RangeError of a DataView out, even at the end of the JS stack (review)', () => {
    const e = instance(`(module (memory 1) (func $l (result i32) (i32.load (i32.const 65536)))
      (func (export "oob") (result i32) (call $l)))`).exports;
    const seen = new Set<string>();
    // at every depth on the way back from a JS stack overflow
    const probe = (d: number): void => {
      if (d > 20000) return;
      try {
        probe(d + 1);
      } catch (x) {
        // the overflow of probe itself
      }
      try {
        e.oob();
      } catch (x: any) {
        seen.add(x.message);
      }
    };
    // (each run with the stack shifted by a few frames of another size)
    const padded = (n: number): void => {
      if (n > 0) padded(n - 1);
      else probe(0);
    };
    for (let pad = 0; pad < 3; pad++) padded(pad);
    expect(seen.has('out of bounds memory access')).toBe(true);
    // (the others: the engine's own stack overflow, RangeError as native WebAssembly's)
    expect([...seen].filter((m) => m.indexOf('DataView') >= 0)).toEqual([]);
  }, 60000);

  it('passes a host RangeError that mentions the stack as it is (review)', () => {
    const mine = new RangeError('operand stack underflow');
    const e = instance('(module (import "h" "f" (func $h)) (func (export "f") (call $h)))', { h: { f: () => { throw mine; } } }).exports;
    const err = thrown(() => e.f());
    expect(err).toBe(mine);
  });

  it('keeps maxCallDepth exact after a call from JS whose argument conversion throws (review)', () => {
    // rec(n) recurses n deep on the tier and calls the host, which calls g with a Number for an
    // i64 (TypeError); top then calls the host again, which recurses with deep()
    const text = `(module (import "h" "h" (func $h (param i32)))
      (func $rec (param i32 i32)
        (if (i32.eqz (local.get 0)) (then (call $h (local.get 1)) return))
        (call $rec (i32.sub (local.get 0) (i32.const 1)) (local.get 1)))
      (func (export "top") (call $rec (i32.const 200) (i32.const 1)) (call $h (i32.const 2)))
      (func (export "g") (param i64))
      (func $deep (export "deep") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`;
    let ex: any;
    const log: string[] = [];
    const outcome = (f: () => any): string => {
      try {
        return String(f());
      } catch (x: any) {
        return x.message;
      }
    };
    const imports = { h: { h: (mode: number) => {
      if (mode === 1) log.push('g: ' + outcome(() => ex.g(5)));
      if (mode === 2) log.push('deep: ' + outcome(() => ex.deep(290)), 'deep: ' + outcome(() => ex.deep(310)));
    } } };
    const run = (tier: boolean): string[] => {
      useJsTier(tier);
      try {
        ex = instance(text, imports).exports;
      } finally {
        useJsTier(true);
      }
      log.length = 0;
      const before = getLimits().maxCallDepth;
      setLimits({ maxCallDepth: 300 });
      try {
        ex.top();
      } finally {
        setLimits({ maxCallDepth: before });
      }
      return log.slice();
    };
    setTierOptions({ depthBudget: 250 });
    try {
      const onTierRun = run(true);
      expect(onTierRun).toContain('deep: call stack exhausted');
      expect(onTierRun).toEqual(run(false));
    } finally {
      setTierOptions({ depthBudget: 6000 });
    }
  });

  it('counts the frame of a leaf function, which keeps no count of its own, as the interpreter does', () => {
    // ($small is one the interpreter inlines: no frame; $leaf is not)
    const text = `(module
      (func $leaf (param i32) (result i32) (local i32)
        (loop (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 1) (i32.const 3))))
        (i32.add (local.get 0) (local.get 1)))
      (func $small (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $d (export "deep") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.add (call $leaf (i32.const 0)) (call $small (i32.const 0))))
          (else (i32.add (call $d (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`;
    const tier = instance(text).exports;
    const interp = onInterpreter(text).exports;
    expect(onTier(tier.deep)).toBe(true);
    const outcomes = (e: any, limit: number): string[] => {
      const out: string[] = [];
      for (let n = limit - 3; n <= limit + 1; n++) {
        try {
          out.push(String(e.deep(n)));
        } catch (x: any) {
          out.push(x.message);
        }
      }
      return out;
    };
    const before = getLimits().maxCallDepth;
    try {
      // from 6001 on a full depth budget and a leaf fit, so the calls begin on the tier
      for (const limit of [50, 6000, 6001, 6002, 9000]) {
        setLimits({ maxCallDepth: limit });
        const expected = outcomes(interp, limit);
        expect(expected).toContain('call stack exhausted');
        expect(outcomes(tier, limit)).toEqual(expected);
      }
    } finally {
      setLimits({ maxCallDepth: before });
    }
  });

  it('gives wasm frames the byte offsets the interpreter gives', () => {
    const text = `(module (memory 1) (table 2 funcref) (elem (i32.const 0) $inner)
      (func $inner (param i32) (result i32)
        (local i32)
        (local.set 1 (i32.add (local.get 0) (i32.const 1)))
        (if (i32.eq (local.get 0) (i32.const 1)) (then (drop (i32.load (i32.const 65536)))))
        (if (i32.eq (local.get 0) (i32.const 2)) (then unreachable))
        (if (i32.eq (local.get 0) (i32.const 3)) (then (drop (i32.trunc_f64_s (f64.const 1e30)))))
        (i32.div_s (local.get 1) (local.get 0)))
      (func $mid (param i32) (result i32)
        (i32.add (i32.const 7) (call $inner (local.get 0))))
      (func (export "f") (param i32) (result i32)
        (drop (call $mid (i32.const 5)))
        (call $mid (local.get 0)))
      (func (export "g") (param i32) (result i32)
        (call_indirect (param i32) (result i32) (local.get 0) (local.get 0))))`;
    const tier = instance(text).exports;
    const interp = onInterpreter(text).exports;
    expect(onTier(tier.f)).toBe(true);
    const frames = (f: () => any): string => {
      const err = thrown(f);
      return err.message + ': ' + wasmBacktrace(err).map((fr: any) => fr.index + '@' + fr.offset).join(' ');
    };
    for (const [name, arg] of [['f', 0], ['f', 1], ['f', 2], ['f', 3], ['g', 1], ['g', 5]] as [string, number][]) {
      const expected = frames(() => interp[name](arg));
      expect(expected).toMatch(/@\d/);
      expect(frames(() => tier[name](arg))).toBe(expected);
    }
  });

  it('gives the same offsets after NaN constants of earlier functions, and across modules (review)', () => {
    // $b's long f64 expression is written out on its own line or not by its length, and its
    // NaN constants are numbered after those of $a
    let expr = '(f64.const nan:0x1)';
    for (let i = 0; i < 22; i++) expr = '(f64.add ' + expr + ' (f64.const nan:0x' + (i + 2).toString(16) + '))';
    let nans = '';
    for (let i = 0; i < 12; i++) nans += ' (drop (f64.const nan:0x' + (i + 100).toString(16) + '))';
    const text = `(module (memory 1) (global $g (mut f64) (f64.const 0))
      (func $a${nans})
      (func $b (param i32) (global.set $g ${expr})
        (drop (i32.div_s (local.get 0) (local.get 0))) (i32.store (i32.const 0) (i32.const 1)))
      (func (export "f") (call $a) (call $b (i32.const 0)))
      (func (export "x") (param i32) (result i32) (i32.add (i32.const 1) (i32.div_u (i32.const 1) (local.get 0))))
      (func (export "y") (param i32) (result i32) (i32.load (local.get 0))))`;
    const user = `(module (import "b" "x" (func $x (param i32) (result i32))) (import "b" "y" (func $y (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) (i32.add (i32.const 2) (call $x (local.get 0))))
      (func (export "g") (param i32) (result i32) (i32.add (i32.const 3) (call $y (local.get 0)))))`;
    const frames = (f: () => any): string => wasmBacktrace(thrown(f)).map((fr: any) => fr.index + '@' + fr.offset).join(' ');
    const tier = instance(text).exports;
    const interp = onInterpreter(text).exports;
    expect(frames(() => tier.f())).toBe(frames(() => interp.f()));
    const tierUser = instance(user, { b: tier }).exports;
    const interpUser = onInterpreter(user, { b: interp }).exports;
    for (const [name, arg] of [['f', 0], ['g', 70000]] as [string, number][]) {
      const expected = frames(() => interpUser[name](arg));
      expect(expected).not.toContain('@-1');
      expect(frames(() => tierUser[name](arg))).toBe(expected);
    }
  });

  it('leaves metered calls to the interpreter: fuel suspends and resumes them', () => {
    const e = instance(`(module
      (func (export "sum") (param $n i32) (result i32) (local $s i32)
        (block $done (loop $top
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $s (i32.add (local.get $s) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $top)))
        (local.get $s)))`).exports;
    expect(onTier(e.sum)).toBe(true);
    const call = start(e.sum, [1000]);
    let runs = 0;
    while (!call.run(100)) runs++;
    expect(runs).toBeGreaterThanOrEqual(9);
    expect(call.result).toBe(500500);
  });

  it('runs wasm that a metered call re-enters through a host function on the interpreter, metered', () => {
    let e: any = null;
    const r = instance(`(module
      (import "h" "cb" (func $cb))
      (func (export "spin") (param $n i32) (result i32)
        (loop $l (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $l (local.get $n)))
        (local.get $n))
      (func (export "outer") (call $cb)))`, { h: { cb: () => e.spin(1000000) } });
    e = r.exports;
    const call = start(e.outer, []);
    // the re-entered spin needs far more than the slice: it is metered, so it cannot finish
    expect(() => call.run(1000)).toThrow('out of fuel');
  });
});

describe('calls from the interpreter into the tier', () => {
  // lib runs on the tier; user (made with the tier off) runs on the interpreter and calls lib's
  // functions, directly and through lib's table. probe() tells whether compiled code is on the
  // JS stack, i.e. whether lib's function ran on the tier.
  const libText = `(module (import "h" "probe" (func $probe (result i32)))
    (table (export "t") 2 funcref) (elem (i32.const 1) $mix)
    (func $mix (export "mix") (param i32 i64 f32 f64) (result i64 f32 f64 i32)
      (i64.add (local.get 1) (i64.extend_i32_s (local.get 0)))
      (f32.neg (local.get 2))
      (f64.mul (local.get 3) (f64.const 2))
      (call $probe))
    (func $div (export "div") (param i32) (result i32) (i32.div_s (i32.const 100) (local.get 0)))
    (func $b (export "b") (param i32) (result i32)
      (if (i32.eq (local.get 0) (i32.const 100000)) (then (drop (i32.div_s (i32.const 1) (i32.const 0)))))
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call_indirect (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)) (i32.const 1))))))`;
  const userText = `(module
    (import "lib" "mix" (func $mix (param i32 i64 f32 f64) (result i64 f32 f64 i32)))
    (import "lib" "div" (func $div (param i32) (result i32)))
    (import "lib" "b" (func $b (param i32) (result i32)))
    (import "lib" "t" (table $t 2 funcref))
    (elem (table $t) (i32.const 0) func $a)
    (type $mixType (func (param i32 i64 f32 f64) (result i64 f32 f64 i32)))
    (func $bits (param i64 f32 f64 i32) (result i64 i32 i64 i32)
      (local.get 0) (i32.reinterpret_f32 (local.get 1)) (i64.reinterpret_f64 (local.get 2)) (local.get 3))
    (func (export "direct") (param i32 i64 i32 i64) (result i64 i32 i64 i32)
      (call $bits (call $mix (local.get 0) (local.get 1) (f32.reinterpret_i32 (local.get 2)) (f64.reinterpret_i64 (local.get 3)))))
    (func (export "indirect") (param i32 i64 i32 i64) (result i64 i32 i64 i32)
      (call $bits (call_indirect $t (type $mixType) (local.get 0) (local.get 1) (f32.reinterpret_i32 (local.get 2)) (f64.reinterpret_i64 (local.get 3)) (i32.const 1))))
    (func $outer (export "divide") (param i32) (result i32) (i32.add (i32.const 1) (call $div (local.get 0))))
    (func $a (export "a") (param i32) (result i32)
      (if (i32.eq (local.get 0) (i32.const 100000)) (then unreachable))
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $b (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`;
  const probe = () => (/picowasm-module-\d+/.test(String(new Error().stack)) ? 1 : 0);
  const pair = (libOnTier: boolean): { lib: any; user: any } => {
    const lib = libOnTier ? instance(libText, { h: { probe } }).exports : onInterpreter(libText, { h: { probe } }).exports;
    const user = onInterpreter(userText, { lib }).exports;
    return { lib, user };
  };
  const args = [5, 10n, 0x7fa00001, 0x3ff8000000000000n]; // 1.5; an f32 signalling NaN
  const expected = (ran: number) => [15n, 0xffa00001 | 0, 0x4008000000000000n, ran];

  it('runs compiled callees of interpreted code on the tier, with every type, directly and through a table', () => {
    const { lib, user } = pair(true);
    expect(onTier(lib.mix)).toBe(true);
    expect(onTier(user.direct)).toBe(false);
    expect(user.direct(...args)).toEqual(expected(1));
    expect(user.indirect(...args)).toEqual(expected(1));
    const interp = pair(false).user;
    expect(interp.direct(...args)).toEqual(expected(0));
    expect(interp.indirect(...args)).toEqual(expected(0));
  });

  it('keeps metered and promising calls in the interpreter', async () => {
    const { user } = pair(true);
    const call = start(user.direct, args);
    expect(call.run(1000000)).toBe(true);
    expect(call.result).toEqual(expected(0));
    expect(await (W as any).promising(user.indirect)(...args)).toEqual(expected(0));
    expect(user.indirect(...args)).toEqual(expected(1));
  });

  it('gives a trap in a compiled callee the interpreter\'s frames below it, as the interpreter alone does', () => {
    const frames = (f: () => any): string => {
      const err = thrown(f);
      return err.message + ': ' + wasmBacktrace(err).map((fr: any) => fr.name + ':' + fr.index + '@' + fr.offset).join(' ');
    };
    const { user } = pair(true);
    const expectedFrames = frames(() => pair(false).user.divide(0));
    expect(expectedFrames).toMatch(/^integer divide by zero: \S+@\d+ \S+@\d+$/);
    expect(frames(() => user.divide(0))).toBe(expectedFrames);
    expect(String(thrown(() => user.divide(0)).stack).split('\n').slice(0, 3).join('|')).toBe(String(thrown(() => pair(false).user.divide(0)).stack).split('\n').slice(0, 3).join('|'));
    expect(user.divide(4)).toBe(26);
  });

  it('lists each frame once in traps through several alternations and host re-entries, as the interpreter does (review)', () => {
    const frames = (f: () => any): string => {
      const err = thrown(f);
      return err.message + ': ' + wasmBacktrace(err).map((fr: any) => fr.index + '@' + fr.offset).join(' ');
    };
    // all on the tier: outer calls a host function, which calls the export inner, which traps
    const text = `(module (import "h" "h" (func $h))
      (func $inner (export "inner") (unreachable))
      (func $outer (export "outer") (call $h) (nop)))`;
    const t: any = instance(text, { h: { h: () => t.exports.inner() } });
    const i: any = onInterpreter(text, { h: { h: () => i.exports.inner() } });
    expect(frames(() => t.exports.outer())).toBe(frames(() => i.exports.outer()));
    expect(frames(() => i.exports.outer())).toMatch(/^unreachable: \d+@\d+ \d+@\d+$/);
    // interpreted a and compiled b call each other; a call with 100000 traps (a: unreachable,
    // b: divide by zero), so a(100000 + n) traps n calls down
    const { user } = pair(true);
    const interp = pair(false).user;
    for (const n of [0, 1, 2, 3, 6, 9]) {
      const expectedFrames = frames(() => interp.a(100000 + n));
      expect(expectedFrames.split('@').length - 1).toBe(n + 1);
      expect(frames(() => user.a(100000 + n))).toBe(expectedFrames);
    }
  });

  it('adds no frames twice to a trap error that a host function throws again (review)', () => {
    const frames = (f: () => any): string => wasmBacktrace(thrown(f)).map((fr: any) => fr.index + '@' + fr.offset).join(' ');
    for (const make of [instance, onInterpreter]) {
      const inner = make('(module (func (export "trap") (unreachable)))').exports;
      let saved: any = null;
      const host = () => {
        if (saved === null) saved = thrown(() => inner.trap());
        throw saved;
      };
      const e = make('(module (import "h" "h" (func $h)) (func (export "f") (call $h)))', { h: { h: host } }).exports;
      const first = frames(() => e.f());
      expect(first.split(' ').length).toBe(2);
      expect(frames(() => e.f())).toBe(first);
      expect(frames(() => e.f())).toBe(first);
    }
  });

  it('alternates between the two as deep as the interpreter alone, with the same limit', () => {
    const { user } = pair(true);
    const interp = pair(false).user;
    // a(n) makes n + 1 calls, alternating a (interpreted) and b (compiled)
    expect(user.a(15000)).toBe(15000);
    const before = getLimits().maxCallDepth;
    try {
      for (const limit of [50, 9000]) {
        setLimits({ maxCallDepth: limit });
        for (const e of [interp, user]) {
          expect(e.a(limit - 1)).toBe(limit - 1);
          expect(() => e.a(limit)).toThrow('call stack exhausted');
        }
      }
    } finally {
      setLimits({ maxCallDepth: before });
    }
  });
});
