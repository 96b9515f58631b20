// Node side of the engine smoke suite: compiles test/engines/smoke.wat with wabt and produces
// the steps that test/engines/smoke.js runs inside each engine, with every expected value
// computed here by Node's native WebAssembly (the oracle) on the same binary. Values are raw
// ({ t, lo, hi }) so engines without BigInt compare them exactly. Steps run in order on one
// instance (memory.grow results depend on the steps before them).
//
// A step is { f, a: [raw args], r: [raw results] } or { f, a, trap: "spec trap text" };
// `same: 1` means "the result's bits equal the argument's" (NaN payload moves, checked against
// the input itself since JS numbers cannot carry payloads through a native call); `exhaust: 1`
// means the call must end with the runtime's "call stack exhausted" RangeError. A second,
// hand-written module of 3000 nested blocks checks that compiling never recurses on the JS stack.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { watToBinary } from '../spec/wat.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const I64_VALUES = [
  0n, 1n, -1n, 5n, -7n, 63n, 64n, 65n, 0xffffffffn, 0x100000000n, 0x123456789abcdef0n,
  -0x123456789abcdef0n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x00ff00ff00ff00ffn,
];
const I64_BINARY = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'lt_s', 'lt_u'];
const I64_UNARY = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend32_s'];
const F64_BITS = [1.5, -1.5, 0.9, -0.9, 2 ** 63, -(2 ** 63), 2 ** 64, 1e19, -1, 4294967296.5, 9007199254740993, NaN, Infinity, -Infinity, 2 ** 62 + 2 ** 40, 1.7976931348623157e308, 5e-324];
const F32_ARGS = [
  [0x3f8ccccd, 0x3dcccccd, 0x40490fdb], [0x4b800001, 0x3f800000, 0x3f7fffff], [0x00800001, 0x3f000000, 0x7f7fffff],
  [0x34000001, 0x3f800000, 0x3f800001], [0xc2f6e979 | 0, 0x41200000, 0x3e4ccccd], [0x7f000000, 0x7f000000, 0x3f800000],
];
const I32_VALUES = [0, 1, -1, 0x7fffffff, -0x80000000, 0x12345678, -42];
const NESTING = 3000;

/** @param {bigint} v */
function rawI64(v) {
  return { t: 'i64', lo: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> 32n)) };
}
/** @param {number} v */
function rawI32(v) {
  return { t: 'i32', lo: v | 0, hi: 0 };
}
/** @param {number} x @returns {bigint} the f64's bits */
function f64Bits(x) {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigInt64(0, true);
}

/** The spec's trap text for a native trap (V8's messages differ from the spec's). */
function trapText(fname, args) {
  if (fname === 'unreachable') return 'unreachable';
  if (/div|rem/.test(fname)) return args[1] === 0n || args[1] === 0 ? 'integer divide by zero' : 'integer overflow';
  if (/trunc/.test(fname)) {
    // The argument is the float's bits: an i64 for f64, an i32 for f32.
    const x = typeof args[0] === 'bigint' ? new DataView(new BigInt64Array([args[0]]).buffer).getFloat64(0, true)
      : new DataView(new Int32Array([args[0]]).buffer).getFloat32(0, true);
    return Number.isNaN(x) ? 'invalid conversion to integer' : 'integer overflow';
  }
  if (/load|store|fill/.test(fname)) return 'out of bounds memory access';
  throw new Error(`no trap text for ${fname}`);
}

/** @param {number} n @returns {number[]} unsigned LEB128 */
function leb(n) {
  const out = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}

/**
 * A module exporting `nested: [i32] -> [i32]`, a function of NESTING nested blocks each adding 1.
 * Decoding, validating and compiling it must not recurse on the JS stack (XS aborts after a few
 * hundred nested JS calls). Written in bytes here: wabt itself cannot parse such nesting.
 */
function nestedModule() {
  const body = [0x00];
  for (let i = 0; i < NESTING; i++) body.push(0x41, 0x01, 0x02, 0x7f); // i32.const 1, block (result i32)
  body.push(0x20, 0x00); // local.get 0
  for (let i = 0; i < NESTING; i++) body.push(0x0b, 0x6a); // end, i32.add
  body.push(0x0b);
  const code = [0x01, ...leb(body.length), ...body];
  const name = [...Buffer.from('nested')];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type: [i32] -> [i32]
    0x03, 0x02, 0x01, 0x00, // func 0: type 0
    0x07, 2 + name.length + 2, 0x01, name.length, ...name, 0x00, 0x00, // export "nested" func 0
    0x0a, ...leb(code.length), ...code,
  ]);
}

/**
 * @returns {Promise<{ module: string, steps: any[], nested: { module: string, arg: number, result: number } }>}
 *   the module (hex), the steps, and the nested-blocks module with one call and its result
 */
export async function makeSmoke() {
  const bytes = await watToBinary(fs.readFileSync(path.join(here, 'smoke.wat')));
  let instance;
  const imports = { host: { callback: (/** @type {number} */ x) => instance.exports.fib(x) + 1000 } };
  instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  const ex = instance.exports;
  /** @type {any[]} */
  const steps = [];

  /** Runs a step natively; records its results (or its trap). args are JS values for V8. */
  function step(f, args, raws, resultTypes, extra) {
    const s = { f, a: raws, ...extra };
    try {
      const r = ex[f](...args);
      const list = resultTypes.length > 1 ? r : resultTypes.length === 1 ? [r] : [];
      s.r = list.map((v, i) => (resultTypes[i] === 'i64' ? rawI64(v) : rawI32(v)));
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      s.trap = trapText(f, args);
    }
    steps.push(s);
  }

  for (const n of [0, 1, 2, 10, 20, 24]) step('fib', [n], [rawI32(n)], ['i32']);
  for (const n of [0, 5, 15]) step('callHost', [n], [rawI32(n)], ['i32']);
  step('deep', [10000], [rawI32(10000)], ['i32']);
  steps.push({ f: 'deep', a: [rawI32(100000)], exhaust: 1 });
  step('fib', [15], [rawI32(15)], ['i32']); // still usable after the exhaustion
  for (const name of I64_BINARY) {
    for (const a of I64_VALUES) for (const b of I64_VALUES) step(`i64.${name}`, [a, b], [rawI64(a), rawI64(b)], [name.startsWith('lt') ? 'i32' : 'i64']);
  }
  for (const name of I64_UNARY) for (const a of I64_VALUES) step(`i64.${name}`, [a], [rawI64(a)], ['i64']);
  for (const a of I64_VALUES) step('i32.wrap_i64', [a], [rawI64(a)], ['i32']);
  for (const a of I32_VALUES) {
    step('i64.extend_i32_s', [a], [rawI32(a)], ['i64']);
    step('i64.extend_i32_u', [a], [rawI32(a)], ['i64']);
  }
  const convInputs = [...I64_VALUES, 0x20000000000001n, 0x7ffffffffffffdffn, -0x7ffffffffffffdffn, 0xffffffbfffffffn, 0x1000001n, 0x8000008000000001n];
  for (const a of convInputs) {
    for (const f of ['f64.convert_i64_s', 'f64.convert_i64_u']) step(f, [a], [rawI64(a)], ['i64']);
    for (const f of ['f32.convert_i64_s', 'f32.convert_i64_u']) step(f, [a], [rawI64(a)], ['i32']);
  }
  for (const x of F64_BITS) {
    const b = f64Bits(x);
    for (const f of ['i64.trunc_f64_s', 'i64.trunc_f64_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u']) step(f, [b], [rawI64(b)], ['i64']);
    step('f32.demote', [b], [rawI64(b)], ['i32']);
  }
  for (const v of [0x4f000000, 0xcf000000 | 0, 0x7fc00000, 0x3fffffff, 0x4effffff]) step('i32.trunc_f32_s', [v], [rawI32(v)], ['i32']);
  for (const [a, b, c] of F32_ARGS) {
    step('f32.chain', [a, b, c], [rawI32(a), rawI32(b), rawI32(c)], ['i32']);
    step('f32.fma_like', [a, b, c], [rawI32(a), rawI32(b), rawI32(c)], ['i32']);
  }
  const f64Args = [1.5, -0.1, 3e300, 1e-310, 2 ** 53 + 1, -0, Infinity].map(f64Bits);
  for (const a of f64Args) for (const b of f64Args.slice(0, 4)) step('f64.mul_add', [a, b, f64Bits(0.3)], [rawI64(a), rawI64(b), rawI64(f64Bits(0.3))], ['i64']);
  for (const a of I32_VALUES) for (const b of I32_VALUES) step('fused.i32', [a, b], [rawI32(a), rawI32(b)], ['i32']);
  for (const a of [0, 1, 5, 0x3ffd, 0x3ffe, 0x40000000, -1]) step('fused.load', [a], [rawI32(a)], ['i32']);
  for (const [n, k] of [[0, 1], [10, 3], [100, 7], [1 << 20, 4097], [1000, 0x40000000]]) step('fused.step', [n, k], [rawI32(n), rawI32(k)], ['i32']);
  // NaN payloads (signalling and quiet, both signs) must survive every move bit for bit.
  for (const bits of [0x7fa00001, 0xffc00123 | 0, 0x7f800001, 0x3f800000]) steps.push({ f: 'f32.move', a: [{ t: 'f32', lo: bits, hi: 0 }], same: 1 });
  for (const [lo, hi] of [[1, 0x7ff00000], [0x89abcdef, 0xfff12345 | 0], [0, 0x7ff80000], [5, 0x7ff40000]]) {
    steps.push({ f: 'f64.move', a: [{ t: 'f64', lo: lo | 0, hi }], same: 1 });
  }
  steps.push({ f: 'f64.swap', a: [{ t: 'f64', lo: 7, hi: 0x7ff00000 }, { t: 'f64', lo: -1, hi: -1 }], r: [{ t: 'f64', lo: -1, hi: -1 }, { t: 'f64', lo: 7, hi: 0x7ff00000 }] });
  // Memory: grow within and beyond the maximum, accesses at the new page and past it.
  step('size', [], [], ['i32']);
  step('load', [65536], [rawI32(65536)], ['i32']);
  step('grow', [1], [rawI32(1)], ['i32']);
  step('size', [], [], ['i32']);
  step('store', [65536 + 100, 0x5a5a1234], [rawI32(65536 + 100), rawI32(0x5a5a1234)], []);
  step('load', [65536 + 100], [rawI32(65536 + 100)], ['i32']);
  step('load64', [65536 + 98], [rawI32(65536 + 98)], ['i64']);
  step('grow', [5], [rawI32(5)], ['i32']);
  step('grow', [1], [rawI32(1)], ['i32']);
  step('grow', [1], [rawI32(1)], ['i32']);
  step('size', [], [], ['i32']);
  step('load', [3 * 65536 - 4], [rawI32(3 * 65536 - 4)], ['i32']);
  step('load', [3 * 65536 - 3], [rawI32(3 * 65536 - 3)], ['i32']);
  step('fill', [10, 0xab, 3 * 65536], [rawI32(10), rawI32(0xab), rawI32(3 * 65536)], []);
  step('fill', [3 * 65536 - 8, 0xcd, 8], [rawI32(3 * 65536 - 8), rawI32(0xcd), rawI32(8)], []);
  step('load64', [3 * 65536 - 8], [rawI32(3 * 65536 - 8)], ['i64']);
  // Traps, each with its spec message.
  step('unreachable', [], [], []);
  for (const [a, b] of [[1, 0], [-0x80000000, -1], [7, -2]]) step('i32.div_s', [a, b], [rawI32(a), rawI32(b)], ['i32']);
  for (const [fn, idx] of [[0, 10], [1, 5], [2, 10], [5, 10]]) {
    // index 1 holds a function of another type, 2 is empty, 5 is past the table.
    const s = { f: 'callIndirect', a: [rawI32(idx), rawI32(fn)] };
    try {
      s.r = [rawI32(ex.callIndirect(idx, fn))];
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      s.trap = fn === 1 ? 'indirect call type mismatch' : fn === 2 ? 'uninitialized element' : 'undefined element';
    }
    steps.push(s);
  }
  const nested = nestedModule();
  const nestedResult = new WebAssembly.Instance(new WebAssembly.Module(nested)).exports.nested(-5);
  return { module: Buffer.from(bytes).toString('hex'), steps, nested: { module: Buffer.from(nested).toString('hex'), arg: -5, result: nestedResult } };
}
