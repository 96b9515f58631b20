// Module-level validation (core/valid/module.ts, reached through decodeModule).
// 1. Every `assert_invalid` text module of the (non-SIMD) spec testsuite, compiled by wabt: with
//    the function bodies replaced by `unreachable` stubs, Node's native WebAssembly (Node 20: Wasm
//    2.0 without later proposals) decides whether the module is valid at module level; the decoder
//    must agree, and when it rejects, its message must start with the expected text.
// 2. Every valid top-level text module of those files must decode.
// 3. Targeted cases: limits, exports, start, segments, constant expressions, C.refs.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import wabtInit from 'wabt';
import { invalidTextCases, validTextModules } from '../binary/wast-binary';
import { decodeModule } from '../../../core/binary/decode';
import { CompileError } from '../../../core/errors';

const dir = '/work/shared/testsuite';
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.wast') && !f.startsWith('simd'));

let wabt: any;
beforeAll(async () => {
  wabt = await wabtInit();
});

function toBinary(text: string): Uint8Array | null {
  try {
    const m = wabt.parseWat('test.wat', text, {});
    return new Uint8Array(m.toBinary({}).buffer);
  } catch {
    return null; // wabt rejects it while parsing: nothing to decode
  }
}

// ---- an independent section walker, to stub out function bodies ----
function readU32(b: Uint8Array, p: { pos: number }): number {
  let result = 0;
  let mul = 1;
  for (;;) {
    const x = b[p.pos++];
    result += (x & 0x7f) * mul;
    mul *= 128;
    if (!(x & 0x80)) return result;
  }
}
function leb(v: number): number[] {
  const out: number[] = [];
  do {
    let x = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) x |= 0x80;
    out.push(x);
  } while (v);
  return out;
}
/** The module with every function body replaced by `unreachable` (valid for any type). */
function stubBodies(bytes: Uint8Array): Uint8Array {
  const out: number[] = [...bytes.subarray(0, 8)];
  const p = { pos: 8 };
  while (p.pos < bytes.length) {
    const start = p.pos;
    const id = bytes[p.pos++];
    const size = readU32(bytes, p);
    const end = p.pos + size;
    if (id === 10) {
      const count = readU32(bytes, p);
      const body = [0x03, 0x00, 0x00, 0x0b];
      const contents = [...leb(count)];
      for (let i = 0; i < count; i++) contents.push(...body);
      out.push(10, ...leb(contents.length), ...contents);
    } else {
      out.push(...bytes.subarray(start, end));
    }
    p.pos = end;
  }
  return new Uint8Array(out);
}
function nativeAccepts(bytes: Uint8Array): boolean {
  try {
    new WebAssembly.Module(bytes);
    return true;
  } catch {
    return false;
  }
}
function decodeError(bytes: Uint8Array): Error | null {
  try {
    decodeModule(bytes);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as Error;
  }
}

describe('assert_invalid modules of the testsuite', () => {
  for (const file of files) {
    const cases = invalidTextCases(path.join(dir, file));
    if (cases.length === 0) continue;
    test(file, () => {
      const problems: string[] = [];
      for (const c of cases) {
        const bytes = toBinary(c.text);
        if (!bytes) continue;
        const error = decodeError(bytes);
        const moduleLevelValid = nativeAccepts(stubBodies(bytes));
        if (error) {
          if (!error.message.startsWith(c.message)) problems.push(`line ${c.line}: expected "${c.message}", got "${error.message}"`);
          else if (moduleLevelValid) problems.push(`line ${c.line}: rejected a module whose fault is in a body: ${error.message}`);
        } else if (!moduleLevelValid) {
          problems.push(`line ${c.line}: accepted, expected "${c.message}"`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('valid modules of the testsuite decode', () => {
  for (const file of files) {
    const cases = validTextModules(path.join(dir, file));
    if (cases.length === 0) continue;
    test(file, () => {
      const problems: string[] = [];
      for (const c of cases) {
        const bytes = toBinary(c.text);
        if (!bytes || !nativeAccepts(bytes)) continue; // needs a feature wabt or Node lack
        const error = decodeError(bytes);
        if (error) problems.push(`line ${c.line}: ${error.message}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

function invalid(text: string): string {
  const bytes = toBinary(text);
  expect(bytes).not.toBeNull();
  const error = decodeError(bytes!);
  expect(error, text).not.toBeNull();
  return error!.message;
}

describe('targeted validation', () => {
  test('limits', () => {
    expect(invalid('(module (memory 2 1))')).toMatch(/^size minimum must not be greater than maximum/);
    expect(invalid('(module (memory 65537))')).toMatch(/^memory size must be at most 65536 pages \(4GiB\)/);
    expect(invalid('(module (memory 0 65537))')).toMatch(/^memory size must be at most 65536 pages/);
    expect(invalid('(module (import "a" "b" (memory 0 70000)))')).toMatch(/^memory size must be at most 65536 pages/);
    expect(invalid('(module (table 3 2 funcref))')).toMatch(/^size minimum must not be greater than maximum/);
    expect(invalid('(module (import "a" "b" (table 3 2 funcref)))')).toMatch(/^size minimum must not be greater than maximum/);
    expect(decodeModule(toBinary('(module (memory 65536 65536) (table 0xffffffff funcref))')!).memories[0].max).toBe(65536);
    expect(invalid('(module (memory 1) (memory 1))')).toMatch(/^multiple memories/);
    expect(invalid('(module (import "a" "b" (memory 1)) (memory 1))')).toMatch(/^multiple memories/);
  });

  test('indices with the index in the message', () => {
    expect(invalid('(module (func) (export "f" (func 3)))')).toMatch(/^unknown function 3 /);
    expect(invalid('(module (export "t" (table 0)))')).toMatch(/^unknown table 0 /);
    expect(invalid('(module (memory 1) (export "m" (memory 1)))')).toMatch(/^unknown memory 1 /);
    expect(invalid('(module (export "g" (global 0)))')).toMatch(/^unknown global 0 /);
    expect(invalid('(module (import "a" "b" (func (type 2))) (type (func)))')).toMatch(/^unknown type 2 /);
    expect(invalid('(module (global funcref (ref.func 4)))')).toMatch(/^unknown function 4 /);
  });

  test('function section type indices', () => {
    // type section with one type; function section refers to type 5
    const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 5, 10, 4, 1, 2, 0, 0x0b]);
    expect(decodeError(bytes)!.message).toMatch(/^unknown type 5 @ offset 17$/);
  });

  test('exports', () => {
    expect(invalid('(module (func) (export "a" (func 0)) (export "a" (func 0)))')).toMatch(/^duplicate export name/);
    expect(invalid('(module (func) (memory 1) (export "__proto__" (func 0)) (export "__proto__" (memory 0)))')).toMatch(/^duplicate export name/);
    const m = decodeModule(toBinary('(module (func) (export "toString" (func 0)) (export "constructor" (func 0)) (export "" (func 0)))')!);
    expect(m.exports.map((e) => e.name)).toEqual(['toString', 'constructor', '']);
  });

  test('start function', () => {
    expect(invalid('(module (func (param i32)) (start 0))')).toMatch(/^start function/);
    expect(invalid('(module (func (result i32) (i32.const 0)) (start 0))')).toMatch(/^start function/);
    expect(invalid('(module (func) (start 1))')).toMatch(/^unknown function 1/);
    expect(decodeModule(toBinary('(module (import "a" "b" (func)) (start 0))')!).start).toBe(0);
  });

  test('constant expressions', () => {
    expect(invalid('(module (global i32 (i64.const 0)))')).toMatch(/^type mismatch/);
    expect(invalid('(module (global externref (ref.null func)))')).toMatch(/^type mismatch/);
    expect(invalid('(module (func) (global externref (ref.func 0)))')).toMatch(/^type mismatch/);
    expect(invalid('(module (global i32 (i32.const 0)) (global i32 (global.get 0)))')).toMatch(/^unknown global 0/);
    expect(invalid('(module (import "a" "b" (global (mut i32))) (global i32 (global.get 0)))')).toMatch(/^constant expression required/);
    expect(invalid('(module (import "a" "b" (global i64)) (global i32 (global.get 0)))')).toMatch(/^type mismatch/);
    const m = decodeModule(toBinary('(module (import "a" "b" (global f32)) (global f32 (global.get 0)))')!);
    expect(m.globalInits[0]).toEqual({ op: 0x23, a: 0, b: 0 });
  });

  test('element segments', () => {
    expect(invalid('(module (func $f) (elem (i32.const 0) $f))')).toMatch(/^unknown table 0/);
    expect(invalid('(module (table 1 externref) (func $f) (elem (i32.const 0) $f))')).toMatch(/^type mismatch/);
    expect(invalid('(module (table 1 funcref) (elem (i64.const 0)))')).toMatch(/^type mismatch/);
    expect(invalid('(module (table 1 funcref) (elem funcref (ref.null extern)))')).toMatch(/^type mismatch/);
    expect(invalid('(module (table 1 funcref) (elem (i32.const 0) func 3))')).toMatch(/^unknown function 3/);
    // passive and declarative segments need no table
    expect(decodeModule(toBinary('(module (func $f) (elem func $f) (elem declare func $f))')!).elems.length).toBe(2);
  });

  test('data segments', () => {
    expect(invalid('(module (data (i32.const 0) "a"))')).toMatch(/^unknown memory 0/);
    expect(invalid('(module (memory 1) (data (f32.const 0) "a"))')).toMatch(/^type mismatch/);
    expect(decodeModule(toBinary('(module (data "passive needs no memory"))')!).datas[0].mode).toBe(0);
  });

  test('C.refs: globals, element segments and exports, not the start function or bodies', () => {
    const m = decodeModule(toBinary(`(module
      (func $f0) (func $f1) (func $f2) (func $f3) (func $f4) (func $f5 (drop (ref.func $f5)))
      (table 1 funcref)
      (global funcref (ref.func $f1))
      (elem (i32.const 0) $f2)
      (elem declare func $f3)
      (export "e" (func $f4))
      (start $f0))`)!);
    expect([...m.declaredRefs]).toEqual([0, 1, 1, 1, 1, 0]);
  });
});
