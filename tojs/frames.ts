// The JS tier's wasm backtraces: the wasm frames of an error thrown in compiled code, read from
// the engine's stack trace. Each module's factory is named picowasm-module-K in stack traces
// (its sourceURL, instance.ts), and its functions are fN, so a V8 line
// "at f3 (picowasm-module-0:12:7)" is function 3 of factory 0, at line 12. Frames of the given
// factory are named as in its module's name section and get the byte offset of their wasm
// instruction from its line (the factory's locate); others are `wasm-function[N]`, offset -1.
// Engines whose traces read otherwise (XS) get no frames. What it leaves to others: making and
// throwing the errors (instance.ts: trapper; bridge.ts: entryError).
import { Module } from '../core/module';
import { WasmFrame } from '../core/exec/thread';

/** The start of the sourceURL of factory K (picowasm-module-K). */
export const SOURCE_PREFIX = 'picowasm-module-';

/** The wasm frames in the stack trace `stack` (innermost first); `module` is factory `id`'s,
 *  `factory.locate` gives offsets by line (absent: none). */
export function framesOf(stack: any, module: Module, id: number, factory: { locate: (k: number, line: number) => number } | null): WasmFrame[] {
  const own = SOURCE_PREFIX + id + ':';
  const frames: WasmFrame[] = [];
  const lines = typeof stack === 'string' ? stack.split('\n') : [];
  const re = /^\s*at f(\d+) \((picowasm-module-\d+:)(\d+)/;
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m === null) continue;
    const k = +m[1];
    const names = module.funcNames;
    const mine = m[2] === own;
    const name = mine && typeof names[k] === 'string' ? names[k] : 'wasm-function[' + k + ']';
    frames.push({ name: name, index: k, pc: -1, offset: mine && factory ? factory.locate(k, +m[3]) : -1 });
  }
  return frames;
}
