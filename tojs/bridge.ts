// The JS tier, part 3: crossings between the tier's raw calling convention (tojs/function.ts:
// i64 as two int32 halves, f32 as a number (NaNs in their double form, NANF/NANB), an i64 result's high half in RT.h, several results in
// RT.r) and the rest of the runtime:
// - rawOf(func): any function instance callable in the raw convention. Functions the tier did not
//   compile (host functions, the interpreter's) get a bridge that puts the arguments in the
//   current thread's slots and runs them through callFunction, as a call from JS would.
// - slotEntry(func, raw): a compiled function run with the slot protocol of core/ (FuncInst.tierCall:
//   arguments and results in the thread's slots, as for host functions), which every unmetered
//   call from outside the interpreter takes, and the interpreter's own unmetered calls of
//   compiled functions; it returns false, running nothing, when the call is too deep for the tier
//   (enter). The engine's own stack overflow becomes "call stack exhausted" there, and a
//   DataView's RangeError the trap "out of bounds memory access" (entryError).
// What it leaves to others: compiling (function.ts, instance.ts), the value conversions of the
// JS API (core/api/func.ts, values.ts).
import { FuncInst } from '../core/runtime/func';
import { ValType } from '../core/module';
import { Trap, trapError } from '../core/errors';
import { attachBacktrace, currentThread, firstPassAt, Thread } from '../core/exec/thread';
import { callFunction } from '../core/runtime/instantiate';
import { beginCall, writeArgs, readResults } from '../core/api/func';
import { tierDepthBudget } from './function';
import { framesOf, compiledFrames, ENTRY_NAME } from './frames';
import { i64FromJS, i64ToJS } from '../core/api/values';

/** Where raw calls leave an i64 result's high half (h) and the results of multi-value calls (r). */
// r starts with non-numbers so that V8 never keeps it as an array of doubles (which would quiet
// signalling NaNs).
// Depth (function.ts: depth budget; compiled functions pass it to each other as an argument):
// d is the depth at the latest call out of compiled code (set by bridge(), 0 outside the tier),
// which an entry passes to the function it enters; e is d at the latest entry from outside (the
// compiled calls since then are not yet in thread.depth, see bridge()); t is the thread of that
// entry. The entries set e and t and restore all three when they return or throw.
// deep is true while the interpreter runs a call that compiled code handed it for depth
// (interpreted()): no call enters the tier below it (enter), so that the interpreter, which may
// call compiled functions (core/exec/interpreter.ts: callTier), does not bounce between the two
// on the engine's stack.
export let RT: { h: number; r: any[]; d: number; e: number; t: Thread; deep: boolean } = null as any;

// Scratch for the NaN conversions, and the entry makers per signature.
let fb: Float32Array = null as any;
let ib: Int32Array = null as any;
let db: Float64Array = null as any;
let di: Int32Array = null as any;
let entryMakers: { [sig: string]: any } = null as any;
let jsEntryMakers: { [sig: string]: any } = null as any;

/** Makes the tier's mutable state, at run time: Moddable's preload freezes the objects module
 *  code makes at build time. Called before anything else of the tier runs (instance.ts). */
export function initState(): void {
  if (RT !== null) return;
  RT = { h: 0, r: [null, null, null, null, null, null, null, null], d: 0, e: 0, t: null as any, deep: false };
  fb = new Float32Array(1);
  ib = new Int32Array(fb.buffer);
  db = new Float64Array(1);
  di = new Int32Array(db.buffer);
  entryMakers = {};
  jsEntryMakers = {};
}

/**
 * At an entry from outside the tier on `thread`: whether the call may run on the tier. Compiled
 * calls stop at the depth budget (function.ts), RT.d of them at most, plus one small leaf that
 * does not check its depth (function.ts: LEAF_SHARE); they may if that many more frames fit within
 * maxCallDepth (the compiled calls below are in thread.depth already, see
 * bridge()), and not below a call handed to the interpreter for depth (RT.deep). Else the call
 * runs on the interpreter, which checks the limit at every call. Then
 * RT.e and RT.t are set (the caller has saved them).
 */
function enter(thread: Thread): boolean {
  if (RT.deep || thread.limits.maxCallDepth - thread.depth < tierDepthBudget() + 1 - RT.d) return false;
  RT.e = RT.d;
  RT.t = thread;
  return true;
}

/** The call of `func` with the JS API arguments `args` on the interpreter (when enter() refuses). */
function interpretedCall(func: FuncInst, args: ArrayLike<any>): any {
  const thread = currentThread();
  const base = beginCall(thread, func.type);
  try {
    writeArgs(args, func.type, thread, base);
    callFunction(thread, func, base, true);
  } finally {
    thread.top = base;
  }
  return readResults(func.type, thread, base);
}

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
  if (func.raw === null) func.raw = bridge(func, false);
  return func.raw;
}

/** `func` in the raw convention, run by the interpreter even when the tier has compiled it
 *  (function.ts: calls past the tier's depth budget or the call depth limit). */
export function interpreted(func: FuncInst): any {
  return bridge(func, true);
}

function bridge(func: FuncInst, interpreterOnly: boolean): any {
  const type = func.type;
  const params = type.params;
  const results = type.results;
  let nargs = params.length;
  for (let i = 0; i < params.length; i++) if (params[i] === ValType.I64) nargs++;
  const self = function (): any {
    // The caller's depth follows the arguments: entries nested in this call go on from it. The
    // thread that entered the tier; the compiled calls since that entry count as its frames
    // while the interpreter runs, so that maxCallDepth covers both.
    const depth = arguments[nargs];
    RT.d = depth;
    const thread = RT.t;
    const compiled = depth - RT.e;
    const base = beginCall(thread, type);
    const deep = RT.deep;
    thread.depth += compiled;
    if (interpreterOnly) RT.deep = true;
    try {
      let j = 0;
      for (let i = 0; i < params.length; i++) {
        const w = base + 2 * i;
        const t = params[i];
        const v = arguments[j++];
        writeRaw(t, thread, w, v, t === ValType.I64 ? arguments[j++] : 0);
      }
      callFunction(thread, func, base, interpreterOnly);
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
    } catch (x) {
      // a trap of the interpreter (or of wasm a host function called) goes on with the
      // compiled frames below this call
      if (x !== null && typeof x === 'object' && (x as any).wasmStack instanceof Array && firstPassAt(x, self, depth)) attachBacktrace(x, compiledFrames());
      throw x instanceof RangeError ? new HostRangeError(x) : x;
    } finally {
      RT.deep = deep;
      thread.depth -= compiled;
      thread.top = base;
    }
  };
  return self;
}

function readRaw(t: number, thread: Thread, w: number): any {
  if (t === ValType.I32 || t === ValType.I64) return thread.s32[w];
  if (t === ValType.F32) return f32Value(thread.s32[w]);
  if (t === ValType.F64) return thread.f64[w >> 1];
  return thread.refs[w];
}

/**
 * The slot entry of the compiled function `func` (FuncInst.tierCall): reads its arguments from
 * the thread's slots at word `base`, calls `raw`, writes the results there, and returns true;
 * returns false without calling when enter() refuses (the caller runs it on the interpreter). Made per signature
 * with `new Function`, so that no value passes through a JS array (V8 keeps an array of numbers
 * as doubles and turns a signalling NaN into the quiet one there).
 */
export function slotEntry(func: FuncInst, raw: any): (thread: Thread, base: number) => boolean {
  const sig = func.type.sig;
  let make = entryMakers[sig];
  if (make === undefined) {
    make = entryMaker(func.type.params, func.type.results);
    entryMakers[sig] = make;
  }
  return make(raw, RT, f32Value, f32Bits, entryError, enter, func, callFunction);
}


function entryMaker(params: number[], results: number[]): any {
  const args: string[] = [];
  for (let i = 0; i < params.length; i++) {
    const w = 'base + ' + 2 * i;
    switch (params[i]) {
      case ValType.I32: args.push('s32[' + w + ']'); break;
      case ValType.I64: args.push('s32[' + w + ']', 's32[' + w + ' + 1]'); break;
      case ValType.F32: args.push('f32Value(s32[' + w + '])'); break;
      case ValType.F64: args.push('thread.f64[(' + w + ') >> 1]'); break;
      default: args.push('thread.refs[' + w + ']'); break;
    }
  }
  const lines: string[] = [];
  lines.push('return function ' + ENTRY_NAME + '(thread, base) {');
  lines.push('  var s32 = thread.s32, v, r = RT.r;');
  lines.push('  var d = RT.d, e = RT.e, t = RT.t;');
  lines.push('  if (!enter(thread)) return false;');
  lines.push('  try { v = raw(' + args.concat('d').join(', ') + '); } catch (x) { throw entryError(x, func); } finally { RT.d = d; RT.e = e; RT.t = t; }');
  lines.push('  s32 = thread.s32;'); // the call may have grown the stack
  let k = 0;
  for (let i = 0; i < results.length; i++) {
    const w = 'base + ' + 2 * i;
    const value = results.length === 1 ? 'v' : 'r[' + k++ + ']';
    switch (results[i]) {
      case ValType.I32: lines.push('  s32[' + w + '] = ' + value + ';'); break;
      case ValType.I64:
        lines.push('  s32[' + w + '] = ' + value + '; s32[' + w + ' + 1] = ' + (results.length === 1 ? 'RT.h' : 'r[' + k++ + ']') + ';');
        break;
      case ValType.F32: lines.push('  s32[' + w + '] = f32Bits(' + value + ');'); break;
      case ValType.F64: lines.push('  thread.f64[(' + w + ') >> 1] = ' + value + ';'); break;
      default: lines.push('  thread.refs[' + w + '] = ' + value + ';'); break;
    }
  }
  lines.push('  return true;');
  lines.push('};');
  return new Function('raw', 'RT', 'f32Value', 'f32Bits', 'entryError', 'enter', 'func', 'callFunction', lines.join('\n'));
}

/**
 * The JS API entry of the compiled function `func` (FuncInst.jsEntry), for functions whose
 * parameters and results are all numbers (null for others, which take the slot entry): converts
 * the arguments as ToWebAssemblyValue does, in order, calls `raw`, converts the results as
 * ToJSValue does. Made per signature, like slotEntry.
 */
export function jsEntryOf(func: FuncInst, raw: any): ((args: ArrayLike<any>) => any) | null {
  const type = func.type;
  const all = type.params.concat(type.results);
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    if (t !== ValType.I32 && t !== ValType.I64 && t !== ValType.F32 && t !== ValType.F64) return null;
  }
  let make = jsEntryMakers[type.sig];
  if (make === undefined) {
    make = jsEntryMaker(type.params, type.results);
    jsEntryMakers[type.sig] = make;
  }
  return make(raw, RT, (Math as any).fround, i64FromJS, i64ToJS, new Int32Array(2), entryError, currentThread, enter, func, interpretedCall);
}


function jsEntryMaker(params: number[], results: number[]): any {
  const lines: string[] = ['return function ' + ENTRY_NAME + '(args) {', '  var d = RT.d, e = RT.e, t = RT.t, v;',
    '  if (!enter(currentThread())) return interpretedCall(func, args);', '  var n = args.length;'];
  const names: string[] = [];
  for (let i = 0; i < params.length; i++) {
    const arg = '(n > ' + i + ' ? args[' + i + '] : undefined)';
    switch (params[i]) {
      case ValType.I32: lines.push('  var a' + i + ' = ' + arg + ' | 0;'); names.push('a' + i); break;
      case ValType.I64:
        lines.push('  i64FromJS(' + arg + ', P); var a' + i + ' = P[0], b' + i + ' = P[1];');
        names.push('a' + i, 'b' + i);
        break;
      case ValType.F32: lines.push('  var a' + i + ' = fround(+' + arg + ' + -0);'); names.push('a' + i); break;
      default: lines.push('  var a' + i + ' = +' + arg + ';'); names.push('a' + i); break;
    }
  }
  // a conversion may throw (a valueOf that throws, a Symbol): RT as it was before enter()
  if (params.length !== 0) {
    lines.splice(4, 0, '  try {');
    lines.push('  } catch (x) { RT.e = e; RT.t = t; throw x; }');
  }
  lines.push('  try { v = raw(' + names.concat('d').join(', ') + '); } catch (x) { throw entryError(x, func); } finally { RT.d = d; RT.e = e; RT.t = t; }');
  if (results.length === 1) {
    lines.push('  return ' + (results[0] === ValType.I64 ? 'i64ToJS(v, RT.h)' : 'v') + ';');
  } else if (results.length > 1) {
    const out: string[] = [];
    let k = 0;
    for (let i = 0; i < results.length; i++) {
      if (results[i] === ValType.I64) {
        out.push('i64ToJS(RT.r[' + k + '], RT.r[' + (k + 1) + '])');
        k += 2;
      } else {
        out.push('RT.r[' + k++ + ']');
      }
    }
    lines.push('  return [' + out.join(', ') + '];');
  }
  lines.push('};');
  return new Function('raw', 'RT', 'fround', 'i64FromJS', 'i64ToJS', 'P', 'entryError', 'currentThread', 'enter', 'func', 'interpretedCall', lines.join('\n'));
}

/** A RangeError of a host function (or the interpreter) on its way out through compiled code
 *  (bridge), so that entryError does not take it for an access past the end of memory. */
class HostRangeError {
  error: any;
  constructor(error: any) {
    this.error = error;
  }
}

/**
 * What an error thrown out of compiled code becomes at an entry into the tier (`func`, the
 * entered function, names the frames of its module):
 * - an error that a bridge marked as a host function's (HostRangeError; also the interpreter's
 *   "call stack exhausted"): itself, as the interpreter and native WebAssembly pass it;
 * - the engine's stack overflow in compiled code: "call stack exhausted";
 * - any other RangeError of compiled code, which only comes from a DataView access past the end
 *   of memory (function.ts: memoryAccess): the trap "out of bounds memory access", with the
 *   wasm frames of its stack trace (frames.ts; as many as Error.stackTraceLimit kept);
 * - anything else (traps, host exceptions): itself.
 * At the very end of the stack the conversion itself may overflow: then that overflow is
 * thrown, which the next entry out converts (or passes, past a host function, as the engine's).
 */
function entryError(e: any, func: FuncInst): any {
  if (e instanceof HostRangeError) return e.error;
  try {
    if (!(e instanceof RangeError)) return e;
    if (String(e.message).indexOf('stack') >= 0) return trapError(Trap.CallStackExhausted);
    // (entries exist for compiled functions only, which belong to an instance)
    const err = trapError(Trap.OutOfBoundsMemoryAccess);
    attachBacktrace(err, framesOf((e as any).stack, (func.instance!.module as any).jsTier || null));
    return err;
  } catch (x) {
    return x;
  }
}

/** Writes the raw value `v` of type `t` (`hi`: an i64's high half) to word `w` of the slots. */
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
