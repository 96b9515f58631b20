// The JS tier, part 3: crossings between the tier's raw calling convention (tojs/function.ts:
// i64 as two int32 halves, f32 as a number (NaNs in their double form, NANF/NANB), an i64 result's high half in RT.h, several results in
// RT.r) and the rest of the runtime:
// - rawOf(func): any function instance callable in the raw convention. Functions the tier did not
//   compile (host functions, the interpreter's) get a bridge that puts the arguments in the
//   current thread's slots and runs them through callFunction, as a call from JS would.
// - slotEntry(func, raw): a compiled function run with the slot protocol of core/ (FuncInst.tierCall:
//   arguments and results in the thread's slots, as for host functions), which every call from
//   outside the interpreter takes; the engine's own stack overflow becomes "call stack exhausted".
// What it leaves to others: compiling (function.ts, instance.ts), the value conversions of the
// JS API (core/api/func.ts, values.ts).
import { FuncInst } from '../core/runtime/func';
import { ValType } from '../core/module';
import { Trap, trapError } from '../core/errors';
import { currentThread, Thread } from '../core/exec/thread';
import { callFunction } from '../core/runtime/instantiate';
import { beginCall } from '../core/api/func';

/** Where raw calls leave an i64 result's high half (h) and the results of multi-value calls (r). */
export const RT: { h: number; r: any[] } = { h: 0, r: [] };

const fb = new Float32Array(1);
const ib = new Int32Array(fb.buffer);
const db = new Float64Array(1);
const di = new Int32Array(db.buffer);

/** The double form of the f32 NaN with bits `b`: its payload in the top bits of the double's, as
 *  f32 -> f64 promotion places it, but with the quiet bit as it was (function.ts: values). */
export function NANF(b: number): number {
  di[1] = (b & -2147483648) | 0x7ff00000 | ((b & 0x7fffff) >>> 3);
  di[0] = b << 29;
  return db[0];
}

/** The f32 bits of the double form `x` of an f32 NaN (the inverse of NANF). */
export function NANB(x: number): number {
  db[0] = x;
  const hi = di[1];
  return (hi & -2147483648) | 0x7f800000 | ((hi & 0xfffff) << 3) | (di[0] >>> 29);
}

/** The tier's f32 value of the bits `b`. */
export function f32Value(b: number): number {
  ib[0] = b;
  const x = fb[0];
  return x === x ? x : NANF(b);
}

/** The bits of the tier's f32 value `x`. */
export function f32Bits(x: number): number {
  if (x !== x) return NANB(x);
  fb[0] = x;
  return ib[0];
}

/** The raw-convention function of `func` (made once). */
export function rawOf(func: FuncInst): any {
  if (func.raw === null) func.raw = bridge(func);
  return func.raw;
}

function bridge(func: FuncInst): any {
  const type = func.type;
  const params = type.params;
  const results = type.results;
  return function (): any {
    const thread = currentThread();
    const base = beginCall(thread, type);
    try {
      let j = 0;
      for (let i = 0; i < params.length; i++) {
        const w = base + 2 * i;
        const t = params[i];
        const v = arguments[j++];
        if (t === ValType.I32) {
          thread.s32[w] = v;
        } else if (t === ValType.F32) {
          thread.s32[w] = f32Bits(v);
        } else if (t === ValType.I64) {
          thread.s32[w] = v;
          thread.s32[w + 1] = arguments[j++];
        } else if (t === ValType.F64) {
          thread.f64[w >> 1] = v;
        } else {
          thread.refs[w] = v;
        }
      }
      callFunction(thread, func, base);
      const s32 = thread.s32;
      if (results.length === 1) {
        const t = results[0];
        if (t === ValType.I64) RT.h = s32[base + 1];
        return readRaw(t, thread, base);
      }
      if (results.length > 1) {
        const out = RT.r;
        let k = 0;
        for (let i = 0; i < results.length; i++) {
          const w = base + 2 * i;
          out[k++] = readRaw(results[i], thread, w);
          if (results[i] === ValType.I64) out[k++] = s32[w + 1];
        }
      }
      return undefined;
    } finally {
      thread.top = base;
    }
  };
}

function readRaw(t: number, thread: Thread, w: number): any {
  if (t === ValType.I32 || t === ValType.I64) return thread.s32[w];
  if (t === ValType.F32) return f32Value(thread.s32[w]);
  if (t === ValType.F64) return thread.f64[w >> 1];
  return thread.refs[w];
}

/**
 * The slot entry of the compiled function `func` (FuncInst.tierCall): reads its arguments from
 * the thread's slots at word `base`, calls `raw`, writes the results there.
 */
export function slotEntry(func: FuncInst, raw: any): (thread: Thread, base: number) => void {
  const type = func.type;
  const params = type.params;
  const results = type.results;
  return function (thread: Thread, base: number): void {
    const list: any[] = [];
    for (let i = 0; i < params.length; i++) {
      const w = base + 2 * i;
      const t = params[i];
      if (t === ValType.I64) list.push(thread.s32[w], thread.s32[w + 1]);
      else list.push(readRaw(t, thread, w));
    }
    let ret: any;
    try {
      ret = raw.apply(undefined, list);
    } catch (e) {
      if (e instanceof RangeError && /stack/i.test(e.message)) throw trapError(Trap.CallStackExhausted);
      throw e;
    }
    if (results.length === 1) {
      writeRaw(results[0], thread, base, ret, RT.h);
    } else if (results.length > 1) {
      const r = RT.r;
      let k = 0;
      for (let i = 0; i < results.length; i++) {
        const t = results[i];
        const v = r[k++];
        writeRaw(t, thread, base + 2 * i, v, t === ValType.I64 ? r[k++] : 0);
      }
    }
  };
}

function writeRaw(t: number, thread: Thread, w: number, v: any, hi: number): void {
  if (t === ValType.I32) {
    thread.s32[w] = v;
  } else if (t === ValType.F32) {
    thread.s32[w] = f32Bits(v);
  } else if (t === ValType.I64) {
    thread.s32[w] = v;
    thread.s32[w + 1] = hi;
  } else if (t === ValType.F64) {
    thread.f64[w >> 1] = v;
  } else {
    thread.refs[w] = v;
  }
}
