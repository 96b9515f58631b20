// Hostile input: mutated and pathological modules must only ever produce CompileError,
// LinkError, RuntimeError or RangeError with a message, never another exception, a hang or a
// host stack overflow. Deterministic (seeded) so a failure can be replayed.
import { describe, expect, test } from 'vitest';
import wabtInit from 'wabt';
import { WebAssembly as W, CompileError, LinkError, RuntimeError } from '../../core/index';

const seedModules = [
  `(module (func $fib (export "fib") (param i32) (result i32)
     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`,
  `(module (memory 1 2) (data (i32.const 8) "abcdef") (table 4 funcref) (elem (i32.const 1) $f $g)
     (global $g0 (mut i64) (i64.const -5)) (global f64 (f64.const 1.5))
     (func $f (param i64 f32) (result f64) (f64.promote_f32 (local.get 1)))
     (func $g (result i32) (block (result i32) (loop (drop (br_if 1 (i32.const 7) (i32.const 1)))) (i32.const 0)))
     (func (export "h") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
     (func (export "m") (i64.store (i32.const 0) (global.get $g0)) (memory.copy (i32.const 0) (i32.const 8) (i32.const 4))))`,
  `(module (type $t (func (param i32) (result i32)))
     (import "env" "f" (func $imp (type $t)))
     (func (export "k") (param i32 i32) (result i32 i32)
       (local.get 1) (local.get 0) (br_table 0 0 (local.get 0))))`,
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectWasmError(e: unknown) {
  const ok = e instanceof CompileError || e instanceof LinkError || e instanceof RuntimeError || e instanceof RangeError;
  if (!ok) throw new Error('unexpected exception: ' + (e instanceof Error ? e.stack : String(e)));
  expect((e as Error).message.length).toBeGreaterThan(0);
}

function tryModule(bytes: Uint8Array) {
  let mod: any;
  try {
    mod = new W.Module(bytes);
  } catch (e) {
    expectWasmError(e);
    return 'rejected';
  }
  // Instantiate only modules without a start function (no fuel yet to stop an endless one).
  if (W.Module.imports(mod).length === 0 && !hasStart(bytes)) {
    try {
      new W.Instance(mod, {});
    } catch (e) {
      expectWasmError(e);
    }
  }
  return 'accepted';
}

function hasStart(bytes: Uint8Array) {
  // Conservative: any byte 8 could be a start section id; good enough to avoid running one.
  return bytes.indexOf(8) >= 0;
}

describe('hostile modules', () => {
  test('random byte mutations of valid modules', async () => {
    const wabt = await wabtInit();
    const random = rng(12345);
    let rejected = 0;
    let accepted = 0;
    for (const text of seedModules) {
      const base = new Uint8Array(wabt.parseWat('m.wat', text, {}).toBinary({}).buffer);
      expect(tryModule(base)).toBe('accepted');
      for (let i = 0; i < 1500; i++) {
        const b = base.slice();
        const n = 1 + Math.floor(random() * 3);
        for (let k = 0; k < n; k++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
        if (tryModule(b) === 'rejected') rejected++;
        else accepted++;
      }
      for (let cut = 0; cut < base.length; cut++) {
        // Every proper prefix is either a complete shorter module or malformed.
        const r = tryModule(base.subarray(0, cut));
        if (cut < 8) expect(r).toBe('rejected');
      }
    }
    expect(rejected).toBeGreaterThan(100);
    expect(accepted + rejected).toBe(4500);
  }, 60000);

  test('deeply nested blocks compile without recursing on the JS stack', () => {
    const depth = 100000;
    const body: number[] = [0x00]; // no locals
    for (let i = 0; i < depth; i++) body.push(0x02, 0x40); // block (empty type)
    for (let i = 0; i < depth; i++) body.push(0x0b);
    body.push(0x0b);
    const bytes = moduleWithBody(body);
    const mod = new W.Module(bytes);
    const inst = new W.Instance(mod, {});
    expect((inst.exports as any).f()).toBe(undefined);
  });

  test('a module declaring too many locals is rejected, not allocated', () => {
    // locals: 1 entry of 0xffffffff i32s
    const body = [0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b];
    expect(() => new W.Module(moduleWithBody(body))).toThrow(CompileError);
  });

  test('unbounded recursion ends with RangeError "call stack exhausted"', async () => {
    const wabt = await wabtInit();
    const bin = wabt.parseWat('r.wat', '(module (func $r (export "r") (call $r)))', {}).toBinary({}).buffer;
    const inst = new W.Instance(new W.Module(bin), {});
    expect(() => (inst.exports as any).r()).toThrow(/^call stack exhausted/);
    expect(() => (inst.exports as any).r()).toThrow(RangeError);
  });
});

/** A module with one exported function "f" of type [] -> [] with the given body bytes. */
function moduleWithBody(body: number[]): Uint8Array {
  const leb = (n: number) => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const section = (id: number, payload: number[]) => [id, ...leb(payload.length), ...payload];
  const code = [1, ...leb(body.length), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [1, 0]),
    ...section(7, [1, 1, 0x66, 0x00, 0]),
    ...section(10, code),
  ]);
}
