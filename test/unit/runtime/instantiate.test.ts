// instantiate() used directly, without the JS API: import matching, embedder limits, constant
// expressions, segment state after instantiation, the start function and its traps.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadModule } from '../../../core/load';
import { instantiate, callFunction, ExternVal } from '../../../core/runtime/instantiate';
import { FuncInst } from '../../../core/runtime/func';
import { GlobalInst } from '../../../core/runtime/global';
import { MemoryInst } from '../../../core/runtime/memory';
import { TableInst } from '../../../core/runtime/table';
import { Thread, defaultLimits } from '../../../core/exec/thread';
import { LinkError, RuntimeError } from '../../../core/errors';
import { loadWabt, wat } from '../api/helpers';

beforeAll(loadWabt);

function thread(patch: any = {}) {
  return new Thread(Object.assign(defaultLimits(), patch));
}

function run(text: string, externs: ExternVal[] = [], th = thread()) {
  return instantiate(loadModule(wat(text)), (imp, i) => externs[i], th);
}

const I32 = 0x7f;
const FUNCREF = 0x70;
const EXTERNREF = 0x6f;

describe('import matching', () => {
  const memCases: [string, number, number, boolean][] = [
    ['(memory 1)', 1, -1, true], ['(memory 1)', 0, -1, false], ['(memory 1 2)', 1, -1, false],
    ['(memory 1 2)', 2, 2, true], ['(memory 1 2)', 1, 3, false], ['(memory 0)', 3, 5, true],
  ];
  for (const [decl, pages, max, ok] of memCases) {
    test(`memory ${pages}..${max} for ${decl}: ${ok ? 'links' : 'LinkError'}`, () => {
      const link = () => run(`(module (import "m" "x" ${decl}))`, [new MemoryInst(pages, max)]);
      if (ok) expect(link().memories.length).toBe(1);
      else expect(link).toThrow(/incompatible import type/);
    });
  }

  test('tables: element type and limits', () => {
    expect(run('(module (import "m" "t" (table 2 funcref)))', [new TableInst(FUNCREF, 3, -1, null)]).tables.length).toBe(1);
    expect(() => run('(module (import "m" "t" (table 2 funcref)))', [new TableInst(EXTERNREF, 3, -1, null)])).toThrow(LinkError);
    expect(() => run('(module (import "m" "t" (table 2 4 funcref)))', [new TableInst(FUNCREF, 3, -1, null)])).toThrow(LinkError);
    expect(() => run('(module (import "m" "t" (table 4 funcref)))', [new TableInst(FUNCREF, 3, 9, null)])).toThrow(LinkError);
  });

  test('globals: type and mutability; functions: signature; kinds', () => {
    expect(run('(module (import "m" "g" (global i32)))', [new GlobalInst(I32, false)]).globals.length).toBe(1);
    expect(() => run('(module (import "m" "g" (global i32)))', [new GlobalInst(I32, true)])).toThrow(LinkError);
    expect(() => run('(module (import "m" "g" (global (mut i32))))', [new GlobalInst(0x7e, true)])).toThrow(LinkError);
    const type = loadModule(wat('(module (func (param i32)))')).types[0];
    const host = new FuncInst(type, null, -1, null, () => {});
    expect(run('(module (import "m" "f" (func (param i32))))', [host]).funcs[0]).toBe(host);
    expect(() => run('(module (import "m" "f" (func (param i64))))', [host])).toThrow(LinkError);
    expect(() => run('(module (import "m" "f" (func (param i32))))', [new GlobalInst(I32, false) as any])).toThrow(LinkError);
  });
});

describe('embedder limits', () => {
  test('memory and table minimums above thread.limits fail with RangeError', () => {
    expect(() => run('(module (memory 3))', [], thread({ maxMemoryPages: 2 }))).toThrow(RangeError);
    expect(() => run('(module (memory 3))', [], thread({ maxMemoryPages: 2 }))).toThrow(/memory size 3 pages exceeds the limit of 2 pages/);
    expect(run('(module (memory 2))', [], thread({ maxMemoryPages: 2 })).memories[0].pages).toBe(2);
    expect(() => run('(module (table 11 funcref))', [], thread({ maxTableSize: 10 }))).toThrow(RangeError);
  });
});

describe('the new instance', () => {
  test('globals from constant expressions, segments dropped or live', () => {
    const g = new GlobalInst(I32, false);
    g.bits[0] = 4;
    const inst = run(`(module (import "m" "g" (global $g i32)) (memory 1) (table 8 funcref)
      (global $a i32 (global.get $g)) (global $b i64 (i64.const -2)) (global $c f64 (f64.const 1.5))
      (global $d funcref (ref.func $f)) (global $e externref (ref.null extern))
      (func $f) (func $h)
      (elem (global.get $g) $f $h)          ;; active: applied then dropped
      (elem func $h)                        ;; passive: stays
      (elem declare func $f)                ;; declarative: dropped
      (data (i32.const 1) "xy")             ;; active
      (data "passive"))`, [g]);
    expect(inst.globals[1].bits[0]).toBe(4);
    expect([inst.globals[2].bits[0], inst.globals[2].bits[1]]).toEqual([-2, -1]);
    expect(new Float64Array(inst.globals[3].bits.buffer)[0]).toBe(1.5);
    expect(inst.globals[4].ref).toBe(inst.funcs[0]);
    expect(inst.globals[5].ref).toBe(null);
    expect(inst.tables[0].elements.slice(3, 7)).toEqual([null, inst.funcs[0], inst.funcs[1], null]);
    expect(inst.elems.map((e) => e.length)).toEqual([0, 1, 0]);
    expect(inst.elems[1][0]).toBe(inst.funcs[1]);
    expect(Array.from(inst.dataLive)).toEqual([0, 1]);
    expect(Array.from(inst.memories[0].u8.subarray(0, 4))).toEqual([0, 0x78, 0x79, 0]);
    expect(inst.funcs[0].instance).toBe(inst);
    expect(inst.funcs[0].index).toBe(0);
    expect(inst.funcs[0].compiled).not.toBe(null);
  });

  test('an out-of-bounds segment traps with the spec text after earlier ones applied', () => {
    const mem = new MemoryInst(1, -1);
    const text = `(module (import "m" "mem" (memory 1)) (data (i32.const 0) "a") (data (i32.const 65536) "b") (data (i32.const 1) "c"))`;
    expect(() => run(text, [mem])).toThrow(RuntimeError);
    expect(() => run(text, [mem])).toThrow(/^out of bounds memory access/);
    expect([mem.u8[0], mem.u8[1]]).toEqual([0x61, 0]);
    const tab = new TableInst(FUNCREF, 1, -1, null);
    expect(() => run('(module (import "m" "t" (table 1 funcref)) (func $f) (elem (i32.const 0) $f) (elem (i32.const 1) $f))', [tab])).toThrow(/^out of bounds table access/);
    expect(tab.elements[0]).toBeInstanceOf(FuncInst);
  });

  test('the start function runs last, through callFunction, also when it is a host function', () => {
    const seen: number[] = [];
    const mem = new MemoryInst(1, -1);
    const type = loadModule(wat('(module (func))')).types[0];
    const host = new FuncInst(type, null, -1, null, () => { seen.push(mem.u8[0]); });
    run('(module (import "m" "s" (func $s)) (import "m" "mem" (memory 1)) (data (i32.const 0) "\\05") (start $s))', [host, mem]);
    expect(seen).toEqual([5]);
    const th = thread();
    expect(() => run('(module (func $s unreachable) (start $s))', [], th)).toThrow(/^unreachable/);
    expect([th.top, th.depth]).toEqual([0, 0]);
  });

  test('invoke runs a defined function with arguments at base', () => {
    const th = thread();
    const inst = run('(module (func (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1))))', [], th);
    th.s32[10] = 50;
    th.s32[12] = 8;
    th.top = 14;
    callFunction(th, inst.funcs[0], 10);
    expect(th.s32[10]).toBe(42);
  });
});
