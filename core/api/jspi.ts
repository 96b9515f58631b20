// JS Promise Integration (the JSPI proposal: WebAssembly.Suspending, WebAssembly.promising,
// WebAssembly.SuspendError), only where the engine has Promise.
// `new WebAssembly.Suspending(fn)` given as a function import makes a host function that calls
// fn; when fn returns a Promise (a thenable) and the call runs inside a promising() call with
// only wasm frames since it, the wasm call suspends (its state stays on its Thread, see
// core/exec/task.ts) until the promise settles: the fulfilled value becomes the import's results;
// a rejection is thrown at the call site, and since Wasm 2.0 has no exception handling it ends
// the wasm call: the promising() call's promise rejects with it. A non-promise result is
// returned at once, without suspending. Calling it outside a promising() call, or with JS
// frames in between (wasm -> JS -> wasm -> Suspending), throws SuspendError.
// `WebAssembly.promising(f)` (f an exported wasm function) returns a function that runs f on a
// thread of its own and returns a Promise of f's result (rejected with the trap or exception).
// Deviation: a Suspending import re-exported and wrapped directly by promising() cannot suspend.
// What it leaves to others: the task mechanics (core/exec/task.ts), conversions (func.ts).
import { FuncType } from '../module';
import { SuspendError } from '../errors';
import { FuncInst } from '../runtime/func';
import type { Thread } from '../exec/thread';
import { Task, TASK_DONE, TASK_WAITING } from '../exec/task';
import { funcOf, hostArgs, readResults, writeArgs, writeHostResults } from './func';

/** WebAssembly.Suspending: marks a JS function as one whose returned promise suspends wasm. */
export class Suspending {
  _fn: any;

  constructor(fn: any) {
    if (!(this instanceof Suspending)) throw new TypeError('WebAssembly.Suspending must be called with new');
    if (typeof fn !== 'function') throw new TypeError('WebAssembly.Suspending(): the argument must be a function');
    this._fn = fn;
  }
}

/** What a suspending host call leaves in thread.pending: the promise and where its results go. */
export interface PendingCall {
  promise: any;
  type: FuncType;
}

function isThenable(value: any): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
}

/** The host FuncInst of type `type` for a Suspending object used as an import. */
export function suspendingFunc(s: Suspending, type: FuncType): FuncInst {
  const fn = s._fn;
  return new FuncInst(type, null, -1, null, function (thread: Thread, base: number): void {
    const saved = thread.top;
    const ret = fn.apply(undefined, hostArgs(type, thread, base));
    thread.top = saved;
    if (!isThenable(ret)) {
      writeHostResults(ret, type, thread, base);
      return;
    }
    // thread.depth > 0: called from wasm code running on this thread (not as the entry itself).
    if (!thread.promising || thread.depth === 0) {
      throw new SuspendError('trying to suspend without a promising() call active (or with JavaScript frames in between)');
    }
    const pending: PendingCall = { promise: ret, type: type };
    thread.pending = pending;
    thread.suspendRequested = true;
  });
}

/**
 * Drives `task` until it is done: runs it (with `fuel` per run, negative for none), waits for
 * pending host promises and, between fuel slices, calls `yieldFn(continue)`; finally calls
 * done(ok, value) (value: the result, or the error). The task's thread must be marked promising when waits may happen.
 */
export function driveTask(task: Task, fuel: number, yieldFn: ((next: () => void) => void) | null,
                          done: (ok: boolean, value: any) => void): void {
  const thread = task.thread;
  const step = function (): void {
    let r: number;
    try {
      r = task.run(fuel);
    } catch (e) {
      done(false, e);
      return;
    }
    if (r === TASK_DONE) {
      let result: any;
      try {
        result = readResults(task.func.type, thread, task.base);
      } catch (e) {
        task.finish();
        done(false, e);
        return;
      }
      task.finish();
      done(true, result);
      return;
    }
    if (r === TASK_WAITING) {
      const pending: PendingCall = thread.pending;
      thread.pending = null;
      pending.promise.then(function (value: any): void {
        try {
          writeHostResults(value, pending.type, thread, thread.sHostBase);
        } catch (e) {
          task.finish();
          done(false, e);
          return;
        }
        step();
      }, function (reason: any): void {
        task.finish();
        done(false, reason);
      });
      return;
    }
    // Out of fuel: let the engine's event loop run, then continue.
    if (yieldFn === null) {
      task.finish();
      done(false, new Error('out of fuel and no yield function'));
      return;
    }
    yieldFn(step);
  };
  step();
}

/** WebAssembly.promising(f): a function returning a Promise of f's result. */
export function promising(wasmFunc: any): any {
  if (typeof wasmFunc !== 'function') throw new TypeError('WebAssembly.promising(): the argument must be a function');
  const func = funcOf(wasmFunc);
  if (func === null) throw new TypeError('WebAssembly.promising(): the argument must be an exported WebAssembly function');
  return function (): any {
    const args = arguments;
    return new Promise(function (resolve: (v: any) => void, reject: (e: any) => void): void {
      const limits = func.instance !== null ? func.instance.limits : null;
      const task = new Task(func, limits);
      task.thread.promising = true;
      try {
        writeArgs(args, func.type, task.thread, task.base);
      } catch (e) {
        task.finish();
        throw e;
      }
      driveTask(task, -1, null, function (ok: boolean, value: any): void {
        if (ok) resolve(value);
        else reject(value);
      });
    });
  };
}
