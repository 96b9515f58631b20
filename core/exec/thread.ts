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
}

export function defaultLimits(): Limits {
  return { maxCallDepth: 20000, maxStackSlots: 1 << 22, maxMemoryPages: 65536, maxTableSize: 10000000 };
}

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

  constructor(limits: Limits) {
    this.limits = limits;
    const slots = 1024;
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

/** The exception for a trap that `thread` returned, with the element index where the spec's text has one. */
export function trapErrorOf(thread: Thread, trap: number): Error {
  const indexed = (trap === Trap.UndefinedElement || trap === Trap.UninitializedElement) && thread.trapIndex >= 0;
  return trapError(trap, indexed ? String(thread.trapIndex) : undefined);
}
