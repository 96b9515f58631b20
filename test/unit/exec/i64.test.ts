// Unit tests of core/exec/i64.ts: every function against two oracles, BigInt arithmetic and the
// host's native WebAssembly (a module exporting each i64 instruction), on thousands of random and
// edge-case operands, with the destination distinct from and equal to each operand.
import { describe, it, expect, beforeAll } from 'vitest';
import wabtInit from 'wabt';
import * as I from '../../../core/exec/i64';
import { Trap } from '../../../core/errors';

// ---- deterministic random numbers (mulberry32) ----
let seed = 0x2545f491;
function rnd32(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) | 0;
}
function rndInt(n: number): number {
  return (rnd32() >>> 0) % n;
}

const M64 = (1n << 64n) - 1n;
const sx = (x: bigint) => BigInt.asIntN(64, x);
const ux = (x: bigint) => BigInt.asUintN(64, x);

const EDGES: bigint[] = [];
for (const e of [0n, 1n, 2n, 3n, 7n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn]) EDGES.push(e);
for (let k = 0n; k < 64n; k++) {
  const p = 1n << k;
  EDGES.push(p, p - 1n, p + 1n, -p, -p + 1n, -p - 1n);
}
EDGES.push(0x7fffffffffffffffn, -0x8000000000000000n, 0xffffffffn, 0x100000000n, 0x1fffffffffffffn, 0x20000000000000n);
// as signed i64 values (2^63 and friends wrap)
for (let i = 0; i < EDGES.length; i++) EDGES[i] = BigInt.asIntN(64, EDGES[i]);

/** A random i64 (signed BigInt) from a mix of distributions. */
function rand64(): bigint {
  const kind = rndInt(6);
  if (kind === 0) return EDGES[rndInt(EDGES.length)];
  const lo = BigInt(rnd32() >>> 0);
  const hi = BigInt(rnd32() >>> 0);
  let x = (hi << 32n) | lo;
  if (kind >= 2) {
    // a random bit length, so that small, 32-bit, 53-bit and huge values all occur often
    const bits = BigInt(rndInt(65));
    x &= (1n << bits) - 1n;
    if (kind === 3) x = -x;
    if (kind === 4) x = (1n << bits) - BigInt(rndInt(3)); // near powers of two
  }
  return sx(x);
}

// ---- stack helpers ----
const s = new Int32Array(16);
function put(w: number, x: bigint) {
  s[w] = Number(BigInt.asIntN(32, x));
  s[w + 1] = Number(BigInt.asIntN(32, x >> 32n));
}
function get(w: number): bigint {
  return (BigInt(s[w + 1]) << 32n) + BigInt(s[w] >>> 0);
}

// ---- native WebAssembly oracle ----
const BIN = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const CMP = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const UN = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'];
const TRUNC = ['trunc_f32_s', 'trunc_f32_u', 'trunc_f64_s', 'trunc_f64_u', 'trunc_sat_f32_s', 'trunc_sat_f32_u', 'trunc_sat_f64_s', 'trunc_sat_f64_u'];
let native: any;

beforeAll(async () => {
  const wabt: any = await (wabtInit as any)();
  let wat = '(module\n';
  for (const op of BIN) wat += `(func (export "${op}") (param i64 i64) (result i64) local.get 0 local.get 1 i64.${op})\n`;
  for (const op of CMP) wat += `(func (export "${op}") (param i64 i64) (result i32) local.get 0 local.get 1 i64.${op})\n`;
  for (const op of UN) wat += `(func (export "${op}") (param i64) (result i64) local.get 0 i64.${op})\n`;
  wat += '(func (export "eqz") (param i64) (result i32) local.get 0 i64.eqz)\n';
  wat += '(func (export "extend_i32_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)\n';
  wat += '(func (export "extend_i32_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)\n';
  for (const op of TRUNC) wat += `(func (export "${op}") (param ${op.indexOf('f32') >= 0 ? 'f32' : 'f64'}) (result i64) local.get 0 i64.${op})\n`;
  wat += ')';
  const mod = wabt.parseWat('i64.wat', wat, { sat_float_to_int: true, sign_extension: true });
  const bytes = mod.toBinary({}).buffer;
  native = (await WebAssembly.instantiate(bytes)).instance.exports;
});

/** Calls the native export; returns its result (BigInt or number) or 'trap'. */
function callNative(name: string, ...args: any[]): any {
  try {
    return native[name](...args);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return 'trap';
    throw e;
  }
}

// ---- BigInt oracles: result (signed BigInt) or a Trap code (number) ----
const MIN = -(1n << 63n);
const bigBin: Record<string, (a: bigint, b: bigint) => bigint | number> = {
  add: (a, b) => sx(a + b),
  sub: (a, b) => sx(a - b),
  mul: (a, b) => sx(a * b),
  div_s: (a, b) => (b === 0n ? Trap.IntegerDivideByZero : a === MIN && b === -1n ? Trap.IntegerOverflow : sx(a / b)),
  div_u: (a, b) => (b === 0n ? Trap.IntegerDivideByZero : sx(ux(a) / ux(b))),
  rem_s: (a, b) => (b === 0n ? Trap.IntegerDivideByZero : sx(a % b)),
  rem_u: (a, b) => (b === 0n ? Trap.IntegerDivideByZero : sx(ux(a) % ux(b))),
  and: (a, b) => sx(a & b),
  or: (a, b) => sx(a | b),
  xor: (a, b) => sx(a ^ b),
  shl: (a, b) => sx(a << (ux(b) & 63n)),
  shr_s: (a, b) => sx(a >> (ux(b) & 63n)),
  shr_u: (a, b) => sx(ux(a) >> (ux(b) & 63n)),
  rotl: (a, b) => {
    const n = ux(b) & 63n;
    return sx((ux(a) << n) | (ux(a) >> ((64n - n) & 63n)) & M64);
  },
  rotr: (a, b) => {
    const n = ux(b) & 63n;
    return sx((ux(a) >> n) | ((ux(a) << ((64n - n) & 63n)) & M64));
  },
};
const bigCmp: Record<string, (a: bigint, b: bigint) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt_s: (a, b) => a < b,
  lt_u: (a, b) => ux(a) < ux(b),
  gt_s: (a, b) => a > b,
  gt_u: (a, b) => ux(a) > ux(b),
  le_s: (a, b) => a <= b,
  le_u: (a, b) => ux(a) <= ux(b),
  ge_s: (a, b) => a >= b,
  ge_u: (a, b) => ux(a) >= ux(b),
};
function bitLength(x: bigint): number {
  let n = 0;
  while (x > 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}
const bigUn: Record<string, (a: bigint) => bigint> = {
  clz: (a) => BigInt(64 - bitLength(ux(a))),
  ctz: (a) => {
    const u = ux(a);
    if (u === 0n) return 64n;
    let n = 0n;
    while (((u >> n) & 1n) === 0n) n++;
    return n;
  },
  popcnt: (a) => {
    let u = ux(a);
    let n = 0n;
    while (u) {
      n += u & 1n;
      u >>= 1n;
    }
    return n;
  },
  extend8_s: (a) => BigInt.asIntN(8, a),
  extend16_s: (a) => BigInt.asIntN(16, a),
  extend32_s: (a) => BigInt.asIntN(32, a),
};

type BinFn = (s: Int32Array, d: number, a: number, b: number) => void | number;
const ourBin: Record<string, BinFn> = {
  add: I.i64Add, sub: I.i64Sub, mul: I.i64Mul, div_s: I.i64DivS, div_u: I.i64DivU, rem_s: I.i64RemS, rem_u: I.i64RemU,
  and: I.i64And, or: I.i64Or, xor: I.i64Xor, shl: I.i64Shl, shr_s: I.i64ShrS, shr_u: I.i64ShrU, rotl: I.i64Rotl, rotr: I.i64Rotr,
};
const TRAPPING = ['div_s', 'div_u', 'rem_s', 'rem_u'];
const ourCmp: Record<string, (s: Int32Array, a: number, b: number) => number> = {
  eq: I.i64Eq, ne: I.i64Ne, lt_s: I.i64LtS, lt_u: I.i64LtU, gt_s: I.i64GtS, gt_u: I.i64GtU,
  le_s: I.i64LeS, le_u: I.i64LeU, ge_s: I.i64GeS, ge_u: I.i64GeU,
};
const ourUn: Record<string, (s: Int32Array, d: number, a: number) => void> = {
  clz: I.i64Clz, ctz: I.i64Ctz, popcnt: I.i64Popcnt, extend8_s: I.i64Extend8S, extend16_s: I.i64Extend16S, extend32_s: I.i64Extend32S,
};

const N = 6000;

/** Runs our binary op with d separate, d == a and d == b; returns [trap, result] and checks all three agree. */
function runBin(op: string, a: bigint, b: bigint): [number, bigint] {
  const fn = ourBin[op];
  const results: [number, bigint][] = [];
  for (const layout of [[6, 2, 4], [2, 2, 4], [4, 2, 4]]) {
    s.fill(0x5a5a5a5a);
    put(2, a);
    put(4, b);
    const r = fn(s, layout[0], layout[1], layout[2]);
    const trap = typeof r === 'number' ? r : 0;
    if (trap !== 0) {
      // a trap must leave the operands alone
      expect(get(2)).toBe(a);
      expect(get(4)).toBe(b);
    }
    results.push([trap, trap === 0 ? get(layout[0]) : 0n]);
  }
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0];
}

describe('i64 binary operators', () => {
  for (const op of BIN) {
    it(op + ' matches BigInt and native wasm', () => {
      const pairs: [bigint, bigint][] = [];
      for (let i = 0; i < EDGES.length; i += 3) for (let j = 0; j < EDGES.length; j += 5) pairs.push([EDGES[i], EDGES[j]]);
      for (let i = 0; i < N; i++) pairs.push([rand64(), rand64()]);
      if (op.startsWith('sh') || op.startsWith('rot')) for (let i = 0; i < 130; i++) pairs.push([rand64(), BigInt(i - 2) + (BigInt(rnd32()) << 7n)]);
      for (const [a, b] of pairs) {
        const [trap, got] = runBin(op, a, b);
        const want = bigBin[op](a, b);
        const nat = callNative(op, a, b);
        if (typeof want === 'number') {
          expect({ op, a, b, trap }).toEqual({ op, a, b, trap: want });
          expect(nat).toBe('trap');
        } else {
          expect({ op, a, b, trap, got }).toEqual({ op, a, b, trap: 0, got: want });
          expect(nat).toBe(want);
        }
      }
    });
  }

  it('division exercises every path (53-bit, 32-bit divisor, general) with exact results', () => {
    let count = 0;
    for (let i = 0; i < 20000; i++) {
      const nbits = 1 + rndInt(64);
      const mbits = 1 + rndInt(64);
      const n = sx(((BigInt(rnd32() >>> 0) << 32n) | BigInt(rnd32() >>> 0)) & ((1n << BigInt(nbits)) - 1n) | (1n << BigInt(nbits - 1)));
      let m = sx(((BigInt(rnd32() >>> 0) << 32n) | BigInt(rnd32() >>> 0)) & ((1n << BigInt(mbits)) - 1n) | (1n << BigInt(mbits - 1)));
      if (m === 0n) m = 1n;
      for (const op of TRAPPING) {
        const [trap, got] = runBin(op, n, m);
        const want = bigBin[op](n, m);
        if (typeof want === 'number') expect(trap).toBe(want);
        else expect({ op, n, m, got }).toEqual({ op, n, m, got: want });
        count++;
      }
    }
    // quotients next to the float estimate's rounding: n = q * m + r for r in {0, 1, m - 1}
    for (let i = 0; i < 5000; i++) {
      const m = ux(rand64()) | (1n << BigInt(32 + rndInt(32)));
      const maxQ = M64 / m;
      const q = maxQ === 0n ? 0n : (ux(rand64()) % (maxQ + 1n));
      for (const r of [0n, 1n, m - 1n]) {
        const n = q * m + r;
        if (n > M64) continue;
        expect(runBin('div_u', sx(n), sx(m))).toEqual([0, sx(n / m)]);
        expect(runBin('rem_u', sx(n), sx(m))).toEqual([0, sx(n % m)]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(80000);
  });

  it('traps: divide by zero and INT64_MIN / -1; INT64_MIN rem -1 is 0', () => {
    for (const op of TRAPPING) expect(runBin(op, 12345n, 0n)[0]).toBe(Trap.IntegerDivideByZero);
    expect(runBin('div_s', MIN, -1n)[0]).toBe(Trap.IntegerOverflow);
    expect(runBin('rem_s', MIN, -1n)).toEqual([0, 0n]);
    expect(runBin('div_u', MIN, -1n)).toEqual([0, 0n]);
    expect(runBin('div_s', MIN, 1n)).toEqual([0, MIN]);
  });
});

describe('i64 comparisons', () => {
  for (const op of [...CMP, 'eqz']) {
    it(op + ' matches BigInt and native wasm', () => {
      const pairs: [bigint, bigint][] = [];
      for (let i = 0; i < N; i++) {
        const a = rand64();
        // equal operands, operands equal in one word, and unrelated operands
        const k = rndInt(4);
        const b = k === 0 ? a : k === 1 ? sx((a & ~0xffffffffn) | BigInt(rnd32() >>> 0)) : k === 2 ? sx((a & 0xffffffffn) | (BigInt(rnd32()) << 32n)) : rand64();
        pairs.push([a, b]);
      }
      for (const a of EDGES) pairs.push([a, 0n], [0n, a], [a, -1n], [a, MIN]);
      for (const [a, b] of pairs) {
        s.fill(0x5a5a5a5a);
        put(2, a);
        put(4, b);
        if (op === 'eqz') {
          const want = a === 0n ? 1 : 0;
          expect(I.i64Eqz(s, 2)).toBe(want);
          expect(callNative('eqz', a)).toBe(want);
        } else {
          const want = bigCmp[op](a, b) ? 1 : 0;
          expect({ op, a, b, r: ourCmp[op](s, 2, 4) }).toEqual({ op, a, b, r: want });
          expect(callNative(op, a, b)).toBe(want);
        }
      }
    });
  }
});

describe('i64 unary operators', () => {
  for (const op of UN) {
    it(op + ' matches BigInt and native wasm', () => {
      const xs: bigint[] = EDGES.slice();
      for (let i = 0; i < N; i++) xs.push(rand64());
      for (let k = 0; k < 64; k++) xs.push(sx(1n << BigInt(k)), sx(ux(rand64()) | (1n << BigInt(k))), sx(ux(rand64()) << BigInt(k)));
      for (const a of xs) {
        const want = bigUn[op](a);
        for (const d of [6, 2]) {
          s.fill(0x5a5a5a5a);
          put(2, a);
          ourUn[op](s, d, 2);
          expect({ op, a, got: get(d) }).toEqual({ op, a, got: want });
        }
        expect(callNative(op, a)).toBe(want);
      }
    });
  }

  it('extend_i32_s and extend_i32_u read only the low word', () => {
    const xs: number[] = [0, 1, -1, 0x7fffffff, -0x80000000, 0x80, 0xffff];
    for (let i = 0; i < N; i++) xs.push(rnd32());
    for (const x of xs) {
      for (const d of [6, 2]) {
        s.fill(0x5a5a5a5a);
        s[2] = x;
        s[3] = rnd32(); // the high word of an i32 slot is garbage
        I.i64ExtendI32S(s, d, 2);
        expect(get(d)).toBe(BigInt(x));
        expect(callNative('extend_i32_s', x)).toBe(BigInt(x));
        s[2] = x;
        s[3] = rnd32();
        I.i64ExtendI32U(s, d, 2);
        expect(get(d)).toBe(BigInt(x >>> 0));
        expect(callNative('extend_i32_u', x)).toBe(BigInt(x >>> 0));
      }
    }
  });
});

// ---- float to i64 ----
const dv = new DataView(new ArrayBuffer(8));
function f64FromBits(hi: number, lo: number): number {
  dv.setUint32(0, lo, true);
  dv.setUint32(4, hi, true);
  return dv.getFloat64(0, true);
}
function f32FromBits(b: number): number {
  dv.setUint32(0, b, true);
  return dv.getFloat32(0, true);
}
/** The next double above/below x (x finite). */
function nextUp(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  dv.setFloat64(0, x, true);
  let big = dv.getBigUint64(0, true);
  big += (x > 0) === dir > 0 ? 1n : -1n;
  dv.setBigUint64(0, big, true);
  return dv.getFloat64(0, true);
}
function nextUp32(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? f32FromBits(1) : -f32FromBits(1);
  dv.setFloat32(0, x, true);
  let b = dv.getUint32(0, true);
  b += (x > 0) === dir > 0 ? 1 : -1;
  dv.setUint32(0, b, true);
  return dv.getFloat32(0, true);
}

function floatInputs(f32: boolean): number[] {
  const out: number[] = [NaN, -NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 1, -1, 1.5, -1.5];
  out.push(f32 ? Math.fround(0.9999) : 0.9999, f32 ? Math.fround(-0.9999) : -0.9999);
  const bounds = [2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, 2 ** 64, 2 ** 24, 1];
  for (const b0 of bounds) {
    for (const b of [b0, -b0]) {
      let up = b;
      let down = b;
      for (let i = 0; i < 4; i++) {
        out.push(up, down);
        up = f32 ? nextUp32(up, 1) : nextUp(up, 1);
        down = f32 ? nextUp32(down, -1) : nextUp(down, -1);
      }
    }
  }
  for (let i = 0; i < N; i++) {
    if (f32) {
      // random bits, and random values within the interesting magnitudes
      out.push(rndInt(2) ? f32FromBits(rnd32()) : Math.fround((rnd32() / 2 ** 31) * 2 ** rndInt(66)));
    } else {
      out.push(rndInt(2) ? f64FromBits(rnd32() >>> 0, rnd32() >>> 0) : (rnd32() / 2 ** 31) * 2 ** rndInt(66) + (rndInt(2) ? 0 : rnd32() / 2 ** 32));
    }
  }
  return out;
}

/** BigInt oracle for trunc: the truncated value, or a trap code. */
function bigTrunc(x: number, signed: boolean): bigint | number {
  if (x !== x) return Trap.InvalidConversionToInteger;
  if (!isFinite(x)) return Trap.IntegerOverflow;
  const t = BigInt(x < 0 ? Math.ceil(x) : Math.floor(x));
  if (signed ? t < MIN || t >= 1n << 63n : t < 0n || t > M64) return Trap.IntegerOverflow;
  return sx(t);
}
function bigTruncSat(x: number, signed: boolean): bigint {
  if (x !== x) return 0n;
  if (x === Infinity) return signed ? (1n << 63n) - 1n : -1n;
  if (x === -Infinity) return signed ? MIN : 0n;
  const t = BigInt(x < 0 ? Math.ceil(x) : Math.floor(x));
  if (signed) return t < MIN ? MIN : t >= 1n << 63n ? (1n << 63n) - 1n : t;
  return t < 0n ? 0n : t > M64 ? -1n : sx(t);
}

describe('i64 truncations from floats', () => {
  for (const f32 of [true, false]) {
    const ty = f32 ? 'f32' : 'f64';
    it(`trunc_${ty}_s / _u and trunc_sat_${ty}_s / _u match BigInt and native wasm`, () => {
      const xs = floatInputs(f32);
      for (const x of xs) {
        if (f32) expect(Math.fround(x)).toBe(x);
        for (const signed of [true, false]) {
          const suffix = signed ? '_s' : '_u';
          s.fill(0x5a5a5a5a);
          const trap = (signed ? I.i64TruncS : I.i64TruncU)(s, 6, x);
          const want = bigTrunc(x, signed);
          const nat = callNative(`trunc_${ty}${suffix}`, x);
          if (typeof want === 'number') {
            expect({ x, signed, trap }).toEqual({ x, signed, trap: want });
            expect(nat).toBe('trap');
            expect(s[6]).toBe(0x5a5a5a5a);
          } else {
            expect({ x, signed, trap, got: get(6) }).toEqual({ x, signed, trap: 0, got: want });
            expect(nat).toBe(want);
          }
          s.fill(0x5a5a5a5a);
          (signed ? I.i64TruncSatS : I.i64TruncSatU)(s, 6, x);
          const wantSat = bigTruncSat(x, signed);
          expect({ x, signed, got: get(6) }).toEqual({ x, signed, got: wantSat });
          expect(callNative(`trunc_sat_${ty}${suffix}`, x)).toBe(wantSat);
        }
      }
    });
  }
});

describe('i64ToNumber', () => {
  it('is the signed value, rounded like Number(BigInt)', () => {
    for (let i = 0; i < N; i++) {
      const x = rand64();
      put(2, x);
      expect(I.i64ToNumber(s[2], s[3])).toBe(Number(x));
    }
  });
});
