// A function instance: a wasm function of some instance, or a host function.
// The interpreter calls wasm functions by switching frames, and host functions through
// `host(thread, base)`: the arguments are in the thread's slots at word index `base`
// (see ARCHITECTURE.md) and the host function writes its results to the same place. The API
// layer (core/api/) wraps a user's JS function into such a `host` with value conversions.
// Nothing here runs code.
import { CompiledFunc, FuncType } from '../module';
import type { ModuleInstance } from './instance';
import type { Thread } from '../exec/thread';

export class FuncInst {
  type: FuncType;
  /** Owning instance, null for host functions. */
  instance: ModuleInstance | null;
  /** Function index within its module (imports included), -1 for host functions. */
  index: number;
  /** Internal code, null for host functions (and, with lazy compilation, until first call). */
  compiled: CompiledFunc | null;
  /** For host functions: reads arguments from thread slots at word `base`, writes results there. */
  host: ((thread: Thread, base: number) => void) | null;
  /** The JS function that wraps this one when it is exported or passed to JS (made once, on demand). */
  jsWrapper: any;
  /** Set by a tier outside core/ that runs this function as JS (tojs/): the function in that
   *  tier's own calling convention (or a bridge to the interpreter), and `tierCall`, which runs
   *  it with the protocol of `host` and returns true, or returns false without running it (too
   *  deep for the tier: the interpreter runs it then; null: always the interpreter). Unmetered
   *  calls from outside the interpreter (core/runtime/instantiate.ts: callFunction) and most of
   *  the interpreter's own (core/exec/interpreter.ts: callTier) take `tierCall`. */
  raw: any;
  tierCall: ((thread: Thread, base: number) => boolean) | null;
  /** Set by that tier for functions with numeric types only: the whole JS API call (arguments
   *  converted, results converted back) without the thread's slots; unmetered calls only. */
  jsEntry: ((args: ArrayLike<any>) => any) | null;

  constructor(type: FuncType, instance: ModuleInstance | null, index: number, compiled: CompiledFunc | null, host: ((thread: Thread, base: number) => void) | null) {
    this.type = type;
    this.instance = instance;
    this.index = index;
    this.compiled = compiled;
    this.host = host;
    this.jsWrapper = null;
    this.raw = null;
    this.tierCall = null;
    this.jsEntry = null;
  }
}
