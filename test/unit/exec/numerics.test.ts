// Unit tests of core/exec/numerics.ts: every function against the host's native WebAssembly (a
// module exporting the corresponding instruction) and against BigInt / Math / DataView oracles,
// on thousands of random and edge-case inputs. The imul/clz32 shims are tested by loading the
// module again with Math.imul and Math.clz32 removed.
import { describe, it, expect, beforeAll, vi } from 'vitest';
import wabtInit from 'wabt';
import * as Nm from '../../../core/exec/numerics';
import { Trap } from '../../../core/errors';

// ---- deterministic random numbers (mulberry32) ----
let seed = 0x1234567;
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

const N = 6000;
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
function nextUp(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  dv.setFloat64(0, x, true);
  const big = dv.getBigUint64(0, true) + ((x > 0) === dir > 0 ? 1n : -1n);
  dv.setBigUint64(0, big, true);
  return dv.getFloat64(0, true);
}
function nextUp32(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? f32FromBits(1) : -f32FromBits(1);
  dv.setFloat32(0, x, true);
  dv.setUint32(0, dv.getUint32(0, true) + ((x > 0) === dir > 0 ? 1 : -1), true);
  return dv.getFloat32(0, true);
}

/** Random 32-bit values: random bits, small, single bits, runs of ones, and edges. */
function rand32(): number {
  switch (rndInt(5)) {
    case 0: return [0, 1, -1, 0x7fffffff, -0x80000000, 0x80000000 | 1, 0xffff, 0x10000][rndInt(8)] | 0;
    case 1: return rnd32() & ((1 << rndInt(32)) - 1);
    case 2: return 1 << rndInt(32);
    case 3: return rnd32() << rndInt(32);
    default: return rnd32();
  }
}

/** Floats that stress rounding and range checks: halves, boundaries and their neighbours, random bits. */
function floatInputs(f32: boolean): number[] {
  const fr = (x: number) => (f32 ? Math.fround(x) : x);
  const out: number[] = [NaN, -NaN, Infinity, -Infinity, 0, -0];
  for (let k = -3; k <= 70; k++) {
    for (const sign of [1, -1]) {
      const b = sign * 2 ** k;
      let up = b;
      let down = b;
      for (let i = 0; i < 3; i++) {
        out.push(up, down);
        up = f32 ? nextUp32(up, 1) : nextUp(up, 1);
        down = f32 ? nextUp32(down, -1) : nextUp(down, -1);
      }
    }
  }
  for (let i = -10; i <= 10; i++) out.push(i + 0.5, i - 0.5, fr(i + 0.49999999), fr(i + 0.50000001), fr(i + 0.25));
  for (const b of [2 ** 31, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 23, 2 ** 24]) out.push(b - 0.5, -b + 0.5, b - 1.5, -b + 1.5, b + 0.5, b - 1);
  for (let i = 0; i < N; i++) {
    const k = rndInt(4);
    if (k === 0) out.push(f32 ? f32FromBits(rnd32()) : f64FromBits(rnd32() >>> 0, rnd32() >>> 0));
    else if (k === 1) out.push(fr((rnd32() / 2 ** 31) * 2 ** rndInt(66)));
    else if (k === 2) out.push(fr(rnd32() / 2 ** rndInt(32))); // values with few fraction bits: ties occur
    else out.push(fr((rnd32() >> rndInt(32)) + [0.5, -0.5, 0.25, 0.75][rndInt(4)]));
  }
  return out.map(fr);
}

let native: any;
beforeAll(async () => {
  const wabt: any = await (wabtInit as any)();
  let wat = '(module\n';
  for (const t of ['f32', 'f64']) {
    for (const op of ['nearest', 'trunc', 'ceil', 'floor']) wat += `(func (export "${t}.${op}") (param ${t}) (result ${t}) local.get 0 ${t}.${op})\n`;
    for (const op of ['min', 'max']) wat += `(func (export "${t}.${op}") (param ${t} ${t}) (result ${t}) local.get 0 local.get 1 ${t}.${op})\n`;
    for (const op of ['trunc', 'trunc_sat']) {
      for (const sg of ['s', 'u']) wat += `(func (export "i32.${op}_${t}_${sg}") (param ${t}) (result i32) local.get 0 i32.${op}_${t}_${sg})\n`;
    }
    for (const sg of ['s', 'u']) wat += `(func (export "${t}.convert_i64_${sg}") (param i64) (result ${t}) local.get 0 ${t}.convert_i64_${sg})\n`;
  }
  for (const op of ['clz', 'ctz', 'popcnt']) wat += `(func (export "i32.${op}") (param i32) (result i32) local.get 0 i32.${op})\n`;
  wat += '(func (export "i32.mul") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul)\n';
  wat += ')';
  const mod = wabt.parseWat('numerics.wat', wat, { sat_float_to_int: true });
  native = (await WebAssembly.instantiate(mod.toBinary({}).buffer)).instance.exports;
});

function callNative(name: string, ...args: any[]): any {
  try {
    return native[name](...args);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return 'trap';
    throw e;
  }
}

/** Object.is, except that any NaN equals any NaN (wasm results here are NaN with some payload). */
function sameFloat(a: number, b: number): boolean {
  return a !== a ? b !== b : Object.is(a, b);
}

describe('integer bit helpers', () => {
  it('imul, clz32, ctz32, popcnt32 match native wasm and bit loops', () => {
    for (let i = 0; i < 4 * N; i++) {
      const x = rand32();
      const y = rand32();
      expect(Nm.imul(x, y)).toBe(callNative('i32.mul', x, y));
      expect(Nm.imul(x, y)).toBe(Number(BigInt.asIntN(32, BigInt(x) * BigInt(y))));
      let clz = 0;
      while (clz < 32 && ((x >>> (31 - clz)) & 1) === 0) clz++;
      let ctz = 0;
      while (ctz < 32 && ((x >>> ctz) & 1) === 0) ctz++;
      let pop = 0;
      for (let k = 0; k < 32; k++) pop += (x >>> k) & 1;
      expect([x, Nm.clz32(x), Nm.ctz32(x), Nm.popcnt32(x)]).toEqual([x, clz, ctz, pop]);
      expect([callNative('i32.clz', x), callNative('i32.ctz', x), callNative('i32.popcnt', x)]).toEqual([clz, ctz, pop]);
    }
  });

  it('the imul and clz32 shims (Math.imul and Math.clz32 removed) agree with Math', async () => {
    const mathImul = Math.imul;
    const mathClz32 = Math.clz32;
    let shim: typeof Nm;
    try {
      (Math as any).imul = undefined;
      (Math as any).clz32 = undefined;
      vi.resetModules();
      shim = await import('../../../core/exec/numerics');
    } finally {
      Math.imul = mathImul;
      Math.clz32 = mathClz32;
    }
    expect(shim.imul).not.toBe(mathImul);
    expect(shim.clz32).not.toBe(mathClz32);
    for (let i = 0; i < 4 * N; i++) {
      const x = rand32();
      const y = rand32();
      expect([x, y, shim.imul(x, y)]).toEqual([x, y, Math.imul(x, y)]);
      expect([x, shim.clz32(x), shim.ctz32(x)]).toEqual([x, Math.clz32(x), Nm.ctz32(x)]);
    }
    // non-int32 inputs are taken modulo 2^32 like Math's
    for (const x of [2 ** 32 + 5, -(2 ** 31) - 1, 4294967295, 1.5, -0.5]) {
      expect(shim.imul(x, 0x12345)).toBe(Math.imul(x, 0x12345));
      expect(shim.clz32(x)).toBe(Math.clz32(x));
    }
  });
});

describe('float rounding', () => {
  for (const f32 of [true, false]) {
    const t = f32 ? 'f32' : 'f64';
    it(`trunc, nearest, ceil, floor match native ${t}`, () => {
      for (const x of floatInputs(f32)) {
        for (const [name, fn] of [['trunc', Nm.trunc], ['nearest', Nm.nearest], ['ceil', Nm.ceil], ['floor', Nm.floor]] as const) {
          const got = fn(x);
          const want = callNative(`${t}.${name}`, x);
          expect({ name, x, got, ok: sameFloat(got, want) }).toEqual({ name, x, got, ok: true });
          if (f32) expect(Math.fround(got)).toBe(got === got ? got : NaN);
        }
        expect(sameFloat(Nm.trunc(x), Math.trunc(x))).toBe(true);
      }
    });

    it(`fmin, fmax match native ${t} (NaN, signed zeros)`, () => {
      const xs = floatInputs(f32);
      const specials = [NaN, 0, -0, Infinity, -Infinity, 1, -1];
      for (let i = 0; i < xs.length; i++) {
        const a = xs[i];
        const pick = rndInt(3);
        const b = pick === 0 ? specials[rndInt(specials.length)] : pick === 1 ? a : xs[rndInt(xs.length)];
        for (const [x, y] of [[a, b], [b, a]]) {
          expect({ x, y, ok: sameFloat(Nm.fmin(x, y), callNative(`${t}.min`, x, y)) }).toEqual({ x, y, ok: true });
          expect({ x, y, ok: sameFloat(Nm.fmax(x, y), callNative(`${t}.max`, x, y)) }).toEqual({ x, y, ok: true });
        }
      }
    });
  }

  it('keeps -0 and ties-to-even in the documented cases', () => {
    expect(Object.is(Nm.nearest(-0.5), -0)).toBe(true);
    expect(Object.is(Nm.nearest(-0.4), -0)).toBe(true);
    expect(Object.is(Nm.nearest(-0), -0)).toBe(true);
    expect(Object.is(Nm.nearest(0.5), 0)).toBe(true);
    expect([Nm.nearest(1.5), Nm.nearest(2.5), Nm.nearest(-2.5), Nm.nearest(-3.5)]).toEqual([2, 2, -2, -4]);
    expect(Nm.nearest(4503599627370495.5)).toBe(4503599627370496);
    expect(Nm.nearest(NaN)).toBeNaN();
    expect(Nm.nearest(-Infinity)).toBe(-Infinity);
    expect(Object.is(Nm.trunc(-0.5), -0)).toBe(true);
    expect(Object.is(Nm.ceil(-0.5), -0)).toBe(true);
    expect(Object.is(Nm.floor(-0), -0)).toBe(true);
    expect(Object.is(Nm.fmin(0, -0), -0)).toBe(true);
    expect(Object.is(Nm.fmin(-0, 0), -0)).toBe(true);
    expect(Object.is(Nm.fmax(0, -0), 0)).toBe(true);
    expect(Object.is(Nm.fmax(-0, 0), 0)).toBe(true);
    expect(Object.is(Nm.fmax(-0, -0), -0)).toBe(true);
    expect(Object.is(Nm.fmin(0, 0), 0)).toBe(true);
    expect(Nm.fmin(NaN, -Infinity)).toBeNaN();
    expect(Nm.fmax(Infinity, NaN)).toBeNaN();
  });
});

describe('i32 truncations', () => {
  for (const f32 of [true, false]) {
    const t = f32 ? 'f32' : 'f64';
    it(`trunc_${t}_s/_u and trunc_sat_${t}_s/_u match native wasm and BigInt`, () => {
      const s = new Int32Array(4);
      for (const x of floatInputs(f32)) {
        for (const signed of [true, false]) {
          const sg = signed ? 's' : 'u';
          // BigInt oracle
          let want: number | bigint;
          let wantSat: number;
          const lo = signed ? -(2n ** 31n) : 0n;
          const hi = signed ? 2n ** 31n - 1n : 2n ** 32n - 1n;
          if (x !== x) {
            want = Trap.InvalidConversionToInteger;
            wantSat = 0;
          } else if (!isFinite(x)) {
            want = Trap.IntegerOverflow;
            wantSat = Number(BigInt.asIntN(32, x > 0 ? hi : lo));
          } else {
            const tr = BigInt(Math.trunc(x));
            want = tr < lo || tr > hi ? Trap.IntegerOverflow : BigInt.asIntN(32, tr);
            wantSat = Number(BigInt.asIntN(32, tr < lo ? lo : tr > hi ? hi : tr));
          }
          s.fill(0x5a5a5a5a);
          const trap = (signed ? Nm.i32TruncS : Nm.i32TruncU)(s, 2, x);
          const nat = callNative(`i32.trunc_${t}_${sg}`, x);
          if (typeof want === 'number') {
            expect({ x, sg, trap }).toEqual({ x, sg, trap: want });
            expect(s[2]).toBe(0x5a5a5a5a);
            expect(nat).toBe('trap');
          } else {
            expect({ x, sg, trap, r: s[2] }).toEqual({ x, sg, trap: 0, r: Number(want) });
            expect(nat).toBe(Number(want));
          }
          const sat = (signed ? Nm.i32TruncSatS : Nm.i32TruncSatU)(x);
          expect({ x, sg, sat }).toEqual({ x, sg, sat: wantSat });
          expect(callNative(`i32.trunc_sat_${t}_${sg}`, x)).toBe(wantSat);
        }
      }
    });
  }
});

// ---- i64 to float ----
/** Random i64 (signed BigInt), biased to values right at f32/f64 rounding boundaries. */
function randI64(): bigint {
  const k = rndInt(5);
  const bits = BigInt(rnd32() >>> 0) | (BigInt(rnd32() >>> 0) << 32n);
  if (k === 0) return BigInt.asIntN(64, bits);
  if (k === 1) return BigInt.asIntN(64, bits & ((1n << BigInt(rndInt(65))) - 1n));
  // m * 2^e + (a tie, just below/above a tie, or a sticky bit far below)
  const sig = k === 2 ? 24n : k === 3 ? 53n : BigInt(20 + rndInt(40));
  const e = BigInt(rndInt(64 - Number(sig) + 1));
  const m = (BigInt(rnd32() >>> 0) | (BigInt(rnd32() >>> 0) << 32n)) & ((1n << sig) - 1n) | (1n << (sig - 1n));
  let v = m << e;
  if (e > 0n) {
    const half = 1n << (e - 1n);
    const extra = [0n, half, half - 1n, half + 1n, 1n, half | 1n][rndInt(6)];
    v += extra;
  }
  if (rndInt(2)) v = -v;
  return BigInt.asIntN(64, v);
}

/** Correctly rounded (ties to even) conversion of the integer v to a float with p significand bits (an independent BigInt oracle). */
function roundBig(v: bigint, p: number): number {
  const neg = v < 0n;
  let u = neg ? -v : v;
  let n = 0;
  for (let t = u; t > 0n; t >>= 1n) n++;
  if (n > p) {
    const sh = BigInt(n - p);
    const rest = u & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    let m = u >> sh;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    u = m << sh;
  }
  const r = Number(u); // exact: at most p <= 53 significant bits
  return neg ? -r : r;
}

describe('i64 to float conversions', () => {
  it('f32ConvertI64S/U and f64ConvertI64S/U match native wasm and a BigInt rounding oracle', () => {
    const xs: bigint[] = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 24n + 1n, 2n ** 53n + 1n, (1n << 60n) + (1n << 36n) + 1n];
    for (let i = 0; i < 5 * N; i++) xs.push(randI64());
    for (const x of xs) {
      const lo = Number(BigInt.asIntN(32, x));
      const hi = Number(BigInt.asIntN(32, x >> 32n));
      const u = BigInt.asUintN(64, x);
      const got = [Nm.f32ConvertI64S(lo, hi), Nm.f32ConvertI64U(lo, hi), Nm.f64ConvertI64S(lo, hi), Nm.f64ConvertI64U(lo, hi)];
      const want = [roundBig(x, 24), roundBig(u, 24), roundBig(x, 53), roundBig(u, 53)];
      expect({ x, got }).toEqual({ x, got: want });
      expect([callNative('f32.convert_i64_s', x), callNative('f32.convert_i64_u', x), callNative('f64.convert_i64_s', x), callNative('f64.convert_i64_u', x)]).toEqual(want);
      expect(Math.fround(got[0])).toBe(got[0]);
      expect(Math.fround(got[1])).toBe(got[1]);
    }
  });

  it('avoids double rounding (converting through f64 first would give a different f32)', () => {
    const x = (1n << 60n) + (1n << 36n) + 1n; // just above an f32 tie; the f64 rounding lands on the tie
    expect(Math.fround(Number(x))).toBe(2 ** 60);
    const lo = Number(BigInt.asIntN(32, x));
    const hi = Number(BigInt.asIntN(32, x >> 32n));
    expect(Nm.f32ConvertI64S(lo, hi)).toBe(2 ** 60 + 2 ** 37);
    expect(Nm.f32ConvertI64U(lo, hi)).toBe(2 ** 60 + 2 ** 37);
    expect(Nm.f32ConvertI64S(-lo | 0, ~hi + (lo === 0 ? 1 : 0))).toBe(-(2 ** 60 + 2 ** 37));
  });
});
