// Values at the JS API edge: the i64 codec hook, value type names, DefaultValue, and the WebIDL
// conversions the API objects need (EnforceRange). ToJSValue/ToWebAssemblyValue themselves are
// in func.ts, since converting a funcref is wrapping or unwrapping an exported function.
// i64 crosses through a codec that the target installs (BigInt on Node, see targets/node.ts);
// without one an i64 is the lossless pair { lo, hi } of signed 32-bit halves, and numbers are
// also accepted as input (truncated, modulo 2^64). What it leaves to others: the conversions and
// exported function wrappers (func.ts), the API objects (memory.ts, table.ts, global.ts, ...).
import { ValType } from '../module';
import { trunc } from '../exec/numerics';

/** How i64 values look in JS: the target plugs one in with setI64Codec. */
export interface I64Codec {
  /** The JS value of the i64 whose two's complement halves are lo and hi (signed int32 each). */
  toJS(lo: number, hi: number): any;
  /** Converts a JS value (or throws TypeError) into out[0] = low half, out[1] = high half. */
  fromJS(value: any, out: Int32Array): void;
}

/** Storage seen as slots: word w holds a value's low 32 bits, w + 1 the high bits (w even). */
export interface Slots {
  s32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

// Set once by the target at load time (like currentThread's thread, the one mutable binding).
let i64Codec: I64Codec | null = null;

/** Installs how i64 values cross the JS API (null: the { lo, hi } pair). */
export function setI64Codec(codec: I64Codec | null): void {
  i64Codec = codec;
}

/** The codec installed now (null: the { lo, hi } pair), so that code that swaps it can put it back. */
export function getI64Codec(): I64Codec | null {
  return i64Codec;
}

export function i64ToJS(lo: number, hi: number): any {
  if (i64Codec !== null) return i64Codec.toJS(lo | 0, hi | 0);
  return { lo: lo | 0, hi: hi | 0 };
}

/** Converts `value` to an i64 into out[0] (low) and out[1] (high); throws TypeError. */
export function i64FromJS(value: any, out: Int32Array): void {
  if (i64Codec !== null) {
    i64Codec.fromJS(value, out);
    return;
  }
  if (typeof value === 'number') {
    const n = value === value && value !== Infinity && value !== -Infinity ? trunc(value) : 0;
    out[0] = n | 0;
    out[1] = Math.floor(n / 4294967296) | 0;
    return;
  }
  if (value !== null && typeof value === 'object' && 'lo' in value && 'hi' in value) {
    out[0] = value.lo | 0;
    out[1] = value.hi | 0;
    return;
  }
  throw new TypeError('cannot convert ' + String(value) + ' to i64 (expected { lo, hi } or a number)');
}

/** Whether `value` has the JS type of the i64 representation (BigInt with the Node codec). */
export function isI64Value(value: any): boolean {
  return typeof value === typeof i64ToJS(0, 0) && value !== null;
}

/** Writes DefaultValue(type) (zero, or the null funcref, or undefined for externref); returns the ref. */
export function defaultValue(type: number, slots: Slots, w: number): any {
  slots.s32[w] = 0;
  slots.s32[w + 1] = 0;
  return type === ValType.ExternRef ? undefined : null;
}

/** The JS API's name of a value type. */
export function typeName(type: number): string {
  switch (type) {
    case ValType.I32: return 'i32';
    case ValType.I64: return 'i64';
    case ValType.F32: return 'f32';
    case ValType.F64: return 'f64';
    case ValType.V128: return 'v128';
    case ValType.FuncRef: return 'funcref';
    case ValType.ExternRef: return 'externref';
    default: return 'unknown';
  }
}

/** The value type named by a JS API descriptor string ('anyfunc' = 'funcref'), or -1. */
export function typeFromName(name: string): number {
  switch (name) {
    case 'i32': return ValType.I32;
    case 'i64': return ValType.I64;
    case 'f32': return ValType.F32;
    case 'f64': return ValType.F64;
    case 'anyfunc': case 'funcref': return ValType.FuncRef;
    case 'externref': return ValType.ExternRef;
    default: return -1;
  }
}

export function isRefType(type: number): boolean {
  return type === ValType.FuncRef || type === ValType.ExternRef;
}

/** WebIDL [EnforceRange] unsigned long: TypeError when not finite or out of range. */
export function toU32(value: any, what: string): number {
  const x = +value;
  if (x !== x || x === Infinity || x === -Infinity) throw new TypeError(what + ' must be a finite number');
  const n = trunc(x);
  if (n < 0 || n > 4294967295) throw new TypeError(what + ' must be in the range of an unsigned 32-bit integer');
  return n === 0 ? 0 : n;
}

/** Whether `value` is an Object in the spec's sense (functions included). */
export function isObject(value: any): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function');
}
