// The JS tier's wasm backtraces: the wasm frames of an error thrown in compiled code, read from
// the engine's stack trace. Each module's factory is named picowasm-module-K in stack traces
// (its sourceURL, instance.ts), and its functions are fN, so a V8 line
// "at f3 (picowasm-module-0:12:7)" is function 3 of factory 0, at line 12. A frame whose factory
// is known (the one given, or any other still alive, registered here) is named as in its
// module's name section and gets the byte offset of its wasm instruction from its line (the
// factory's locate); others are `wasm-function[N]` with offset -1. Engines whose traces read
// otherwise (XS) get no frames. What it leaves to others: making and throwing the errors
// (instance.ts: trapper; bridge.ts: entryError).
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
 *  through several modules names them all without keeping any module alive. */
const known: { [id: number]: any } = {};

export function registerFrameSource(source: FrameSource): void {
  if (typeof WeakRef === 'function') known[source.id] = new WeakRef(source);
}

function sourceOf(id: number, given: FrameSource | null): FrameSource | null {
  if (given !== null && given.id === id) return given;
  const ref = known[id];
  return ref === undefined ? null : ref.deref() || null;
}

/** The wasm frames in the stack trace `stack` (innermost first); `given`: the factory at hand. */
export function framesOf(stack: any, given: FrameSource | null): WasmFrame[] {
  const frames: WasmFrame[] = [];
  const lines = typeof stack === 'string' ? stack.split('\n') : [];
  const re = /^\s*at f(\d+) \(picowasm-module-(\d+):(\d+)/;
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m === null) continue;
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
