// The JS tier's wasm backtraces: the wasm frames of an error thrown in compiled code, read from
// the engine's stack trace. Each module's factory is named picowasm-module-K in stack traces
// (its sourceURL, instance.ts), and its functions are fN, so a V8 line
// "at f3 (picowasm-module-0:12:7)" is function 3 of factory 0, at line 12. A frame whose factory
// is known (the one given, or any other still alive, registered here) is named as in its
// module's name section and gets the byte offset of its wasm instruction from its line (the
// factory's locate); others are `wasm-function[N]` with offset -1. Engines whose traces read
// otherwise (XS) get no frames. What it leaves to others: making and throwing the errors
// (instance.ts: trapper; bridge.ts: entryError). The frames of one entry into the tier end at
// the entry (ENTRY_NAME); the code that called it adds its own frames after them.
import { Module } from '../core/module';
import { WasmFrame } from '../core/exec/thread';

/** The start of the sourceURL of factory K (picowasm-module-K). */
export const SOURCE_PREFIX = 'picowasm-module-';

/** What frames need of a factory. */
export interface FrameSource {
  id: number;
  module: Module;
  /** The byte offset of the instruction at line `line` of compiled function `k`, -1 if unknown. */
  locate: (k: number, line: number) => number;
}

declare const WeakRef: any;

/** The factories by number, held weakly (where the engine has WeakRef), so that a backtrace
 *  through several modules names them all without keeping any module alive. Made at run time
 *  (Moddable's preload freezes the objects module code makes). */
let known: { [id: number]: any } | null = null;

export function registerFrameSource(source: FrameSource): void {
  if (typeof WeakRef !== 'function') return;
  if (known === null) known = {};
  known[source.id] = new WeakRef(source);
}

function sourceOf(id: number, given: FrameSource | null): FrameSource | null {
  if (given !== null && given.id === id) return given;
  const ref = known !== null ? known[id] : undefined;
  return ref === undefined ? null : ref.deref() || null;
}

/** The name of the functions that enter the tier (bridge.ts): in a stack trace, the compiled
 *  frames of one entry end at the first of them. */
export const ENTRY_NAME = 'picowasmEntry';

/** The engine stack frames a trap's trace is taken with (Error.stackTraceLimit, V8): as many as
 *  the interpreter keeps of its own (core/exec/thread.ts: WASM_STACK_INNER + WASM_STACK_OUTER). */
const TRACE_FRAMES = 256;

/** The wasm frames in the stack trace `stack` (innermost first); `given`: the factory at hand. */
export function framesOf(stack: any, given: FrameSource | null): WasmFrame[] {
  const frames: WasmFrame[] = [];
  const lines = typeof stack === 'string' ? stack.split('\n') : [];
  const re = /^\s*at f(\d+) \(picowasm-module-(\d+):(\d+)/;
  // an entry called as a method reads "at FuncInst.picowasmEntry [as tierCall] (..."
  const entry = new RegExp('^\\s*at (?:[\\w$.]+\\.)?' + ENTRY_NAME + '[\\s(]');
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m === null) {
      // the frames below belong to the code that called this entry, which adds its own
      if (entry.test(lines[i])) break;
      continue;
    }
    const k = +m[1];
    const source = sourceOf(+m[2], given);
    const names = source !== null ? source.module.funcNames : null;
    const name = names !== null && typeof names[k] === 'string' ? names[k] : 'wasm-function[' + k + ']';
    let offset = -1;
    try {
      if (source !== null) offset = source.locate(k, +m[3]);
    } catch (e) {
      // (at the end of the stack the translation may not fit: no offset then)
    }
    frames.push({ name: name, index: k, pc: -1, offset: offset });
  }
  return frames;
}

/** What `make` returns, with Error.stackTraceLimit (V8) raised to TRACE_FRAMES while it runs:
 *  for the errors whose traces give a trap's frames (two more for `make` and this function). */
export function withTraceLimit<T>(make: () => T): T {
  const E: any = Error;
  const limit = E.stackTraceLimit;
  if (typeof limit === 'number') E.stackTraceLimit = TRACE_FRAMES + 2;
  try {
    return make();
  } finally {
    if (typeof limit === 'number') E.stackTraceLimit = limit;
  }
}

/**
 * The compiled frames below the current JS frame, up to the entry into the tier they belong to
 * (bridge.ts: a trap of the interpreter that passes out through compiled code). At most
 * TRACE_FRAMES of them; none if the engine's stack runs out here.
 */
export function compiledFrames(): WasmFrame[] {
  try {
    return framesOf(withTraceLimit(function (): any { return new Error().stack; }), null);
  } catch (e) {
    return [];
  }
}
