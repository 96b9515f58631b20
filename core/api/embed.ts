// The embedded API: what a device embedder needs beyond the WebAssembly namespace.
//   setLimits / getLimits        global limits (memory pages and bytes, table size, call depth,
//                                value stack), also per instance through instantiate's options
//   load / instantiate           low-RAM mode (lazy compilation) and per-instance limits
//   start -> Call                a call with a fuel budget that suspends when it runs out and can
//                                be resumed with more fuel or abandoned
//   runSliced                    runs a call in fuel slices, yielding to the event loop between
//                                them (Promise where the engine has one, else a callback); the
//                                yield function is injected (setDefaultYield or options.yield)
//   memoryUsage                  RAM used by a module / instance (estimates, see below)
//   wasmBacktrace                the wasm frames of a trap's RuntimeError
// Values cross like in the JS API (i64 through the target's codec; without one, { lo, hi }).
// Fuel: one unit per taken loop back edge and per call (wasm or host): roughly the number of loop
// iterations plus calls, not of instructions (a long straight-line body costs as much as a short
// one). What it leaves to others: the mechanics (core/exec/task.ts, interpreter.ts), JSPI (jspi.ts).
import { Module as WasmModule } from '../module';
import { copyLimits, currentThread, defaultLimits, acquireThread, releaseThread, setDefaultLimits } from '../exec/thread';
import type { Limits, WasmFrame } from '../exec/thread';
import { Task, TASK_DONE, TASK_OUT_OF_FUEL } from '../exec/task';
import { loadModule } from '../load';
import { ModuleInstance } from '../runtime/instance';
import { funcOf, readResults, writeArgs } from './func';
import { Instance, instanceWithThread } from './instance';
import { bufferSourceBytes, Module } from './module';
import { driveTask } from './jspi';

/** Sets the global limits (only the fields given change); returns the limits now in effect. */
export function setLimits(limits: any): Limits {
  return setDefaultLimits(limits);
}

/** The global limits in effect (a copy). */
export function getLimits(): Limits {
  return defaultLimits();
}

/** A WebAssembly.Module from bytes; options.lazy: low-RAM mode (validate now, compile at first call). */
export function load(bytes: any, options?: any): any {
  const view = bufferSourceBytes(bytes, 'picowasm.load()');
  const m: Module = Object.create(Module.prototype);
  m._module = loadModule(view, { lazy: !!(options && options.lazy) });
  return m;
}

/**
 * A WebAssembly.Instance of `source` (a WebAssembly.Module or bytes). options.limits: this
 * instance's limits (fields not given come from the global ones): its memories and tables are
 * capped by them (a module whose minimum exceeds them fails with a RangeError), and embedded
 * calls of its functions (start, runSliced, promising) run with its call depth and stack
 * limits. options.lazy (with bytes): low-RAM mode.
 */
export function instantiate(source: any, importObject?: any, options?: any): any {
  const module = source instanceof Module ? source : load(source, options);
  const limits = copyLimits(defaultLimits(), options ? options.limits : null);
  const thread = acquireThread(limits);
  try {
    return instanceWithThread(module, importObject, thread);
  } finally {
    releaseThread(thread);
  }
}

/** A call that can run in steps: made by start(). */
export class Call {
  _task: Task;
  /** 'suspended' (ready to run or out of fuel), 'done', 'failed' or 'abandoned'. */
  status: string;
  /** The call's result once status is 'done' (undefined, a value, or an array of values). */
  result: any;
  /** The error once status is 'failed'. */
  error: any;

  constructor(task: Task) {
    this._task = task;
    this.status = 'suspended';
    this.result = undefined;
    this.error = undefined;
  }

  /** Fuel spent so far over all runs with a budget. */
  get fuelUsed(): number {
    return this._task.fuelUsed;
  }

  /**
   * Runs the call with `fuel` units (omitted or negative: without a budget). Returns true when
   * it finished (see result), false when it ran out of fuel (run it again, or abandon it).
   * A trap throws its RuntimeError (status 'failed').
   */
  run(fuel?: number): boolean {
    if (this.status !== 'suspended') throw new Error('picowasm: the call is ' + this.status);
    const task = this._task;
    let r: number;
    try {
      r = task.run(fuel === undefined ? -1 : fuel);
      if (r === TASK_DONE) {
        this.result = readResults(task.func.type, task.thread, task.base);
        this.status = 'done';
        task.finish();
        return true;
      }
    } catch (e) {
      this.status = 'failed';
      this.error = e;
      task.finish();
      throw e;
    }
    if (r !== TASK_OUT_OF_FUEL) {
      // A Suspending import waits, but start() calls are not promising: cannot happen.
      task.finish();
      this.status = 'failed';
      throw new Error('picowasm: unexpected wait in a start() call');
    }
    return false;
  }

  /** Abandons a suspended call: its stacks are freed; memory and globals keep what it wrote. */
  abandon(): void {
    if (this.status !== 'suspended') return;
    this.status = 'abandoned';
    this._task.finish();
  }
}

/** Prepares a call of the exported function `fn` with `args` on a thread of its own. */
export function start(fn: any, args?: any[]): Call {
  const func = funcOf(fn);
  if (func === null) throw new TypeError('picowasm.start(): not an exported WebAssembly function');
  const task = new Task(func, func.instance !== null ? func.instance.limits : null);
  try {
    writeArgs(args || [], func.type, task.thread, task.base);
  } catch (e) {
    task.finish();
    throw e;
  }
  return new Call(task);
}

/** The yield function runSliced uses when none is given (a target sets it, e.g. setImmediate). */
let defaultYield: ((next: () => void) => void) | null = null;

/** Sets the default yield function of runSliced: yieldFn(next) must call next() later. */
export function setDefaultYield(yieldFn: ((next: () => void) => void) | null): void {
  defaultYield = yieldFn;
}

/**
 * Runs the exported function `fn` with `args` in slices of options.fuel units (default 10000),
 * calling options.yield(next) (or the default yield) between slices so that the event loop
 * runs. Where the engine has Promise, JSPI Suspending imports may suspend it too. Returns a
 * Promise of the result, or, with options.callback(error, result), undefined.
 */
export function runSliced(fn: any, args?: any[], options?: any): any {
  const func = funcOf(fn);
  if (func === null) throw new TypeError('picowasm.runSliced(): not an exported WebAssembly function');
  const fuel = options && typeof options.fuel === 'number' ? options.fuel : 10000;
  const yieldFn = options && typeof options.yield === 'function' ? options.yield : defaultYield;
  if (yieldFn === null) throw new TypeError('picowasm.runSliced(): no yield function (options.yield or setDefaultYield)');
  const callback = options && typeof options.callback === 'function' ? options.callback : null;
  const hasPromise = typeof Promise === 'function';
  if (callback === null && !hasPromise) throw new TypeError('picowasm.runSliced(): this engine has no Promise: give options.callback');
  const task = new Task(func, func.instance !== null ? func.instance.limits : null);
  task.thread.promising = hasPromise;
  try {
    writeArgs(args || [], func.type, task.thread, task.base);
  } catch (e) {
    task.finish();
    throw e;
  }
  if (callback !== null) {
    driveTask(task, fuel, yieldFn, function (ok: boolean, value: any): void {
      if (ok) callback(null, value);
      else callback(value, undefined);
    });
    return undefined;
  }
  return new Promise(function (resolve: (v: any) => void, reject: (e: any) => void): void {
    driveTask(task, fuel, yieldFn, function (ok: boolean, value: any): void {
      if (ok) resolve(value);
      else reject(value);
    });
  });
}

/** The wasm frames (innermost first) of a trap's error, or [] (see core/exec/thread.ts backtrace). */
export function wasmBacktrace(error: any): WasmFrame[] {
  return error && error.wasmStack ? error.wasmStack : [];
}

/** RAM estimate in bytes. Engine object overheads are guesses (about 8 bytes a slot/pointer). */
export interface MemoryUsage {
  /** Internal code of the compiled functions, with their trap source maps (exact typed array bytes). */
  code: number;
  /** Functions compiled so far, of all defined ones. */
  compiledFunctions: number;
  definedFunctions: number;
  /** Decoded module metadata (types, imports, exports, segments, names): an estimate. */
  metadata: number;
  /** Linear memory buffers of the instance (0 for a module). */
  memory: number;
  /** Tables and globals and function objects of the instance: an estimate. */
  instance: number;
  /** Stacks of the default thread (value stack, references, frames). */
  stacks: number;
  /** The sum of the above. The module's bytes are not counted (they may be in flash). */
  total: number;
}

/** RAM used by a WebAssembly.Module or WebAssembly.Instance (see MemoryUsage). */
export function memoryUsage(target: any): MemoryUsage {
  let module: WasmModule;
  let inst: ModuleInstance | null = null;
  if (target instanceof Instance) {
    inst = target._inst;
    module = inst.module;
  } else if (target instanceof Module) {
    module = target._module;
  } else {
    throw new TypeError('picowasm.memoryUsage(): expected a WebAssembly.Module or WebAssembly.Instance');
  }
  let code = 0;
  let compiled = 0;
  for (let i = 0; i < module.compiled.length; i++) {
    const cf = module.compiled[i];
    if (cf) {
      compiled++;
      code += cf.code.byteLength + cf.localIsRef.byteLength + (cf.srcMap ? cf.srcMap.byteLength : 0) + (cf.inlined ? cf.inlined.byteLength : 0) + 48;
    }
  }
  let metadata = 200;
  for (let i = 0; i < module.types.length; i++) {
    const t = module.types[i];
    metadata += 64 + 8 * (t.params.length + t.results.length) + 2 * t.sig.length;
  }
  for (let i = 0; i < module.imports.length; i++) metadata += 80 + 2 * (module.imports[i].module.length + module.imports[i].name.length);
  for (let i = 0; i < module.exports.length; i++) metadata += 40 + 2 * module.exports[i].name.length;
  metadata += 8 * module.funcTypes.length + 32 * module.codes.length + 48 * module.globals.length;
  for (let i = 0; i < module.elems.length; i++) metadata += 48 + 32 * module.elems[i].init.length;
  metadata += 48 * module.datas.length + 48 * module.customSections.length + module.declaredRefs.byteLength;
  for (let i = 0; i < module.funcNames.length; i++) {
    const n = module.funcNames[i];
    if (typeof n === 'string') metadata += 16 + 2 * n.length;
  }
  let memory = 0;
  let instance = 0;
  if (inst !== null) {
    for (let i = 0; i < inst.memories.length; i++) memory += inst.memories[i].buffer.byteLength;
    for (let i = 0; i < inst.tables.length; i++) instance += 32 + 8 * inst.tables[i].elements.length;
    instance += 48 * inst.globals.length + 48 * inst.funcs.length;
    for (let i = 0; i < inst.elems.length; i++) instance += 16 + 8 * inst.elems[i].length;
    instance += inst.dataLive.byteLength + 64;
  }
  const stacks = currentThread().stackBytes();
  return {
    code: code, compiledFunctions: compiled, definedFunctions: module.codes.length,
    metadata: metadata, memory: memory, instance: instance, stacks: stacks,
    total: code + metadata + memory + instance + stacks,
  };
}
