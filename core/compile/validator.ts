// The validation state of one function body, following the spec's validation algorithm
// (appendix "Validation Algorithm"): the operand stack of value types, where Unknown (0) stands
// for any type in unreachable code, and the control stack of frames with block type, height and
// unreachable flag. Each frame also carries what the emitter needs (loop header, forward patch
// list, pending `if` jump, dead flag). Buffers are reused from function to function and only
// grow. Next to each operand's type it keeps where the compiler finds its value (`from`: -1 for
// the operand's own frame slot, else the word offset of the local it still aliases; every push
// starts an operand in its own slot). The decoding and the emission live in compiler.ts.
import { compileError } from '../errors';
import type { FuncType, Module } from '../module';

/** The type of an operand popped from the empty stack of unreachable code. */
export const UNKNOWN = 0;

/** Block type of `[] -> []` as read by s33 (byte 0x40). */
export const BLOCK_EMPTY = -64;

/** Frame kinds (the opcode that opened the frame). */
export const enum Kind {
  Func = 0,
  Block = 1,
  Loop = 2,
  If = 3,
  Else = 4,
}

export class Validator {
  module: Module;
  types: FuncType[];
  /** Offset of the instruction being validated (for error messages). */
  at: number;
  /** Set when fail() threw: the error is a validation error, not a malformed body. */
  failed: boolean;

  /** Operand stack: the value type of each operand; nvals operands. */
  vals: Int32Array;
  /** Per operand: -1 = the value is in its own slot, else the word offset of the local holding it (set by the compiler after local.get). Entries above nvals keep their last values. */
  from: Int32Array;
  nvals: number;
  maxVals: number;

  /** Control stack, one entry per frame in each array; nctrl frames. */
  ctrlKind: Int32Array;
  /** Block type: BLOCK_EMPTY, a value type minus 128 (one result), or a type index. */
  ctrlType: Int32Array;
  /** Operand stack height at the start of the frame (below its parameters). */
  ctrlHeight: Int32Array;
  ctrlUnreachable: Uint8Array;
  /** 1 if the frame was opened in unreachable code: nothing inside it is emitted. */
  ctrlDead: Uint8Array;
  /** Loop: code index of its header. */
  ctrlStart: Int32Array;
  /** Head of the list of code words to patch with the frame's end (index into the patch list, -1 = none). */
  ctrlPatch: Int32Array;
  /** If: code index of the BR_UNLESS target word, -1 when none is pending. */
  ctrlElse: Int32Array;
  nctrl: number;

  constructor() {
    this.module = null as any;
    this.types = null as any;
    this.at = 0;
    this.failed = false;
    this.vals = new Int32Array(64);
    this.from = new Int32Array(64);
    this.nvals = 0;
    this.maxVals = 0;
    const n = 16;
    this.ctrlKind = new Int32Array(n);
    this.ctrlType = new Int32Array(n);
    this.ctrlHeight = new Int32Array(n);
    this.ctrlUnreachable = new Uint8Array(n);
    this.ctrlDead = new Uint8Array(n);
    this.ctrlStart = new Int32Array(n);
    this.ctrlPatch = new Int32Array(n);
    this.ctrlElse = new Int32Array(n);
    this.nctrl = 0;
  }

  reset(module: Module): void {
    this.module = module;
    this.types = module.types;
    this.nvals = 0;
    this.maxVals = 0;
    this.nctrl = 0;
    this.failed = false;
  }

  fail(message: string): never {
    this.failed = true;
    return compileError(message, this.at);
  }

  // ---- block types ----

  paramCount(bt: number): number {
    return bt >= 0 ? this.types[bt].params.length : 0;
  }

  resultCount(bt: number): number {
    return bt >= 0 ? this.types[bt].results.length : bt === BLOCK_EMPTY ? 0 : 1;
  }

  paramType(bt: number, i: number): number {
    return this.types[bt].params[i];
  }

  resultType(bt: number, i: number): number {
    return bt >= 0 ? this.types[bt].results[i] : bt + 128;
  }

  /** Number of values a branch to frame f carries (loop: its parameters, else its results). */
  labelCount(f: number): number {
    const bt = this.ctrlType[f];
    return this.ctrlKind[f] === Kind.Loop ? this.paramCount(bt) : this.resultCount(bt);
  }

  labelType(f: number, i: number): number {
    const bt = this.ctrlType[f];
    return this.ctrlKind[f] === Kind.Loop ? this.paramType(bt, i) : this.resultType(bt, i);
  }

  // ---- operand stack ----

  push(t: number): void {
    if (this.nvals === this.vals.length) {
      this.vals = growI32(this.vals, this.vals.length * 2);
      this.from = growI32(this.from, this.vals.length);
    }
    this.from[this.nvals] = -1;
    this.vals[this.nvals++] = t;
    if (this.nvals > this.maxVals) this.maxVals = this.nvals;
  }

  /** Pops any operand; returns its type (UNKNOWN in unreachable code with an empty frame). */
  pop(): number {
    const f = this.nctrl - 1;
    if (this.nvals === this.ctrlHeight[f]) {
      if (this.ctrlUnreachable[f]) return UNKNOWN;
      this.fail('type mismatch');
    }
    return this.vals[--this.nvals];
  }

  /** Pops an operand of type t (or UNKNOWN); returns the actual type. */
  popExpect(t: number): number {
    const actual = this.pop();
    if (actual !== t && actual !== UNKNOWN && t !== UNKNOWN) this.fail('type mismatch');
    return actual;
  }

  popParams(bt: number): void {
    for (let i = this.paramCount(bt) - 1; i >= 0; i--) this.popExpect(this.paramType(bt, i));
  }

  pushParams(bt: number): void {
    const n = this.paramCount(bt);
    for (let i = 0; i < n; i++) this.push(this.paramType(bt, i));
  }

  popResults(bt: number): void {
    for (let i = this.resultCount(bt) - 1; i >= 0; i--) this.popExpect(this.resultType(bt, i));
  }

  pushResults(bt: number): void {
    const n = this.resultCount(bt);
    for (let i = 0; i < n; i++) this.push(this.resultType(bt, i));
  }

  popLabel(f: number): void {
    for (let i = this.labelCount(f) - 1; i >= 0; i--) this.popExpect(this.labelType(f, i));
  }

  pushLabel(f: number): void {
    const n = this.labelCount(f);
    for (let i = 0; i < n; i++) this.push(this.labelType(f, i));
  }

  /**
   * Checks that the top `labelCount(f)` operands match frame f's label types without changing
   * the stack: the spec's `push_vals(pop_vals(label_types))` of br_table.
   */
  checkLabel(f: number): void {
    const n = this.labelCount(f);
    const top = this.nctrl - 1;
    const height = this.ctrlHeight[top];
    for (let i = 0; i < n; i++) {
      const p = this.nvals - n + i;
      if (p < height) {
        if (!this.ctrlUnreachable[top]) this.fail('type mismatch');
        continue;
      }
      const actual = this.vals[p];
      const expected = this.labelType(f, i);
      if (actual !== expected && actual !== UNKNOWN) this.fail('type mismatch');
    }
  }

  // ---- control stack ----

  /** Opens a frame whose parameters the caller has already popped, and pushes them back. */
  pushCtrl(kind: number, bt: number): number {
    if (this.nctrl === this.ctrlKind.length) this.growCtrl();
    const f = this.nctrl++;
    const parent = f - 1;
    this.ctrlKind[f] = kind;
    this.ctrlType[f] = bt;
    this.ctrlHeight[f] = this.nvals;
    this.ctrlUnreachable[f] = 0;
    this.ctrlDead[f] = parent >= 0 && (this.ctrlUnreachable[parent] || this.ctrlDead[parent]) ? 1 : 0;
    this.ctrlStart[f] = 0;
    this.ctrlPatch[f] = -1;
    this.ctrlElse[f] = -1;
    this.pushParams(bt);
    return f;
  }

  /** Checks the results of the innermost frame and that nothing else is left on its stack. */
  checkEnd(): void {
    const f = this.nctrl - 1;
    this.popResults(this.ctrlType[f]);
    if (this.nvals !== this.ctrlHeight[f]) this.fail('type mismatch');
  }

  /** The spec's unreachable(): drop the frame's operands, anything may follow. */
  setUnreachable(): void {
    const f = this.nctrl - 1;
    this.nvals = this.ctrlHeight[f];
    this.ctrlUnreachable[f] = 1;
  }

  /** True when code at this point is executed (the frame is live and not after a branch). */
  live(): boolean {
    const f = this.nctrl - 1;
    return !this.ctrlUnreachable[f] && !this.ctrlDead[f];
  }

  /** Frame index of relative label depth `depth` ("unknown label" if there is none). */
  label(depth: number): number {
    if (depth >= this.nctrl) this.fail('unknown label');
    return this.nctrl - 1 - depth;
  }

  private growCtrl(): void {
    const n = this.ctrlKind.length * 2;
    this.ctrlKind = growI32(this.ctrlKind, n);
    this.ctrlType = growI32(this.ctrlType, n);
    this.ctrlHeight = growI32(this.ctrlHeight, n);
    this.ctrlStart = growI32(this.ctrlStart, n);
    this.ctrlPatch = growI32(this.ctrlPatch, n);
    this.ctrlElse = growI32(this.ctrlElse, n);
    const u = new Uint8Array(n);
    u.set(this.ctrlUnreachable);
    this.ctrlUnreachable = u;
    const d = new Uint8Array(n);
    d.set(this.ctrlDead);
    this.ctrlDead = d;
  }
}

/** A copy of `a` with length n (n >= a.length). */
export function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
