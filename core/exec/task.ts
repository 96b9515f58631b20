// A task: one call of a function that runs on its own Thread and can stop and continue, for
// fuel-metered execution, time slicing and JSPI. `run(fuel)` runs it until it returns (DONE),
// runs out of fuel (OUT_OF_FUEL) or a host function asks to wait (WAITING, JSPI: the host left
// its record in thread.pending); a trap throws its RuntimeError and ends the task. While a task
// is suspended it owns its Thread; other calls use other stacks (the default thread serves
// plain JS API calls), so suspended tasks never get in each other's way.
// Works on raw slots: the caller writes the arguments at `base` before the first run and reads
// the results there after DONE, then calls `finish()`. What it leaves to others: value
// conversions and scheduling (core/api/embed.ts, core/api/jspi.ts), running code (interpreter.ts).
import type { FuncInst } from '../runtime/func';
import type { Limits } from './thread';
import { acquireThread, releaseThread, trapErrorOf, FUEL_UNLIMITED, SUSPENDED, Thread } from './thread';
import { execute, resume } from './interpreter';
import { Trap, trapError } from '../errors';

export const TASK_DONE = 0;
export const TASK_OUT_OF_FUEL = 1;
export const TASK_WAITING = 2;

export class Task {
  thread: Thread;
  func: FuncInst;
  /** Word of the thread's stack where the arguments go and the results come back. */
  base: number;
  started: boolean;
  /** True once the call returned, trapped, threw or was abandoned (the thread is given back). */
  finished: boolean;
  /** Fuel spent so far, over all runs with a budget. */
  fuelUsed: number;

  constructor(func: FuncInst, limits: Limits | null) {
    const thread = acquireThread(limits);
    const type = func.type;
    const np = type.params.length;
    const nr = type.results.length;
    this.thread = thread;
    this.func = func;
    this.base = thread.top;
    this.started = false;
    this.finished = false;
    this.fuelUsed = 0;
    const top = this.base + 2 * (np > nr ? np : nr);
    if (!thread.ensureStack(top)) {
      releaseThread(thread);
      throw trapError(Trap.CallStackExhausted);
    }
    thread.top = top;
  }

  /**
   * Runs (or continues) the call with `fuel` units (a negative number: no budget). Returns
   * TASK_DONE (results at base), TASK_OUT_OF_FUEL or TASK_WAITING; throws the trap's error (or
   * a host function's exception), which ends the task.
   */
  run(fuel: number): number {
    if (this.finished) throw new Error('the task has finished');
    const thread = this.thread;
    const metered = fuel >= 0;
    thread.metered = metered;
    thread.fuel = metered ? fuel : FUEL_UNLIMITED;
    let r: number;
    try {
      r = this.started ? resume(thread) : execute(thread, this.func, this.base);
    } catch (e) {
      this.finish();
      throw e;
    }
    this.started = true;
    if (metered) this.fuelUsed += r === SUSPENDED && thread.pending === null ? fuel : fuel - thread.fuel;
    if (r === SUSPENDED) return thread.pending !== null ? TASK_WAITING : TASK_OUT_OF_FUEL;
    if (r !== Trap.None) {
      const err = trapErrorOf(thread, r);
      this.finish();
      throw err;
    }
    return TASK_DONE;
  }

  /** Ends the task (after reading its results, or to abandon it) and gives its thread back. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    releaseThread(this.thread);
  }
}
