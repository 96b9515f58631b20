// 64-bit integers at the WASI edge without BigInt in the code. i64 arguments of WASI functions
// (clock precision, file offsets, rights, readdir cookies) arrive as whatever the WebAssembly
// implementation hands to host functions: BigInt (the JS API, Node's own WebAssembly, picowasm
// with its BigInt codec), picowasm's { lo, hi } pair (engines without BigInt), or a number
// (a codec of the embedder's). They are detected per call. u64 results (times, sizes, offsets)
// are written to memory as two 32-bit halves, computed exactly from numbers.

const TWO32 = 4294967296;

/** The i64 value `v` as a JS number (exact up to 2^53). */
export function i64ToNumber(v: any): number {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'lo' in v && 'hi' in v) return (v.hi | 0) * TWO32 + (v.lo >>> 0);
  return Number(v); // BigInt (converted by Number, no BigInt identifier needed)
}

/** The low 32 bits of the i64 value `v` as an unsigned number, exactly. */
export function i64Low(v: any): number {
  if (v !== null && typeof v === 'object' && 'lo' in v) return v.lo >>> 0;
  const n = typeof v === 'number' ? v : Number(v);
  if (n > -9007199254740992 && n < 9007199254740992) return n >>> 0;
  if (typeof v === 'number') return 0; // beyond 2^53 a number has no exact low bits (they are 0)
  // A big BigInt: its decimal digits, modulo 2^32.
  const s = String(v);
  let lo = 0;
  const neg = s.charAt(0) === '-';
  for (let i = neg ? 1 : 0; i < s.length; i++) lo = (lo * 10 + (s.charCodeAt(i) - 48)) % TWO32;
  return neg ? (TWO32 - lo) % TWO32 : lo;
}

/** Writes the u64 `value` (a non-negative integer below 2^53) at `ptr`, little-endian. */
export function writeU64(view: DataView, ptr: number, value: number): void {
  const hi = Math.floor(value / TWO32);
  view.setUint32(ptr, value - hi * TWO32, true);
  view.setUint32(ptr + 4, hi, true);
}

/**
 * Writes the u64 `ms * 1e6 + ns` at `ptr` exactly (ms: a non-negative integer below 2^41, e.g.
 * Date.now(); ns: a non-negative integer below 2^32): nanoseconds beyond 2^53 without rounding.
 */
export function writeMillisAsNanos(view: DataView, ptr: number, ms: number, ns: number): void {
  const a = Math.floor(ms / 1048576);      // ms = a * 2^20 + b
  const b = ms - a * 1048576;
  const p = a * 1000000;                   // < 2^41: exact; contributes p * 2^20
  const pHigh = Math.floor(p / 4096);      // p * 2^20 = pHigh * 2^32 + (p mod 2^12) * 2^20
  const pLow = (p - pHigh * 4096) * 1048576;
  const q = b * 1000000 + ns;              // < 2^41: exact
  const qHigh = Math.floor(q / TWO32);
  let lo = pLow + (q - qHigh * TWO32);
  let hi = pHigh + qHigh;
  if (lo >= TWO32) {
    lo -= TWO32;
    hi += 1;
  }
  view.setUint32(ptr, lo, true);
  view.setUint32(ptr + 4, hi >>> 0, true);
}
