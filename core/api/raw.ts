// The embedded raw API, for embedders and the spec harness that need bit-exact values (NaN
// payloads, i64 without a codec): a RawValue carries a value's raw words. i32: lo; i64: lo/hi
// int32 halves; f32: lo = the raw bits; f64: lo/hi = the raw bits; funcref/externref: ref = null
// or the JS value (for a funcref, the exported-function wrapper). Traps throw like a normal call.
// What it leaves to others: the calling protocol (func.ts), running code (the interpreter).
import { FuncType, ValType } from '../module';

import { FuncInst } from '../runtime/func';
import { callFunction } from '../runtime/instantiate';
import { currentThread } from '../exec/thread';
import { beginCall, funcOf, wrapFunc } from './func';
import { Global } from './global';
import { typeName } from './values';

export interface RawValue {
  type: string; // 'i32' | 'i64' | 'f32' | 'f64' | 'funcref' | 'externref'
  lo: number;
  hi: number;
  ref: any;
}

/**
 * Calls the exported wasm function `fn` with raw arguments (interpreted by the function's own
 * parameter types) and returns its results as raw values. `resultTypes` is accepted for the
 * caller's convenience; the function's own result types decide.
 */
export function invokeRaw(fn: any, args: RawValue[], resultTypes?: string[]): RawValue[] {
  const func = funcOf(fn);
  if (func === null) throw new TypeError('invokeRaw: not an exported WebAssembly function');
  const type: FuncType = func.type;
  const params = type.params;
  if (args.length !== params.length) {
    throw new TypeError('invokeRaw: expected ' + params.length + ' arguments, got ' + args.length);
  }
  const thread = currentThread();
  const base = beginCall(thread, type);
  try {
    for (let i = 0; i < params.length; i++) {
      const w = base + 2 * i;
      const a = args[i];
      const t = params[i];
      if (t === ValType.FuncRef) {
        thread.refs[w] = rawFuncRef(a.ref);
      } else if (t === ValType.ExternRef) {
        thread.refs[w] = a.ref === undefined ? null : a.ref;
      } else {
        thread.s32[w] = a.lo | 0;
        thread.s32[w + 1] = t === ValType.I64 || t === ValType.F64 ? a.hi | 0 : 0;
      }
    }
    callFunction(thread, func, base);
  } finally {
    thread.top = base;
  }
  const results = type.results;
  const out: RawValue[] = [];
  for (let i = 0; i < results.length; i++) {
    const w = base + 2 * i;
    out.push(rawValue(results[i], thread.s32[w], thread.s32[w + 1], thread.refs[w]));
  }
  return out;
}

/** The raw value of a WebAssembly.Global object. `type` is accepted and ignored (the global's own type decides). */
export function globalRaw(global: any, type?: string): RawValue {
  if (!(global instanceof Global) || !global._glob) throw new TypeError('globalRaw: not a WebAssembly.Global');
  const g = global._glob;
  return rawValue(g.type, g.bits[0], g.bits[1], g.ref);
}

function rawValue(type: number, lo: number, hi: number, ref: any): RawValue {
  const wide = type === ValType.I64 || type === ValType.F64;
  let r: any = null;
  if (type === ValType.FuncRef) r = ref === null ? null : wrapFunc(ref);
  else if (type === ValType.ExternRef) r = ref;
  const isNum = type !== ValType.FuncRef && type !== ValType.ExternRef;
  return { type: typeName(type), lo: isNum ? lo | 0 : 0, hi: wide ? hi | 0 : 0, ref: r };
}

function rawFuncRef(ref: any): FuncInst | null {
  if (ref === null || ref === undefined) return null;
  if (ref instanceof FuncInst) return ref;
  const f = funcOf(ref);
  if (f === null) throw new TypeError('invokeRaw: a funcref must be null or an exported WebAssembly function');
  return f;
}
