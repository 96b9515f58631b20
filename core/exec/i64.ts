// i64 arithmetic on the value stack with 32-bit words only: every function works in place on the thread's
// Int32Array `s`, where an i64 at word w is s[w] (low 32 bits) and s[w + 1] (high 32 bits).
// `d` is the destination word, `a` and `b` the operand words (absolute indices); all operands are
// read before the result is written, so d may equal a or b. Functions that can trap return 0 or a
// Trap code; predicates return 0 or 1. Nothing allocates.
// Numbers: a 32-bit word read as `w >>> 0` is its unsigned value; doubles hold integers below
// 2^53 exactly, which the fast paths of division and the float conversions rely on.
// What it leaves to others: i32 and float helpers (numerics.ts), dispatch (interpreter.ts).
import { Trap } from '../errors';
import { imul, clz32, ctz32, popcnt32 } from './numerics';

const TWO_32 = 4294967296;
// 2^63 and 2^64 as products, never as literals: Espruino's parser reads integer literals of
// 2^63 and more wrongly (0x8000000000000000 as -2^63, 2^64 as 0), and the Espruino build keeps
// terser from folding these back into literals (rollup.config.js; the dialect check reports one).
const TWO_63 = TWO_32 * 2147483648;
const TWO_64 = TWO_32 * TWO_32;

/** i64.add */
export function i64Add(s: Int32Array, d: number, a: number, b: number): void {
  const ahi = s[a + 1];
  const bhi = s[b + 1];
  const lo = (s[a] >>> 0) + (s[b] >>> 0);
  s[d] = lo | 0;
  s[d + 1] = (ahi + bhi + (lo >= TWO_32 ? 1 : 0)) | 0;
}

/** i64.sub */
export function i64Sub(s: Int32Array, d: number, a: number, b: number): void {
  const ahi = s[a + 1];
  const bhi = s[b + 1];
  const lo = (s[a] >>> 0) - (s[b] >>> 0);
  s[d] = lo | 0;
  s[d + 1] = (ahi - bhi - (lo < 0 ? 1 : 0)) | 0;
}

/** i64.mul (the low 64 bits of the product; the same for signed and unsigned). */
export function i64Mul(s: Int32Array, d: number, a: number, b: number): void {
  const alo = s[a];
  const ahi = s[a + 1];
  const blo = s[b];
  const bhi = s[b + 1];
  // The full 64-bit product of the low words from 16-bit halves (every partial product is exact);
  // the high words only contribute modulo 2^32.
  const a0 = alo & 0xffff;
  const a1 = alo >>> 16;
  const b0 = blo & 0xffff;
  const b1 = blo >>> 16;
  const mid = a0 * b1 + a1 * b0; // < 2^33
  const midLo = mid & 0xffff;
  const low = a0 * b0 + midLo * 65536; // < 2^33
  s[d] = low | 0;
  s[d + 1] = (a1 * b1 + (mid - midLo) / 65536 + (low >= TWO_32 ? 1 : 0) + imul(alo, bhi) + imul(ahi, blo)) | 0;
}

/** i64.and */
export function i64And(s: Int32Array, d: number, a: number, b: number): void {
  const hi = s[a + 1] & s[b + 1];
  s[d] = s[a] & s[b];
  s[d + 1] = hi;
}

/** i64.or */
export function i64Or(s: Int32Array, d: number, a: number, b: number): void {
  const hi = s[a + 1] | s[b + 1];
  s[d] = s[a] | s[b];
  s[d + 1] = hi;
}

/** i64.xor */
export function i64Xor(s: Int32Array, d: number, a: number, b: number): void {
  const hi = s[a + 1] ^ s[b + 1];
  s[d] = s[a] ^ s[b];
  s[d + 1] = hi;
}

/** i64.shl (count = s[b] & 63) */
export function i64Shl(s: Int32Array, d: number, a: number, b: number): void {
  const n = s[b] & 63;
  const lo = s[a];
  const hi = s[a + 1];
  if (n === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else if (n < 32) {
    s[d] = lo << n;
    s[d + 1] = (hi << n) | (lo >>> (32 - n));
  } else {
    s[d] = 0;
    s[d + 1] = lo << (n - 32);
  }
}

/** i64.shr_s (count = s[b] & 63) */
export function i64ShrS(s: Int32Array, d: number, a: number, b: number): void {
  const n = s[b] & 63;
  const lo = s[a];
  const hi = s[a + 1];
  if (n === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else if (n < 32) {
    s[d] = (lo >>> n) | (hi << (32 - n));
    s[d + 1] = hi >> n;
  } else {
    s[d] = hi >> (n - 32);
    s[d + 1] = hi >> 31;
  }
}

/** i64.shr_u (count = s[b] & 63) */
export function i64ShrU(s: Int32Array, d: number, a: number, b: number): void {
  const n = s[b] & 63;
  const lo = s[a];
  const hi = s[a + 1];
  if (n === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else if (n < 32) {
    s[d] = (lo >>> n) | (hi << (32 - n));
    s[d + 1] = hi >>> n;
  } else {
    s[d] = hi >>> (n - 32);
    s[d + 1] = 0;
  }
}

/** Rotates (lo, hi) left by n (0..63) into s[d], s[d + 1]. */
function rotl(s: Int32Array, d: number, lo: number, hi: number, n: number): void {
  if (n >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    n -= 32;
  }
  if (n === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else {
    s[d] = (lo << n) | (hi >>> (32 - n));
    s[d + 1] = (hi << n) | (lo >>> (32 - n));
  }
}

/** i64.rotl (count = s[b] & 63) */
export function i64Rotl(s: Int32Array, d: number, a: number, b: number): void {
  rotl(s, d, s[a], s[a + 1], s[b] & 63);
}

/** i64.rotr (count = s[b] & 63) */
export function i64Rotr(s: Int32Array, d: number, a: number, b: number): void {
  rotl(s, d, s[a], s[a + 1], (64 - (s[b] & 63)) & 63);
}

/**
 * Unsigned division of n = (nlo, nhi) by m = (mlo, mhi) != 0 (words as int32 values): writes the
 * quotient, or the remainder if `rem`, to s[d], s[d + 1].
 */
function divmodU(s: Int32Array, d: number, nlo: number, nhi: number, mlo: number, mhi: number, rem: boolean): void {
  const nh = nhi >>> 0;
  const mh = mhi >>> 0;
  const nl = nlo >>> 0;
  const ml = mlo >>> 0;
  if (nh < 0x200000 && mh < 0x200000) {
    // Both below 2^53: exact as doubles. `%` is exact, and so is dividing the exact multiple n - r.
    const n = nh * TWO_32 + nl;
    const m = mh * TWO_32 + ml;
    const r = n % m;
    const v = rem ? r : (n - r) / m;
    s[d] = v | 0;
    s[d + 1] = (v / TWO_32) | 0;
    return;
  }
  if (mh === 0) {
    // 32-bit divisor: long division in digits of 32, 16 and 16 bits (each step's dividend stays
    // below 2^48, so every % and / is exact).
    const r1 = nh % ml;
    const q2 = (nh - r1) / ml;
    let t = r1 * 65536 + (nl >>> 16);
    const r2 = t % ml;
    const q1 = (t - r2) / ml;
    t = r2 * 65536 + (nl & 0xffff);
    const r3 = t % ml;
    if (rem) {
      s[d] = r3 | 0;
      s[d + 1] = 0;
    } else {
      s[d] = (q1 * 65536 + (t - r3) / ml) | 0;
      s[d + 1] = q2 | 0;
    }
    return;
  }
  // m >= 2^32, so the quotient is below 2^32.
  if (nh < mh || (nh === mh && nl < ml)) {
    if (rem) {
      s[d] = nlo;
      s[d + 1] = nhi;
    } else {
      s[d] = 0;
      s[d + 1] = 0;
    }
    return;
  }
  // Estimate the quotient in floating point: the rounded operands and quotient are within a few
  // 2^-53 relative, so floor(n / m) - 1 is q, q - 1 or q - 2 (never above q). Then compute the
  // remainder n - q * m exactly (it lies in [0, 3m) and below 2^64) and correct upward.
  let q = Math.floor((nh * TWO_32 + nl) / (mh * TWO_32 + ml)) - 1;
  if (q < 0) q = 0;
  const q0 = q & 0xffff;
  const q1 = q >>> 16;
  const m0 = ml & 0xffff;
  const m1 = ml >>> 16;
  const mid = q0 * m1 + q1 * m0;
  const midLo = mid & 0xffff;
  const low = q0 * m0 + midLo * 65536;
  const plo = low >>> 0;
  const phi = (q1 * m1 + (mid - midLo) / 65536 + (low >= TWO_32 ? 1 : 0) + imul(q, mh)) >>> 0;
  let rlo = nl - plo;
  let rhi = nh - phi;
  if (rlo < 0) {
    rlo += TWO_32;
    rhi -= 1;
  }
  while (rhi > mh || (rhi === mh && rlo >= ml)) {
    rlo -= ml;
    rhi -= mh;
    if (rlo < 0) {
      rlo += TWO_32;
      rhi -= 1;
    }
    q += 1;
  }
  if (rem) {
    s[d] = rlo | 0;
    s[d + 1] = rhi | 0;
  } else {
    s[d] = q | 0;
    s[d + 1] = 0;
  }
}

/** Whether the signed 64-bit value with high word hi lies in [-2^53, 2^53) (exact as a double). */
function fits53(hi: number): boolean {
  return hi >= -0x200000 && hi < 0x200000;
}

/** Negates the i64 at s[d], s[d + 1] in place. */
function negate(s: Int32Array, d: number): void {
  const lo = s[d];
  s[d] = -lo | 0;
  s[d + 1] = (~s[d + 1] + (lo === 0 ? 1 : 0)) | 0;
}

/** Signed division or remainder (truncating); the divisor is not zero and not (INT64_MIN, -1) for div. */
function divmodS(s: Int32Array, d: number, a: number, b: number, rem: boolean): void {
  let nlo = s[a];
  let nhi = s[a + 1];
  let mlo = s[b];
  let mhi = s[b + 1];
  if (fits53(nhi) && fits53(mhi)) {
    // Exact doubles: % truncates like wasm (the sign of the dividend) and n - r is an exact multiple.
    const n = nhi * TWO_32 + (nlo >>> 0);
    const m = mhi * TWO_32 + (mlo >>> 0);
    const r = n % m;
    const v = rem ? r : (n - r) / m;
    const lo = v | 0;
    s[d] = lo;
    s[d + 1] = (v - (lo >>> 0)) / TWO_32;
    return;
  }
  // Divide the magnitudes (2^63 is fine as an unsigned value), then fix the sign: the quotient is
  // negative when the signs differ, the remainder has the dividend's sign.
  const nneg = nhi < 0;
  const mneg = mhi < 0;
  if (nneg) {
    nlo = -nlo | 0;
    nhi = (~nhi + (nlo === 0 ? 1 : 0)) | 0;
  }
  if (mneg) {
    mlo = -mlo | 0;
    mhi = (~mhi + (mlo === 0 ? 1 : 0)) | 0;
  }
  divmodU(s, d, nlo, nhi, mlo, mhi, rem);
  if (rem ? nneg : nneg !== mneg) negate(s, d);
}

/** i64.div_s: returns 0, Trap.IntegerDivideByZero, or Trap.IntegerOverflow for INT64_MIN / -1. */
export function i64DivS(s: Int32Array, d: number, a: number, b: number): number {
  const mlo = s[b];
  const mhi = s[b + 1];
  if ((mlo | mhi) === 0) return Trap.IntegerDivideByZero;
  if ((mlo & mhi) === -1 && s[a + 1] === -2147483648 && s[a] === 0) return Trap.IntegerOverflow;
  divmodS(s, d, a, b, false);
  return Trap.None;
}

/** i64.div_u: returns 0 or Trap.IntegerDivideByZero. */
export function i64DivU(s: Int32Array, d: number, a: number, b: number): number {
  const mlo = s[b];
  const mhi = s[b + 1];
  if ((mlo | mhi) === 0) return Trap.IntegerDivideByZero;
  divmodU(s, d, s[a], s[a + 1], mlo, mhi, false);
  return Trap.None;
}

/** i64.rem_s: returns 0 or Trap.IntegerDivideByZero (INT64_MIN rem -1 is 0). */
export function i64RemS(s: Int32Array, d: number, a: number, b: number): number {
  if ((s[b] | s[b + 1]) === 0) return Trap.IntegerDivideByZero;
  divmodS(s, d, a, b, true);
  return Trap.None;
}

/** i64.rem_u: returns 0 or Trap.IntegerDivideByZero. */
export function i64RemU(s: Int32Array, d: number, a: number, b: number): number {
  const mlo = s[b];
  const mhi = s[b + 1];
  if ((mlo | mhi) === 0) return Trap.IntegerDivideByZero;
  divmodU(s, d, s[a], s[a + 1], mlo, mhi, true);
  return Trap.None;
}

/** i64.clz: the count as an i64. */
export function i64Clz(s: Int32Array, d: number, a: number): void {
  const hi = s[a + 1];
  s[d] = hi !== 0 ? clz32(hi) : 32 + clz32(s[a]);
  s[d + 1] = 0;
}

/** i64.ctz: the count as an i64. */
export function i64Ctz(s: Int32Array, d: number, a: number): void {
  const lo = s[a];
  s[d] = lo !== 0 ? ctz32(lo) : 32 + ctz32(s[a + 1]);
  s[d + 1] = 0;
}

/** i64.popcnt: the count as an i64. */
export function i64Popcnt(s: Int32Array, d: number, a: number): void {
  s[d] = popcnt32(s[a]) + popcnt32(s[a + 1]);
  s[d + 1] = 0;
}

/** i64.eqz: 1 if the i64 at a is zero, else 0. */
export function i64Eqz(s: Int32Array, a: number): number {
  return (s[a] | s[a + 1]) === 0 ? 1 : 0;
}

/** i64.eq */
export function i64Eq(s: Int32Array, a: number, b: number): number {
  return s[a] === s[b] && s[a + 1] === s[b + 1] ? 1 : 0;
}

/** i64.ne */
export function i64Ne(s: Int32Array, a: number, b: number): number {
  return s[a] !== s[b] || s[a + 1] !== s[b + 1] ? 1 : 0;
}

/** i64.lt_s */
export function i64LtS(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1];
  const bhi = s[b + 1];
  return ahi < bhi || (ahi === bhi && s[a] >>> 0 < s[b] >>> 0) ? 1 : 0;
}

/** i64.lt_u */
export function i64LtU(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1] >>> 0;
  const bhi = s[b + 1] >>> 0;
  return ahi < bhi || (ahi === bhi && s[a] >>> 0 < s[b] >>> 0) ? 1 : 0;
}

/** i64.gt_s */
export function i64GtS(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1];
  const bhi = s[b + 1];
  return ahi > bhi || (ahi === bhi && s[a] >>> 0 > s[b] >>> 0) ? 1 : 0;
}

/** i64.gt_u */
export function i64GtU(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1] >>> 0;
  const bhi = s[b + 1] >>> 0;
  return ahi > bhi || (ahi === bhi && s[a] >>> 0 > s[b] >>> 0) ? 1 : 0;
}

/** i64.le_s */
export function i64LeS(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1];
  const bhi = s[b + 1];
  return ahi < bhi || (ahi === bhi && s[a] >>> 0 <= s[b] >>> 0) ? 1 : 0;
}

/** i64.le_u */
export function i64LeU(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1] >>> 0;
  const bhi = s[b + 1] >>> 0;
  return ahi < bhi || (ahi === bhi && s[a] >>> 0 <= s[b] >>> 0) ? 1 : 0;
}

/** i64.ge_s */
export function i64GeS(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1];
  const bhi = s[b + 1];
  return ahi > bhi || (ahi === bhi && s[a] >>> 0 >= s[b] >>> 0) ? 1 : 0;
}

/** i64.ge_u */
export function i64GeU(s: Int32Array, a: number, b: number): number {
  const ahi = s[a + 1] >>> 0;
  const bhi = s[b + 1] >>> 0;
  return ahi > bhi || (ahi === bhi && s[a] >>> 0 >= s[b] >>> 0) ? 1 : 0;
}

/** i64.extend8_s */
export function i64Extend8S(s: Int32Array, d: number, a: number): void {
  const v = (s[a] << 24) >> 24;
  s[d] = v;
  s[d + 1] = v >> 31;
}

/** i64.extend16_s */
export function i64Extend16S(s: Int32Array, d: number, a: number): void {
  const v = (s[a] << 16) >> 16;
  s[d] = v;
  s[d + 1] = v >> 31;
}

/** i64.extend32_s */
export function i64Extend32S(s: Int32Array, d: number, a: number): void {
  const v = s[a];
  s[d] = v;
  s[d + 1] = v >> 31;
}

/** i64.extend_i32_s (a is an i32 slot: only its low word is read). */
export function i64ExtendI32S(s: Int32Array, d: number, a: number): void {
  const v = s[a];
  s[d] = v;
  s[d + 1] = v >> 31;
}

/** i64.extend_i32_u (a is an i32 slot: only its low word is read). */
export function i64ExtendI32U(s: Int32Array, d: number, a: number): void {
  s[d] = s[a];
  s[d + 1] = 0;
}

/** Writes trunc(x) to s[d], s[d + 1]; x is finite and trunc(x) fits in the signed or unsigned 64-bit range. */
function storeTruncated(s: Int32Array, d: number, x: number): void {
  const t = x < 0 ? Math.ceil(x) : Math.floor(x);
  // t = hi * 2^32 + lo with 0 <= lo < 2^32; both steps are exact.
  const hi = Math.floor(t / TWO_32);
  s[d] = (t - hi * TWO_32) | 0;
  s[d + 1] = hi | 0;
}

/**
 * i64.trunc_f32_s / i64.trunc_f64_s: x rounded toward zero. Returns 0, or
 * Trap.InvalidConversionToInteger for NaN, Trap.IntegerOverflow outside [-2^63, 2^63).
 */
export function i64TruncS(s: Int32Array, d: number, x: number): number {
  if (x > -2147483649 && x < 2147483648) {
    const v = x | 0;
    s[d] = v;
    s[d + 1] = v >> 31;
    return Trap.None;
  }
  // The double below -2^63 is -2^63 - 2048, so x >= -2^63 is the exact bound for trunc(x).
  if (x >= -TWO_63 && x < TWO_63) {
    storeTruncated(s, d, x);
    return Trap.None;
  }
  return x !== x ? Trap.InvalidConversionToInteger : Trap.IntegerOverflow;
}

/**
 * i64.trunc_f32_u / i64.trunc_f64_u: x rounded toward zero, stored with the same 64 bits.
 * Returns 0, or Trap.InvalidConversionToInteger for NaN, Trap.IntegerOverflow outside (-1, 2^64).
 */
export function i64TruncU(s: Int32Array, d: number, x: number): number {
  if (x > -1 && x < TWO_32) {
    s[d] = x | 0;
    s[d + 1] = 0;
    return Trap.None;
  }
  if (x >= TWO_32 && x < TWO_64) {
    storeTruncated(s, d, x);
    return Trap.None;
  }
  return x !== x ? Trap.InvalidConversionToInteger : Trap.IntegerOverflow;
}

/** i64.trunc_sat_f32_s / _f64_s: x rounded toward zero, clamped to the signed range; NaN gives 0. */
export function i64TruncSatS(s: Int32Array, d: number, x: number): void {
  if (x > -2147483649 && x < 2147483648) {
    const v = x | 0;
    s[d] = v;
    s[d + 1] = v >> 31;
  } else if (x >= -TWO_63 && x < TWO_63) {
    storeTruncated(s, d, x);
  } else if (x > 0) {
    s[d] = -1;
    s[d + 1] = 0x7fffffff;
  } else if (x < 0) {
    s[d] = 0;
    s[d + 1] = -2147483648;
  } else {
    s[d] = 0;
    s[d + 1] = 0;
  }
}

/** i64.trunc_sat_f32_u / _f64_u: x rounded toward zero, clamped to [0, 2^64 - 1]; NaN gives 0. */
export function i64TruncSatU(s: Int32Array, d: number, x: number): void {
  if (x > -1 && x < TWO_32) {
    s[d] = x | 0;
    s[d + 1] = 0;
  } else if (x >= TWO_32 && x < TWO_64) {
    storeTruncated(s, d, x);
  } else if (x > 0) {
    s[d] = -1;
    s[d + 1] = -1;
  } else {
    s[d] = 0;
    s[d + 1] = 0;
  }
}

/** The signed 64-bit integer (lo, hi) as a JS number (rounded if beyond 2^53; for diagnostics). */
export function i64ToNumber(lo: number, hi: number): number {
  return hi * TWO_32 + (lo >>> 0);
}
