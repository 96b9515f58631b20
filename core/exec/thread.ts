// A thread of execution: the value stack (slots of two 32-bit words, with float views over the
// same buffer and a parallel array for references), the call stack of frames, and the limits
// that bound them. Stacks start small and grow on demand up to the limits, so a device pays
// only for what a program uses. The interpreter (interpreter.ts) keeps copies of the views in
// locals and must re-read them after anything that may grow the stack (calls, host calls).
// What it leaves to others: running code (interpreter.ts), converting values (core/api/).
import type { FuncInst } from '../runtime/func';
import { Trap, trapError } from '../errors';

export interface Limits {
  /** Maximum number of nested wasm calls (frames) before "call stack exhausted". */
  maxCallDepth: number;
  /** Maximum value stack size, in slots (8 bytes each). */
  maxStackSlots: number;
  /** Maximum pages any memory may have (also caps memory.grow). */
  maxMemoryPages: number;
  /** Maximum number of elements any table may have (also caps table.grow). */
  maxTableSize: number;
  /**
   * Maximum bytes of a memory, for devices with less RAM than one 64 KiB page (-1: no byte
   * limit, only maxMemoryPages). A deviation from the spec in the spirit of wasm3's memory
   * limit: memory.size still reports whole pages, but the memory's buffer holds only this many
   * bytes, so accesses past it trap as out of bounds; it implies a page limit of
   * ceil(maxMemoryBytes / 65536) (memory.grow beyond it returns -1).
   */
  maxMemoryBytes?: number;
  /**
   * Maximum number of calls from JS into wasm that may be running at once (an export that calls
   * a JS import that calls an export ...); one more throws RangeError "call stack exhausted".
   * Each holds the interpreter's frame on the JS engine's own stack, and XS aborts the whole
   * machine when that overflows (xsnap, 4096 stack slots: 14 levels run, 15 abort, about 270
   * slots each). Engines that throw on a stack overflow get a high value from their target.
   */
  maxReentryDepth?: number;
}

/** maxReentryDepth unless a target or the embedder sets another: what XS's stack allows (Limits). */
const REENTRY_DEPTH = 8;

/** The limits new threads and instances get unless given their own (see setDefaultLimits). */
let defaults: Limits | null = null;

export function defaultLimits(): Limits {
  const d = defaults;
  if (d !== null) return copyLimits(d, null);
  return { maxCallDepth: 20000, maxStackSlots: 1 << 22, maxMemoryPages: 65536, maxTableSize: 10000000, maxMemoryBytes: -1, maxReentryDepth: REENTRY_DEPTH };
}

/** Copies `base`, overridden by the fields of `over` that are numbers (either may be null). */
export function copyLimits(base: Limits, over: any): Limits {
  const out: Limits = {
    maxCallDepth: base.maxCallDepth,
    maxStackSlots: base.maxStackSlots,
    maxMemoryPages: base.maxMemoryPages,
    maxTableSize: base.maxTableSize,
    maxMemoryBytes: base.maxMemoryBytes === undefined ? -1 : base.maxMemoryBytes,
    maxReentryDepth: base.maxReentryDepth === undefined ? REENTRY_DEPTH : base.maxReentryDepth,
  };
  if (over !== null && over !== undefined) {
    if (typeof over.maxCallDepth === 'number') out.maxCallDepth = over.maxCallDepth;
    if (typeof over.maxStackSlots === 'number') out.maxStackSlots = over.maxStackSlots;
    if (typeof over.maxMemoryPages === 'number') out.maxMemoryPages = over.maxMemoryPages;
    if (typeof over.maxTableSize === 'number') out.maxTableSize = over.maxTableSize;
    if (typeof over.maxMemoryBytes === 'number') out.maxMemoryBytes = over.maxMemoryBytes;
    if (typeof over.maxReentryDepth === 'number') out.maxReentryDepth = over.maxReentryDepth;
  }
  return out;
}

/**
 * Sets the default limits (fields not given keep their current value) for threads and instances
 * made from now on, and for the default thread that serves plain JS API calls.
 */
export function setDefaultLimits(over: any): Limits {
  const next = copyLimits(defaultLimits(), over);
  defaults = next;
  // The default thread gets the new limits; when idle it is replaced, so that stacks it grew
  // beyond a lowered limit go away (stack limits are checked only when a stack grows).
  if (current !== null) {
    if (current.depth === 0 && current.top === 0) current = null;
    else current.limits = copyLimits(next, null);
  }
  return copyLimits(next, null);
}

/** The page limit that `limits` implies for memories (maxMemoryPages and maxMemoryBytes). */
export function memoryPageLimit(limits: Limits): number {
  const bytes = limits.maxMemoryBytes;
  if (bytes === undefined || bytes < 0) return limits.maxMemoryPages;
  const pages = Math.ceil(bytes / 65536);
  return pages < limits.maxMemoryPages ? pages : limits.maxMemoryPages;
}

/** Fuel of an unmetered run: refilled silently when it runs out (a smi on every engine). */
export const FUEL_UNLIMITED = 0x3fffffff;

/** What execute/resume return when a metered call ran out of fuel or a host call suspended it
 *  (not a trap: the call can be resumed). Trap codes are positive, 0 is success. */
export const SUSPENDED = -1;

/** Words per entry of Thread.frames: [return pc, caller fp]. */
export const FRAME_WORDS = 2;

export class Thread {
  limits: Limits;
  buffer: ArrayBuffer;
  s32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
  /** References, indexed by word like s32 (only even indices are used). */
  refs: any[];
  /** Call stack: FRAME_WORDS words per frame. */
  frames: Int32Array;
  /** The caller's FuncInst of each frame (parallel to frames). */
  frameFuncs: (FuncInst | null)[];
  /** Number of frames in use. */
  depth: number;
  /** First free word of the value stack: where a new call from outside places its arguments. */
  top: number;
  /** After execute returned Trap.UndefinedElement or Trap.UninitializedElement: the table index
   *  that caused it (the spec's message names it: "uninitialized element 2"). Else meaningless. */
  trapIndex: number;

  // ---- fuel and suspension (see interpreter.ts) ----
  /** Fuel left: one unit per taken back edge and per call (roughly: loop iterations + calls). */
  fuel: number;
  /** Whether running out of fuel suspends (else fuel is refilled silently). */
  metered: boolean;
  /** Set by a host function (a JSPI Suspending import) that wants the wasm call suspended after
   *  it returns; the interpreter clears it and returns SUSPENDED. Its value is kept in `pending`. */
  suspendRequested: boolean;
  /** Whether a JSPI Suspending import may suspend this thread (a promising() call's thread). */
  promising: boolean;
  /** What the suspending host function left for its resumer (e.g. a Promise). */
  pending: any;
  /** The state of a suspended call: function, pc, fp, depth, and the entry depth of its execute. */
  suspended: boolean;
  sFunc: FuncInst | null;
  sPc: number;
  sFp: number;
  sDepth: number;
  sDepth0: number;
  /** After a host call suspended: the word where that host function's results go on resumption. */
  sHostBase: number;
  /** Where the last trap happened: function, pc (index into its internal code), depth, entry depth. */
  trapFunc: FuncInst | null;
  trapPc: number;
  trapDepth: number;
  trapDepth0: number;

  constructor(limits: Limits) {
    this.limits = limits;
    // Start small; never above the limit (ensureStack checks the limit only when growing).
    const slots = limits.maxStackSlots < 1024 ? (limits.maxStackSlots > 1 ? limits.maxStackSlots : 1) : 1024;
    this.buffer = new ArrayBuffer(slots * 8);
    this.s32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.refs = [];
    for (let i = 0; i < slots * 2; i++) this.refs.push(null);
    this.frames = new Int32Array(256 * FRAME_WORDS);
    this.frameFuncs = [];
    this.depth = 0;
    this.top = 0;
    this.trapIndex = -1;
    this.fuel = FUEL_UNLIMITED;
    this.metered = false;
    this.suspendRequested = false;
    this.promising = false;
    this.pending = null;
    this.suspended = false;
    this.sFunc = null;
    this.sPc = 0;
    this.sFp = 0;
    this.sDepth = 0;
    this.sDepth0 = 0;
    this.sHostBase = 0;
    this.trapFunc = null;
    this.trapPc = 0;
    this.trapDepth = 0;
    this.trapDepth0 = 0;
  }

  /** Bytes this thread's stacks take (value stack, references array estimate, call stack). */
  stackBytes(): number {
    return this.buffer.byteLength + this.refs.length * 8 + this.frames.byteLength + this.frameFuncs.length * 8;
  }

  /** Makes the value stack hold at least `words` words; false if that exceeds the limit. */
  ensureStack(words: number): boolean {
    if (words <= this.s32.length) return true;
    if (words > this.limits.maxStackSlots * 2) return false;
    let n = this.s32.length;
    while (n < words) n *= 2;
    if (n > this.limits.maxStackSlots * 2) n = this.limits.maxStackSlots * 2;
    const buffer = new ArrayBuffer(n * 4);
    const s32 = new Int32Array(buffer);
    s32.set(this.s32);
    this.buffer = buffer;
    this.s32 = s32;
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    for (let i = this.refs.length; i < n; i++) this.refs.push(null);
    return true;
  }

  /** Makes the call stack hold at least `depth` frames; false if that exceeds the limit. */
  ensureFrames(depth: number): boolean {
    if (depth > this.limits.maxCallDepth) return false;
    if (depth * FRAME_WORDS <= this.frames.length) return true;
    let n = this.frames.length;
    while (n < depth * FRAME_WORDS) n *= 2;
    const frames = new Int32Array(n);
    frames.set(this.frames);
    this.frames = frames;
    return true;
  }
}

let current: Thread | null = null;

/** The thread that API calls run on (created on first use, never at module load). */
export function currentThread(): Thread {
  if (current === null) current = new Thread(defaultLimits());
  return current;
}

let entered = 0;

/** Counts one more call from JS into wasm (interpreter.ts: execute, resume); false, without counting, if `limits` allow no more (Limits.maxReentryDepth). */
export function enterFromJS(limits: Limits): boolean {
  if (entered >= (limits.maxReentryDepth as number)) return false;
  entered++;
  return true;
}

let tierPresent = false;

/** Whether a tier outside core/ compiles new instances (setInstanceHook): only then does the
 *  interpreter look for compiled callees (interpreter.ts: callTier). */
export function setTierPresent(on: boolean): void {
  tierPresent = on;
}

export function isTierPresent(): boolean {
  return tierPresent;
}

/** How many calls from JS into the interpreter are running now (enterFromJS). */
export function reentryLevel(): number {
  return entered;
}

/** Ends what enterFromJS counted. */
export function leaveToJS(): void {
  entered--;
}

let meteredHostCaller: Thread | null = null;

/**
 * The metered thread whose wasm is calling a host function right now, or null. Wasm that the host
 * function calls back into spends that thread's fuel (core/runtime/instantiate.ts: callFunction),
 * so a fuel budget bounds re-entered wasm too.
 */
export function meteredCaller(): Thread | null {
  return meteredHostCaller;
}

/** Sets meteredCaller() (the interpreter does, around each host call of a metered thread); returns the previous one. */
export function setMeteredCaller(t: Thread | null): Thread | null {
  const previous = meteredHostCaller;
  meteredHostCaller = t;
  return previous;
}

/** How many wasm frames a trap's `stack` text shows at most (the innermost, then the outermost 16). */
const BACKTRACE_LINES = 64;

/**
 * How many frames `wasmStack` keeps at most: the innermost WASM_STACK_INNER and the outermost
 * WASM_STACK_OUTER; the array's `omitted` property counts the frames left out between them. A
 * runaway recursion reaches the call depth limit (20000 by default): a frame object for each
 * level would cost a device megabytes at the moment it traps.
 */
const WASM_STACK_INNER = 240;
const WASM_STACK_OUTER = 16;

/**
 * The exception for a trap that `thread` returned, with the element index where the spec's text
 * has one, and the wasm backtrace (see backtrace) as `wasmStack` (an array of frames, innermost
 * first) and appended to `stack` where the engine has one. The message is the spec's text only.
 */
export function trapErrorOf(thread: Thread, trap: number): Error {
  const indexed = (trap === Trap.UndefinedElement || trap === Trap.UninitializedElement) && thread.trapIndex >= 0;
  const err: any = trapError(trap, indexed ? String(thread.trapIndex) : undefined);
  attachBacktrace(err, backtrace(thread, trap));
  return err;
}

/**
 * Gives the error `err` its wasm frames (innermost first): the property `wasmStack`, and a line
 * per frame in its `stack` text after the message. If `err` has frames already (a trap that
 * passes from one part of the call stack to the one that called it: the JS tier and the
 * interpreter calling each other), `frames` are the outer ones and go after them. Also used by
 * the JS tier (tojs/).
 */
export function attachBacktrace(err: any, frames: WasmFrame[] & { omitted?: number }): void {
  if (frames.length === 0) return;
  try {
    let all: WasmFrame[] & { omitted?: number } = frames;
    let stack = typeof err.stack === 'string' ? err.stack : String(err.message);
    const before: any = err.wasmStack;
    const beforeText = err.wasmStackText;
    if (before instanceof Array && typeof beforeText === 'string') {
      all = (before as WasmFrame[]).concat(frames) as WasmFrame[] & { omitted?: number };
      all.omitted = (err.wasmStack.omitted || 0) + (frames.omitted || 0);
      const at = stack.indexOf(beforeText);
      if (at >= 0) stack = stack.substring(0, at) + stack.substring(at + beforeText.length);
    }
    // At most BACKTRACE_LINES lines of text (the innermost frames, then the outermost 16), built
    // with join: a 20000-frame stack exhaustion made of `+=` took 86 s on Duktape.
    const lines: string[] = [];
    const n = all.length;
    const total = n + (all.omitted || 0);
    for (let i = 0; i < n; i++) {
      if (total > BACKTRACE_LINES && i === BACKTRACE_LINES - 16 && n > BACKTRACE_LINES - 16) {
        lines.push('\n    ... ' + (total - BACKTRACE_LINES) + ' more wasm frames');
        i = n - 16 > i ? n - 16 : i;
      }
      const f = all[i];
      const where = f.offset >= 0 ? ':0x' + f.offset.toString(16) : '';
      lines.push('\n    at ' + f.name + ' (wasm-function[' + f.index + ']' + where + ')');
    }
    const text = lines.join('');
    const nl = stack.indexOf('\n');
    const head = nl < 0 ? stack : stack.substring(0, nl);
    const rest = nl < 0 ? '' : stack.substring(nl);
    Object.defineProperty(err, 'wasmStack', { value: all, writable: true, configurable: true });
    Object.defineProperty(err, 'wasmStackText', { value: text, writable: true, configurable: true });
    Object.defineProperty(err, 'stack', { value: head + text + rest, writable: true, configurable: true });
  } catch (e) {
    // frozen or exotic error objects: the plain error still says what trapped
  }
}

/**
 * Whether the frames of the stack level (`owner`, `depth`) are not yet in the backtrace of the
 * error `err`, which passes that level on its way out; marks them as there. A host function may
 * throw a trap error again, through the same levels: their frames are not added twice.
 */
export function firstPassAt(err: any, owner: any, depth: number): boolean {
  try {
    let levels = err.wasmStackLevels;
    if (!(levels instanceof Array)) {
      levels = [];
      Object.defineProperty(err, 'wasmStackLevels', { value: levels, writable: true, configurable: true });
    }
    for (let i = 0; i < levels.length; i += 2) if (levels[i] === owner && levels[i + 1] === depth) return false;
    levels.push(owner, depth);
    return true;
  } catch (e) {
    return false;
  }
}

/**
 * The frames of an interpreter call that a JS exception leaves while the function `func` of
 * level `depth` is in a call that returns to `pc` (a host function or a tier's function), down
 * to the level above `depth0` (interpreter.ts: the trap of a callee that is not its own).
 */
export function callerFrames(thread: Thread, func: FuncInst, pc: number, depth: number, depth0: number): WasmFrame[] & { omitted?: number } {
  thread.trapFunc = func;
  thread.trapPc = pc;
  thread.trapDepth = depth;
  thread.trapDepth0 = depth0;
  return backtrace(thread, Trap.CallStackExhausted); // (whose pc, too, is just past the call)
}

/** One frame of a wasm backtrace. `index` is the function index in its module; `offset` the byte
 *  offset, from the start of the module's bytes, of the wasm instruction that trapped (innermost
 *  frame) or of the call instruction (callers), -1 when unknown; `pc` the index into the
 *  function's internal code (the trapping instruction, or the return point after the call). */
export interface WasmFrame {
  name: string;
  index: number;
  pc: number;
  offset: number;
}

/**
 * The wasm frames of the last trap on `thread`, innermost first: the trapping function, then its
 * callers up to the function the trapping execute() started. Names come from the name section
 * (module.funcNames), else "wasm-function[i]". Valid right after execute returned the trap. Of a
 * deep stack only the innermost WASM_STACK_INNER and the outermost WASM_STACK_OUTER frames are
 * kept; `omitted` then counts the ones between.
 */
export function backtrace(thread: Thread, trap?: number): WasmFrame[] & { omitted?: number } {
  const out: WasmFrame[] & { omitted?: number } = [];
  let func = thread.trapFunc;
  if (func === null) return out;
  // A call that exhausted the stack traps with pc already past the call instruction.
  const at = trap === Trap.CallStackExhausted ? thread.trapPc - 1 : thread.trapPc;
  // A trap in the code of inlined calls (compiler.ts: inline) also shows the callees' frames,
  // innermost first: a range comes after the ranges nested in it (CompiledFunc.inlined).
  const inlined = func.compiled !== null ? func.compiled.inlined : null;
  if (inlined !== null && func.instance !== null) {
    for (let k = 0; k < inlined.length; k += 3) {
      if (at >= inlined[k] && at < inlined[k + 1]) out.push(frameOf(func.instance.funcs[inlined[k + 2]], at - inlined[k], at - inlined[k]));
    }
  }
  out.push(frameOf(func, thread.trapPc, at));
  for (let d = thread.trapDepth - 1; d > thread.trapDepth0; d--) {
    // levels d .. trapDepth0 + 1 are left: skip to the outermost ones once the inner part is full
    if (out.length === WASM_STACK_INNER && d - thread.trapDepth0 > WASM_STACK_OUTER) {
      out.omitted = d - thread.trapDepth0 - WASM_STACK_OUTER;
      d -= out.omitted;
    }
    func = thread.frameFuncs[d];
    if (!func) break;
    // frames[d * 2] is the return pc: just after the call instruction.
    out.push(frameOf(func, thread.frames[d * 2], thread.frames[d * 2] - 1));
  }
  thread.trapFunc = null;
  return out;
}

/** The frame of `func` stopped at `pc`; its wasm offset is that of the last mapped instruction at or before code index `at`. */
function frameOf(func: FuncInst, pc: number, at: number): WasmFrame {
  const inst = func.instance;
  const names = inst !== null ? inst.module.funcNames : null;
  const name = names && typeof names[func.index] === 'string' ? names[func.index] : 'wasm-function[' + func.index + ']';
  const map = func.compiled !== null ? func.compiled.srcMap : null;
  return { name: name, index: func.index, pc: pc, offset: map ? sourceOffset(map, at) : -1 };
}

/** In a source map (CompiledFunc.srcMap): the wasm offset of the entry with the largest code index <= at, or -1. */
export function sourceOffset(map: Int32Array, at: number): number {
  let lo = 0;
  let hi = (map.length >> 1) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (map[2 * mid] <= at) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found < 0 ? -1 : map[2 * found + 1];
}

/**
 * Threads for calls that need their own stacks (metered calls, promising calls): taken from a
 * small pool of finished ones, else made. A suspended call owns its thread until it finishes or
 * is abandoned, then gives it back with releaseThread.
 */
let spare: Thread[] | null = null;

export function acquireThread(limits: Limits | null): Thread {
  let t: Thread | null = null;
  if (spare !== null && spare.length !== 0) t = spare.pop() as Thread;
  if (t === null) t = new Thread(limits !== null ? limits : defaultLimits());
  else t.limits = limits !== null ? limits : defaultLimits();
  return t;
}

export function releaseThread(t: Thread): void {
  t.depth = 0;
  t.top = 0;
  t.fuel = FUEL_UNLIMITED;
  t.metered = false;
  t.suspendRequested = false;
  t.promising = false;
  t.pending = null;
  t.suspended = false;
  t.sFunc = null;
  t.trapFunc = null;
  // Drop references the stacks still hold, so that they can be collected.
  const refs = t.refs;
  for (let i = 0; i < refs.length; i++) refs[i] = null;
  const ff = t.frameFuncs;
  for (let i = 0; i < ff.length; i++) ff[i] = null;
  if (spare === null) spare = [];
  if (spare.length < 4 && t.buffer.byteLength <= 65536) spare.push(t);
}
