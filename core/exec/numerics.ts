// Numeric helpers of the interpreter for i32, f32 and f64 instructions whose wasm semantics differ
// from plain JS arithmetic: bit counting, rounding (trunc, nearest), min/max with NaN and signed
// zeros, float-to-int truncation with traps or saturation, and correctly rounded conversions of
// 64-bit integers (two int32 halves) to f32/f64. Also the shims `imul`, `clz32`, `trunc` that the
// rest of core/ uses instead of the ES2015 Math functions of those names (missing on some engines).
// Nothing here allocates or needs 64-bit integers from the engine. A NaN result is made by
// arithmetic on the NaN operand (x + x), never the constant NaN: once V8's optimizing compiler
// inlines a helper, a NaN constant among its results makes the result a boxed number (a heap
// allocation per call; measured: 24 bytes per f32.min + f32.max), while x + x keeps it a raw double. f32 values are passed as JS
// numbers (the exact value of the f32); a result meant to be stored as f32 is returned as a JS
// number exactly representable as f32, so storing it through a Float32Array does not round again.
// What it leaves to others: 64-bit integer arithmetic (i64.ts), reading and writing the value
// stack and the float views (interpreter.ts).
import { Trap } from '../errors';

function imulShim(a: number, b: number): number {
  const al = a & 0xffff;
  const bl = b & 0xffff;
  // The low 16x16 product is exact; the cross terms only matter modulo 2^16 after the shift.
  return (al * bl + ((((a >>> 16) * bl + al * (b >>> 16)) << 16) >>> 0)) | 0;
}

function clz32Shim(x: number): number {
  x = x >>> 0;
  if (x === 0) return 32;
  let n = 0;
  if (x >>> 16 === 0) { n = 16; x = x << 16; }
  if (x >>> 24 === 0) { n += 8; x = x << 8; }
  if (x >>> 28 === 0) { n += 4; x = x << 4; }
  if (x >>> 30 === 0) { n += 2; x = x << 2; }
  if (x >>> 31 === 0) n += 1;
  return n;
}

/** 32-bit integer multiplication (the low 32 bits of the product, signed): the engine's Math function when present, else a shim. */
export const imul: (a: number, b: number) => number = (Math as any).imul || imulShim;

/** Number of leading zero bits of the 32-bit value x (32 for 0): the engine's Math function when present, else a shim. */
export const clz32: (x: number) => number = (Math as any).clz32 || clz32Shim;

/** Number of trailing zero bits of the 32-bit value x (32 for 0). */
export function ctz32(x: number): number {
  x = x | 0;
  if (x === 0) return 32;
  // x & -x isolates the lowest set bit.
  return 31 - clz32(x & -x);
}

/** Number of set bits of the 32-bit value x. */
export function popcnt32(x: number): number {
  x = (x - ((x >>> 1) & 0x55555555)) | 0;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return (x + (x >>> 8) + (x >>> 16) + (x >>> 24)) & 0x3f;
}

/** Rounds toward zero, keeping the sign of zero results (trunc(-0.5) = -0); NaN and infinities pass. */
export function trunc(x: number): number {
  if (x !== x) return x + x; // a signalling NaN input must come out quiet (Math may pass it through)
  return x < 0 ? Math.ceil(x) : Math.floor(x);
}

/** Math.ceil: already returns -0 where wasm's ceil does (e.g. ceil(-0.5) = -0). */
export function ceil(x: number): number {
  if (x !== x) return x + x; // quiet NaN out, whatever NaN came in
  return Math.ceil(x);
}

/** Math.floor: already keeps -0 (floor(-0) = -0) as wasm's floor does. */
export function floor(x: number): number {
  if (x !== x) return x + x; // quiet NaN out, whatever NaN came in
  return Math.floor(x);
}

/** Rounds to the nearest integer, ties to even (f32.nearest, f64.nearest); keeps the sign of zero results. */
export function nearest(x: number): number {
  if (x !== x) return x + x; // quiet NaN out, whatever NaN came in
  // For |x| < 2^52, adding 2^52 makes the unit in the last place 1, so the addition itself
  // rounds x to an integer with the ties-to-even rule; subtracting 2^52 again is exact.
  // Larger magnitudes, infinities, zeros and NaN are returned as they are.
  if (x > 0) {
    if (x < 4503599627370496) return (x + 4503599627370496) - 4503599627370496;
    return x;
  }
  if (x < 0) {
    if (x > -4503599627370496) {
      const r = (x - 4503599627370496) + 4503599627370496;
      return r === 0 ? -0 : r;
    }
    return x;
  }
  return x;
}

/** Wasm fmin: NaN if either operand is NaN, and -0 is less than +0. */
export function fmin(a: number, b: number): number {
  if (a < b) return a;
  if (b < a) return b;
  // Equal: for two zeros of any signs -((-a) + (-b)) is -0 unless both are +0.
  if (a === b) return a === 0 ? -(-a - b) : a;
  return a + b; // a quiet NaN (not the constant NaN: see the header)
}

/** Wasm fmax: NaN if either operand is NaN, and +0 is greater than -0. */
export function fmax(a: number, b: number): number {
  if (a > b) return a;
  if (b > a) return b;
  // Equal: for two zeros of any signs a + b is +0 unless both are -0.
  if (a === b) return a === 0 ? a + b : a;
  return a + b; // a quiet NaN (not the constant NaN: see the header)
}

/**
 * i32.trunc_f32_s / i32.trunc_f64_s: s[d] = x rounded toward zero. Returns 0, or
 * Trap.InvalidConversionToInteger for NaN, Trap.IntegerOverflow if the result is not an int32.
 */
export function i32TruncS(s: Int32Array, d: number, x: number): number {
  // trunc(x) is in [-2^31, 2^31 - 1] exactly when -2^31 - 1 < x < 2^31 (all exact doubles, and
  // every f32 value is an exact double), and then x | 0 rounds toward zero.
  if (x > -2147483649 && x < 2147483648) {
    s[d] = x | 0;
    return Trap.None;
  }
  return x !== x ? Trap.InvalidConversionToInteger : Trap.IntegerOverflow;
}

/**
 * i32.trunc_f32_u / i32.trunc_f64_u: s[d] = x rounded toward zero, as an int32 with the same
 * 32 bits. Returns 0, or Trap.InvalidConversionToInteger for NaN, Trap.IntegerOverflow if the
 * result is not a u32.
 */
export function i32TruncU(s: Int32Array, d: number, x: number): number {
  // trunc(x) is in [0, 2^32 - 1] exactly when -1 < x < 2^32; x | 0 truncates and wraps to the bits.
  if (x > -1 && x < 4294967296) {
    s[d] = x | 0;
    return Trap.None;
  }
  return x !== x ? Trap.InvalidConversionToInteger : Trap.IntegerOverflow;
}

/** i32.trunc_sat_f32_s / _f64_s: x rounded toward zero, clamped to the int32 range; NaN gives 0. */
export function i32TruncSatS(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  if (x !== x) return 0;
  return x < 0 ? -2147483648 : 2147483647;
}

/** i32.trunc_sat_f32_u / _f64_u: x rounded toward zero, clamped to [0, 2^32 - 1], as an int32 with the same bits; NaN gives 0. */
export function i32TruncSatU(x: number): number {
  if (x > -1 && x < 4294967296) return x | 0;
  if (x > 0) return -1;
  return 0;
}

/**
 * The f32 nearest (ties to even) to the unsigned 64-bit integer hi * 2^32 + lo, where lo and hi
 * are the unsigned values of the two words; hi != 0.
 */
function f32FromU64High(lo: number, hi: number): number {
  // Normalize: the 32 bits below and including the leading one go to `top`; the bits below
  // them only tell whether anything non-zero was cut off (the sticky bit).
  const z = clz32(hi);
  const top = ((hi << z) | ((lo >>> 1) >>> (31 - z))) >>> 0;
  const sticky = (lo << z) !== 0;
  let m = top >>> 8; // the 24 bits of the f32 significand
  const rest = top & 0xff; // the first cut-off bit (0x80) and 7 more
  if (rest > 0x80 || (rest === 0x80 && (sticky || (m & 1) !== 0))) m = m + 1;
  // value = top * 2^(32 - z); m * 256 <= 2^32, so every product below is exact.
  return m * 256 * (z === 0 ? 4294967296 : (1 << (32 - z)) >>> 0);
}

/** The f32 nearest (ties to even) to the unsigned 32-bit integer u (given as a non-negative number). */
function f32FromU32(u: number): number {
  if (u < 16777216) return u;
  const z = clz32(u); // 0..7
  const top = (u << z) >>> 0;
  let m = top >>> 8;
  const rest = top & 0xff;
  if (rest > 0x80 || (rest === 0x80 && (m & 1) !== 0)) m = m + 1;
  return (m * 256) / (1 << z);
}

/** f32.convert_i64_s: the f32 (returned as an exactly representable number) nearest to the signed 64-bit integer (lo, hi). */
export function f32ConvertI64S(lo: number, hi: number): number {
  if (hi < 0) {
    // Negate to the magnitude (2^63 for the most negative value, as an unsigned high word).
    const nlo = -lo | 0;
    const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
    return -(nhi === 0 ? f32FromU32(nlo >>> 0) : f32FromU64High(nlo >>> 0, nhi));
  }
  return hi === 0 ? f32FromU32(lo >>> 0) : f32FromU64High(lo >>> 0, hi);
}

/** f32.convert_i64_u: the f32 (returned as an exactly representable number) nearest to the unsigned 64-bit integer (lo, hi). */
export function f32ConvertI64U(lo: number, hi: number): number {
  return hi === 0 ? f32FromU32(lo >>> 0) : f32FromU64High(lo >>> 0, hi >>> 0);
}

/** f64.convert_i64_s: the f64 nearest to the signed 64-bit integer (lo, hi). */
export function f64ConvertI64S(lo: number, hi: number): number {
  // hi * 2^32 and lo are exact, so the one rounding is the addition's: correctly rounded.
  return hi * 4294967296 + (lo >>> 0);
}

/** f64.convert_i64_u: the f64 nearest to the unsigned 64-bit integer (lo, hi). */
export function f64ConvertI64U(lo: number, hi: number): number {
  return (hi >>> 0) * 4294967296 + (lo >>> 0);
}
