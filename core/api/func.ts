// Functions and values at the JS API edge: ToJSValue and ToWebAssemblyValue of the JS API spec
// over any storage laid out as slots (ARCHITECTURE.md: the thread's value stack or a global's
// two words), and the functions themselves. An exported wasm function is a JS function made
// once per FuncInst (FuncInst.jsWrapper) that keeps its FuncInst in the non-enumerable property
// `_func`, so that giving it back to wasm (as an import, a table element or a funcref) unwraps
// it and identity and call_indirect signatures work across instances. A JS function imported by
// a module becomes a host FuncInst whose `host(thread, base)` converts the arguments with
// ToJSValue, calls it, and converts the results back. Also the calling protocol from JS into
// wasm. What it leaves to others: the i64 codec and type names (values.ts), running code (the
// interpreter, through `invoke` in core/runtime/instantiate.ts).
import { FuncType, ValType } from '../module';
import { Trap, trapError } from '../errors';
import { FuncInst } from '../runtime/func';
import { callFunction } from '../runtime/instantiate';
import { currentThread, meteredCaller, Thread } from '../exec/thread';
import { i64FromJS, i64ToJS, typeName, Slots } from './values';

/** The FuncInst of an exported wasm function, or null for any other value. */
export function funcOf(value: any): FuncInst | null {
  if (typeof value !== 'function') return null;
  const f = value._func;
  return f instanceof FuncInst ? f : null;
}

/**
 * The exported function of `func` (made once; `name` is the function index, or `indexHint` for a
 * host function, which has none of its own; `length` is the number of parameters).
 */
export function wrapFunc(func: FuncInst, indexHint?: number): any {
  if (func.jsWrapper !== null) return func.jsWrapper;
  const wrapper: any = function (this: any) {
    if (this instanceof wrapper) throw new TypeError('an exported WebAssembly function is not a constructor');
    return callExported(func, arguments);
  };
  const index = func.index >= 0 ? func.index : indexHint !== undefined ? indexHint : 0;
  Object.defineProperty(wrapper, '_func', { value: func });
  // Function length and name are configurable since ES2015; on ES5 engines they stay as they are.
  try {
    Object.defineProperty(wrapper, 'length', { value: func.type.params.length, configurable: true });
    Object.defineProperty(wrapper, 'name', { value: String(index), configurable: true });
  } catch (e) {
    // keep the defaults
  }
  func.jsWrapper = wrapper;
  return wrapper;
}

/**
 * Reserves the slots for a call from outside the interpreter: returns the base word; thread.top
 * moves past max(params, results) slots. The caller restores thread.top = base when done.
 */
export function beginCall(thread: Thread, type: FuncType): number {
  const np = type.params.length;
  const nr = type.results.length;
  const base = thread.top;
  const top = base + 2 * (np > nr ? np : nr);
  if (!thread.ensureStack(top)) throw trapError(Trap.CallStackExhausted);
  thread.top = top;
  return base;
}

/** Calls the wasm (or host) function `func` from JS with `args`, per the JS API. */
export function callExported(func: FuncInst, args: ArrayLike<any>): any {
  // A tier outside core/ (tojs/) may take the whole call, unless it must be metered.
  if (func.jsEntry !== null && meteredCaller() === null) return func.jsEntry(args);
  const thread = currentThread();
  const type = func.type;
  const params = type.params;
  const base = beginCall(thread, type);
  try {
    for (let i = 0; i < params.length; i++) {
      const w = base + 2 * i;
      thread.refs[w] = toWasmValue(i < args.length ? args[i] : undefined, params[i], thread, w);
    }
    callFunction(thread, func, base);
  } finally {
    thread.top = base;
  }
  const results = type.results;
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJSValue(results[0], thread, base, thread.refs[base]);
  const out: any[] = [];
  for (let i = 0; i < results.length; i++) {
    const w = base + 2 * i;
    out.push(toJSValue(results[i], thread, w, thread.refs[w]));
  }
  return out;
}

/** A host FuncInst of type `type` that calls the JS function `fn`. */
export function hostFunc(fn: any, type: FuncType): FuncInst {
  return new FuncInst(type, null, -1, null, function (thread: Thread, base: number): void {
    callHost(fn, type, thread, base);
  });
}

function callHost(fn: any, type: FuncType, thread: Thread, base: number): void {
  const params = type.params;
  const results = type.results;
  const np = params.length;
  const nr = results.length;
  const saved = thread.top;
  const top = base + 2 * (np > nr ? np : nr);
  if (!thread.ensureStack(top)) throw trapError(Trap.CallStackExhausted);
  // Calls back into wasm from `fn` place their arguments above this call's slots.
  if (thread.top < top) thread.top = top;
  try {
    const ret = fn.apply(undefined, hostArgs(type, thread, base));
    writeHostResults(ret, type, thread, base);
  } finally {
    thread.top = saved;
  }
}

/** The JS arguments of a host call of type `type` whose arguments are at word `base`. */
export function hostArgs(type: FuncType, thread: Thread, base: number): any[] {
  const params = type.params;
  const args: any[] = [];
  for (let i = 0; i < params.length; i++) {
    const w = base + 2 * i;
    args.push(toJSValue(params[i], thread, w, thread.refs[w]));
  }
  return args;
}

/** Converts a host function's return value `ret` to the results of `type`, written at `base`. */
export function writeHostResults(ret: any, type: FuncType, thread: Thread, base: number): void {
  const results = type.results;
  const nr = results.length;
  if (nr === 1) {
    thread.refs[base] = toWasmValue(ret, results[0], thread, base);
  } else if (nr > 1) {
    const list = iterableToList(ret);
    if (list.length !== nr) {
      throw new TypeError('the host function returned ' + list.length + ' values, expected ' + nr);
    }
    for (let i = 0; i < nr; i++) {
      const w = base + 2 * i;
      thread.refs[w] = toWasmValue(list[i], results[i], thread, w);
    }
  }
}

/** Writes the JS arguments `args` of a call of type `type` at word `base` (ToWebAssemblyValue). */
export function writeArgs(args: ArrayLike<any>, type: FuncType, thread: Thread, base: number): void {
  const params = type.params;
  for (let i = 0; i < params.length; i++) {
    const w = base + 2 * i;
    thread.refs[w] = toWasmValue(i < args.length ? args[i] : undefined, params[i], thread, w);
  }
}

/** The JS result of a call of type `type` whose results are at word `base` (undefined, a value or an array). */
export function readResults(type: FuncType, thread: Thread, base: number): any {
  const results = type.results;
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJSValue(results[0], thread, base, thread.refs[base]);
  const out: any[] = [];
  for (let i = 0; i < results.length; i++) {
    const w = base + 2 * i;
    out.push(toJSValue(results[i], thread, w, thread.refs[w]));
  }
  return out;
}

/** IterableToList where the engine has Array.from; array-likes elsewhere. */
function iterableToList(value: any): any[] {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new TypeError('a host function with several results must return an iterable');
  }
  const from = (Array as any).from;
  if (typeof from === 'function') return from.call(Array, value);
  const n = value.length >>> 0;
  const out: any[] = [];
  for (let i = 0; i < n; i++) out.push(value[i]);
  return out;
}

/** ToJSValue of the value of type `type` at word w of `slots` (or `ref` for reference types). */
export function toJSValue(type: number, slots: Slots, w: number, ref: any): any {
  switch (type) {
    case ValType.I32: return slots.s32[w];
    case ValType.I64: return i64ToJS(slots.s32[w], slots.s32[w + 1]);
    case ValType.F32: return slots.f32[w];
    case ValType.F64: return slots.f64[w >> 1];
    case ValType.FuncRef: return ref === null ? null : wrapFunc(ref);
    case ValType.ExternRef: return ref;
    default: throw new TypeError('a value of type ' + typeName(type) + ' cannot cross the JS API');
  }
}

/**
 * ToWebAssemblyValue(value, type): a numeric result is written to word w (and w + 1) of `slots`
 * and null is returned; a reference result is returned (the caller stores it). The views of
 * `slots` are read only after converting, since valueOf may run wasm code that grows the stack.
 */
export function toWasmValue(value: any, type: number, slots: Slots, w: number): any {
  switch (type) {
    case ValType.I32: {
      const n = value | 0;
      slots.s32[w] = n;
      slots.s32[w + 1] = 0;
      return null;
    }
    case ValType.I64: {
      const pair = new Int32Array(2);
      i64FromJS(value, pair);
      slots.s32[w] = pair[0];
      slots.s32[w + 1] = pair[1];
      return null;
    }
    case ValType.F32: {
      const x = +value;
      slots.s32[w + 1] = 0;
      slots.f32[w] = x; // rounds to f32 (no Math.fround: XS's is wrong)
      return null;
    }
    case ValType.F64: {
      const x = +value;
      slots.f64[w >> 1] = x;
      return null;
    }
    case ValType.FuncRef: {
      if (value === null) return null;
      const f = funcOf(value);
      if (f === null) throw new TypeError('a funcref must be null or an exported WebAssembly function');
      return f;
    }
    case ValType.ExternRef:
      return value;
    default:
      throw new TypeError('a value of type ' + typeName(type) + ' cannot cross the JS API');
  }
}
