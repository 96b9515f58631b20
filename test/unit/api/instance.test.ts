// End-to-end tests of the JS API (Module, Instance, exported functions, imports, linking) on
// modules compiled from text with wabt. Most scripts run against both picowasm's namespace and
// Node's own WebAssembly (the oracle) and must give the same values and error classes; the rest
// check picowasm's messages and documented choices.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as W, setI64Codec, setCopyModuleBytes, CompileError, LinkError, RuntimeError } from '../../../core/index';
import { bigintCodec, loadWabt, outcome, wat } from './helpers';

const native: any = (globalThis as any).WebAssembly;

beforeAll(async () => {
  await loadWabt();
  setI64Codec(bigintCodec);
});
afterAll(() => setI64Codec(null));

function same(script: (ns: any) => (() => any)[]) {
  const ours = script(W).map(outcome);
  const theirs = script(native).map(outcome);
  const show = (x: any) => JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? v + 'n' : v === undefined ? 'undefined' : v));
  expect(show(ours)).toBe(show(theirs));
  for (let i = 0; i < ours.length; i++) expect([i, ours[i]]).toEqual([i, theirs[i]]);
}

function inst(ns: any, text: string, imports?: any): any {
  return new ns.Instance(new ns.Module(wat(text)), imports).exports;
}

const provider = `(module
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $neg (export "neg") (param f64) (result f64) (f64.neg (local.get 0)))
  (memory (export "mem") 1 4)
  (table (export "tab") 4 funcref)
  (elem (i32.const 0) $add $neg)
  (global (export "g") (mut i32) (i32.const 7))
  (global (export "gc") i64 (i64.const -3))
  (func (export "getg") (result i32) (global.get 0))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

const consumer = `(module
  (import "p" "add" (func $add (param i32 i32) (result i32)))
  (import "p" "mem" (memory 1))
  (import "p" "tab" (table 2 funcref))
  (import "p" "g" (global $g (mut i32)))
  (type $ii (func (param i32 i32) (result i32)))
  (export "add" (func $add))
  (export "mem" (memory 0))
  (export "tab" (table 0))
  (export "g" (global $g))
  (func (export "call") (param i32 i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "setg") (param i32) (global.set $g (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))`;

describe('linking two instances', () => {
  test('exports re-exported keep their identity and state is shared', () => {
    same((ns) => {
      const p = inst(ns, provider);
      const c = inst(ns, consumer, { p });
      return [
        () => c.add === p.add, () => c.mem === p.mem, () => c.tab === p.tab, () => c.g === p.g,
        () => c.add(2, 40), () => c.call(0, 5, 6), () => c.call(1, 5, 6), () => c.call(2, 5, 6), () => c.call(9, 5, 6),
        () => { c.setg(99); return p.getg(); }, () => p.g.value,
        () => { p.g.value = -4; return p.getg(); },
        () => { c.store(10, 200); return p.load(10); },
        () => new Uint8Array(p.mem.buffer)[10],
        () => { const b = p.mem.buffer; p.grow(1); return [b === p.mem.buffer, p.mem.buffer.byteLength]; },
        () => c.store(131071, 1), () => c.store(131072, 1),
        () => p.tab.get(0) === p.add, () => p.tab.get(2),
        () => { p.tab.set(2, p.add); return c.call(2, 1, 2); },
        () => p.gc.value, () => { p.gc.value = 1n; },
        () => Object.getPrototypeOf(p), () => Object.isFrozen(p), () => Object.keys(p),
        () => { 'use strict'; (p as any).x = 1; },
        () => [p.add.length, p.add.name, p.neg.length, p.neg.name],
        () => new p.add(1, 2),
      ];
    });
  });

  test('a table element from another instance passes call_indirect by signature', () => {
    same((ns) => {
      const p = inst(ns, provider);
      const t = new ns.Table({ element: 'anyfunc', initial: 3 });
      t.set(0, p.add);
      t.set(1, p.neg);
      const c = inst(ns, `(module (import "m" "t" (table 3 funcref)) (type $ii (func (param i32 i32) (result i32)))
        (func (export "call") (param i32) (result i32) (call_indirect (type $ii) (i32.const 20) (i32.const 22) (local.get 0))))`, { m: { t } });
      return [() => c.call(0), () => c.call(1), () => c.call(2), () => c.call(3)];
    });
  });

  test('link errors and type errors of the import object', () => {
    const needs = `(module (import "m" "f" (func (param i32))) (import "m" "mem" (memory 1 2))
      (import "m" "t" (table 1 externref)) (import "m" "g" (global i32)) (import "m" "gm" (global (mut f64))))`;
    same((ns) => {
      const f = inst(ns, '(module (func (export "f") (param i32)) (func (export "h") (param i64)))');
      const ok = () => ({
        f: f.f, mem: new ns.Memory({ initial: 1, maximum: 2 }), t: new ns.Table({ element: 'externref', initial: 1 }),
        g: 5, gm: new ns.Global({ value: 'f64', mutable: true }),
      });
      const run = (patch: any) => () => { const m = Object.assign(ok(), patch); inst(ns, needs, { m }); return 'ok'; };
      return [
        run({}), run({ f: () => 0 }), run({ f: undefined }), run({ f: 5 }), run({ f: f.h }),
        run({ mem: new ns.Memory({ initial: 0, maximum: 2 }) }), run({ mem: new ns.Memory({ initial: 1 }) }),
        run({ mem: new ns.Memory({ initial: 2, maximum: 3 }) }), run({ mem: new ns.Memory({ initial: 2, maximum: 2 }) }),
        run({ mem: {} }), run({ t: new ns.Table({ element: 'anyfunc', initial: 1 }) }),
        run({ t: new ns.Table({ element: 'externref', initial: 0 }) }), run({ t: new ns.Table({ element: 'externref', initial: 5, maximum: 6 }) }),
        run({ g: new ns.Global({ value: 'i32' }, 1) }), run({ g: new ns.Global({ value: 'i32', mutable: true }, 1) }),
        run({ g: new ns.Global({ value: 'f32' }, 1) }), run({ g: '5' }), run({ g: 5n }),
        run({ gm: 1.5 }), run({ gm: new ns.Global({ value: 'f64' }) }),
        () => inst(ns, needs), () => inst(ns, needs, null), () => inst(ns, needs, { m: 5 }), () => inst(ns, needs, {}),
        () => Object.keys(inst(ns, '(module)', undefined)),
        () => new ns.Instance({}), () => new ns.Module(5), () => new ns.Module(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])),
      ];
    });
  });

  test('globals of reference types: a missing externref is undefined, a funcref must be null or exported', () => {
    // found by the differential fuzzing (test/fuzz/differential.mjs): undefined used to be "unknown import"
    same((ns) => {
      const f = inst(ns, '(module (func (export "f")))').f;
      const run = (type: string, v: any) => () => {
        const e = inst(ns, `(module (import "m" "g" (global ${type})) (func (export "get") (result ${type}) (global.get 0)))`, { m: { g: v } });
        const r = e.get();
        return r === null ? 'null' : r === f ? 'f' : typeof r === 'function' ? 'another function' : r;
      };
      return [
        run('externref', undefined), run('externref', null), run('externref', 5), run('externref', 'x'),
        run('funcref', undefined), run('funcref', null), run('funcref', f), run('funcref', 5), run('funcref', () => 0),
        run('i32', undefined), run('i64', undefined),
      ];
    });
  });

  test('link error messages start with the spec wording after the import name', () => {
    const needs = '(module (import "m" "f" (func (param i32))))';
    expect(() => inst(W, needs, { m: {} })).toThrow(LinkError);
    expect(() => inst(W, needs, { m: {} })).toThrow('import "m" "f": unknown import');
    expect(() => inst(W, needs, { m: { f: 1 } })).toThrow('import "m" "f": incompatible import type');
    const h = inst(W, '(module (func (export "h") (param i64)))').h;
    expect(() => inst(W, needs, { m: { f: h } })).toThrow('import "m" "f": incompatible import type');
  });
});

describe('calls between JS and wasm', () => {
  test('host functions get converted arguments and may call back into wasm', () => {
    same((ns) => {
      const log: any[] = [];
      let e: any;
      const imports = {
        env: {
          log: (a: number, b: bigint, c: number, d: number, r: any) => { log.push([a, b, c, d, r]); },
          back: (n: number) => (n <= 0 ? 0 : e.fact(n - 1) * n + e.add3(1, 2, 3)),
          f32: () => 0.1,
          many: () => [1, 2n, 3.5],
          iter: () => new Set([4, 5n, 6.5]),
          short: () => [1, 2n],
          notIter: () => 5,
        },
      };
      e = inst(ns, `(module
        (import "env" "log" (func $log (param i32 i64 f32 f64 externref)))
        (import "env" "back" (func $back (param i32) (result i32)))
        (import "env" "f32" (func $f32 (result f32)))
        (import "env" "many" (func $many (result i32 i64 f64)))
        (import "env" "iter" (func $iter (result i32 i64 f64)))
        (import "env" "short" (func $short (result i32 i64 f64)))
        (import "env" "notIter" (func $notIter (result i32 i64 f64)))
        (func (export "go") (param externref)
          (call $log (i32.const -1) (i64.const -2) (f32.const 1.5) (f64.const -0.25) (local.get 0)))
        (func $fact (export "fact") (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
            (else (i32.mul (local.get 0) (call $back (local.get 0))))))
        (func (export "add3") (param i32 i32 i32) (result i32) (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
        (func (export "f32") (result f32) (call $f32))
        (func (export "many") (result i32 i64 f64) (call $many))
        (func (export "iter") (result i32 i64 f64) (call $iter))
        (func (export "short") (result i32 i64 f64) (call $short))
        (func (export "notIter") (result i32 i64 f64) (call $notIter)))`, imports);
      const obj = { o: 1 };
      return [
        () => { e.go(obj); return log[0][4] === obj && log[0].slice(0, 4); },
        () => { e.go(null); return log[1][4]; },
        () => { e.go(undefined); return log[2][4]; },
        () => e.fact(5), () => e.f32(), () => e.many(), () => e.iter(), () => e.short(), () => e.notIter(),
      ];
    });
  });

  test('argument and result conversions', () => {
    same((ns) => {
      const e = inst(ns, `(module
        (func (export "i32") (param i32) (result i32) (local.get 0))
        (func (export "i64") (param i64) (result i64) (local.get 0))
        (func (export "f32") (param f32) (result f32) (local.get 0))
        (func (export "f64") (param f64) (result f64) (local.get 0))
        (func (export "ext") (param externref) (result externref) (local.get 0))
        (func (export "fn") (param funcref) (result funcref) (local.get 0))
        (func (export "isnull") (param externref) (result i32) (ref.is_null (local.get 0)))
        (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0)))`);
      const vals: any[] = [undefined, null, 1.9, -1.9, 2 ** 31, '7', 0.1, NaN, { valueOf: () => 4 }, 1n, true];
      const out: (() => any)[] = [];
      for (const t of ['i32', 'f32', 'f64']) for (const v of vals) out.push(() => e[t](v));
      for (const v of [1n, -1n, 2n ** 64n - 1n, '3', 1, undefined]) out.push(() => e.i64(v));
      out.push(() => e.ext(undefined), () => e.ext(null), () => e.isnull(undefined), () => e.isnull(null), () => e.isnull(0));
      out.push(() => e.fn(null), () => e.fn(e.i32) === e.i32, () => e.fn(() => 1), () => e.fn(undefined));
      out.push(() => e.swap(3, 2.5), () => e.swap(), () => e.i32(1, 2, 3));
      return out;
    });
  });

  test('traps are RuntimeErrors with the spec text; exhaustion is a RangeError', () => {
    const e = inst(W, `(module (memory 1) (table 1 funcref)
      (func (export "unreachable") unreachable)
      (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func (export "oob") (result i32) (i32.load (i32.const 65535)))
      (func (export "ci") (call_indirect (i32.const 0)))
      (func $r (export "rec") (param i32) (result i32) (i32.add (call $r (local.get 0)) (i32.const 1))))`);
    const cases: [string, string][] = [['unreachable', 'unreachable'], ['div', 'integer divide by zero'], ['oob', 'out of bounds memory access'], ['ci', 'uninitialized element']];
    for (const [name, text] of cases) {
      let err: any;
      try { e[name](0); } catch (x) { err = x; }
      expect(err).toBeInstanceOf(RuntimeError);
      expect(err).toBeInstanceOf(Error);
      expect(err.message.startsWith(text)).toBe(true);
    }
    expect(() => e.rec(0)).toThrow(RangeError);
    expect(() => e.rec(0)).toThrow(/^call stack exhausted/);
    // The thread is usable after a trap and after exhaustion.
    expect(e.div(1)).toBe(1);
  });

  test('a host exception propagates through wasm and leaves the thread usable', () => {
    const boom = new Error('boom');
    const e = inst(W, `(module (import "m" "f" (func $f)) (func (export "a") (param i32) (result i32) (call $f) (local.get 0)))`, { m: { f: () => { throw boom; } } });
    expect(() => e.a(1)).toThrow(boom);
    const e2 = inst(W, '(module (func (export "id") (param i32) (result i32) (local.get 0)))');
    expect(e2.id(5)).toBe(5);
  });
});

describe('instantiation', () => {
  test('segments apply in order until one traps, then the start function runs', () => {
    same((ns) => {
      const mem = new ns.Memory({ initial: 1 });
      const tab = new ns.Table({ element: 'anyfunc', initial: 2 });
      const calls: number[] = [];
      let before: any;
      const mod = (dataOffset: number, elemOffset: number) => `(module
        (import "m" "mem" (memory 1)) (import "m" "tab" (table 2 funcref)) (import "m" "start" (func $s (param i32)))
        (func $f (result i32) (i32.const 11))
        (elem (i32.const 0) $f) (elem (i32.const ${elemOffset}) $f $f)
        (data (i32.const 0) "ab") (data (i32.const ${dataOffset}) "cd")
        (func $start (call $s (i32.load8_u (i32.const 1)))) (start $start))`;
      const imports = { m: { mem, tab, start: (x: number) => { calls.push(x); } } };
      return [
        () => inst(ns, mod(65535, 0), imports),
        () => [new Uint8Array(mem.buffer)[0], new Uint8Array(mem.buffer)[1], tab.get(0) !== null, calls.length],
        () => { new Uint8Array(mem.buffer).fill(0); before = tab.get(0); return inst(ns, mod(2, 1), imports); },
        () => [tab.get(0) !== before, typeof tab.get(0), typeof tab.get(1), new Uint8Array(mem.buffer)[0], calls.length],
        () => Object.keys(inst(ns, mod(2, 0), imports)),
        () => [calls, new Uint8Array(mem.buffer)[3], tab.get(0)()],
      ];
    });
  });

  test('a trapping start function fails instantiation with a RuntimeError', () => {
    expect(() => inst(W, '(module (func $s unreachable) (start $s))')).toThrow(RuntimeError);
  });

  test('memory and table minimums beyond the thread limits are rejected with RangeError', () => {
    // The default thread limit is 65536 pages; 65536 pages still exceed Node's allocation or pass.
    const bytes = wat('(module (table 20000000 funcref))');
    expect(() => new W.Instance(new W.Module(bytes))).toThrow(RangeError);
    expect(() => new W.Instance(new W.Module(bytes))).toThrow(/table size 20000000 exceeds the limit/);
  });

  test('global initialisers read imported globals and ref.func gives the instance function', () => {
    same((ns) => {
      const e = inst(ns, `(module (import "m" "g" (global $g i32)) (import "m" "h" (global $h i64))
        (global (export "a") i32 (global.get $g)) (global (export "b") i64 (global.get $h))
        (global (export "f") funcref (ref.func $f)) (global (export "n") externref (ref.null extern))
        (global (export "x") f32 (f32.const 0.1)) (global (export "y") (mut f64) (f64.const -0))
        (func $f (export "fn") (result i32) (i32.const 3)))`, { m: { g: 42, h: -5n } });
      return [() => e.a.value, () => e.b.value, () => e.f.value === e.fn, () => e.n.value, () => e.x.value, () => Object.is(e.y.value, -0)];
    });
  });
});

describe('Module', () => {
  const bytes = () => wat(`(module (import "a" "f" (func)) (import "a" "m" (memory 1)) (import "b" "t" (table 1 funcref)) (import "b" "g" (global i32))
    (func (export "e1")) (global (export "e2") i32 (i32.const 0)) (table (export "e4") 0 externref) (export "e3" (memory 0)))`);

  test('reflection and validation agree with Node', () => {
    same((ns) => {
      const b = bytes();
      const m = new ns.Module(b);
      const withCustom = new Uint8Array([...b, 0, 6, 3, 0x61, 0x62, 0x63, 9, 8, 0, 5, 3, 0x61, 0x62, 0x63, 7]);
      const cm = new ns.Module(withCustom);
      return [
        () => ns.Module.exports(m), () => ns.Module.imports(m), () => ns.Module.exports({}), () => ns.Module.imports(5),
        () => ns.Module.customSections(cm, 'abc').map((s: ArrayBuffer) => [...new Uint8Array(s)]),
        () => ns.Module.customSections(cm, 'x'), () => ns.Module.customSections(cm),
        () => ns.validate(b), () => ns.validate(b.subarray(0, 9)), () => ns.validate(b.buffer), () => ns.validate([0]),
      ];
    });
  });

  test('the module keeps a view of the caller bytes (no copy), or copies them as the JS API does', () => {
    const b = bytes();
    const m = new W.Module(b);
    expect(m._module.bytes.buffer).toBe(b.buffer);
    // a data segment is read at instantiation: a change to the bytes before it shows without
    // copies; with copies it changes nothing, as in native WebAssembly
    const src = wat('(module (memory (export "m") 1) (data (i32.const 0) "\\15"))');
    const at = src.lastIndexOf(0x15);
    const first = (ns: any): number => {
      const b2 = src.slice();
      const m2 = new ns.Module(b2);
      b2[at] = 0x16;
      return new Uint8Array(new ns.Instance(m2, {}).exports.m.buffer)[0];
    };
    expect(first(W)).toBe(0x16);
    setCopyModuleBytes(true);
    try {
      expect(first(W)).toBe(0x15);
      expect(first(native)).toBe(0x15);
    } finally {
      setCopyModuleBytes(false);
    }
  });

  test('compile errors are CompileError', () => {
    expect(() => new W.Module(new Uint8Array([0, 97, 115, 109]))).toThrow(CompileError);
    expect(W.validate(new Uint8Array([1, 2, 3]))).toBe(false);
  });
});

describe('promise API', () => {
  test('compile and both instantiate overloads', async () => {
    const b = wat('(module (func (export "f") (result i32) (i32.const 9)))');
    for (const ns of [W, native]) {
      const m = await ns.compile(b);
      expect(m).toBeInstanceOf(ns.Module);
      const r = await ns.instantiate(b, {});
      expect(r.module).toBeInstanceOf(ns.Module);
      expect(r.instance).toBeInstanceOf(ns.Instance);
      expect(r.instance.exports.f()).toBe(9);
      const i = await ns.instantiate(m);
      expect(i).toBeInstanceOf(ns.Instance);
      expect(i.exports.f()).toBe(9);
      await expect(ns.compile(new Uint8Array(4))).rejects.toBeInstanceOf(ns.CompileError);
      await expect(ns.compile(5)).rejects.toBeInstanceOf(TypeError);
      await expect(ns.instantiate(wat('(module (import "a" "b" (func)))'), {})).rejects.toBeInstanceOf(TypeError);
      await expect(ns.instantiate(wat('(module (import "a" "b" (func)))'), { a: {} })).rejects.toBeInstanceOf(ns.LinkError);
    }
  });
});

describe('streaming API (Web API)', () => {
  test('compileStreaming and instantiateStreaming take a Response or its Promise, with the checks browsers make', async () => {
    const b = wat('(module (func (export "f") (result i32) (i32.const 9)))');
    const wasm = { 'Content-Type': 'application/wasm' };
    const kind = (p: Promise<any>) => p.then((r: any) => (r.instance ? 'instance ' + r.instance.exports.f() : 'module'), (e: any) => e.constructor.name);
    const cases = (ns: any) => [
      ns.compileStreaming(new Response(b, { headers: wasm })),
      ns.instantiateStreaming(Promise.resolve(new Response(b, { headers: wasm })), {}),
      ns.instantiateStreaming(new Response(b, { headers: { 'Content-Type': 'application/octet-stream' } }), {}),
      ns.instantiateStreaming(new Response(b, { headers: wasm, status: 404 }), {}),
      ns.compileStreaming(new Response(new Uint8Array(4), { headers: wasm })),
      ns.instantiateStreaming(new Response(wat('(module (import "a" "b" (func)))'), { headers: wasm }), { a: {} }),
      ns.compileStreaming(b),
      ns.compileStreaming(Promise.reject(new RangeError('fetch failed'))),
      (() => { const r = new Response(b, { headers: wasm }); r.arrayBuffer(); return ns.compileStreaming(r); })(),
    ].map((p, i) => kind(p).then((k) => i + ' ' + k));
    const ours = await Promise.all(cases(W));
    const theirs = await Promise.all(cases(native));
    expect(ours).toEqual(theirs);
    expect(ours[0]).toBe('0 module');
    expect(ours[1]).toBe('1 instance 9');
    // The MIME type's essence counts, as the Web API says (Node 20 wants the exact string)
    const typed = new Response(b, { headers: { 'content-type': 'Application/Wasm; x=1' } });
    expect(await kind(W.instantiateStreaming(typed, {}))).toBe('instance 9');
  });
});

describe('i64 without a codec', () => {
  test('crosses as a { lo, hi } pair of signed halves; numbers are accepted', () => {
    setI64Codec(null);
    try {
      const e = inst(W, `(module (func (export "id") (param i64) (result i64) (local.get 0))
        (func (export "add1") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1))))`);
      expect(e.id({ lo: -1, hi: 0x7fffffff })).toEqual({ lo: -1, hi: 0x7fffffff });
      expect(e.add1({ lo: -1, hi: 0 })).toEqual({ lo: 0, hi: 1 });
      expect(e.id(-2)).toEqual({ lo: -2, hi: -1 });
      expect(e.id(2 ** 40 + 3)).toEqual({ lo: 3, hi: 256 });
      expect(() => e.id('x')).toThrow(TypeError);
      expect(new W.Global({ value: 'i64' }).value).toEqual({ lo: 0, hi: 0 });
    } finally {
      setI64Codec(bigintCodec);
    }
  });
});
