// Wasm code offsets in trap backtraces (core/exec/thread.ts backtrace, fed by the compiler's
// CompiledFunc.srcMap): the trapping frame points at the trapping instruction, callers at their
// call instruction; offsets count from the start of the module bytes. The expected offsets are
// found by walking the function bodies of the module bytes here.
import { describe, it, expect, beforeAll } from 'vitest';
import wabtInit from 'wabt';
import { loadWabt, wat } from '../api/helpers';
import { WebAssembly as W, wasmBacktrace, memoryUsage } from '../../../core/index';

let wabt: any = null;
beforeAll(async () => {
  await loadWabt();
  wabt = await wabtInit();
});

function watNamed(text: string): Uint8Array {
  const m = wabt.parseWat('t.wat', text, { multi_value: true, reference_types: true, bulk_memory: true });
  m.resolveNames();
  try {
    return new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
  } finally {
    m.destroy();
  }
}

function leb(bytes: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [v, pos];
  }
}

/** For each defined function: the offset of its first instruction (after the locals) and its end. */
function bodies(bytes: Uint8Array): Array<[number, number]> {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, p] = leb(bytes, pos + 1);
    if (id === 10) {
      const out: Array<[number, number]> = [];
      let [n, q] = leb(bytes, p);
      for (let i = 0; i < n; i++) {
        const [bsize, b] = leb(bytes, q);
        const end = b + bsize;
        let [groups, c] = leb(bytes, b);
        for (let g = 0; g < groups; g++) c = leb(bytes, c)[1] + 1;
        out.push([c, end]);
        q = end;
      }
      return out;
    }
    pos = p + size;
  }
  throw new Error('no code section');
}

/** Offsets of every instruction with opcode `op` in defined function `f` (a small instruction subset). */
function findOps(bytes: Uint8Array, f: number, op: number): number[] {
  const [start, end] = bodies(bytes)[f];
  const out: number[] = [];
  let pc = start;
  while (pc < end) {
    const b = bytes[pc];
    if (b === op) out.push(pc);
    if (b === 0x20 || b === 0x21 || b === 0x41 || b === 0x10 || b === 0x0d) pc = leb(bytes, pc + 1)[1];
    else if (b === 0x11) pc = leb(bytes, leb(bytes, pc + 1)[1])[1];
    else if (b >= 0x28 && b <= 0x3e) pc = leb(bytes, leb(bytes, pc + 1)[1])[1];
    else if (b === 0x02 || b === 0x03 || b === 0x04) pc += 2;
    else if ((b >= 0x45 && b <= 0xc4) || b === 0x00 || b === 0x01 || b === 0x0b || b === 0x1a || b === 0x05) pc += 1;
    else throw new Error('opcode not handled by the test: 0x' + b.toString(16));
  }
  return out;
}

function trapOf(f: () => unknown): any {
  try { f(); } catch (e) { return e; }
  throw new Error('no trap');
}

describe('trap backtrace offsets', () => {
  it('gives the offsets of the trapping instruction and of each call, and shows them in stack', () => {
    const bytes = watNamed(`(module
      (func $inner (param i32) (result i32) (local i32) (local.set 1 (i32.const 7))
        (drop (i32.add (local.get 1) (i32.const 2)))
        (i32.div_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (drop (call $leaf)) (call $inner (local.get 0)))
      (func $leaf (result i32) (i32.const 3))
      (func $outer (export "outer") (param i32) (result i32)
        (drop (i32.mul (local.get 0) (i32.const 5)))
        (call $middle (local.get 0))))`);
    const e = new W.Instance(new W.Module(bytes)).exports as any;
    const err = trapOf(() => e.outer(0));
    expect(err.message).toBe('integer divide by zero');
    const frames = wasmBacktrace(err);
    expect(frames.map((f: any) => f.name)).toEqual(['inner', 'middle', 'outer']);
    const div = findOps(bytes, 0, 0x6e);
    const middleCalls = findOps(bytes, 1, 0x10);
    const outerCalls = findOps(bytes, 3, 0x10);
    expect(div.length).toBe(1);
    expect(middleCalls.length).toBe(2);
    expect(outerCalls.length).toBe(1);
    expect(bytes[div[0]]).toBe(0x6e);
    expect(frames.map((f: any) => f.offset)).toEqual([div[0], middleCalls[1], outerCalls[0]]);
    for (const f of frames) expect(typeof f.pc).toBe('number');
    expect(err.stack).toContain(`at inner (wasm-function[0]:0x${div[0].toString(16)})`);
    expect(err.stack).toContain(`at middle (wasm-function[1]:0x${middleCalls[1].toString(16)})`);
    expect(err.stack).toContain(`at outer (wasm-function[3]:0x${outerCalls[0].toString(16)})`);
  });

  it('points at the load of a fused indexed load (shift and load are one instruction)', () => {
    const bytes = wat(`(module (memory 1)
      (func (export "load") (param i32) (result i32) (i32.load offset=4 (i32.shl (local.get 0) (i32.const 2)))))`);
    const e = new W.Instance(new W.Module(bytes)).exports as any;
    const err = trapOf(() => e.load(0x4000));
    expect(err.message).toBe('out of bounds memory access');
    expect(wasmBacktrace(err).map((f: any) => f.offset)).toEqual(findOps(bytes, 0, 0x28));
  });

  it('points at loads, call_indirect and unreachable, with indices when there are no names', () => {
    const bytes = wat(`(module (memory 1) (table 2 funcref) (type $t (func (result i32)))
      (func (export "load") (param i32) (result i32) (i32.add (i32.const 1) (i32.load offset=4 (local.get 0))))
      (func (export "ind") (param i32) (result i32) (drop (i32.const 0)) (call_indirect (type $t) (local.get 0)))
      (func (export "unr") (nop) unreachable))`);
    const e = new W.Instance(new W.Module(bytes)).exports as any;
    let err = trapOf(() => e.load(65535));
    expect(err.message).toBe('out of bounds memory access');
    expect(wasmBacktrace(err).map((f: any) => f.offset)).toEqual(findOps(bytes, 0, 0x28));
    err = trapOf(() => e.ind(1));
    expect(wasmBacktrace(err).map((f: any) => f.offset)).toEqual(findOps(bytes, 1, 0x11));
    err = trapOf(() => e.unr());
    const unr = findOps(bytes, 2, 0x00);
    expect(wasmBacktrace(err)).toEqual([{ name: 'wasm-function[2]', index: 2, pc: 0, offset: unr[0] }]);
    expect(err.stack).toContain(`at wasm-function[2] (wasm-function[2]:0x${unr[0].toString(16)})`);
  });

  it('points every frame of a stack exhaustion at its call', () => {
    const bytes = wat('(module (func $f (export "f") (drop (i32.div_s (i32.const 1) (i32.const 1))) (call $f)))');
    const e = new W.Instance(new W.Module(bytes)).exports as any;
    const err = trapOf(() => e.f());
    expect(err.message).toBe('call stack exhausted');
    const call = findOps(bytes, 0, 0x10)[0];
    const frames = wasmBacktrace(err);
    expect(frames.length).toBeGreaterThan(100);
    for (const f of frames) expect(f.offset).toBe(call);
  });

  it('counts the source maps in memoryUsage code bytes', () => {
    const m = new W.Module(wat(`(module (memory 1)
      (func (export "f") (result i32) (i32.add (i32.const 1) (i32.const 2)))
      (func (export "g") (param i32) (result i32) (i32.load (local.get 0))))`));
    const compiled = (m as any)._module.compiled;
    expect(compiled[0].srcMap).toBeNull();
    expect(Array.from(compiled[1].srcMap)).toEqual([compiled[1].srcMap[0], findOps(new Uint8Array((m as any)._module.bytes), 1, 0x28)[0]]);
    let bytes = 0;
    for (const cf of compiled) bytes += cf.code.byteLength + cf.localIsRef.byteLength + (cf.srcMap ? cf.srcMap.byteLength : 0) + 48;
    expect(memoryUsage(m).code).toBe(bytes);
    expect(compiled[1].srcMap.byteLength).toBe(8);
  });
});
