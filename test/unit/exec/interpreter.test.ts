// Tests of core/exec/interpreter.ts (and bulk.ts): hand-assembled internal code run on hand-built
// modules and instances, checked against hand-computed results, native WebAssembly (as an oracle
// for every numeric instruction) and BigInt.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execute } from '../../../core/exec/interpreter';
import { moveBytes } from '../../../core/exec/bulk';
import { Thread, defaultLimits, Limits } from '../../../core/exec/thread';
import { Op, isUnaryNumeric } from '../../../core/compile/ops';
import { packCode } from '../../../core/compile/pack';
import { Trap } from '../../../core/errors';
import { FuncInst } from '../../../core/runtime/func';
import { ModuleInstance } from '../../../core/runtime/instance';
import { MemoryInst } from '../../../core/runtime/memory';
import { TableInst } from '../../../core/runtime/table';
import { GlobalInst } from '../../../core/runtime/global';
import type { FuncType, Module } from '../../../core/module';

// ---- helpers: hand-built modules, instances and functions ----

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, FUNCREF = 0x70, EXTERNREF = 0x6f;

function ftype(params: number[], results: number[]): FuncType {
  const hex = (t: number) => t.toString(16);
  return { params, results, sig: params.map(hex).join('') + ':' + results.map(hex).join('') };
}

function emptyModule(types: FuncType[]): Module {
  return {
    bytes: new Uint8Array(0), types, imports: [], funcTypes: [], numImportedFuncs: 0,
    tables: [], numImportedTables: 0, memories: [], numImportedMemories: 0,
    globals: [], numImportedGlobals: 0, globalInits: [], exports: [], start: -1,
    elems: [], datas: [], dataCount: -1, codes: [], customSections: [],
    declaredRefs: new Uint8Array(0), funcNames: [], moduleName: null, compiled: [],
  };
}

interface FuncSpec {
  type: FuncType;
  code: number[];
  /** Parameters + declared locals. */
  nlocals?: number;
  frameSlots: number;
  refLocals?: number[];
}

/** An instance whose functions are `funcs` (wasm specs or ready FuncInsts, e.g. host functions or imports). */
function instantiate(funcs: (FuncSpec | FuncInst)[], opts: { memPages?: number; memMax?: number; module?: Module } = {}): ModuleInstance {
  const module = opts.module ?? emptyModule([]);
  const inst = new ModuleInstance(module);
  for (let i = 0; i < funcs.length; i++) {
    const f = funcs[i];
    if (f instanceof FuncInst) {
      inst.funcs.push(f);
      continue;
    }
    const nparams = f.type.params.length;
    const nlocals = f.nlocals ?? nparams;
    const localIsRef = new Uint8Array(nlocals - nparams);
    for (const r of f.refLocals ?? []) localIsRef[r - nparams] = 1;
    const compiled = { code: packed(f.code), nparams, nlocals, frameSlots: f.frameSlots, localIsRef, hasRefLocals: localIsRef.some((r) => r === 1), srcMap: null, inlined: null };
    inst.funcs.push(new FuncInst(f.type, inst, i, compiled, null));
  }
  if (opts.memPages !== undefined) inst.memories.push(new MemoryInst(opts.memPages, opts.memMax ?? -1));
  return inst;
}

/** Code written wide (ops.ts: an opcode word, then its operands; targets as wide indices), packed as the compiler packs it. */
function packed(wide: number[]): Int32Array {
  const code = new Int32Array(wide);
  const n = packCode(code, code.length, new Int32Array(code.length + 1));
  if (n < 0) throw new Error('operand too large to pack');
  return code.slice(0, n);
}

function host(type: FuncType, fn: (thread: Thread, base: number) => void): FuncInst {
  return new FuncInst(type, null, -1, null, fn);
}

function newThread(limits: Partial<Limits> = {}): Thread {
  return new Thread({ ...defaultLimits(), ...limits });
}

/** Calls f with i32 arguments at thread.top; returns the trap code and the i32 results. */
function call(thread: Thread, f: FuncInst, args: number[]): { trap: number; results: number[] } {
  const base = thread.top;
  thread.ensureStack(base + 2 * args.length);
  for (let i = 0; i < args.length; i++) thread.s32[base + 2 * i] = args[i];
  const trap = execute(thread, f, base);
  const results: number[] = [];
  if (trap === 0) for (let i = 0; i < f.type.results.length; i++) results.push(thread.s32[base + 2 * i]);
  return { trap, results };
}

/** Index of the first difference of two byte arrays, -1 if equal (toEqual is slow on 64 KiB). */
function diff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const i32_i32 = ftype([I32], [I32]);
const i32i32_i32 = ftype([I32, I32], [I32]);
const v_v = ftype([], []);
const v_i32 = ftype([], [I32]);

// ---- control flow and calls ----

describe('control flow', () => {
  test('i32.add of two parameters', () => {
    const inst = instantiate([{ type: i32i32_i32, frameSlots: 2, code: [Op.I32_ADD, 0, 0, 2, Op.RETURN] }]);
    const t = newThread();
    expect(call(t, inst.funcs[0], [40, 2])).toEqual({ trap: 0, results: [42] });
    expect(call(t, inst.funcs[0], [0x7fffffff, 1]).results).toEqual([-0x80000000]);
    expect(t.depth).toBe(0);
  });

  test('loop with BR_IF_BACK: sum 1..n', () => {
    // locals: 0 n, 1 acc ; stack slot 2 temp
    const code = [
      Op.CONST32, 2, 0,            // 0: acc = 0
      Op.I32_ADD, 2, 2, 0,         // 3: loop: acc += n
      Op.CONST32, 4, -1,           // 7
      Op.I32_ADD, 0, 0, 4,         // 10: n -= 1
      Op.BR_IF_BACK, 0, 3,         // 14: if n != 0 goto loop
      Op.COPY, 0, 2,               // 17
      Op.RETURN,
    ];
    const inst = instantiate([{ type: i32_i32, nlocals: 2, frameSlots: 3, code }]);
    const t = newThread();
    expect(call(t, inst.funcs[0], [100]).results).toEqual([5050]);
    expect(call(t, inst.funcs[0], [1]).results).toEqual([1]);
  });

  test('BR, BR_IF, BR_UNLESS, BR_BACK', () => {
    // f(x): r = x != 0 ? 10 : 20; then a loop that runs twice adding 1 each time: r + 2
    const code = [
      /* 0 */ Op.BR_UNLESS, 0, 8,
      /* 3 */ Op.CONST32, 2, 10,
      /* 6 */ Op.BR, 11,
      /* 8 */ Op.CONST32, 2, 20,
      /* 11 */ Op.CONST32, 4, 2,      // counter
      /* 14 */ Op.CONST32, 6, 1,      // loop header
      /* 17 */ Op.I32_ADD, 2, 2, 6,
      /* 21 */ Op.I32_SUB, 4, 4, 6,
      /* 25 */ Op.BR_IF, 4, 30,       // counter != 0: go to the back edge
      /* 28 */ Op.BR, 32,
      /* 30 */ Op.BR_BACK, 14,
      /* 32 */ Op.COPY, 0, 2,
      /* 35 */ Op.RETURN,
    ];
    const inst = instantiate([{ type: i32_i32, frameSlots: 4, code }]);
    const t = newThread();
    expect(call(t, inst.funcs[0], [5]).results).toEqual([12]);
    expect(call(t, inst.funcs[0], [0]).results).toEqual([22]);
  });

  test('br_table picks the indexed target, and the default for out-of-range (unsigned) indices', () => {
    const code = [
      /* 0 */ Op.BR_TABLE, 0, 3, 15, 19, 23, 27,
      /* 7 */ Op.UNREACHABLE, Op.UNREACHABLE, Op.UNREACHABLE, Op.UNREACHABLE, Op.UNREACHABLE, Op.UNREACHABLE, Op.UNREACHABLE, Op.UNREACHABLE,
      /* 15 */ Op.CONST32, 0, 100, Op.RETURN,
      /* 19 */ Op.CONST32, 0, 101, Op.RETURN,
      /* 23 */ Op.CONST32, 0, 102, Op.RETURN,
      /* 27 */ Op.CONST32, 0, 999, Op.RETURN,
    ];
    const inst = instantiate([{ type: i32_i32, frameSlots: 1, code }]);
    const t = newThread();
    expect(call(t, inst.funcs[0], [0]).results).toEqual([100]);
    expect(call(t, inst.funcs[0], [1]).results).toEqual([101]);
    expect(call(t, inst.funcs[0], [2]).results).toEqual([102]);
    expect(call(t, inst.funcs[0], [3]).results).toEqual([999]);
    expect(call(t, inst.funcs[0], [-1]).results).toEqual([999]);
  });

  test('select and select_ref copy both words of the chosen operand', () => {
    // params: a (i64 words via CONST64), c
    const code = [
      Op.CONST64, 2, 0x11111111, 0x22222222,
      Op.CONST64, 4, 0x33333333, 0x44444444,
      Op.SELECT, 6, 2, 4, 0,
      Op.COPY, 0, 6,
      Op.RETURN,
    ];
    const inst = instantiate([{ type: ftype([I32], [I64]), frameSlots: 4, code }]);
    const t = newThread();
    call(t, inst.funcs[0], [1]);
    expect([t.s32[0], t.s32[1]]).toEqual([0x11111111, 0x22222222]);
    call(t, inst.funcs[0], [0]);
    expect([t.s32[0], t.s32[1]]).toEqual([0x33333333, 0x44444444]);

    const refCode = [Op.SELECT_REF, 0, 2, 4, 6, Op.RETURN];
    const inst2 = instantiate([{ type: ftype([EXTERNREF, EXTERNREF, EXTERNREF, I32], [EXTERNREF]), frameSlots: 4, code: refCode }]);
    const A = { a: 1 }, B = { b: 2 };
    t.refs[2] = A; t.refs[4] = B; t.s32[6] = 7;
    expect(execute(t, inst2.funcs[0], 0)).toBe(0);
    expect(t.refs[0]).toBe(A);
    t.refs[2] = A; t.refs[4] = B; t.s32[6] = 0;
    execute(t, inst2.funcs[0], 0);
    expect(t.refs[0]).toBe(B);
  });

  test('declared locals start at zero and null, even when the stack held garbage', () => {
    // f(p): returns local1 (i32) + 0, and whether ref local 2 is null
    const code = [
      Op.REF_IS_NULL, 6, 4,
      Op.I32_ADD, 0, 2, 6,
      Op.RETURN,
    ];
    const inst = instantiate([{ type: i32_i32, nlocals: 3, refLocals: [2], frameSlots: 4, code }]);
    const t = newThread();
    t.s32.fill(-1);
    for (let i = 0; i < 64; i++) t.refs[i] = 'garbage';
    expect(call(t, inst.funcs[0], [5]).results).toEqual([1]);
    // The same through CALL from another function.
    const inst2 = instantiate([
      { type: i32_i32, frameSlots: 4, code: [Op.CONST32, 4, 9, Op.CALL, 1, 4, Op.COPY, 0, 4, Op.RETURN] },
      { type: i32_i32, nlocals: 3, refLocals: [2], frameSlots: 4, code },
    ]);
    t.s32.fill(-1);
    for (let i = 0; i < 64; i++) t.refs[i] = 'garbage';
    expect(call(t, inst2.funcs[0], [5]).results).toEqual([1]);
  });
});

describe('calls', () => {
  test('recursive factorial through CALL', () => {
    // fac(n) = n == 0 ? 1 : n * fac(n - 1)    frame: 0 n | 1 tmp/arg | 2 tmp
    const code = [
      /* 0 */ Op.BR_IF, 0, 7,
      /* 3 */ Op.CONST32, 0, 1,
      /* 6 */ Op.RETURN,
      /* 7 */ Op.CONST32, 4, 1,
      /* 10 */ Op.I32_SUB, 2, 0, 4,
      /* 14 */ Op.CALL, 0, 2,
      /* 17 */ Op.I32_MUL, 0, 0, 2,
      /* 21 */ Op.RETURN,
    ];
    const inst = instantiate([{ type: i32_i32, frameSlots: 3, code }]);
    const t = newThread();
    expect(call(t, inst.funcs[0], [10]).results).toEqual([3628800]);
    expect(call(t, inst.funcs[0], [0]).results).toEqual([1]);
    expect(t.depth).toBe(0);
  });

  test('results land at the call base; caller slots below the base survive', () => {
    // f0(): slot0 = 7, call f1(3, 4) at slot 1 -> returns (a-b, a+b) at slots 1,2; return s0*1000 + s1*10 + s2
    const f1 = { type: ftype([I32, I32], [I32, I32]), frameSlots: 3, code: [Op.I32_SUB, 4, 0, 2, Op.I32_ADD, 2, 0, 2, Op.COPY, 0, 4, Op.RETURN] };
    const f0 = {
      type: v_i32, frameSlots: 5, code: [
        Op.CONST32, 0, 7, Op.CONST32, 2, 3, Op.CONST32, 4, 4,
        Op.CALL, 1, 2,
        Op.CONST32, 6, 1000, Op.I32_MUL, 6, 0, 6,
        Op.CONST32, 8, 10, Op.I32_MUL, 8, 2, 8,
        Op.I32_ADD, 0, 6, 8, Op.I32_ADD, 0, 0, 4,
        Op.RETURN,
      ],
    };
    const inst = instantiate([f0, f1]);
    expect(call(newThread(), inst.funcs[0], []).results).toEqual([7000 - 10 + 7]);
  });

  test('deep recursion ends in CallStackExhausted without a JS stack overflow, and the thread is restored', () => {
    // f(n) = f(n + 1), forever.
    const code = [Op.CONST32, 4, 1, Op.I32_ADD, 2, 0, 4, Op.CALL, 0, 2, Op.RETURN];
    const inst = instantiate([{ type: i32_i32, frameSlots: 3, code }]);
    const t = newThread({ maxCallDepth: 1e6 });
    t.top = 10;
    expect(call(t, inst.funcs[0], [0]).trap).toBe(Trap.CallStackExhausted);
    expect(t.depth).toBe(0);
    expect(t.top).toBe(10);
    // n grew by 1 per frame at word base + 2k (each callee's frame starts one slot up); the deepest frame
    // reached is number maxCallDepth, with n = maxCallDepth - 1.
    expect(t.s32[10 + 2 * (1e6 - 1)]).toBe(1e6 - 1);
    expect(t.s32[10 + 2 * 1e6]).toBe(1e6);   // the argument it could not call with
    // The stack limit gives the same trap.
    const t2 = newThread({ maxStackSlots: 5000 });
    expect(call(t2, inst.funcs[0], [0]).trap).toBe(Trap.CallStackExhausted);
    expect(t2.depth).toBe(0);
    // And the thread is still usable.
    const ok = instantiate([{ type: i32i32_i32, frameSlots: 2, code: [Op.I32_ADD, 0, 0, 2, Op.RETURN] }]);
    expect(call(t, ok.funcs[0], [1, 2]).results).toEqual([3]);
  }, 60000);

  test('deep recursion that returns: countdown of 500000 frames', () => {
    // g(n) = n == 0 ? 0 : g(n - 1) + 1
    const code = [
      /* 0 */ Op.BR_IF, 0, 4,
      /* 3 */ Op.RETURN,
      /* 4 */ Op.CONST32, 4, 1,
      /* 7 */ Op.I32_SUB, 2, 0, 4,
      /* 11 */ Op.CALL, 0, 2,
      /* 14 */ Op.CONST32, 4, 1,     // the callee's frame overlapped this slot
      /* 17 */ Op.I32_ADD, 0, 2, 4,
      /* 21 */ Op.RETURN,
    ];
    const inst = instantiate([{ type: i32_i32, frameSlots: 3, code }]);
    const t = newThread({ maxCallDepth: 1e6 });
    expect(call(t, inst.funcs[0], [500000])).toEqual({ trap: 0, results: [500000] });
    expect(call(t, inst.funcs[0], [1e6 - 1]).trap).toBe(0);
    expect(call(t, inst.funcs[0], [1e6]).trap).toBe(Trap.CallStackExhausted);
    expect(t.depth).toBe(0);
  }, 60000);

  test('entry depth limit', () => {
    const inst = instantiate([{ type: v_v, frameSlots: 0, code: [Op.RETURN] }]);
    const t = newThread({ maxCallDepth: 3 });
    t.depth = 3;
    expect(execute(t, inst.funcs[0], 0)).toBe(Trap.CallStackExhausted);
    expect(t.depth).toBe(3);
    t.depth = 2;
    expect(execute(t, inst.funcs[0], 0)).toBe(0);
    expect(t.depth).toBe(2);
  });

  test('host functions: arguments, results, thread.top, and direct execute of a host function', () => {
    const seen: number[] = [];
    const h = host(ftype([I32, I32], [I32]), (thread, base) => {
      seen.push(base, thread.top, thread.depth);
      thread.s32[base] = thread.s32[base] * thread.s32[base + 2];
    });
    // f(x) = h(x, 6) + 1  (call base at slot 1 = word 2)
    const f = { type: i32_i32, frameSlots: 3, code: [Op.COPY, 2, 0, Op.CONST32, 4, 6, Op.CALL, 0, 2, Op.CONST32, 4, 1, Op.I32_ADD, 0, 2, 4, Op.RETURN] };
    const inst = instantiate([h, f]);
    const t = newThread();
    t.top = 20;
    expect(call(t, inst.funcs[1], [7]).results).toEqual([43]);
    expect(seen).toEqual([22, 26, 1]);
    expect(t.top).toBe(20);
    seen.length = 0;
    expect(call(t, h, [3, 5]).results).toEqual([15]);
    expect(seen).toEqual([20, 24, 0]);
  });

  test('a host function re-entering execute (recursion through the host), with stack growth', () => {
    // w(n) = n == 0 ? 0 : h(n - 1) + n, where h(m) = execute(w, m) from JS
    let inst!: ModuleInstance;
    const h = host(i32_i32, (thread, base) => {
      const b = thread.top;
      thread.ensureStack(b + 2);
      thread.s32[b] = thread.s32[base];
      const trap = execute(thread, inst.funcs[1], b);
      if (trap !== 0) throw new Error('trap ' + trap);
      thread.s32[base] = thread.s32[b];
    });
    const code = [
      /* 0 */ Op.BR_IF, 0, 4,
      /* 3 */ Op.RETURN,
      /* 4 */ Op.CONST32, 102, 1,         // calls at slot 50: the stack must grow
      /* 7 */ Op.I32_SUB, 100, 0, 102,
      /* 11 */ Op.CALL, 0, 100,
      /* 14 */ Op.I32_ADD, 0, 0, 100,
      /* 18 */ Op.RETURN,
    ];
    inst = instantiate([h, { type: i32_i32, frameSlots: 60, code }]);
    const t = newThread({ maxReentryDepth: 1000 });
    expect(call(t, inst.funcs[1], [300]).results).toEqual([300 * 301 / 2]);
    expect(t.depth).toBe(0);
    expect(t.s32.length).toBeGreaterThan(2048);
    // maxReentryDepth bounds how many entries from JS run at once (each holds an interpreter
    // frame on the JS engine's stack): one more is "call stack exhausted", and the count is
    // given back on the way out, so that the next call runs again
    const small = newThread({ maxReentryDepth: 10 });
    expect(call(small, inst.funcs[1], [9]).results).toEqual([45]);
    expect(() => call(small, inst.funcs[1], [10])).toThrow('trap ' + Trap.CallStackExhausted);
    expect(small.depth).toBe(0);
    expect(call(small, inst.funcs[1], [9]).results).toEqual([45]);
  });

  test('an exception thrown by a host function propagates and leaves no frames behind', () => {
    const boom = new Error('boom');
    const h = host(v_v, () => { throw boom; });
    // f -> g -> h
    const inst = instantiate([
      h,
      { type: v_v, frameSlots: 1, code: [Op.CALL, 2, 0, Op.RETURN] },
      { type: v_v, frameSlots: 1, code: [Op.CALL, 0, 0, Op.RETURN] },
    ]);
    const t = newThread();
    t.top = 6;
    t.depth = 1;
    expect(() => execute(t, inst.funcs[1], 6)).toThrow(boom);
    expect(t.depth).toBe(1);
    expect(t.top).toBe(6);
  });

  test('a host function that grows memory: the caller sees the new memory', () => {
    let inst!: ModuleInstance;
    const grow = host(v_v, () => { inst.memories[0].grow(1, 100); });
    // f(): call grow; store 77 at 65536; load it back
    const f = {
      type: v_i32, frameSlots: 2, code: [
        Op.CALL, 0, 0,
        Op.CONST32, 0, 65536, Op.CONST32, 2, 77,
        Op.I32_STORE, 0, 2, 0,
        Op.I32_LOAD, 0, 0, 0,
        Op.RETURN,
      ],
    };
    inst = instantiate([grow, f], { memPages: 1 });
    expect(call(newThread(), inst.funcs[1], []).results).toEqual([77]);
    expect(inst.memories[0].u8[65536]).toBe(77);
  });

  test('a wasm callee that grows memory: the caller sees the new memory after RETURN', () => {
    const grower = { type: v_v, frameSlots: 1, code: [Op.CONST32, 0, 2, Op.MEMORY_GROW, 0, 0, Op.RETURN] };
    const f = {
      type: v_i32, frameSlots: 2, code: [
        Op.CALL, 1, 0,
        Op.CONST32, 0, 3 * 65536 - 4, Op.CONST32, 2, -5,
        Op.I32_STORE, 0, 2, 0,
        Op.I32_LOAD, 0, 0, 0,
        Op.RETURN,
      ],
    };
    const inst = instantiate([f, grower], { memPages: 1 });
    expect(call(newThread(), inst.funcs[0], [])).toEqual({ trap: 0, results: [-5] });
  });

  test('calling a function of another instance switches instance and memory, and back', () => {
    // B.get(a) = load from B's memory; A.f() = A.load(0) * 1000 + B.get(0) + A.load(0)
    const B = instantiate([{ type: i32_i32, frameSlots: 1, code: [Op.I32_LOAD, 0, 0, 0, Op.RETURN] }], { memPages: 1 });
    B.memories[0].u8[0] = 2;
    const A = instantiate([
      {
        type: v_i32, frameSlots: 3, code: [
          Op.CONST32, 0, 0, Op.I32_LOAD, 0, 0, 0,       // s0 = A.mem[0]
          Op.CONST32, 2, 0, Op.CALL, 1, 2,              // s1 = B.get(0)
          Op.CONST32, 4, 0, Op.I32_LOAD, 4, 4, 0,       // s2 = A.mem[0]
          Op.CONST32, 6, 1000, Op.I32_MUL, 0, 0, 6,
          Op.I32_ADD, 0, 0, 2, Op.I32_ADD, 0, 0, 4,
          Op.RETURN,
        ],
      },
      B.funcs[0],
    ], { memPages: 1 });
    A.memories[0].u8[0] = 5;
    expect(call(newThread(), A.funcs[0], []).results).toEqual([5000 + 2 + 5]);
  });
});

describe('call_indirect', () => {
  const t1 = i32_i32;
  const t2 = ftype([I64], [I32]);
  function setup() {
    const module = emptyModule([t1, t2]);
    // f0(i) = call_indirect type 0 table 0 (i + 100) with arg 'i' at slot 1 -> slot 1 ; return it
    const inst = instantiate([
      { type: i32_i32, frameSlots: 3, code: [Op.CONST32, 2, 100, Op.CALL_INDIRECT, 0, 0, 2, 0, Op.COPY, 0, 2, Op.RETURN] },
      { type: ftype([I32], [I32]), frameSlots: 2, code: [Op.CONST32, 2, 11, Op.I32_ADD, 0, 0, 2, Op.RETURN] },
      { type: t2, frameSlots: 1, code: [Op.RETURN] },
      host(ftype([I32], [I32]), (th, b) => { th.s32[b] = th.s32[b] * 2; }),
    ], { module });
    const table = new TableInst(FUNCREF, 4, -1, null);
    table.elements[0] = inst.funcs[1];
    table.elements[1] = inst.funcs[2];
    table.elements[3] = inst.funcs[3];
    inst.tables.push(table);
    return inst;
  }
  test('calls the element, wasm or host, when the signature matches (by sig, not identity)', () => {
    const inst = setup();
    const t = newThread();
    expect(call(t, inst.funcs[0], [0]).results).toEqual([111]);
    expect(call(t, inst.funcs[0], [3]).results).toEqual([200]);
  });
  test('traps: undefined element, uninitialized element, type mismatch', () => {
    const inst = setup();
    const t = newThread();
    expect(call(t, inst.funcs[0], [1]).trap).toBe(Trap.IndirectCallTypeMismatch);
    expect(call(t, inst.funcs[0], [2]).trap).toBe(Trap.UninitializedElement);
    expect(t.trapIndex).toBe(2);
    expect(call(t, inst.funcs[0], [4]).trap).toBe(Trap.UndefinedElement);
    expect(t.trapIndex).toBe(4);
    expect(call(t, inst.funcs[0], [-1]).trap).toBe(Trap.UndefinedElement);
    expect(t.depth).toBe(0);
  });
});

// ---- traps ----

describe('traps', () => {
  function single(op: number, nargs: number) {
    const code = nargs === 2 ? [op, 0, 0, 2, Op.RETURN] : [op, 0, 0, Op.RETURN];
    return instantiate([{ type: i32i32_i32, frameSlots: 2, code }]).funcs[0];
  }
  test('unreachable, nested two calls deep: depth restored', () => {
    const inst = instantiate([
      { type: v_v, frameSlots: 1, code: [Op.CALL, 1, 0, Op.RETURN] },
      { type: v_v, frameSlots: 1, code: [Op.CALL, 2, 0, Op.RETURN] },
      { type: v_v, frameSlots: 1, code: [Op.UNREACHABLE] },
    ]);
    const t = newThread();
    expect(call(t, inst.funcs[0], []).trap).toBe(Trap.Unreachable);
    expect(t.depth).toBe(0);
  });
  test('i32 division and remainder', () => {
    const t = newThread();
    expect(call(t, single(Op.I32_DIV_S, 2), [1, 0]).trap).toBe(Trap.IntegerDivideByZero);
    expect(call(t, single(Op.I32_DIV_U, 2), [1, 0]).trap).toBe(Trap.IntegerDivideByZero);
    expect(call(t, single(Op.I32_REM_S, 2), [1, 0]).trap).toBe(Trap.IntegerDivideByZero);
    expect(call(t, single(Op.I32_REM_U, 2), [1, 0]).trap).toBe(Trap.IntegerDivideByZero);
    expect(call(t, single(Op.I32_DIV_S, 2), [-0x80000000, -1]).trap).toBe(Trap.IntegerOverflow);
    expect(call(t, single(Op.I32_REM_S, 2), [-0x80000000, -1])).toEqual({ trap: 0, results: [0] });
    expect(call(t, single(Op.I32_DIV_S, 2), [-7, 2]).results).toEqual([-3]);
    expect(call(t, single(Op.I32_REM_S, 2), [-7, 2]).results).toEqual([-1]);
    expect(call(t, single(Op.I32_DIV_U, 2), [-1, 2]).results).toEqual([0x7fffffff]);
    expect(call(t, single(Op.I32_REM_U, 2), [-1, 10]).results).toEqual([5]);
  });
  test('float to integer truncation', () => {
    const t = newThread();
    const f = single(Op.I32_TRUNC_F32_S, 1);
    const bits = (x: number) => new Int32Array(new Float32Array([x]).buffer)[0];
    expect(call(t, f, [bits(NaN)]).trap).toBe(Trap.InvalidConversionToInteger);
    expect(call(t, f, [bits(2147483648)]).trap).toBe(Trap.IntegerOverflow);
    expect(call(t, f, [bits(-2147483648)])).toEqual({ trap: 0, results: [-2147483648] });
    expect(call(t, single(Op.I64_TRUNC_F32_U, 1), [bits(-1)]).trap).toBe(Trap.IntegerOverflow);
    expect(call(t, single(Op.I64_TRUNC_F32_U, 1), [bits(-0.9)]).trap).toBe(0);
  });
});

// ---- memory ----

describe('memory', () => {
  function memFunc(code: number[], type = i32_i32, pages = 1, max = -1) {
    const inst = instantiate([{ type, frameSlots: 4, code }], { memPages: pages, memMax: max });
    return { inst, f: inst.funcs[0], mem: inst.memories[0] };
  }

  test('loads of every width, sign and zero extension, little-endian, with offsets', () => {
    const loads: [number, number, number][] = [
      // op, expected low, expected high  (memory at 8.. = 0x80 0xff 0x01 0x82 0x03 0x04 0x05 0x86)
      [Op.I32_LOAD, 0x8201ff80 | 0, 0],
      [Op.I32_LOAD8_S, -128, 0],
      [Op.I32_LOAD8_U, 128, 0],
      [Op.I32_LOAD16_S, (0xff80 << 16) >> 16, 0],
      [Op.I32_LOAD16_U, 0xff80, 0],
      [Op.I64_LOAD, 0x8201ff80 | 0, 0x86050403 | 0],
      [Op.I64_LOAD8_S, -128, -1],
      [Op.I64_LOAD8_U, 128, 0],
      [Op.I64_LOAD16_S, -128, -1],
      [Op.I64_LOAD16_U, 0xff80, 0],
      [Op.I64_LOAD32_S, 0x8201ff80 | 0, -1],
      [Op.I64_LOAD32_U, 0x8201ff80 | 0, 0],
    ];
    for (const [op, lo, hi] of loads) {
      // result to slot 1 (preset high word to garbage), then copy to slot 0
      const { f, mem } = memFunc([Op.CONST64, 2, 0x5a5a5a5a, 0x5a5a5a5a, op, 2, 0, 5, Op.COPY, 0, 2, Op.RETURN], ftype([I32], [I64]));
      mem.u8.set([0x80, 0xff, 0x01, 0x82, 0x03, 0x04, 0x05, 0x86], 8);
      const t = newThread();
      expect(call(t, f, [3]).trap).toBe(0);
      expect(t.s32[0]).toBe(lo);
      const is64 = op === Op.I64_LOAD || (op >= Op.I64_LOAD8_S && op <= Op.I64_LOAD32_U);
      if (is64) expect(t.s32[1]).toBe(hi);
    }
  });

  test('stores of every width', () => {
    const cases: [number, number[]][] = [
      [Op.I32_STORE, [0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0]],
      [Op.I64_STORE, [0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55]],
      [Op.I32_STORE8, [0x44, 0, 0, 0, 0, 0, 0, 0]],
      [Op.I32_STORE16, [0x44, 0x33, 0, 0, 0, 0, 0, 0]],
    ];
    for (const [op, bytes] of cases) {
      const { f, mem } = memFunc([Op.CONST64, 2, 0x11223344, 0x55667788, op, 0, 2, 0x10, Op.RETURN], ftype([I32], []));
      expect(call(newThread(), f, [0xffe8]).trap).toBe(0);
      expect(Array.from(mem.u8.subarray(0x10000 - 8, 0x10000))).toEqual(bytes);
    }
  });

  test('bounds: the last byte is accessible, one past traps, and address + offset does not wrap', () => {
    const sizes: [number, number][] = [
      [Op.I32_LOAD, 4], [Op.I64_LOAD, 8], [Op.I32_LOAD8_S, 1], [Op.I32_LOAD8_U, 1], [Op.I32_LOAD16_S, 2],
      [Op.I32_LOAD16_U, 2], [Op.I64_LOAD8_S, 1], [Op.I64_LOAD8_U, 1], [Op.I64_LOAD16_S, 2], [Op.I64_LOAD16_U, 2],
      [Op.I64_LOAD32_S, 4], [Op.I64_LOAD32_U, 4],
      [Op.I32_STORE, 4], [Op.I64_STORE, 8], [Op.I32_STORE8, 1], [Op.I32_STORE16, 2],
    ];
    for (const [op, size] of sizes) {
      const isStore = op >= Op.I32_STORE;
      for (const off of [0, 100]) {
        const code = isStore ? [op, 0, 0, off, Op.RETURN] : [op, 0, 0, off, Op.RETURN];
        const { f, mem } = memFunc(code, ftype([I32], []));
        const t = newThread();
        expect(call(t, f, [65536 - size - off]).trap).toBe(0);
        expect(call(t, f, [65536 - size - off + 1]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
        expect(call(t, f, [-1]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
        if (isStore) {
          // a trapping store writes nothing
          mem.u8.fill(0);
          call(t, f, [65536 - size - off + 1]);
          expect(mem.u8.every((x) => x === 0)).toBe(true);
        }
      }
      // offset 0xffffffff with address 1: ea = 2^32 (no wrap to 0)
      const { f } = memFunc([op, 0, 0, -1, Op.RETURN], ftype([I32], []));
      expect(call(newThread(), f, [1]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
    }
  });

  test('NaN payloads survive loads, stores, copies, select, globals and sign operations', () => {
    const f32nan = [0x7fa00001, 0xffc00123 | 0, 0x7f800001];
    for (const bits of f32nan) {
      // store bits at 0 (as f32.store = I32_STORE), load back, neg twice, abs of it OR'd with sign, copysign
      const { f, mem } = memFunc([
        Op.CONST32, 2, 0, Op.I32_STORE, 2, 0, 0,
        Op.I32_LOAD, 4, 2, 0,
        Op.F32_NEG, 4, 4, Op.F32_NEG, 4, 4,
        Op.SELECT, 6, 4, 2, 4,
        Op.COPY, 0, 6,
        Op.RETURN,
      ]);
      const t = newThread();
      expect(call(t, f, [bits]).results).toEqual([bits]);
      expect(new Int32Array(mem.buffer, 0, 1)[0]).toBe(bits);
    }
    const f64nan: [number, number][] = [[1, 0x7ff00000], [0x12345678, 0xfff80000 | 0], [0, 0x7ff40000]];
    for (const [lo, hi] of f64nan) {
      const inst = instantiate([{
        type: ftype([F64], [F64]), frameSlots: 3, code: [
          Op.CONST32, 2, 8, Op.I64_STORE, 2, 0, 0,
          Op.I64_LOAD, 4, 2, 0,
          Op.F64_ABS, 4, 4, Op.F64_NEG, 4, 4, Op.F64_COPYSIGN, 4, 4, 0,
          Op.GLOBAL_SET, 0, 4, Op.GLOBAL_GET, 0, 0,
          Op.RETURN,
        ],
      }], { memPages: 1 });
      const g = new GlobalInst(F64, true);
      inst.globals.push(g);
      const t = newThread();
      t.s32[0] = lo; t.s32[1] = hi;
      expect(execute(t, inst.funcs[0], 0)).toBe(0);
      expect([t.s32[0], t.s32[1]]).toEqual([lo, hi]);
      expect([g.bits[0], g.bits[1]]).toEqual([lo, hi]);
    }
  });

  test('memory.size and memory.grow (limit, max, failure keeps memory, views reloaded)', () => {
    // f(n): r = grow(n); size; store at (size*65536 - 4) ; return r*1000 + size
    const code = [
      Op.MEMORY_GROW, 2, 0,
      Op.MEMORY_SIZE, 4,
      Op.CONST32, 6, 65536, Op.I32_MUL, 6, 6, 4, Op.I32_STORE, 6, 4, -4 | 0,  // store size at end - 4 (off = 2^32-4 would overflow, so use address arithmetic instead)
      Op.RETURN,
    ];
    // Offsets are unsigned; use a subtraction instead.
    const code2 = [
      Op.MEMORY_GROW, 2, 0,
      Op.MEMORY_SIZE, 4,
      Op.CONST32, 6, 65536, Op.I32_MUL, 6, 6, 4,
      Op.CONST32, 0, 4, Op.I32_SUB, 6, 6, 0,
      Op.I32_STORE, 6, 4, 0,
      Op.CONST32, 6, 1000, Op.I32_MUL, 2, 2, 6, Op.I32_ADD, 0, 2, 4,
      Op.RETURN,
    ];
    expect(code.length).toBeGreaterThan(0);
    const inst = instantiate([{ type: i32_i32, frameSlots: 4, code: code2 }], { memPages: 1, memMax: 4 });
    const t = newThread({ maxMemoryPages: 3 });
    const mem = inst.memories[0];
    expect(call(t, inst.funcs[0], [0]).results).toEqual([1000 + 1]);
    expect(call(t, inst.funcs[0], [1]).results).toEqual([1000 + 2]);
    expect(mem.view.getInt32(2 * 65536 - 4, true)).toBe(2);
    expect(call(t, inst.funcs[0], [2]).results).toEqual([-1000 + 2]); // 4 > thread limit 3
    expect(call(t, inst.funcs[0], [-1]).results).toEqual([-1000 + 2]);
    expect(call(t, inst.funcs[0], [1]).results).toEqual([2000 + 3]);
    expect(mem.pages).toBe(3);
    const t2 = newThread();
    expect(call(t2, inst.funcs[0], [1]).results).toEqual([3000 + 4]);
    expect(call(t2, inst.funcs[0], [1]).results).toEqual([-1000 + 4]); // declared max 4
  });

  function bulk(op: number, args: number[], opts: { pages?: number; seg?: number } = {}) {
    const code = op === Op.MEMORY_INIT ? [op, opts.seg ?? 0, 0, 2, 4, Op.RETURN] : [op, 0, 2, 4, Op.RETURN];
    const module = emptyModule([]);
    module.bytes = new Uint8Array(64).map((_, i) => 200 + (i % 50));
    module.datas = [
      { mode: 0, memory: 0, offset: null, start: 10, end: 30 },
      { mode: 0, memory: 0, offset: null, start: 0, end: 40 },
    ];
    const inst = instantiate([{ type: ftype([I32, I32, I32], []), frameSlots: 3, code }], { memPages: opts.pages ?? 1, module });
    inst.dataLive[0] = 1;
    inst.dataLive[1] = 1;
    const mem = inst.memories[0];
    for (let i = 0; i < mem.u8.length; i++) mem.u8[i] = i & 0x7f;
    const before = mem.u8.slice();
    const trap = call(newThread(), inst.funcs[0], args).trap;
    return { trap, mem: mem.u8, before, inst };
  }

  test('memory.fill', () => {
    let r = bulk(Op.MEMORY_FILL, [100, 0x1ab, 10]);
    expect(r.trap).toBe(0);
    expect(Array.from(r.mem.subarray(99, 111))).toEqual([99 & 0x7f, ...Array(10).fill(0xab), 110 & 0x7f]);
    r = bulk(Op.MEMORY_FILL, [65530, 1, 6]);
    expect(r.trap).toBe(0);
    r = bulk(Op.MEMORY_FILL, [65530, 1, 7]);
    expect(r.trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(diff(r.mem, r.before)).toBe(-1);
    expect(bulk(Op.MEMORY_FILL, [65536, 1, 0]).trap).toBe(0);
    expect(bulk(Op.MEMORY_FILL, [65537, 1, 0]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(bulk(Op.MEMORY_FILL, [0, 1, -1]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
  });

  test('memory.copy, overlapping both ways, with and without copyWithin', () => {
    for (const [d, s, n] of [[10, 20, 30], [20, 10, 30], [0, 0, 5], [65000, 0, 536], [0, 65000, 536]]) {
      const expected = (before: Uint8Array) => {
        const e = before.slice();
        const tmp = before.slice(s, s + n);
        e.set(tmp, d);
        return e;
      };
      const r = bulk(Op.MEMORY_COPY, [d, s, n]);
      expect(r.trap).toBe(0);
      expect(diff(r.mem, expected(r.before))).toBe(-1);
      // Fallback path.
      const u8 = r.before.slice();
      moveBytes(u8, d, s, n);
      expect(diff(u8, expected(r.before))).toBe(-1);
    }
    let r = bulk(Op.MEMORY_COPY, [65000, 0, 537]);
    expect(r.trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(diff(r.mem, r.before)).toBe(-1);
    r = bulk(Op.MEMORY_COPY, [0, 65000, 537]);
    expect(r.trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(diff(r.mem, r.before)).toBe(-1);
    expect(bulk(Op.MEMORY_COPY, [65536, 65536, 0]).trap).toBe(0);
    expect(bulk(Op.MEMORY_COPY, [65537, 0, 0]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(bulk(Op.MEMORY_COPY, [0, 65537, 0]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
  });

  test('memory.copy without Uint8Array.prototype.copyWithin', () => {
    const saved = Uint8Array.prototype.copyWithin;
    (Uint8Array.prototype as any).copyWithin = undefined;
    try {
      const r = bulk(Op.MEMORY_COPY, [5, 0, 20]);
      expect(r.trap).toBe(0);
      const e = r.before.slice(); // memmove semantics
      for (let i = 19; i >= 0; i--) e[5 + i] = e[i];
      expect(diff(r.mem, e)).toBe(-1);
    } finally {
      (Uint8Array.prototype as any).copyWithin = saved;
    }
  });

  test('memory.init and data.drop', () => {
    let r = bulk(Op.MEMORY_INIT, [100, 2, 5]);
    expect(r.trap).toBe(0);
    expect(Array.from(r.mem.subarray(100, 105))).toEqual([212, 213, 214, 215, 216]);
    expect(r.mem[105]).toBe(105);
    r = bulk(Op.MEMORY_INIT, [1000, 0, 40], { seg: 1 });   // larger than the set() threshold
    expect(Array.from(r.mem.subarray(1000, 1040))).toEqual(Array.from({ length: 40 }, (_, i) => 200 + (i % 50)));
    r = bulk(Op.MEMORY_INIT, [100, 15, 6]);  // past the segment's end
    expect(r.trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(diff(r.mem, r.before)).toBe(-1);
    r = bulk(Op.MEMORY_INIT, [65534, 0, 3]);
    expect(r.trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(diff(r.mem, r.before)).toBe(-1);
    expect(bulk(Op.MEMORY_INIT, [65536, 20, 0]).trap).toBe(0);
    expect(bulk(Op.MEMORY_INIT, [65536, 21, 0]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
    // Dropped: length 0.
    const module = emptyModule([]);
    module.bytes = new Uint8Array(8).fill(9);
    module.datas = [{ mode: 0, memory: 0, offset: null, start: 0, end: 8 }];
    const inst = instantiate([
      { type: ftype([I32, I32, I32], []), frameSlots: 3, code: [Op.MEMORY_INIT, 0, 0, 2, 4, Op.RETURN] },
      { type: v_v, frameSlots: 0, code: [Op.DATA_DROP, 0, Op.RETURN] },
    ], { memPages: 1, module });
    inst.dataLive[0] = 1;
    const t = newThread();
    expect(call(t, inst.funcs[0], [0, 0, 8]).trap).toBe(0);
    expect(call(t, inst.funcs[1], []).trap).toBe(0);
    expect(inst.dataLive[0]).toBe(0);
    expect(call(t, inst.funcs[0], [0, 0, 1]).trap).toBe(Trap.OutOfBoundsMemoryAccess);
    expect(call(t, inst.funcs[0], [0, 0, 0]).trap).toBe(0);
  });
});

// ---- tables, globals, references ----

describe('tables and references', () => {
  function tableInst(code: number[], type: FuncType) {
    const inst = instantiate([{ type, frameSlots: 6, code }]);
    const t0 = new TableInst(EXTERNREF, 5, 8, null);
    const t1 = new TableInst(EXTERNREF, 3, -1, null);
    t0.elements = ['a', 'b', 'c', 'd', 'e'];
    t1.elements = ['x', 'y', 'z'];
    inst.tables.push(t0, t1);
    inst.elems = [['p', 'q', 'r', 's']];
    return { inst, f: inst.funcs[0], t0: t0.elements, t1: t1.elements };
  }

  test('table.get, table.set and their bounds', () => {
    const { f } = tableInst([Op.TABLE_GET, 0, 1, 0, Op.RETURN], ftype([I32], [EXTERNREF]));
    const t = newThread();
    expect(call(t, f, [1]).trap).toBe(0);
    expect(t.refs[0]).toBe('y');
    expect(call(t, f, [3]).trap).toBe(Trap.OutOfBoundsTableAccess);
    const s = tableInst([Op.TABLE_SET, 0, 0, 2, Op.RETURN], ftype([I32, EXTERNREF], []));
    t.refs[2] = 'new';
    expect(call(t, s.f, [4]).trap).toBe(0);
    expect(s.t0[4]).toBe('new');
    expect(call(t, s.f, [5]).trap).toBe(Trap.OutOfBoundsTableAccess);
  });

  test('table.size and table.grow (declared max and thread limit)', () => {
    // f(n, ref) -> grow(ref, n) * 100 + size
    const code = [Op.TABLE_GROW, 4, 0, 2, 0, Op.TABLE_SIZE, 6, 0, Op.CONST32, 8, 100, Op.I32_MUL, 4, 4, 8, Op.I32_ADD, 0, 4, 6, Op.RETURN];
    const { f, t0 } = tableInst(code, ftype([I32, EXTERNREF], [I32]));
    const t = newThread({ maxTableSize: 7 });
    t.refs[2] = 'g';
    expect(call(t, f, [2]).results).toEqual([507]);
    expect(t0.slice(5)).toEqual(['g', 'g']);
    expect(call(t, f, [1]).results).toEqual([-100 + 7]);
    expect(call(newThread(), f, [1]).results).toEqual([708]);
    expect(call(newThread(), f, [1]).results).toEqual([-100 + 8]);
    expect(call(newThread(), f, [0]).results).toEqual([808]);
  });

  test('table.fill, table.copy, table.init, elem.drop', () => {
    const fill = tableInst([Op.TABLE_FILL, 0, 0, 4, 2, Op.RETURN], ftype([I32, I32, EXTERNREF], []));
    const t = newThread();
    t.refs[4] = 'F';
    expect(call(t, fill.f, [1, 3]).trap).toBe(0);
    expect(fill.t0).toEqual(['a', 'F', 'F', 'F', 'e']);
    t.refs[4] = 'G';
    expect(call(t, fill.f, [3, 3]).trap).toBe(Trap.OutOfBoundsTableAccess);
    expect(fill.t0).toEqual(['a', 'F', 'F', 'F', 'e']);
    expect(call(t, fill.f, [5, 0]).trap).toBe(0);
    expect(call(t, fill.f, [6, 0]).trap).toBe(Trap.OutOfBoundsTableAccess);

    // copy within table 0, overlapping both ways; and from table 1 to 0
    const copy = (dst: number, src: number, args: number[]) => {
      const r = tableInst([Op.TABLE_COPY, dst, src, 0, 2, 4, Op.RETURN], ftype([I32, I32, I32], []));
      return { trap: call(newThread(), r.f, args).trap, t0: r.t0 };
    };
    expect(copy(0, 0, [1, 0, 3]).t0).toEqual(['a', 'a', 'b', 'c', 'e']);
    expect(copy(0, 0, [0, 1, 3]).t0).toEqual(['b', 'c', 'd', 'd', 'e']);
    expect(copy(0, 1, [2, 0, 3]).t0).toEqual(['a', 'b', 'x', 'y', 'z']);
    const bad = copy(0, 1, [3, 0, 3]);
    expect(bad.trap).toBe(Trap.OutOfBoundsTableAccess);
    expect(bad.t0).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(copy(0, 1, [0, 1, 3]).trap).toBe(Trap.OutOfBoundsTableAccess);
    expect(copy(0, 1, [5, 3, 0]).trap).toBe(0);

    const init = tableInst([Op.TABLE_INIT, 0, 0, 0, 2, 4, Op.RETURN, Op.ELEM_DROP, 0, Op.RETURN], ftype([I32, I32, I32], []));
    expect(call(t, init.f, [1, 2, 2]).trap).toBe(0);
    expect(init.t0).toEqual(['a', 'r', 's', 'd', 'e']);
    expect(call(t, init.f, [0, 3, 2]).trap).toBe(Trap.OutOfBoundsTableAccess);
    expect(call(t, init.f, [4, 0, 2]).trap).toBe(Trap.OutOfBoundsTableAccess);
    expect(init.t0).toEqual(['a', 'r', 's', 'd', 'e']);
    // elem.drop (run from a second function sharing the code at pc 7)
    const dropper = new FuncInst(v_v, init.inst, 1, { code: packed([Op.ELEM_DROP, 0, Op.RETURN]), nparams: 0, nlocals: 0, frameSlots: 0, localIsRef: new Uint8Array(0), hasRefLocals: false, srcMap: null, inlined: null }, null);
    expect(execute(t, dropper, 0)).toBe(0);
    expect(init.inst.elems[0]).toEqual([]);
    expect(call(t, init.f, [0, 0, 1]).trap).toBe(Trap.OutOfBoundsTableAccess);
    expect(call(t, init.f, [0, 0, 0]).trap).toBe(0);
  });

  test('globals, ref.null, ref.is_null, ref.func, copy_ref', () => {
    const code = [
      Op.GLOBAL_GET, 2, 0,
      Op.CONST64, 4, 1, 0,
      Op.I64_ADD, 2, 2, 4,
      Op.GLOBAL_SET, 0, 2,
      Op.GLOBAL_GET_REF, 6, 1,
      Op.REF_IS_NULL, 0, 6,            // result 0: is the ref global null
      Op.REF_FUNC, 6, 0,
      Op.GLOBAL_SET_REF, 1, 6,
      Op.REF_NULL, 8,
      Op.COPY_REF, 10, 8,
      Op.REF_IS_NULL, 8, 10,
      Op.CONST32, 10, 10, Op.I32_MUL, 8, 8, 10,
      Op.I32_ADD, 0, 0, 8,
      Op.RETURN,
    ];
    const inst = instantiate([{ type: v_i32, frameSlots: 6, code }]);
    const g0 = new GlobalInst(I64, true);
    g0.bits[0] = -1; g0.bits[1] = 5;
    const g1 = new GlobalInst(FUNCREF, true);
    inst.globals.push(g0, g1);
    const t = newThread();
    expect(call(t, inst.funcs[0], []).results).toEqual([11]);
    expect([g0.bits[0], g0.bits[1]]).toEqual([0, 6]);
    expect(g1.ref).toBe(inst.funcs[0]);
    expect(call(t, inst.funcs[0], []).results).toEqual([10]);
  });
});

// ---- every numeric instruction against native WebAssembly ----

type NumType = 'i32' | 'i64' | 'f32' | 'f64';

interface NumOp { name: string; op: number; params: NumType[]; result: NumType }

function numericOps(): NumOp[] {
  const text = fs.readFileSync(path.resolve(__dirname, '../../../core/compile/ops.ts'), 'utf8');
  const out: NumOp[] = [];
  const re = /\/\*\* ([if](?:32|64)\.[a-z0-9_]+) \(0x[0-9a-fx ]+\) \*\/ ([A-Z0-9_]+) = (\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const name = m[1];
    const op = Number(m[3]);
    const [t, instr] = name.split('.') as [NumType, string];
    let params: NumType[];
    let result: NumType = t;
    const conv = /_(i32|i64|f32|f64)(_[su])?$/.exec(instr);
    if (conv) { params = [conv[1] as NumType]; }
    else if (instr === 'eqz') { params = [t]; result = 'i32'; }
    else if (/^(eq|ne|lt|gt|le|ge)(_[su])?$/.test(instr)) { params = [t, t]; result = 'i32'; }
    else if (isUnaryNumeric(op)) params = [t];
    else params = [t, t];
    expect(isUnaryNumeric(op)).toBe(params.length === 1);
    out.push({ name, op, params, result });
  }
  return out;
}

const intOf = (t: NumType) => (t === 'f32' ? 'i32' : t === 'f64' ? 'i64' : t);

async function nativeOracle(ops: NumOp[]): Promise<Record<string, Function>> {
  const wabt = await (await import('wabt')).default();
  let wat = '(module\n';
  for (const o of ops) {
    const ps = o.params.map((p, i) => `(param ${intOf(p)})`).join(' ');
    const args = o.params.map((p, i) => (p[0] === 'f' ? `(${p}.reinterpret_${intOf(p)} (local.get ${i}))` : `(local.get ${i})`)).join(' ');
    let body = `(${o.name} ${args})`;
    if (o.result[0] === 'f') body = `(${intOf(o.result)}.reinterpret_${o.result} ${body})`;
    wat += `(func (export "${o.name}") ${ps} (result ${intOf(o.result)}) ${body})\n`;
  }
  wat += ')';
  const mod = wabt.parseWat('oracle.wat', wat, { sat_float_to_int: true, sign_extension: true });
  const bin = mod.toBinary({}).buffer;
  const { instance } = await WebAssembly.instantiate(bin);
  return instance.exports as any;
}

function valuesOf(t: NumType, rand: () => number): bigint[] {
  const f32s = [0, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x7f800000,
    0xff800000, 0x7fc00000, 0x7fa00001, 0xffc00000, 1, 0x80000001, 0x7f7fffff, 0x4f000000, 0xcf000000, 0x4f800000,
    0x5f000000, 0xdf000000, 0x5f800000, 0x4effffff, 0x3effffff, 0x4b000001, 0xcb7fffff];
  const f64s = [0n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 0x3fe0000000000000n,
    0x3ff8000000000000n, 0x4004000000000000n, 0xc004000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
    0x7ff8000000000000n, 0x7ff4000000000001n, 0xfff8000000000000n, 1n, 0x7fefffffffffffffn, 0x41e0000000000000n,
    0xc1e0000000000000n, 0x41dfffffffc00000n, 0xc1e0000000200000n, 0x41f0000000000000n, 0x43e0000000000000n,
    0xc3e0000000000000n, 0x43f0000000000000n, 0x3fdfffffffffffffn, 0x4330000000000001n, 0x36a0000000000000n,
    0x47efffffe0000000n, 0x47efffffefffffffn];
  const i32s = [0, 1, 2, 3, 31, 32, 33, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x80000001, 0x12345678, 0xf0f0f0f0, 100, 0xffffff80, 0x8000];
  const i64s = [0n, 1n, 2n, 63n, 64n, 65n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0x8000000000000001n,
    0xffffffffn, 0x100000000n, 0x123456789abcdef0n, 0xfedcba9876543210n, 0x80000000n, 0xffffffff80000000n, 10n, 0xfffffffffffffff6n];
  let base: bigint[];
  if (t === 'i32') base = i32s.map(BigInt);
  else if (t === 'f32') base = f32s.map(BigInt);
  else if (t === 'i64') base = i64s;
  else base = f64s;
  const out = base.slice();
  for (let i = 0; i < 12; i++) {
    const lo = BigInt(Math.floor(rand() * 2 ** 32));
    const hi = BigInt(Math.floor(rand() * 2 ** 32));
    out.push(t === 'i32' || t === 'f32' ? lo : (hi << 32n) | lo);
  }
  // Small floats, so that arithmetic results are interesting.
  for (let i = 0; i < 8; i++) {
    const x = Math.round((rand() - 0.5) * 2000) / 8;
    if (t === 'f32') out.push(BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]));
    if (t === 'f64') out.push(new BigUint64Array(new Float64Array([x]).buffer)[0]);
    if (t === 'i32' || t === 'i64') out.push(BigInt.asUintN(t === 'i32' ? 32 : 64, BigInt(Math.round(x))));
  }
  return out;
}

function isNaNBits(t: NumType, v: bigint): boolean {
  if (t === 'f32') return (v & 0x7f800000n) === 0x7f800000n && (v & 0x7fffffn) !== 0n;
  if (t === 'f64') return (v & 0x7ff0000000000000n) === 0x7ff0000000000000n && (v & 0xfffffffffffffn) !== 0n;
  return false;
}

describe('numeric instructions agree with native WebAssembly', () => {
  const ops = numericOps();
  test('all 136 numeric opcodes are covered', () => {
    expect(ops.length).toBe(Op.I64_TRUNC_SAT_F64_U + 1 - Op.I32_EQZ);
    expect(ops[0].op).toBe(Op.I32_EQZ);
  });

  // Deterministic pseudo-random numbers.
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };

  test.each([0, 1])('layout %i (destination aliasing the first or the last operand)', async (layout) => {
    const oracle = await nativeOracle(ops);
    const bitExact = new Set(['f32.abs', 'f32.neg', 'f32.copysign', 'f64.abs', 'f64.neg', 'f64.copysign',
      'i32.reinterpret_f32', 'i64.reinterpret_f64', 'f32.reinterpret_i32', 'f64.reinterpret_i64']);
    let checked = 0;
    const failures: string[] = [];
    for (const o of ops) {
      const unary = o.params.length === 1;
      // layout 0: d = a = slot 0; layout 1: d = last operand's slot, then copied to slot 0.
      const d = layout === 0 ? 0 : unary ? 0 : 2;
      const code = unary ? [o.op, d, 0, Op.RETURN] : [o.op, d, 0, 2, Op.COPY, 0, d, Op.RETURN];
      const inst = instantiate([{ type: v_v, frameSlots: 2, code }]);
      const t = newThread();
      const as = valuesOf(o.params[0], rand);
      const bs = unary ? [0n] : valuesOf(o.params[1], rand);
      for (const a of as) {
        for (const b of bs) {
          const write = (w: number, v: bigint) => {
            t.s32[w] = Number(v & 0xffffffffn) | 0;
            t.s32[w + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
          };
          write(0, a);
          if (!unary) write(2, b);
          const trap = execute(t, inst.funcs[0], 0);
          const args = [a, b].slice(0, o.params.length).map((v, i) => (intOf(o.params[i]) === 'i32' ? Number(BigInt.asIntN(32, v)) : BigInt.asIntN(64, v)));
          let expected: bigint | null = null;
          try {
            const r = oracle[o.name](...args);
            expected = BigInt.asUintN(intOf(o.result) === 'i32' ? 32 : 64, BigInt(r));
          } catch (e) {
            expected = null;
          }
          const ctx = `${o.name}(${args.join(', ')})`;
          checked++;
          if (expected === null) {
            if (trap === 0) failures.push(`${ctx}: no trap, native traps`);
            continue;
          }
          if (trap !== 0) { failures.push(`${ctx}: trap ${trap}`); continue; }
          const got = intOf(o.result) === 'i32'
            ? BigInt(t.s32[0] >>> 0)
            : (BigInt(t.s32[1] >>> 0) << 32n) | BigInt(t.s32[0] >>> 0);
          if (isNaNBits(o.result, expected) && !bitExact.has(o.name)) {
            // any arithmetic NaN (quiet bit set)
            const quiet = o.result === 'f32' ? 0x400000n : 0x8000000000000n;
            if (!isNaNBits(o.result, got) || (got & quiet) !== quiet) failures.push(`${ctx}: ${got.toString(16)}, expected a quiet NaN`);
          } else if (got !== expected) {
            failures.push(`${ctx}: ${got.toString(16)}, expected ${expected.toString(16)}`);
          }
        }
      }
    }
    // One line per failing instruction (first case), to point at the culprit.
    const firstPerOp = new Map<string, string>();
    for (const f of failures) { const k = f.slice(0, f.indexOf('(')); if (!firstPerOp.has(k)) firstPerOp.set(k, f); }
    expect([...firstPerOp.values()]).toEqual([]);
    expect(checked).toBeGreaterThan(50000);
  }, 60000);
});

// ---- whole modules: wat -> wabt -> decoder + compiler + instantiate -> interpreter ----
// Each program runs on picowasm and on native WebAssembly with the same arguments; results,
// traps and NaN-ness must agree.

import { loadModule } from '../../../core/load';
import { instantiate as instantiateModule } from '../../../core/runtime/instantiate';

async function watBytes(text: string): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const m = wabt.parseWat('t.wat', text, { bulk_memory: true, reference_types: true, sat_float_to_int: true, sign_extension: true, multi_value: true });
  try {
    m.resolveNames();
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}

/** Instantiates `bytes` on picowasm with host functions for its imports (by "module.name"). */
function pico(bytes: Uint8Array, thread: Thread, hosts: Record<string, (thread: Thread, base: number) => void> = {}) {
  const module = loadModule(bytes);
  const inst = instantiateModule(module, (imp) => {
    const fn = hosts[imp.module + '.' + imp.name];
    if (!fn) throw new Error('no import ' + imp.module + '.' + imp.name);
    return host(module.types[imp.funcType], fn);
  }, thread);
  const exported = (name: string) => {
    const e = module.exports.find((x) => x.name === name);
    if (!e) throw new Error('no export ' + name);
    return inst.funcs[e.index];
  };
  /** Calls an export with JS values (i64 as BigInt); returns the results, or { trap }. */
  const invoke = (name: string, args: (number | bigint)[]): any[] | { trap: number } => {
    const f = exported(name);
    const base = thread.top;
    thread.ensureStack(base + 2 * Math.max(args.length, f.type.results.length) + 2);
    f.type.params.forEach((t, i) => writeValue(thread, base + 2 * i, t, args[i]));
    const trap = execute(thread, f, base);
    if (trap !== 0) return { trap };
    return f.type.results.map((t, i) => readValue(thread, base + 2 * i, t));
  };
  return { module, inst, exported, invoke };
}

function writeValue(t: Thread, w: number, type: number, v: number | bigint): void {
  if (type === I32) t.s32[w] = Number(v);
  else if (type === I64) { const b = BigInt.asUintN(64, BigInt(v)); t.s32[w] = Number(b & 0xffffffffn) | 0; t.s32[w + 1] = Number(b >> 32n) | 0; }
  else if (type === F32) t.f32[w] = Number(v);
  else t.f64[w >> 1] = Number(v);
}

function readValue(t: Thread, w: number, type: number): number | bigint {
  if (type === I32) return t.s32[w];
  if (type === I64) return BigInt.asIntN(64, (BigInt(t.s32[w + 1] >>> 0) << 32n) | BigInt(t.s32[w] >>> 0));
  if (type === F32) return t.f32[w];
  return t.f64[w >> 1];
}

const program = `
(module
  (type $ii (func (param i32) (result i32)))
  (memory (export "mem") 1 8)
  (table 5 funcref)
  (elem (i32.const 0) $sq $neg $sq)
  (elem $pe func $neg $sq)
  (data (i32.const 16) "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\ff\\fe")
  (data $pd "hello, wasm world")
  (global $count (mut i32) (i32.const 0))
  (global $acc (mut i64) (i64.const 0))
  (func $sq (type $ii) (i32.mul (local.get 0) (local.get 0)))
  (func $neg (type $ii) (i32.sub (i32.const 0) (local.get 0)))
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "fib") (param $n i32) (result i64) (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $t (i64.add (local.get $a) (local.get $b)))
      (local.set $a (local.get $b)) (local.set $b (local.get $t))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $a))
  (func (export "collatz") (param $n i32) (result i32) (local $steps i32)
    (block $done (loop $l
      (br_if $done (i32.le_u (local.get $n) (i32.const 1)))
      (local.set $n (if (result i32) (i32.and (local.get $n) (i32.const 1))
        (then (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1)))
        (else (i32.shr_u (local.get $n) (i32.const 1)))))
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (br $l)))
    (local.get $steps))
  (func (export "switch") (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (return (i32.const 100)))
      (return (i32.const 101)))
      (return (i32.const 102)))
    (i32.const 999))
  (func (export "switch_values") (param i32) (result i32)
    (i32.add (i32.const 1000)
      (block $out (result i32)
        (block $x (result i32)
          (br_table $x $out $x (i32.mul (local.get 0) (i32.const 7)) (local.get 0)))
        (i32.add (i32.const 50)))))
  (func (export "indirect") (param $i i32) (param $x i32) (result i32)
    (call_indirect (type $ii) (local.get $x) (local.get $i)))
  (func (export "indirect_wrong") (param $i i32) (result i32)
    (call_indirect (param i64) (result i32) (i64.const 1) (local.get $i)))
  (func (export "sum_bytes") (param $n i32) (result i32) (local $s i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.load8_s offset=16 (local.get $n))))
      (br $l)))
    (local.get $s))
  (func (export "loads") (param $a i32) (result i64)
    (i64.add (i64.load offset=16 (local.get $a))
      (i64.add (i64.load16_s offset=16 (local.get $a)) (i64.extend_i32_u (i32.load16_u offset=18 (local.get $a))))))
  (func (export "floats") (param $x f64) (param $y f32) (result f64)
    (f64.store (i32.const 200) (local.get $x))
    (f32.store (i32.const 208) (local.get $y))
    (f64.add (f64.sqrt (f64.abs (f64.load (i32.const 200))))
      (f64.promote_f32 (f32.nearest (f32.mul (f32.load (i32.const 208)) (f32.const 1.5))))))
  (func (export "minmax") (param f64 f64) (result f64)
    (f64.add (f64.min (local.get 0) (local.get 1)) (f64.max (local.get 0) (local.get 1))))
  (func (export "grow") (param i32) (result i32)
    (local $old i32)
    (local.set $old (memory.grow (local.get 0)))
    (if (i32.ge_s (local.get $old) (i32.const 0))
      (then (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (memory.size))))
    (i32.add (i32.mul (local.get $old) (i32.const 100))
      (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))))
  (func (export "bulk") (param $d i32) (param $s i32) (param $n i32) (result i32) (local $h i32) (local $i i32)
    (memory.fill (i32.const 1000) (i32.const 0xaa) (i32.const 64))
    (memory.init $pd (i32.const 1000) (i32.const 0) (i32.const 17))
    (memory.copy (i32.add (i32.const 1000) (local.get $d)) (i32.add (i32.const 1000) (local.get $s)) (local.get $n))
    (block $done (loop $l
      (br_if $done (i32.eq (local.get $i) (i32.const 64)))
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (i32.load8_u offset=1000 (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $h))
  (func (export "table_ops") (param $i i32) (result i32)
    (table.init $pe (i32.const 3) (i32.const 0) (i32.const 2))
    (table.copy (i32.const 0) (i32.const 3) (i32.const 2))
    (i32.add (i32.mul (table.size) (i32.const 1000))
      (call_indirect (type $ii) (i32.const 7) (local.get $i))))
  (func (export "globals") (param i32) (result i64)
    (global.set $count (i32.add (global.get $count) (local.get 0)))
    (global.set $acc (i64.add (global.get $acc) (i64.extend_i32_s (global.get $count))))
    (global.get $acc))
  (func (export "select") (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "oob") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "trap_deep") (param i32) (result i32)
    (if (local.get 0) (then (drop (call $trap_inner (local.get 0)))))
    (i32.const 5))
  (func $trap_inner (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 1)) (then unreachable))
    (call $trap_inner (i32.sub (local.get 0) (i32.const 1))))
  (func $sum_to (export "sum_to") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
      (else (i64.add (local.get 0) (call $sum_to (i64.sub (local.get 0) (i64.const 1)))))))
  (func $forever (export "forever") (param i32) (result i32)
    (i32.add (i32.const 1) (call $forever (i32.add (local.get 0) (i32.const 1)))))
)`;

describe('whole modules agree with native WebAssembly', () => {
  const calls: [string, (number | bigint)[]][] = [
    ['fac', [0n]], ['fac', [5n]], ['fac', [20n]], ['fac', [25n]],
    ['fib', [0]], ['fib', [1]], ['fib', [50]], ['fib', [90]],
    ['collatz', [27]], ['collatz', [1]], ['collatz', [97]],
    ['switch', [0]], ['switch', [1]], ['switch', [2]], ['switch', [3]], ['switch', [-1]],
    ['switch_values', [0]], ['switch_values', [1]], ['switch_values', [2]], ['switch_values', [9]],
    ['indirect', [0, 7]], ['indirect', [1, 7]], ['indirect', [2, -3]], ['indirect', [3, 1]], ['indirect', [5, 1]], ['indirect', [-1, 1]],
    ['indirect_wrong', [0]],
    ['sum_bytes', [0]], ['sum_bytes', [12]], ['sum_bytes', [10]],
    ['loads', [0]], ['loads', [3]], ['loads', [65536 - 24]], ['loads', [65536 - 23]],
    ['floats', [2.25, 3.5]], ['floats', [-16, -1.5]], ['floats', [NaN, 1]], ['floats', [Infinity, 0.3]],
    ['minmax', [1, 2]], ['minmax', [-0, 0]], ['minmax', [NaN, 1]], ['minmax', [0, -0]],
    ['grow', [0]], ['grow', [1]], ['grow', [2]], ['grow', [10]], ['grow', [-1]], ['grow', [0]],
    ['bulk', [0, 0, 0]], ['bulk', [3, 0, 10]], ['bulk', [0, 3, 10]], ['bulk', [60, 0, 5]], ['bulk', [65536, 0, 0]],
    ['bulk', [0, 65536 - 999, 1]], ['bulk', [0, 1, -1]],
    ['table_ops', [0]], ['table_ops', [1]], ['table_ops', [4]], ['table_ops', [5]],
    ['globals', [1]], ['globals', [2]], ['globals', [-10]],
    ['select', [1, 5n, -6n]], ['select', [0, 5n, -6n]],
    ['div', [7, 2]], ['div', [7, 0]], ['div', [-0x80000000, -1]],
    ['div64', [-1n, 7n]], ['div64', [1n, 0n]],
    ['trunc', [1e18]], ['trunc', [1e19]], ['trunc', [NaN]], ['trunc', [-9223372036854775808]],
    ['oob', [65532]], ['oob', [65531]], ['oob', [-4]],
    ['trap_deep', [0]], ['trap_deep', [50]],
    ['sum_to', [1000n]],
  ];

  test('every call gives the same results or traps with the same message', async () => {
    const bytes = await watBytes(program);
    const { instance } = await WebAssembly.instantiate(bytes);
    const native = instance.exports as any;
    const p = pico(bytes, newThread());
    const messages: Record<number, RegExp> = {
      [Trap.Unreachable]: /unreachable/, [Trap.IntegerDivideByZero]: /divi.*zero|by zero/, [Trap.IntegerOverflow]: /overflow|unrepresentable/,
      [Trap.InvalidConversionToInteger]: /unrepresentable|invalid conversion/, [Trap.OutOfBoundsMemoryAccess]: /out of bounds|memory access/,
      [Trap.UndefinedElement]: /table index|out of bounds|undefined/, [Trap.UninitializedElement]: /null|uninitialized|signature/,
      [Trap.IndirectCallTypeMismatch]: /signature|type mismatch/,
    };
    for (const [name, args] of calls) {
      let expected: any;
      let nativeError: any = null;
      try { expected = native[name](...args); } catch (e) { nativeError = e; }
      const got = p.invoke(name, args);
      const ctx = `${name}(${args.join(', ')})`;
      if (nativeError) {
        expect(got, ctx).toHaveProperty('trap');
        const trap = (got as any).trap;
        expect(messages[trap], ctx + ': trap ' + trap).toBeDefined();
        expect(String(nativeError.message), ctx + ': trap ' + trap).toMatch(messages[trap]);
        continue;
      }
      expect(Array.isArray(got), ctx + ' ' + JSON.stringify(got, (k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(true);
      const value = (got as any[])[0];
      if (typeof expected === 'number' && Number.isNaN(expected)) expect(Number.isNaN(value as number), ctx).toBe(true);
      else expect(value, ctx).toStrictEqual(expected);
    }
    expect(p.module.compiled.length).toBeGreaterThan(10);
    // Memory contents agree too.
    expect(diff(p.inst.memories[0].u8, new Uint8Array(native.mem.buffer))).toBe(-1);
  });

  test('unbounded recursion: native overflows its stack, picowasm traps call stack exhausted', async () => {
    const bytes = await watBytes(program);
    const t = newThread({ maxCallDepth: 100000 });
    const p = pico(bytes, t);
    expect(p.invoke('forever', [0])).toEqual({ trap: Trap.CallStackExhausted });
    expect(t.depth).toBe(0);
    expect(p.invoke('sum_to', [99998n])).toEqual([99998n * 99999n / 2n]);
    expect(p.invoke('sum_to', [99999n])).toEqual([99999n * 100000n / 2n]);
    expect(p.invoke('sum_to', [100000n])).toEqual({ trap: Trap.CallStackExhausted });
  }, 60000);

  test('imported host functions: arguments, results, re-entry, exceptions', async () => {
    const bytes = await watBytes(`
      (module
        (import "env" "mul" (func $mul (param i32 i64) (result i64)))
        (import "env" "back" (func $back (param i32) (result i32)))
        (import "env" "boom" (func $boom))
        (memory 1)
        (func (export "use_mul") (param i32) (result i64)
          (i64.add (i64.const 1) (call $mul (local.get 0) (i64.const 0x100000000))))
        (func $down (export "down") (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
            (else (i32.add (i32.const 1) (call $back (i32.sub (local.get 0) (i32.const 1)))))))
        (func (export "boom") (param i32) (result i32)
          (i32.store (i32.const 0) (local.get 0))
          (call $boom)
          (i32.const 1)))`);
    const t = newThread({ maxReentryDepth: 100 }); // down(40) re-enters 40 deep
    let p!: ReturnType<typeof pico>;
    const log: number[] = [];
    p = pico(bytes, t, {
      'env.mul': (th, b) => {
        const x = BigInt(th.s32[b]) * ((BigInt(th.s32[b + 3] >>> 0) << 32n) | BigInt(th.s32[b + 2] >>> 0));
        th.s32[b] = Number(x & 0xffffffffn) | 0;
        th.s32[b + 1] = Number((x >> 32n) & 0xffffffffn) | 0;
      },
      'env.back': (th, b) => {
        // Re-enter wasm: down(n) through the thread's free area.
        log.push(th.depth);
        const base = th.top;
        th.s32[base] = th.s32[b];
        const trap = execute(th, p.exported('down'), base);
        if (trap !== 0) throw new Error('trap ' + trap);
        th.s32[b] = th.s32[base];
      },
      'env.boom': () => { throw new TypeError('boom'); },
    });
    expect(p.invoke('use_mul', [3])).toEqual([3n * 0x100000000n + 1n]);
    expect(p.invoke('down', [40])).toEqual([40]);
    expect(log.slice(0, 3)).toEqual([1, 2, 3]);
    expect(t.depth).toBe(0);
    expect(() => p.invoke('boom', [77])).toThrow(TypeError);
    expect(t.depth).toBe(0);
    expect(p.inst.memories[0].view.getInt32(0, true)).toBe(77);
    expect(p.invoke('down', [3])).toEqual([3]);
  });
});
