// Test helper: WebAssembly text to binary with wabt (all 2.0 features on).
import wabtInit from 'wabt';

let wabt: any = null;

export async function loadWabt(): Promise<void> {
  if (wabt === null) wabt = await wabtInit();
}

/** The binary of a .wat module (call loadWabt() first, e.g. in beforeAll). */
export function wat(text: string): Uint8Array {
  const m = wabt.parseWat('test.wat', text, { multi_value: true, reference_types: true, bulk_memory: true, mutable_globals: true, sat_float_to_int: true, sign_extension: true });
  try {
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}

/** An i64 codec using BigInt, as the Node target installs (tests only; core/ never sees BigInt). */
export const bigintCodec = {
  toJS(lo: number, hi: number): any {
    return (BigInt(hi) << 32n) + BigInt(lo >>> 0);
  },
  fromJS(value: any, out: Int32Array): void {
    if (typeof value === 'number' || value === undefined || value === null || typeof value === 'symbol') {
      throw new TypeError('Cannot convert ' + String(value) + ' to a BigInt');
    }
    const v = BigInt.asUintN(64, value); // ToBigInt: an object whose valueOf gives a number is a TypeError
    out[0] = Number(v & 0xffffffffn) | 0;
    out[1] = Number(v >> 32n) | 0;
  },
};

/** What an operation did: its value, or the name of the error class it threw. */
export function outcome(fn: () => any): any {
  try {
    const v = fn();
    if (typeof v === 'function') return 'function';
    if (v instanceof ArrayBuffer) return 'ArrayBuffer(' + v.byteLength + ')';
    return { value: v };
  } catch (e: any) {
    return { error: e && e.name ? e.name : String(e) };
  }
}
