// Value literals of the .wast scripts → raw bits (RawValue), and the result patterns of
// assert_return.
//
// Integers: decimal or hex, optional sign, `_` between digits. Floats: decimal or hex (`0x1.8p+3`),
// `inf`, `nan`, `nan:0x...` payloads, with sign. Float literals are rounded exactly (BigInt
// rational arithmetic, round to nearest, ties to even, subnormals, overflow to infinity), so f32
// literals never suffer double rounding through f64. Comparing values is left to script.mjs.

/**
 * The harness's lossless value: i32: lo; i64: lo = low 32 bits, hi = high 32 bits (int32 each);
 * f32: lo = raw bits as int32; f64: lo/hi = raw bits; refs: ref (null is the null reference).
 * @typedef {{ type: 'i32'|'i64'|'f32'|'f64'|'funcref'|'externref', lo: number, hi: number, ref: any }} RawValue
 */

/**
 * What assert_return expects for one result: an exact value, a NaN class, or any non-null funcref.
 * @typedef {{ kind: 'exact', value: RawValue }
 *   | { kind: 'nan', type: 'f32'|'f64', nan: 'canonical'|'arithmetic' }
 *   | { kind: 'anyfunc' }} ResultPattern
 */

/**
 * @param {RawValue['type']} type @param {number} lo @param {number} [hi] @param {any} [ref]
 * @returns {RawValue}
 */
export function rawValue(type, lo, hi = 0, ref = null) {
  return { type, lo: lo | 0, hi: hi | 0, ref };
}

const DEC_INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/;
const HEX_INT = /^[+-]?0x[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/;

/**
 * Parses an integer literal to its exact (signed) value.
 * @param {string} text
 * @returns {bigint}
 */
function parseInteger(text) {
  if (!DEC_INT.test(text) && !HEX_INT.test(text)) throw new Error(`bad integer literal ${text}`);
  const t = text.replace(/_/g, '');
  const negative = t[0] === '-';
  const digits = t[0] === '-' || t[0] === '+' ? t.slice(1) : t;
  const magnitude = BigInt(digits); // BigInt understands both `123` and `0x7b`
  return negative ? -magnitude : magnitude;
}

/**
 * An i32 literal (range -2^31 .. 2^32-1) as an int32.
 * @param {string} text
 */
export function parseI32(text) {
  const v = parseInteger(text);
  if (v < -(1n << 31n) || v >= 1n << 32n) throw new Error(`i32 literal out of range: ${text}`);
  return Number(BigInt.asIntN(32, v));
}

/**
 * An i64 literal (range -2^63 .. 2^64-1) as two int32 halves.
 * @param {string} text
 * @returns {{ lo: number, hi: number }}
 */
export function parseI64(text) {
  const v = parseInteger(text);
  if (v < -(1n << 63n) || v >= 1n << 64n) throw new Error(`i64 literal out of range: ${text}`);
  return splitI64(v);
}

/**
 * @param {bigint} v any integer; taken modulo 2^64
 * @returns {{ lo: number, hi: number }}
 */
export function splitI64(v) {
  return { lo: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> 32n)) };
}

/**
 * @param {number} lo @param {number} hi
 * @returns {bigint} the signed 64-bit value
 */
export function joinI64(lo, hi) {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
}

/** @typedef {{ mant: number, expBits: number }} FloatFormat */
/** @type {FloatFormat} */
const F32 = { mant: 23, expBits: 8 };
/** @type {FloatFormat} */
const F64 = { mant: 52, expBits: 11 };

/** @param {bigint} v v > 0 @returns {number} the number of bits of v */
function bitLength(v) {
  return v.toString(2).length;
}

/**
 * Rounds the positive rational num/den to the nearest value of the format (ties to even) and
 * returns its bits without the sign: biased exponent and fraction.
 * @param {bigint} num > 0 @param {bigint} den > 0 @param {FloatFormat} f
 * @returns {bigint}
 */
function roundRational(num, den, f) {
  const bias = (1 << (f.expBits - 1)) - 1;
  const emin = 1 - bias;
  const mantBig = BigInt(f.mant);
  // e = floor(log2(num/den)): first guess from the bit lengths, off by at most one.
  let e = bitLength(num) - bitLength(den);
  const below = e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den;
  if (below) e--;
  if (e < emin) e = emin; // subnormal range: fixed scale
  // q = num/den * 2^(mant - e), rounded to an integer: the significand with its leading bit.
  const shift = f.mant - e;
  let n2 = num;
  let d2 = den;
  if (shift >= 0) n2 <<= BigInt(shift); else d2 <<= BigInt(-shift);
  let q = n2 / d2;
  const twiceRest = (n2 - q * d2) * 2n;
  if (twiceRest > d2 || (twiceRest === d2 && (q & 1n) === 1n)) q++;
  if (q >= 1n << (mantBig + 1n)) { q >>= 1n; e++; } // rounding carried into a new bit (q was 2^(mant+1))
  if (e > bias) return BigInt((1 << f.expBits) - 1) << mantBig; // overflow: infinity
  // A subnormal q (< 2^mant) has biased exponent 0 and is its own encoding; a normal one has the
  // implicit bit removed. With e = emin both are q + 2^mant * (e + bias - 1) = q, so:
  if (q < 1n << mantBig) return q;
  return (BigInt(e + bias) << mantBig) | (q - (1n << mantBig));
}

const DEC_FLOAT = /^([0-9]+(?:_[0-9]+)*)(?:\.([0-9]+(?:_[0-9]+)*)?)?(?:[eE]([+-]?[0-9]+(?:_[0-9]+)*))?$/;
const HEX_FLOAT = /^0x([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)(?:\.([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)?)?(?:[pP]([+-]?[0-9]+(?:_[0-9]+)*))?$/;

/**
 * Parses a float literal to its bits (as a BigInt of mant + expBits + 1 bits).
 * @param {string} text @param {FloatFormat} f
 * @returns {bigint}
 */
function parseFloatBits(text, f) {
  const mantBig = BigInt(f.mant);
  const expAllOnes = BigInt((1 << f.expBits) - 1) << mantBig;
  const signBit = 1n << (mantBig + BigInt(f.expBits));
  let t = text;
  let sign = 0n;
  if (t[0] === '-') { sign = signBit; t = t.slice(1); }
  else if (t[0] === '+') t = t.slice(1);

  if (t === 'inf') return sign | expAllOnes;
  if (t === 'nan') return sign | expAllOnes | (1n << (mantBig - 1n));
  if (t.startsWith('nan:0x')) {
    const payload = parseInteger(t.slice(4));
    if (payload < 1n || payload >= 1n << mantBig) throw new Error(`bad NaN payload: ${text}`);
    return sign | expAllOnes | payload;
  }

  // Finite: the value is mantissa * base^exp with a power-of-two or power-of-ten scale.
  let m;
  let fracDigits;
  let exp;
  let hex;
  let match = HEX_FLOAT.exec(t);
  if (match) hex = true;
  else {
    match = DEC_FLOAT.exec(t);
    if (!match) throw new Error(`bad float literal: ${text}`);
    hex = false;
  }
  const intPart = match[1].replace(/_/g, '');
  const fracPart = (match[2] || '').replace(/_/g, '');
  exp = match[3] ? Number(match[3].replace(/_/g, '')) : 0;
  fracDigits = fracPart.length;
  m = BigInt((hex ? '0x' : '') + intPart + fracPart);
  if (m === 0n) return sign;

  /** @type {bigint} */ let num = m;
  /** @type {bigint} */ let den = 1n;
  if (hex) {
    const e2 = exp - 4 * fracDigits; // value = m * 2^e2
    const magnitude = bitLength(m) + e2;
    if (magnitude > 2000) return sign | expAllOnes; // far beyond any float's range
    if (magnitude < -2000) return sign; // far below the smallest subnormal: rounds to zero
    if (e2 >= 0) num <<= BigInt(e2); else den <<= BigInt(-e2);
  } else {
    const e10 = exp - fracDigits; // value = m * 10^e10
    const magnitude = m.toString().length + e10;
    if (magnitude > 400) return sign | expAllOnes;
    if (magnitude < -400) return sign;
    if (e10 >= 0) num *= 10n ** BigInt(e10); else den = 10n ** BigInt(-e10);
  }
  return sign | roundRational(num, den, f);
}

/**
 * An f32 literal → its raw bits as an int32.
 * @param {string} text
 */
export function parseF32(text) {
  return Number(BigInt.asIntN(32, parseFloatBits(text, F32)));
}

/**
 * An f64 literal → its raw bits as two int32 halves.
 * @param {string} text
 * @returns {{ lo: number, hi: number }}
 */
export function parseF64(text) {
  return splitI64(parseFloatBits(text, F64));
}

/**
 * A `<type>.const <literal>` argument → RawValue.
 * @param {'i32'|'i64'|'f32'|'f64'} type @param {string} text
 * @returns {RawValue}
 */
export function parseConst(type, text) {
  switch (type) {
    case 'i32': return rawValue('i32', parseI32(text));
    case 'i64': { const v = parseI64(text); return rawValue('i64', v.lo, v.hi); }
    case 'f32': return rawValue('f32', parseF32(text));
    case 'f64': { const v = parseF64(text); return rawValue('f64', v.lo, v.hi); }
    default: throw new Error(`unknown const type ${type}`);
  }
}

/**
 * One expected result of assert_return, given its type and literal (`nan:canonical` and
 * `nan:arithmetic` allowed for floats).
 * @param {'i32'|'i64'|'f32'|'f64'} type @param {string} text
 * @returns {ResultPattern}
 */
export function parseResultConst(type, text) {
  if ((type === 'f32' || type === 'f64') && (text === 'nan:canonical' || text === 'nan:arithmetic')) {
    return { kind: 'nan', type, nan: text === 'nan:canonical' ? 'canonical' : 'arithmetic' };
  }
  return { kind: 'exact', value: parseConst(type, text) };
}

/**
 * Does a float value's bits belong to the NaN class? Canonical: exponent all ones, only the quiet
 * bit of the fraction set (either sign). Arithmetic: exponent all ones and quiet bit set.
 * @param {RawValue} v @param {'canonical'|'arithmetic'} which
 */
export function isNanClass(v, which) {
  if (v.type === 'f32') {
    const bits = v.lo & 0x7fffffff;
    return which === 'canonical' ? bits === 0x7fc00000 : (bits & 0x7fc00000) === 0x7fc00000;
  }
  if (v.type === 'f64') {
    const hi = v.hi & 0x7fffffff;
    return which === 'canonical' ? hi === 0x7ff80000 && v.lo === 0 : (hi & 0x7ff80000) === 0x7ff80000;
  }
  return false;
}

/**
 * Bit-exact equality of two values (refs by identity).
 * @param {RawValue} a @param {RawValue} b
 */
export function sameValue(a, b) {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'i32': case 'f32': return (a.lo | 0) === (b.lo | 0);
    case 'i64': case 'f64': return (a.lo | 0) === (b.lo | 0) && (a.hi | 0) === (b.hi | 0);
    default: return a.ref === b.ref;
  }
}

/**
 * Short text for messages: `i32:5`, `i64:-1`, `f32:1.5`, `f64:nan:0x7ff8000000000000`, `externref:{externref:1}`.
 * @param {RawValue} v
 */
export function formatValue(v) {
  if (!v || typeof v !== 'object') return String(v);
  const dv = new DataView(new ArrayBuffer(8));
  switch (v.type) {
    case 'i32': return `i32:${v.lo | 0}`;
    case 'i64': return `i64:${joinI64(v.lo, v.hi)}`;
    case 'f32': {
      dv.setInt32(0, v.lo, true);
      const x = dv.getFloat32(0, true);
      return Number.isNaN(x) ? `f32:nan(0x${(v.lo >>> 0).toString(16).padStart(8, '0')})` : `f32:${Object.is(x, -0) ? '-0' : x}`;
    }
    case 'f64': {
      dv.setInt32(0, v.lo, true);
      dv.setInt32(4, v.hi, true);
      const x = dv.getFloat64(0, true);
      const bits = (v.hi >>> 0).toString(16).padStart(8, '0') + (v.lo >>> 0).toString(16).padStart(8, '0');
      return Number.isNaN(x) ? `f64:nan(0x${bits})` : `f64:${Object.is(x, -0) ? '-0' : x}`;
    }
    default: {
      const r = v.ref;
      if (r === null) return `${v.type}:null`;
      if (typeof r === 'function') return `${v.type}:<function>`;
      try { return `${v.type}:${JSON.stringify(r)}`; } catch { return `${v.type}:<object>`; }
    }
  }
}

/**
 * @param {ResultPattern} p
 */
export function formatPattern(p) {
  if (p.kind === 'exact') return formatValue(p.value);
  if (p.kind === 'nan') return `${p.type}:nan:${p.nan}`;
  return 'funcref:<any non-null>';
}
