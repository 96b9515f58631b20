// The JS tier's wasm backtraces: the wasm frames of an error thrown in compiled code, read from
// the engine's stack trace. Each module's factory is named picowasm-module-K in stack traces
// (its sourceURL, instance.ts), and its functions are fN, so a V8 line
// "at f3 (picowasm-module-0:12:7)" is function 3 of factory 0. Frames of the given factory are
// named as in its module's name section, others `wasm-function[N]`; offsets are unknown (-1).
// Engines whose traces read otherwise (XS) get no frames. What it leaves to others: making and
// throwing the errors (instance.ts: trapper; bridge.ts: entryError).
import { Module } from '../core/module';
import { WasmFrame } from '../core/exec/thread';

/** The start of the sourceURL of factory K (picowasm-module-K). */
export const SOURCE_PREFIX = 'picowasm-module-';

/** The wasm frames in the stack trace `stack` (innermost first); `module` is factory `id`'s. */
export function framesOf(stack: any, module: Module, id: number): WasmFrame[] {
  const own = SOURCE_PREFIX + id + ':';
  const frames: WasmFrame[] = [];
  const lines = typeof stack === 'string' ? stack.split('\n') : [];
  const re = /^\s*at f(\d+) \((picowasm-module-\d+:)/;
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m === null) continue;
    const k = +m[1];
    const names = module.funcNames;
    const name = m[2] === own && typeof names[k] === 'string' ? names[k] : 'wasm-function[' + k + ']';
    frames.push({ name: name, index: k, pc: -1, offset: -1 });
  }
  return frames;
}
