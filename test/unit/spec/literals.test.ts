// Tests of the spec harness's literal parser (test/spec/literals.mjs): integer and float literals
// to raw bits, exact f32 rounding (no double rounding through f64), NaN payloads and classes.
// Oracles: BigInt for integers, JS's correctly rounded Number() parsing for f64 decimals,
// DataView for bit patterns, and hand-derived values for the cases where f64 double rounding
// would give the wrong f32.
import { describe, expect, it } from 'vitest';
// @ts-ignore: plain .mjs with JSDoc types
import { isNanClass, parseConst, parseF32, parseF64, parseI32, parseI64, parseResultConst, sameValue } from '../../spec/literals.mjs';

const dv = new DataView(new ArrayBuffer(8));
function f32Bits(x: number): number { dv.setFloat32(0, x, true); return dv.getInt32(0, true); }
function f64Bits(x: number): { lo: number; hi: number } {
  dv.setFloat64(0, x, true);
  return { lo: dv.getInt32(0, true), hi: dv.getInt32(4, true) };
}

/** A deterministic pseudo-random generator (xorshift32) so failures reproduce. */
function rng(seed: number) {
  let s = seed | 0 || 1;
  return () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
}

describe('integers', () => {
  it('parses i32 decimal, hex, signs and underscores', () => {
    expect(parseI32('0')).toBe(0);
    expect(parseI32('+42')).toBe(42);
    expect(parseI32('-1')).toBe(-1);
    expect(parseI32('4294967295')).toBe(-1);
    expect(parseI32('0xffff_ffff')).toBe(-1);
    expect(parseI32('-0x8000_0000')).toBe(-2147483648);
    expect(parseI32('2_147_483_647')).toBe(2147483647);
    expect(parseI32('0x7FFFFFFF')).toBe(2147483647);
  });
  it('rejects out-of-range and malformed i32', () => {
    expect(() => parseI32('4294967296')).toThrow();
    expect(() => parseI32('-2147483649')).toThrow();
    expect(() => parseI32('1__0')).toThrow();
    expect(() => parseI32('_1')).toThrow();
    expect(() => parseI32('0x')).toThrow();
  });
  it('parses i64 into int32 halves', () => {
    expect(parseI64('-1')).toEqual({ lo: -1, hi: -1 });
    expect(parseI64('0x1_0000_0002')).toEqual({ lo: 2, hi: 1 });
    expect(parseI64('-9223372036854775808')).toEqual({ lo: 0, hi: -2147483648 });
    expect(parseI64('18446744073709551615')).toEqual({ lo: -1, hi: -1 });
    expect(() => parseI64('18446744073709551616')).toThrow();
  });
  it('agrees with BigInt on random i64 values', () => {
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const v = BigInt.asIntN(64, (BigInt(next()) << 32n) | BigInt(next()));
      const expected = { lo: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> 32n)) };
      expect(parseI64(v.toString())).toEqual(expected);
      const hex = (v < 0n ? '-0x' : '0x') + (v < 0n ? -v : v).toString(16);
      expect(parseI64(hex)).toEqual(expected);
    }
  });
});

describe('f32 literals', () => {
  it('parses special values and hex floats', () => {
    expect(parseF32('0')).toBe(0);
    expect(parseF32('-0.0')).toBe(-2147483648);
    expect(parseF32('inf')).toBe(0x7f800000);
    expect(parseF32('-inf')).toBe(0xff800000 | 0);
    expect(parseF32('nan')).toBe(0x7fc00000);
    expect(parseF32('-nan')).toBe(0xffc00000 | 0);
    expect(parseF32('nan:0x200000')).toBe(0x7fa00000);
    expect(parseF32('-nan:0x7fffff')).toBe(-1);
    expect(parseF32('nan:0x1')).toBe(0x7f800001);
    expect(parseF32('0x1.fffffep+127')).toBe(0x7f7fffff);
    expect(parseF32('0x1p-149')).toBe(1);
    expect(parseF32('0x1p-126')).toBe(0x00800000);
    expect(parseF32('0x0.8p1')).toBe(f32Bits(1));
    expect(parseF32('0x1_0.0_8p-4')).toBe(f32Bits(1 + 1 / 512)); // (16 + 8/256) / 16
    expect(parseF32('0x1P+2')).toBe(f32Bits(4));
    expect(parseF32('0xA.')).toBe(f32Bits(10));
  });
  it('rejects malformed floats and NaN payloads', () => {
    expect(() => parseF32('nan:0x0')).toThrow();
    expect(() => parseF32('nan:0x800000')).toThrow();
    expect(() => parseF32('1e')).toThrow();
    expect(() => parseF32('.5')).toThrow();
    expect(() => parseF32('0x1p')).toThrow();
  });
  it('rounds hex floats to nearest, ties to even, with overflow and subnormals', () => {
    // 1 + 2^-24 is exactly halfway between 1 and 1 + 2^-23: ties to even (1).
    expect(parseF32('0x1.000001p0')).toBe(f32Bits(1));
    // 1 + 3*2^-24 is halfway between 1+2^-23 (odd) and 1+2^-22 (even): rounds up.
    expect(parseF32('0x1.000003p0')).toBe(f32Bits(1 + 2 ** -22));
    // Just above halfway rounds up.
    expect(parseF32('0x1.00000100000000000001p0')).toBe(f32Bits(1 + 2 ** -23));
    // Largest finite + half an ulp overflows to infinity; just below stays finite.
    expect(parseF32('0x1.ffffffp+127')).toBe(0x7f800000);
    expect(parseF32('0x1.fffffefffffffffffp+127')).toBe(0x7f7fffff);
    // Half the smallest subnormal ties to even (0); a hair above rounds to the smallest subnormal.
    expect(parseF32('0x1p-150')).toBe(0);
    expect(parseF32('0x1.000001p-150')).toBe(1);
    // 1.5 * 2^-149 ties to even: 2 * 2^-149.
    expect(parseF32('0x1.8p-149')).toBe(2);
    // A subnormal that rounds up into the smallest normal.
    expect(parseF32('0x1.fffffffp-127')).toBe(0x00800000);
    expect(parseF32('0x1p+1000000')).toBe(0x7f800000);
    expect(parseF32('-0x1p-1000000')).toBe(-2147483648);
  });
  it('rounds decimal literals directly to f32 (no double rounding through f64)', () => {
    // 1 + 2^-24 + tiny: f64 rounds this to exactly 1 + 2^-24, and fround(that) ties to 1.
    // The correctly rounded f32 is 1 + 2^-23.
    const justAboveHalf = '1.00000005960464477539062500000001';
    expect(Math.fround(Number(justAboveHalf))).toBe(1); // the double-rounding trap is real
    expect(parseF32(justAboveHalf)).toBe(f32Bits(1 + 2 ** -23));
    expect(parseF32('1.000000059604644775390625')).toBe(f32Bits(1)); // exactly half: even
    expect(parseF32('1.00000005960464477539062499999999')).toBe(f32Bits(1));
    // Around the largest finite f32 (3.40282346638528859811704183484516925440e+38) and the
    // overflow threshold halfway to 2^128 (3.40282356779733661637539395458142568448e+38).
    expect(parseF32('3.40282356779733661637539395458142568447e+38')).toBe(0x7f7fffff);
    expect(parseF32('3.40282356779733661637539395458142568448e+38')).toBe(0x7f800000);
    expect(parseF32('1e39')).toBe(0x7f800000);
    expect(parseF32('1e-50')).toBe(0);
    expect(parseF32('1.401298464324817e-45')).toBe(1);
    expect(parseF32('7.006492321624085e-46')).toBe(0); // just below half of the smallest subnormal
    expect(parseF32('7.0064923216240862e-46')).toBe(1); // just above
    expect(parseF32('1_000.000_1e-0_3')).toBe(f32Bits(Math.fround(1.0000001)));
    expect(parseF32('1e-1000000')).toBe(0);
  });
  it('agrees with fround(Number()) on random short decimals', () => {
    const next = rng(12345);
    for (let i = 0; i < 2000; i++) {
      const digits = String(next() % 1000000000).padStart(9, '0');
      const exp = (next() % 90) - 55;
      const text = `${digits[0]}.${digits.slice(1)}e${exp}`;
      expect(parseF32(text), text).toBe(f32Bits(Math.fround(Number(text))));
    }
  });
  it('round-trips every kind of f32 bit pattern through its exact hex form', () => {
    const next = rng(99);
    for (let i = 0; i < 2000; i++) {
      const bits = next() | 0;
      const exp = (bits >>> 23) & 0xff;
      if (exp === 0xff) continue;
      const frac = bits & 0x7fffff;
      const sign = bits < 0 ? '-' : '';
      const text = exp === 0
        ? `${sign}0x0.${(frac << 1).toString(16).padStart(6, '0')}p-126`
        : `${sign}0x1.${(frac << 1).toString(16).padStart(6, '0')}p${exp - 127}`;
      expect(parseF32(text), text).toBe(bits);
    }
  });
});

describe('f64 literals', () => {
  it('parses special values and hex floats', () => {
    expect(parseF64('nan')).toEqual({ lo: 0, hi: 0x7ff80000 });
    expect(parseF64('-nan:0x4000000000000')).toEqual({ lo: 0, hi: 0xfff40000 | 0 });
    expect(parseF64('nan:0xf_ffff_ffff_ffff')).toEqual({ lo: -1, hi: 0x7fffffff });
    expect(parseF64('-inf')).toEqual({ lo: 0, hi: 0xfff00000 | 0 });
    expect(parseF64('0x1.fffffffffffffp+1023')).toEqual({ lo: -1, hi: 0x7fefffff });
    expect(parseF64('0x0.0000000000001p-1022')).toEqual({ lo: 1, hi: 0 });
    expect(parseF64('0x1p-1075')).toEqual({ lo: 0, hi: 0 });
    expect(parseF64('0x1.00000000000008p0')).toEqual(f64Bits(1)); // tie to even
    expect(parseF64('0x1.00000000000018p0')).toEqual(f64Bits(1 + 2 ** -51));
    expect(parseF64('0x1.fffffffffffff8p+1023')).toEqual({ lo: 0, hi: 0x7ff00000 });
  });
  it('agrees with Number() (correctly rounded) on random decimals', () => {
    const next = rng(4242);
    for (let i = 0; i < 2000; i++) {
      const digits = String(next()).padStart(10, '0') + String(next()).padStart(10, '0');
      const exp = (next() % 640) - 330;
      const text = `${digits[0]}.${digits.slice(1)}e${exp}`;
      expect(parseF64(text), text).toEqual(f64Bits(Number(text)));
    }
    for (const text of ['0.1', '2.2250738585072014e-308', '4.9406564584124654e-324', '2.4703282292062328e-324',
      '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '123456789012345678901234567890']) {
      expect(parseF64(text), text).toEqual(f64Bits(Number(text)));
    }
  });
});

describe('RawValues and result patterns', () => {
  it('builds RawValues by type', () => {
    expect(parseConst('i32', '-1')).toEqual({ type: 'i32', lo: -1, hi: 0, ref: null });
    expect(parseConst('i64', '0x1_0000_0000')).toEqual({ type: 'i64', lo: 0, hi: 1, ref: null });
    expect(parseConst('f32', '1')).toEqual({ type: 'f32', lo: 0x3f800000, hi: 0, ref: null });
    expect(parseConst('f64', '1')).toEqual({ type: 'f64', lo: 0, hi: 0x3ff00000, ref: null });
  });
  it('compares floats bit-exactly', () => {
    expect(sameValue(parseConst('f32', '0'), parseConst('f32', '-0'))).toBe(false);
    expect(sameValue(parseConst('f32', 'nan'), parseConst('f32', 'nan'))).toBe(true);
    expect(sameValue(parseConst('f32', 'nan'), parseConst('f32', 'nan:0x200000'))).toBe(false);
    expect(sameValue(parseConst('f64', '1'), parseConst('f64', '0x1.0000000000001p0'))).toBe(false);
    expect(sameValue(parseConst('i32', '1'), parseConst('f32', '0x1p-149'))).toBe(false);
  });
  it('recognises NaN classes', () => {
    expect(parseResultConst('f32', 'nan:canonical')).toEqual({ kind: 'nan', type: 'f32', nan: 'canonical' });
    expect(parseResultConst('f64', 'nan:arithmetic')).toEqual({ kind: 'nan', type: 'f64', nan: 'arithmetic' });
    const f32 = (t: string) => parseConst('f32', t);
    const f64 = (t: string) => parseConst('f64', t);
    expect(isNanClass(f32('nan'), 'canonical')).toBe(true);
    expect(isNanClass(f32('-nan'), 'canonical')).toBe(true);
    expect(isNanClass(f32('nan:0x600000'), 'canonical')).toBe(false);
    expect(isNanClass(f32('nan:0x600000'), 'arithmetic')).toBe(true);
    expect(isNanClass(f32('nan:0x200000'), 'arithmetic')).toBe(false);
    expect(isNanClass(f32('inf'), 'arithmetic')).toBe(false);
    expect(isNanClass(f64('-nan'), 'canonical')).toBe(true);
    expect(isNanClass(f64('nan:0x8000000000001'), 'canonical')).toBe(false);
    expect(isNanClass(f64('nan:0x8000000000001'), 'arithmetic')).toBe(true);
    expect(isNanClass(f64('nan:0x4000000000000'), 'arithmetic')).toBe(false);
  });
});
