// The public surface of core/: the WebAssembly namespace (a polyfill of the JS API), the raw
// embedded API (bit-exact values; fuel, time slicing, limits, low-RAM mode: api/embed.ts), the i64 codec hook, loading a module, and the error classes.
// Targets (targets/*.ts) re-export this and plug in what their engine offers (e.g. BigInt).
import { makeNamespace } from './api/namespace';

/** The WebAssembly namespace object (built once, frozen where the engine can). */
export const WebAssembly: any = makeNamespace();

export { invokeRaw, globalRaw } from './api/raw';
export type { RawValue } from './api/raw';
export { setI64Codec, getI64Codec } from './api/values';
export type { I64Codec } from './api/values';
export { loadModule } from './load';
export { setCopyModuleBytes } from './api/module';
export { CompileError, LinkError, RuntimeError, SuspendError } from './errors';
export {
  setLimits, getLimits, load, instantiate, start, Call, runSliced, setDefaultYield, memoryUsage, wasmBacktrace,
} from './api/embed';
export type { MemoryUsage } from './api/embed';
export type { Limits, WasmFrame } from './exec/thread';
