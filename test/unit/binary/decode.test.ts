// decodeModule: the decoded Module of modules built by wabt (text -> binary) and by hand (raw
// bytes, for the encodings wabt never emits), and its malformed-input errors.
import { beforeAll, describe, expect, test } from 'vitest';
import wabtInit from 'wabt';
import { decodeModule } from '../../../core/binary/decode';
import { CompileError } from '../../../core/errors';
import type { Module } from '../../../core/module';

let wabt: any;
beforeAll(async () => {
  wabt = await wabtInit();
});

function wat(text: string, names = false): Uint8Array {
  const m = wabt.parseWat('test.wat', text, {});
  return new Uint8Array(m.toBinary({ write_debug_names: names }).buffer);
}

// ---- raw byte builders ----
function u32(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
function str(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...u32(b.length), ...b];
}
function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}
function section(id: number, contents: number[]): number[] {
  return [id, ...u32(contents.length), ...contents];
}
function mod(...sections: number[][]): Uint8Array {
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}
const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, FUNCREF = 0x70, EXTERNREF = 0x6f;
const typeSec = (...types: [number[], number[]][]) => section(1, vec(types.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))])));
const funcSec = (...typeIdx: number[]) => section(3, vec(typeIdx.map((t) => u32(t))));
const codeSec = (...bodies: number[][]) => section(10, vec(bodies.map((b) => [...u32(b.length), ...b])));
const emptyBody = [0x00, 0x0b];

function errorOf(bytes: Uint8Array): string {
  try {
    decodeModule(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as Error).message;
  }
  throw new Error('decoded without error');
}

describe('modules from wabt', () => {
  test('every section of a full module', () => {
    const bytes = wat(`(module
      (type $v (func))
      (type $ii (func (param i32 i64) (result f32 f64)))
      (import "env" "f" (func $imp (type $ii)))
      (import "env" "t" (table 2 10 externref))
      (import "env" "m" (memory 1 3))
      (import "env" "g" (global $gi i32))
      (import "env" "gm" (global (mut f64)))
      (func $a (type $v))
      (func $b (param f32) (result i32) (local i64 i64 f32) (i32.const 7))
      (table $t 3 funcref)
      (global $g1 (mut i64) (i64.const -2))
      (global $g2 f32 (f32.const 1.5))
      (global $g3 f64 (f64.const -0.5))
      (global $g4 funcref (ref.func $b))
      (global $g5 externref (ref.null extern))
      (global $g6 i32 (global.get $gi))
      (export "a" (func $a))
      (export "t" (table $t))
      (export "mem" (memory 0))
      (export "g1" (global $g1))
      (start $a)
      (elem (table $t) (i32.const 1) func $a $b)
      (elem funcref (ref.null func) (ref.func $a))
      (elem declare func $b)
      (data (i32.const 16) "hello")
      (data "xyz")
      (func (export "init") (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 0))))`);
    const m = decodeModule(bytes);
    expect(m.bytes).toBe(bytes); // not copied
    expect(m.types.map((t) => t.sig)).toEqual([':', '7f7e:7d7c', '7d:7f']); // wabt reuses type 0 for `init`
    expect(m.types[1].params).toEqual([I32, I64]);
    expect(m.types[1].results).toEqual([F32, F64]);
    expect(m.imports.map((i) => [i.module, i.name, i.kind])).toEqual([['env', 'f', 0], ['env', 't', 1], ['env', 'm', 2], ['env', 'g', 3], ['env', 'gm', 3]]);
    expect(m.imports[0].funcType).toBe(1);
    expect(m.imports[1].table).toEqual({ elem: EXTERNREF, limits: { min: 2, max: 10 } });
    expect(m.imports[2].memory).toEqual({ min: 1, max: 3 });
    expect(m.imports[4].global).toEqual({ type: F64, mutable: true });
    expect(m.numImportedFuncs).toBe(1);
    expect(m.funcTypes).toEqual([1, 0, 2, 0]);
    expect(m.numImportedTables).toBe(1);
    expect(m.tables[1]).toEqual({ elem: FUNCREF, limits: { min: 3, max: -1 } });
    expect(m.numImportedMemories).toBe(1);
    expect(m.memories).toEqual([{ min: 1, max: 3 }]);
    expect(m.numImportedGlobals).toBe(2);
    expect(m.globals.slice(2)).toEqual([
      { type: I64, mutable: true }, { type: F32, mutable: false }, { type: F64, mutable: false },
      { type: FUNCREF, mutable: false }, { type: EXTERNREF, mutable: false }, { type: I32, mutable: false },
    ]);
    const f32bits = new Int32Array(new Float32Array([1.5]).buffer)[0];
    const f64words = new Int32Array(new Float64Array([-0.5]).buffer);
    expect(m.globalInits).toEqual([
      { op: 0x42, a: -2, b: -1 }, { op: 0x43, a: f32bits, b: 0 }, { op: 0x44, a: f64words[0], b: f64words[1] },
      { op: 0xd2, a: 2, b: 0 }, { op: 0xd0, a: EXTERNREF, b: 0 }, { op: 0x23, a: 0, b: 0 },
    ]);
    expect(m.exports).toEqual([
      { name: 'a', kind: 0, index: 1 }, { name: 't', kind: 1, index: 1 }, { name: 'mem', kind: 2, index: 0 },
      { name: 'g1', kind: 3, index: 2 }, { name: 'init', kind: 0, index: 3 },
    ]);
    expect(m.start).toBe(1);
    expect(m.elems.length).toBe(3);
    expect(m.elems[0]).toEqual({ mode: 1, table: 1, offset: { op: 0x41, a: 1, b: 0 }, type: FUNCREF, init: [{ op: 0xd2, a: 1, b: 0 }, { op: 0xd2, a: 2, b: 0 }] });
    expect(m.elems[1]).toEqual({ mode: 0, table: 0, offset: null, type: FUNCREF, init: [{ op: 0xd0, a: FUNCREF, b: 0 }, { op: 0xd2, a: 1, b: 0 }] });
    expect(m.elems[2].mode).toBe(2);
    expect(m.elems[2].init).toEqual([{ op: 0xd2, a: 2, b: 0 }]);
    expect(m.datas.length).toBe(2);
    expect(m.datas[0].mode).toBe(1);
    expect(m.datas[0].offset).toEqual({ op: 0x41, a: 16, b: 0 });
    expect(Buffer.from(bytes.subarray(m.datas[0].start, m.datas[0].end)).toString()).toBe('hello');
    expect(m.datas[1].mode).toBe(0);
    expect(Buffer.from(bytes.subarray(m.datas[1].start, m.datas[1].end)).toString()).toBe('xyz');
    expect(m.dataCount).toBe(2);
    expect(m.codes.length).toBe(3);
    for (const c of m.codes) expect(bytes[c.end - 1]).toBe(0x0b);
    // $b: one locals entry of 2 i64, one of 1 f32, then i32.const 7, end
    expect([...bytes.subarray(m.codes[1].start, m.codes[1].end)]).toEqual([0x02, 0x02, I64, 0x01, F32, 0x41, 0x07, 0x0b]);
    expect(m.compiled).toEqual([null, null, null]);
    // C.refs: $b (global init, elem), $a (elem, export), the exported init function; not the import
    expect([...m.declaredRefs]).toEqual([0, 1, 1, 1]);
    expect(m.moduleName).toBeNull();
  });

  test('the name section gives the module and function names', () => {
    const bytes = wat(`(module $mod (import "e" "i" (func $imported)) (func $first) (func) (func $third))`, true);
    const m = decodeModule(bytes);
    expect(m.moduleName).toBe('mod');
    expect(m.funcNames[0]).toBe('imported');
    expect(m.funcNames[1]).toBe('first');
    expect(m.funcNames[3]).toBe('third');
    expect(m.customSections.some((c) => c.name === 'name')).toBe(true);
  });

  test('an empty module', () => {
    const m = decodeModule(wat('(module)'));
    expect(m.types.length + m.imports.length + m.funcTypes.length + m.codes.length).toBe(0);
    expect(m.start).toBe(-1);
    expect(m.dataCount).toBe(-1);
    expect(m.declaredRefs.length).toBe(0);
  });
});

describe('modules by hand', () => {
  test('all eight element segment encodings', () => {
    const i32c = (v: number) => [0x41, ...u32(v), 0x0b];
    const bytes = mod(
      typeSec([[], []]),
      funcSec(0, 0),
      section(4, vec([[FUNCREF, 0x00, 4], [EXTERNREF, 0x00, 4]])),
      section(9, vec([
        [0x00, ...i32c(0), ...vec([[0], [1]])],                               // 0: active table 0, func indices
        [0x01, 0x00, ...vec([[1]])],                                           // 1: passive, elemkind, indices
        [0x02, 0x00, ...i32c(2), 0x00, ...vec([[0]])],                         // 2: active explicit table, indices
        [0x03, 0x00, ...vec([[1]])],                                           // 3: declarative, indices
        [0x04, ...i32c(1), ...vec([[0xd2, 0x00, 0x0b], [0xd0, FUNCREF, 0x0b]])], // 4: active table 0, exprs
        [0x05, EXTERNREF, ...vec([[0xd0, EXTERNREF, 0x0b]])],                   // 5: passive, reftype, exprs
        [0x06, 0x01, ...i32c(3), EXTERNREF, ...vec([[0xd0, EXTERNREF, 0x0b]])], // 6: active explicit table, exprs
        [0x07, FUNCREF, ...vec([[0xd2, 0x01, 0x0b]])],                          // 7: declarative, reftype, exprs
      ])),
      codeSec(emptyBody, emptyBody),
    );
    const m = decodeModule(bytes);
    const e = m.elems;
    expect(e.map((s) => s.mode)).toEqual([1, 0, 1, 2, 1, 0, 1, 2]);
    expect(e.map((s) => s.table)).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
    expect(e.map((s) => s.type)).toEqual([FUNCREF, FUNCREF, FUNCREF, FUNCREF, FUNCREF, EXTERNREF, EXTERNREF, FUNCREF]);
    expect(e.map((s) => s.offset && s.offset.a)).toEqual([0, null, 2, null, 1, null, 3, null]);
    expect(e[0].init).toEqual([{ op: 0xd2, a: 0, b: 0 }, { op: 0xd2, a: 1, b: 0 }]);
    expect(e[4].init).toEqual([{ op: 0xd2, a: 0, b: 0 }, { op: 0xd0, a: FUNCREF, b: 0 }]);
    expect(e[7].init).toEqual([{ op: 0xd2, a: 1, b: 0 }]);
    expect([...m.declaredRefs]).toEqual([1, 1]);
  });

  test('the three data segment encodings, data count, payloads as offsets', () => {
    const bytes = mod(
      section(5, vec([[0x00, 0x01]])),
      section(12, u32(3)),
      section(11, vec([
        [0x00, 0x41, 0x08, 0x0b, ...str('ab')],
        [0x01, ...str('cde')],
        [0x02, 0x00, 0x41, 0x7f, 0x0b, ...str('')],
      ])),
    );
    const m = decodeModule(bytes);
    expect(m.dataCount).toBe(3);
    expect(m.datas.map((d) => [d.mode, d.memory, d.offset && d.offset.a, d.end - d.start])).toEqual([[1, 0, 8, 2], [0, 0, null, 3], [1, 0, -1, 0]]);
    expect(String.fromCharCode(...bytes.subarray(m.datas[1].start, m.datas[1].end))).toBe('cde');
  });

  test('custom sections anywhere, with payload offsets', () => {
    const custom = (name: string, payload: number[]) => section(0, [...str(name), ...payload]);
    const bytes = mod(custom('first', [1, 2, 3]), typeSec([[], []]), custom('second', []), funcSec(0), codeSec(emptyBody), custom('last', [9]));
    const m = decodeModule(bytes);
    expect(m.customSections.map((c) => c.name)).toEqual(['first', 'second', 'last']);
    const c0 = m.customSections[0];
    expect([...bytes.subarray(c0.start, c0.end)]).toEqual([1, 2, 3]);
    expect(m.customSections[1].end - m.customSections[1].start).toBe(0);
    expect(bytes[m.customSections[2].start]).toBe(9);
  });

  test('a malformed name section is ignored, not fatal', () => {
    const names = (payload: number[]) => mod(typeSec([[], []]), funcSec(0), codeSec(emptyBody), section(0, [...str('name'), ...payload]));
    const good = decodeModule(names([0x00, ...u32(4), ...str('mod'), 0x01, ...u32(5), ...vec([[0x00, ...str('fn')]])]));
    expect(good.moduleName).toBe('mod');
    expect(good.funcNames[0]).toBe('fn');
    const bad = [
      [0x00, ...u32(9), ...str('mod')],                             // subsection size wrong
      [0x01, ...u32(5), ...vec([[0x05, ...str('fn')]])],             // function index out of range
      [0x00, ...u32(3), 0x02, 0xc0, 0x80],                           // malformed UTF-8
      [0x01, ...u32(1), 0x00, 0x00, ...u32(4), ...str('mod')],       // subsections out of order
      [0x00],                                                        // truncated
    ];
    for (const payload of bad) {
      const m = decodeModule(names(payload));
      expect(m.moduleName).toBeNull();
      expect(m.funcNames.length).toBe(0);
    }
  });

  test('locals: counts, types and the limit', () => {
    const withLocals = (locals: number[]) => mod(typeSec([[], []]), funcSec(0), codeSec([...locals, 0x0b]));
    expect(decodeModule(withLocals(vec([[...u32(3), I32], [...u32(0), F64], [...u32(2), EXTERNREF]]))).codes.length).toBe(1);
    expect(errorOf(withLocals(vec([[...u32(50001), I32]])))).toMatch(/^too many locals/);
    expect(errorOf(withLocals(vec([[...u32(30000), I32], [...u32(30000), I64]])))).toMatch(/^too many locals/);
    expect(errorOf(withLocals(vec([[1, 0x7b]])))).toMatch(/^malformed value type/); // v128: no SIMD
    expect(errorOf(withLocals(vec([[1, 0x40]])))).toMatch(/^malformed reference type/);
  });

  test('body size framing', () => {
    // body size larger than the rest of the module
    const bytes = mod(typeSec([[], []]), funcSec(0), [10, 4, 1, 9, 0, 0x0b]);
    expect(errorOf(bytes)).toMatch(/^(length out of bounds|unexpected end)/);
    // locals vector running past the body's end
    expect(errorOf(mod(typeSec([[], []]), funcSec(0), codeSec([0x01, 0x05])))).toMatch(/^unexpected end/);
  });
});

describe('malformed modules', () => {
  const types = typeSec([[], []]);
  test('preamble', () => {
    expect(errorOf(new Uint8Array([]))).toMatch(/^unexpected end @ offset 0$/);
    expect(errorOf(new Uint8Array([0, 0x61, 0x73, 0x6d, 1]))).toMatch(/^unexpected end/);
    expect(errorOf(new Uint8Array([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0]))).toMatch(/^magic header not detected @ offset 0$/);
    expect(errorOf(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toMatch(/^unknown binary version @ offset 4$/);
  });
  test('section ids and order', () => {
    expect(errorOf(mod([13, 0]))).toMatch(/^malformed section id @ offset 8$/);
    expect(errorOf(mod(funcSec(), types))).toMatch(/^unexpected content after last section/);
    expect(errorOf(mod(types, types))).toMatch(/^unexpected content after last section/);
    // data count (12) goes between element (9) and code (10)
    expect(decodeModule(mod(section(9, vec([])), section(12, u32(0)), section(10, vec([])), section(11, vec([])))).dataCount).toBe(0);
    expect(errorOf(mod(section(10, vec([])), section(12, u32(0))))).toMatch(/^unexpected content after last section/);
  });
  test('section sizes', () => {
    expect(errorOf(mod([1, 5, 0]))).toMatch(/^length out of bounds/);
    expect(errorOf(mod([1, 2, 0, 0]))).toMatch(/^section size mismatch/);
    expect(errorOf(mod([0, 1, 1, 0x61]))).toMatch(/^unexpected end/);          // custom name beyond the section
    expect(errorOf(mod([0, 2, 5, 0x61]))).toMatch(/^length out of bounds/);
  });
  test('types, imports, limits, globals, exports', () => {
    expect(errorOf(mod(section(1, vec([[0x61, 0, 0]]))))).toMatch(/^malformed function type/);
    expect(errorOf(mod(section(1, vec([[0x60, 1, 0x7b, 0]]))))).toMatch(/^malformed value type/);
    expect(errorOf(mod(section(2, vec([[...str('a'), ...str('b'), 4]]))))).toMatch(/^malformed import kind/);
    expect(errorOf(mod(section(2, vec([[...str('a'), ...str('b'), 3, I32, 2]]))))).toMatch(/^malformed mutability/);
    expect(errorOf(mod(section(4, vec([[0x6e, 0, 0]]))))).toMatch(/^malformed reference type/);
    expect(errorOf(mod(section(5, vec([[2, 0]]))))).toMatch(/^integer too large/);
    expect(errorOf(mod(section(5, vec([[0x81, 0, 0]]))))).toMatch(/^integer representation too long/);
    expect(errorOf(mod(section(7, vec([[...str('x'), 4, 0]]))))).toMatch(/^malformed export kind/);
    expect(errorOf(mod(section(9, vec([[8]]))))).toMatch(/^malformed elements segment kind/);
    expect(errorOf(mod(section(9, vec([[1, 1, 0]]))))).toMatch(/^malformed element kind/);
    expect(errorOf(mod(section(11, vec([[3]]))))).toMatch(/^malformed data segment kind/);
  });
  test('constant expressions', () => {
    const global = (init: number[]) => mod(section(6, vec([[I32, 0, ...init]])));
    expect(errorOf(global([0x0b]))).toMatch(/^type mismatch/);
    expect(errorOf(global([0x41, 0, 0x41, 0, 0x0b]))).toMatch(/^type mismatch/);
    expect(errorOf(global([0x41, 0, 0x6a, 0x0b]))).toMatch(/^constant expression required/);
    expect(errorOf(global([0x01, 0x41, 0, 0x0b]))).toMatch(/^constant expression required/);
    expect(errorOf(global([0x20, 0, 0x0b]))).toMatch(/^constant expression required/);
    expect(errorOf(global([0xf3, 0x0b]))).toMatch(/^illegal opcode f3/);
    expect(errorOf(global([0x41, 0]))).toMatch(/^unexpected end/);
  });
  test('function and code counts, data count', () => {
    expect(errorOf(mod(types, funcSec(0)))).toMatch(/^function and code section have inconsistent lengths/);
    expect(errorOf(mod(codeSec(emptyBody)))).toMatch(/^function and code section have inconsistent lengths/);
    expect(errorOf(mod(section(12, u32(1))))).toMatch(/^data count and data section have inconsistent lengths/);
  });
});

describe('offsets in messages', () => {
  test('point at the faulty byte', () => {
    const bytes = mod(section(2, vec([[...str('a'), ...str('b'), 9]])));
    // 8 preamble + 2 section header + 1 count + 2 + 2 names = 15
    expect(errorOf(bytes)).toBe('malformed import kind @ offset 15');
  });
});

export type { Module };
