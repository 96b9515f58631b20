// The JS tier, part 1: one wasm function body -> the source text of one JS function.
//
// The body has been validated already (by the core's compiler, or at load in lazy mode), so this
// only tracks what it needs to write JS: the operand stack and the control frames. Each operand
// stack position k has a JS variable per type (`i{k}` i32, `j{k}`/`k{k}` the halves of an i64,
// `q{k}` f32, `d{k}` f64, `r{k}` references), each local i is `l{i}` (`m{i}` its high half), so
// every variable keeps one type and the engine's optimizing compiler keeps it unboxed. A value
// that is pure (constants, locals, arithmetic on them) stays a JS expression on the stack until
// something needs it in its variable, so `local.get; i32.const; i32.add; local.set` is written as
// `l2 = (l2 + 1) | 0;`. Statements (loads, calls, globals, traps, i64 arithmetic) write the
// variable of the position they push. Blocks become labelled blocks, loops labelled `for (;;)`
// loops, `if` a labelled `if`; a branch copies its values to the target's variables and then
// `break`s or `continue`s. Pending expressions are written to their variables before a local
// they read is set, before a variable they read is reused, and at every block boundary.
//
// Values (the "raw" convention, shared with bridge.ts): i32 a JS int32; i64 two int32 halves
// (lo, hi); f32 and f64 a JS number (an f32's value is exact in a double; arithmetic rounds with
// Math.fround, on XS given `x + -0`: see setTierOptions). A NaN keeps its payload in the
// double's (an f32 NaN's payload in the top bits, as promotion places it), which V8 preserves
// through moves and calls, so where bits become values (loads, reinterpret, globals, constants)
// and back, NaNs take a slower exact path (NANF/NANB); that is why only the Node bundle turns
// the tier on. References are as in the core (null, a FuncInst, any value). A function takes its
// parameters in order (an i64 as two arguments), then its call depth (see depthBudget), and
// returns its one result (an i64's high half in RT.h); with several results it returns nothing
// and leaves them in RT.r (an i64 as two entries).
//
// What it leaves to others: the names it uses (helpers, tables, memories, globals, callees) are
// bound by tojs/instance.ts; validation is the core's.
import { Reader } from '../core/binary/reader';
import { Module, ValType } from '../core/module';
import { Trap } from '../core/errors';
import { skipImmediates } from '../core/compile/opcodes';

/** Thrown for anything this tier does not translate; the function then stays in the interpreter.
 *  (Not an Error subclass: compiled to ES5, such a subclass loses its prototype for instanceof.) */
export class Unsupported {
  message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const enum Kind { Block, Loop, If, Func }

interface Frame {
  kind: number;
  /** JS label of the statement (L{n}). */
  label: string;
  /** Stack height below the frame's parameters. */
  height: number;
  params: number[];
  results: number[];
  /** Code after a br/return/unreachable until this frame's end (or else) is skipped. */
  dead: boolean;
}

/** What a compiled function needs from its instance, reported to instance.ts. */
export interface FunctionUse {
  memory: boolean;
  /** Per function index, 1 if a call to it may grow a memory (memoryGrowers), so that the
   *  caller must re-read its memory views after it. */
  growers: Uint8Array;
  /** Float constants whose bits a literal cannot carry (NaNs), as [lo, hi] pairs; index = CF slot. */
  f64Consts: number[];
}

const I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64;

/**
 * How deep compiled functions may call each other on the JS stack. Each call passes the callee
 * its depth as a last argument, `depth`: the compiled calls running below it (an entry passes
 * RT.d, bridge.ts). A call runs on the interpreter instead (which keeps its frames off the JS
 * stack and does not call back into the tier below such a call: bridge.ts, RT.deep) when its depth has reached the function's share of the
 * JS stack: the depth budget over its weight (about its frame size in units of 8 variables). So
 * deep recursion goes on in the interpreter rather than overflowing the engine's stack. The
 * interpreter counts the compiled calls among its frames, and a call from outside runs on the
 * tier only if a full budget of calls fits within maxCallDepth (bridge.ts: enter), so the limit
 * covers every frame while each call pays one comparison. An argument costs far less than a
 * count in memory: fib took 1.4x as long with the JIT and 2x without it when each call
 * incremented and decremented RT.d. 6000 units fit Node's stack.
 */
let depthBudget = 6000;

/** The depth budget in effect (bridge.ts). */
export function tierDepthBudget(): number {
  return depthBudget;
}

/** Whether br_table is written as a `switch` (else an if chain; XS 13 leaks a stack slot each
 *  time a labelled break leaves a switch, and aborts after about 4000 in one call). */
let switches = true;

/** Whether Math.fround is given `x + -0` (XS: see setTierOptions). */
let froundDoubles = false;

/**
 * Functions whose JS is longer than this stay in the interpreter (instance.ts): V8 does not
 * optimize a function of more than 60 KB of bytecode, and such a function would run in its
 * baseline tiers, which were 2x slower than the interpreter on QuickJS's interpreter loop
 * compiled to wasm (264 000 characters of JS; that module's next largest function has 136 000).
 * Smaller values keep more functions in the interpreter, which calls the compiled ones
 * (core/exec/interpreter.ts: callTier): less JS to hold, and how the differential fuzzer mixes
 * the two (PICOWASM_TIER_MAX, targets/node.ts).
 */
let maxSource = 100000;

/**
 * Options of the code the tier writes from now on: `maxSource` (above), and for engines unlike
 * V8: `depthBudget` (the
 * JS stack share above, in units of 8 variables; XS's few thousand stack slots take about 100),
 * `switches` (false: br_table as an if chain) and `froundDoubles` (true: f32 rounding is written
 * `fround(x + -0)`, because XS's Math.fround is wrong for numbers it holds as integers, and adding
 * -0 changes no value but makes it a double there; V8 is right without it, and in its
 * unoptimized code the addition costs one more boxed number per f32 operation). Set them before
 * the first module is compiled: a module keeps the code it got, and the entries check the
 * budget in effect now, so modules compiled under a larger budget could pass maxCallDepth.
 */
export function setTierOptions(options: { depthBudget?: number; switches?: boolean; froundDoubles?: boolean; maxSource?: number }): void {
  if (typeof options.depthBudget === 'number') depthBudget = options.depthBudget;
  if (typeof options.maxSource === 'number') maxSource = options.maxSource;
  if (typeof options.switches === 'boolean') switches = options.switches;
  if (typeof options.froundDoubles === 'boolean') froundDoubles = options.froundDoubles;
}

/** The argument list `args` of a call, with the callee's depth. */
function withDepth(args: string): string {
  return args === '' ? 'depth + 1' : args + ', depth + 1';
}

/** JS rounding the number `e` to f32. */
function toF32(e: string): string {
  return froundDoubles ? 'fround(' + e + ' + -0)' : 'fround(' + e + ')';
}

/**
 * A function that calls nothing and weighs at most the depth budget over this (function.ts:
 * weight; 16 on Node, none on XS) does not check its depth: it adds one small frame to the JS
 * stack, which the depth budget leaves room for, and one to the call depth, which bridge.ts
 * (enter) reserves. (When the count lived in RT.d, its loads and stores took half the time of
 * the `interp` benchmark's small leaf functions.)
 */
const LEAF_SHARE = 375;

/** A pending expression longer than this is written to its variable (keeps lines readable). */
const MAX_EXPRESSION = 240;

function f64FromBits(lo: number, hi: number): number {
  const d = new Float64Array(1);
  const w = new Int32Array(d.buffer);
  w[0] = lo;
  w[1] = hi;
  return d[0];
}

function f32FromBits(bits: number): number {
  const f = new Float32Array(1);
  new Int32Array(f.buffer)[0] = bits;
  return f[0];
}

function f64Literal(x: number): string {
  if (x === 0) return 1 / x < 0 ? '-0' : '0';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return x < 0 ? '(' + String(x) + ')' : String(x);
}

/** The variable of stack position k for a value of type t (the low half for an i64). */
/**
 * An unsigned i32 comparison of two int32 expressions. Flipping the sign bit of both operands
 * orders them as unsigned while they stay int32: `x >>> 0` makes a number above 2^31 - 1, which
 * unoptimized V8 code (Ignition, --jitless) boxes as a heap number, one allocation per compare.
 * A constant operand is flipped here.
 */
function unsignedCompare(a: string, cmp: string, b: string): string {
  return flipSign(a) + ' ' + cmp + ' ' + flipSign(b);
}

function flipSign(s: string): string {
  if (/^\(?-?\d+\)?$/.test(s)) return String((+s.replace(/[()]/g, '') ^ -2147483648));
  return '(' + s + ' ^ -2147483648)';
}

function varName(k: number, t: number): string {
  switch (t) {
    case I32: return 'i' + k;
    case I64: return 'j' + k;
    case F32: return 'q' + k;
    case F64: return 'd' + k;
    default: return 'r' + k;
  }
}

/**
 * Which functions of `module` may grow a memory when called (1 per function index): those with
 * memory.grow or call_indirect, imports, and callers of such functions.
 */
export function memoryGrowers(module: Module): Uint8Array {
  const n = module.funcTypes.length;
  const grows = new Uint8Array(n);
  const callees: number[][] = [];
  for (let i = 0; i < n; i++) {
    callees.push([]);
    if (i < module.numImportedFuncs) {
      grows[i] = 1;
      continue;
    }
    const body = module.codes[i - module.numImportedFuncs];
    const r = new Reader(module.bytes, body.start, body.end);
    const groups = r.u32();
    for (let g = 0; g < groups; g++) {
      r.u32();
      r.u8();
    }
    while (r.pos < body.end) {
      const op = r.u8();
      if (op === 0x10) {
        callees[i].push(r.u32());
        continue;
      }
      if (op === 0x40 || op === 0x11) grows[i] = 1;
      skipImmediates(r, op, false);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < n; i++) {
      if (grows[i]) continue;
      const list = callees[i];
      for (let k = 0; k < list.length; k++) {
        if (grows[list[k]]) {
          grows[i] = 1;
          changed = true;
          break;
        }
      }
    }
  }
  return grows;
}

/**
 * The JS source of defined function `index` (module function index) as a function declaration
 * named `f{index}`. `use` collects what the function needs. Throws Unsupported.
 */
export function functionSource(module: Module, index: number, use: FunctionUse, lineOffsets?: number[]): string {
  const w = new FunctionWriter(module, index, use);
  const src = w.write();
  if (lineOffsets !== undefined) w.lineOffsets(src, lineOffsets);
  return src;
}

/** The options in effect (setTierOptions), as a factory keeps them for translating again. */
export interface TierOptions {
  depthBudget: number;
  switches: boolean;
  froundDoubles: boolean;
  maxSource: number;
}

export function tierOptions(): TierOptions {
  return { depthBudget: depthBudget, switches: switches, froundDoubles: froundDoubles, maxSource: maxSource };
}

/** functionSource under the options `options` (those of an earlier translation), the options in
 *  effect restored after. */
export function functionSourceWith(options: TierOptions, module: Module, index: number, use: FunctionUse, lineOffsets?: number[]): string {
  const now = tierOptions();
  setTierOptions(options);
  try {
    return functionSource(module, index, use, lineOffsets);
  } finally {
    setTierOptions(now);
  }
}

class FunctionWriter {
  module: Module;
  index: number;
  use: FunctionUse;
  r: Reader;
  out: string[];
  /** Per entry of `out`, the module byte offset of the instruction that wrote it. */
  outAt: number[];
  /** The offset of the instruction being translated. */
  at: number;
  frames: Frame[];
  labels: number;
  localTypes: number[];
  results: number[];
  /** Whether the function calls anything (else it is a leaf: LEAF_SHARE). */
  calls: boolean;
  /** Variables used, with their initial values. */
  vars: { [name: string]: string };

  // The operand stack: per position its type and, while its value is a pending expression
  // rather than in its variable, the expression (`ex`, and `exh` for an i64's high half, which
  // is pending only as an atom: a local or a constant), whether the expression is a JS boolean
  // (`bool`; compares), whether it is an atom, the highest stack position whose variable it reads
  // (`refMax`, -1 for none) and the locals it reads (`locs`).
  types: number[];
  /** The type each position had when last pushed (still known after a pop). */
  tyAt: number[];
  ex: (string | null)[];
  exh: (string | null)[];
  bool: boolean[];
  atom: boolean[];
  refMax: number[];
  locs: (number[] | null)[];

  constructor(module: Module, index: number, use: FunctionUse) {
    this.module = module;
    this.index = index;
    this.use = use;
    const body = module.codes[index - module.numImportedFuncs];
    this.r = new Reader(module.bytes, body.start, body.end);
    this.out = [];
    this.outAt = [];
    this.at = body.start;
    this.frames = [];
    this.labels = 0;
    this.localTypes = [];
    this.results = [];
    this.calls = false;
    this.vars = {};
    this.types = [];
    this.tyAt = [];
    this.ex = [];
    this.exh = [];
    this.bool = [];
    this.atom = [];
    this.refMax = [];
    this.locs = [];
  }

  write(): string {
    const m = this.module;
    const r = this.r;
    const type = m.types[m.funcTypes[this.index]];
    this.results = type.results;
    const params: string[] = [];
    for (let i = 0; i < type.params.length; i++) {
      const t = type.params[i];
      this.localTypes.push(t);
      params.push('l' + i);
      if (t === I64) params.push('m' + i);
    }
    const decls: string[] = [];
    const groups = r.u32();
    for (let g = 0; g < groups; g++) {
      const count = r.u32();
      const t = r.u8();
      for (let i = 0; i < count; i++) {
        const k = this.localTypes.length;
        this.localTypes.push(t);
        decls.push('l' + k + (t === ValType.FuncRef || t === ValType.ExternRef ? ' = null' : ' = 0'));
        if (t === I64) decls.push('m' + k + ' = 0');
      }
    }
    this.frames.push({ kind: Kind.Func, label: 'L0', height: 0, params: [], results: type.results, dead: false });
    this.labels = 1;
    this.body();
    // the temporaries the statements use (each is assigned before it is read)
    const text = this.out.join('\n');
    const vars: string[] = [];
    if (/(^|[\s;{])e = /.test(text)) vars.push('e = 0');
    if (/(^|[\s;{])t = /.test(text)) vars.push('t = 0');
    if (/(^|[\s;{])x = /.test(text)) vars.push('x = 0');
    if (/(^|[\s;{])c = /.test(text)) vars.push('c = null');
    for (const name in this.vars) vars.push(name + ' = ' + this.vars[name]);
    let head = 'function f' + this.index + '(' + params.concat('depth').join(', ') + ') {\n';
    // (a small leaf is one frame over the budget at most, which bridge.ts: enter reserves)
    if (this.calls || this.weight() > Math.floor(depthBudget / LEAF_SHARE)) {
      const k = Math.floor(depthBudget / this.weight());
      head += '  if (depth >= ' + k + ') return (D' + this.index + ' || (D' + this.index + ' = DEEP(FN[' + this.index + '])))(' + params.concat('depth').join(', ') + ');\n';
    }
    const all = vars.concat(decls);
    if (all.length !== 0) head += '  var ' + all.join(', ') + ';\n';
    if (this.use.memory) head += '  var DV = M0.view;\n';
    return head + text + '\n}\n';
  }

  /** This function's weight for its share of the depth budget: 1 + its variables / 8 (DEPTH_BUDGET). */
  weight(): number {
    let n = this.localTypes.length + 4;
    for (const name in this.vars) n++;
    return 1 + (n >> 3);
  }

  /** `return` with `value` ('' for none). */
  returns(value: string): string {
    return 'return' + (value === '' ? '' : ' ' + value) + ';';
  }

  emit(line: string): void {
    this.out.push('  ' + line);
    this.outAt.push(this.at);
  }

  /**
   * Appends to `into`, per line of `src` (this writer's function), the byte offset of the wasm
   * instruction that line belongs to (the head's lines: the body's start), for the offsets of
   * wasm backtraces (frames.ts), which are computed again this way when a trap needs them.
   */
  lineOffsets(src: string, into: number[]): void {
    const body: number[] = [];
    for (let i = 0; i < this.out.length; i++) {
      const n = this.out[i].split('\n').length;
      for (let j = 0; j < n; j++) body.push(this.outAt[i]);
    }
    const lines = src.split('\n').length - 1; // (src ends with a newline)
    const head = lines - 1 - body.length; // the closing brace is the last line
    const start = this.module.codes[this.index - this.module.numImportedFuncs].start;
    for (let i = 0; i < head; i++) into.push(start);
    for (let i = 0; i < body.length; i++) into.push(body[i]);
    into.push(this.at);
  }

  // ---- the operand stack ----

  /** The variable of position k (low half for an i64), declared on first use. */
  v(k: number): string {
    const t = this.tyAt[k];
    const name = varName(k, t);
    if (this.vars[name] === undefined) {
      this.vars[name] = t === I32 || t === I64 || t === F32 || t === F64 ? '0' : 'null';
      if (t === I64) this.vars['k' + k] = '0';
    }
    return name;
  }

  /** The variable of the high half of the i64 at position k. */
  vh(k: number): string {
    this.v(k);
    return 'k' + k;
  }

  /** Pushes a value of type t that a statement will write to the returned variable. */
  pushVar(t: number): string {
    const k = this.types.length;
    this.clobber(k);
    this.place(t, null, null, false, false, k, null);
    return this.v(k);
  }

  /** Pushes a position of type t with the pending state given (see the operand stack above). */
  place(t: number, e: string | null, hi: string | null, isBool: boolean, isAtom: boolean, refMax: number, locs: number[] | null): number {
    const k = this.types.length;
    this.types.push(t);
    this.tyAt[k] = t;
    this.pending(k, e, hi, isBool, isAtom, refMax, locs);
    return k;
  }

  /** Sets the pending state of position k (see the operand stack above). */
  pending(k: number, e: string | null, hi: string | null, isBool: boolean, isAtom: boolean, refMax: number, locs: number[] | null): void {
    this.ex[k] = e;
    this.exh[k] = hi;
    this.bool[k] = isBool;
    this.atom[k] = isAtom;
    this.refMax[k] = refMax;
    this.locs[k] = locs;
  }

  /** Pushes a pure expression of type t made from the values at `from` (already popped). */
  pushExpr(t: number, e: string, from: number[], isBool?: boolean): void {
    let refMax = -1;
    let locs: number[] | null = null;
    for (let i = 0; i < from.length; i++) {
      const k = from[i];
      const ref = this.ex[k] === null ? k : this.refMax[k];
      if (ref > refMax) refMax = ref;
      const l = this.ex[k] === null ? null : this.locs[k];
      if (l !== null) locs = locs === null ? l.slice() : locs.concat(l);
    }
    const k = this.place(t, e, null, isBool === true, false, refMax, locs);
    if (e.length > MAX_EXPRESSION) this.materialize(k);
  }

  /** Pushes an atom: a constant, a local (`local` >= 0) or a constant binding; `hi` for an i64. */
  pushAtom(t: number, e: string, hi: string | null, local: number): void {
    this.place(t, e, hi, false, true, -1, local >= 0 ? [local] : null);
  }

  pop(): number {
    this.types.pop();
    return this.types.length;
  }

  /** Writes the pending expression at k to its variable. */
  materialize(k: number): void {
    if (this.ex[k] === null) return;
    this.clobber(k);
    if (this.tyAt[k] === I64) {
      this.emit(this.v(k) + ' = ' + this.ex[k] + '; ' + this.vh(k) + ' = ' + this.exh[k] + ';');
    } else {
      this.emit(this.v(k) + ' = ' + this.val(k) + ';');
    }
    this.pending(k, null, null, false, false, k, null);
  }

  /** Before the variables of position k are written: materializes what below reads them. */
  clobber(k: number): void {
    for (let p = 0; p < k; p++) {
      if (this.ex[p] !== null && this.refMax[p] >= k) this.materialize(p);
    }
  }

  /** Before local i is written: materializes the pending expressions on the stack that read it. */
  clobberLocal(i: number): void {
    for (let p = 0; p < this.types.length; p++) {
      const l = this.locs[p];
      if (this.ex[p] !== null && l !== null && l.indexOf(i) >= 0) this.materialize(p);
    }
  }

  /** Materializes the whole stack (at block boundaries). */
  flush(): void {
    for (let p = 0; p < this.types.length; p++) this.materialize(p);
  }

  /** The value at k (not an i64) as a JS expression. */
  val(k: number): string {
    const e = this.ex[k];
    if (e === null) return this.v(k);
    return this.bool[k] ? '(' + e + ' ? 1 : 0)' : e;
  }

  /** The value at k (an i32) as a JS condition. */
  cond(k: number): string {
    const e = this.ex[k];
    if (e !== null && this.bool[k]) return e;
    return this.val(k) + ' !== 0';
  }

  /** The value at k as a variable or an atom, so that it may be read more than once. */
  simple(k: number): string {
    if (this.ex[k] !== null && !this.atom[k]) this.materialize(k);
    return this.val(k);
  }

  /** The halves of the i64 at k (atoms or variables). */
  lo(k: number): string {
    const e = this.ex[k];
    return e === null ? this.v(k) : e;
  }

  hi(k: number): string {
    const e = this.exh[k];
    return e === null ? this.vh(k) : e;
  }

  /** Copies the values of types `ts` on top of the stack to the variables from position `to`. */
  copyTop(ts: number[], to: number): void {
    const n = ts.length;
    const from = this.types.length - n;
    for (let i = 0; i < n; i++) {
      const a = from + i;
      const d = to + i;
      if (a === d && this.ex[a] === null) continue;
      const t = ts[i];
      if (t === I64) {
        this.emit(varName(d, I64) + ' = ' + this.lo(a) + '; k' + d + ' = ' + this.hi(a) + ';');
      } else {
        this.emit(varName(d, t) + ' = ' + this.val(a) + ';');
      }
      this.declare(d, t);
    }
  }

  /** Declares the variables of position k for type t (without pushing). */
  declare(k: number, t: number): void {
    const name = varName(k, t);
    if (this.vars[name] === undefined) {
      this.vars[name] = t === I32 || t === I64 || t === F32 || t === F64 ? '0' : 'null';
      if (t === I64) this.vars['k' + k] = '0';
    }
  }

  /** The statements of a branch to frame `depth` levels up (values on top of the stack). */
  branch(depth: number): void {
    const f = this.frames[this.frames.length - 1 - depth];
    if (f.kind === Kind.Func) {
      this.ret();
      return;
    }
    if (f.kind === Kind.Loop) {
      this.copyTop(f.params, f.height);
      this.emit('continue ' + f.label + ';');
    } else {
      this.copyTop(f.results, f.height);
      this.emit('break ' + f.label + ';');
    }
  }

  ret(): void {
    const rs = this.results;
    const from = this.types.length - rs.length;
    if (rs.length === 0) {
      this.emit(this.returns(''));
    } else if (rs.length === 1) {
      if (rs[0] === I64) this.emit('RT.h = ' + this.hi(from) + '; ' + this.returns(this.lo(from)));
      else this.emit(this.returns(this.val(from)));
    } else {
      let j = 0;
      const parts: string[] = [];
      for (let i = 0; i < rs.length; i++) {
        if (rs[i] === I64) {
          parts.push('R[' + j++ + '] = ' + this.lo(from + i) + ';');
          parts.push('R[' + j++ + '] = ' + this.hi(from + i) + ';');
        } else {
          parts.push('R[' + j++ + '] = ' + this.val(from + i) + ';');
        }
      }
      this.emit(parts.join(' ') + ' ' + this.returns(''));
    }
  }

  blockType(): { params: number[]; results: number[] } {
    const bt = this.r.s33();
    if (bt >= 0) {
      const ft = this.module.types[bt];
      return { params: ft.params, results: ft.results };
    }
    const b = bt & 0x7f;
    if (b === 0x40) return { params: [], results: [] };
    return { params: [], results: [b] };
  }

  enter(kind: number, bt: { params: number[]; results: number[] }): Frame {
    const f: Frame = {
      kind: kind, label: 'L' + this.labels++, height: this.types.length - bt.params.length,
      params: bt.params, results: bt.results, dead: false,
    };
    this.frames.push(f);
    return f;
  }

  /** Resets the stack to `height` plus values of the types `ts` in their variables. */
  resetStack(height: number, ts: number[]): void {
    this.types.length = height;
    for (let i = 0; i < ts.length; i++) this.pushVar(ts[i]);
  }

  /** After br, br_table, return, unreachable: skip to the end (or else) of the current frame. */
  skipDead(): number {
    const r = this.r;
    let nest = 0;
    for (;;) {
      const byte = r.u8();
      if (byte === 0x0b) {
        if (nest === 0) return byte;
        nest--;
      } else if (byte === 0x05) {
        if (nest === 0) return byte;
      } else {
        if (byte >= 0x02 && byte <= 0x04) nest++;
        skipImmediates(r, byte, false);
      }
    }
  }

  body(): void {
    const r = this.r;
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      this.at = r.pos;
      const op = top.dead ? this.skipDead() : r.u8();
      if (op === 0x0b) {
        const f = this.frames.pop()!;
        if (f.kind === Kind.Func) {
          if (!f.dead) this.ret();
          return;
        }
        if (!f.dead) this.flush();
        this.resetStack(f.height, f.results);
        if (f.kind === Kind.Loop) this.emit('break; }');
        else this.emit('}');
        continue;
      }
      if (op === 0x05) {
        // else: the then-branch falls through to the end of the `if`.
        if (!top.dead) this.flush();
        this.resetStack(top.height, top.params);
        top.dead = false;
        this.emit('} else {');
        continue;
      }
      this.instruction(op, top);
    }
  }

  instruction(op: number, top: Frame): void {
    const r = this.r;
    switch (op) {
      case 0x00:
        this.emit('T(' + Trap.Unreachable + ');');
        top.dead = true;
        return;
      case 0x01:
        return;
      case 0x02: {
        const bt = this.blockType();
        this.flush();
        this.emit(this.enter(Kind.Block, bt).label + ': {');
        return;
      }
      case 0x03: {
        const bt = this.blockType();
        this.flush();
        this.emit(this.enter(Kind.Loop, bt).label + ': for (;;) {');
        return;
      }
      case 0x04: {
        const bt = this.blockType();
        const c = this.cond(this.pop());
        this.flush();
        this.emit(this.enter(Kind.If, bt).label + ': if (' + c + ') {');
        return;
      }
      case 0x0c:
        this.branch(r.u32());
        top.dead = true;
        return;
      case 0x0d: {
        const depth = r.u32();
        this.emit('if (' + this.cond(this.pop()) + ') {');
        this.branch(depth);
        this.emit('}');
        return;
      }
      case 0x0e: {
        const n = r.u32();
        const targets: number[] = [];
        for (let i = 0; i < n; i++) targets.push(r.u32());
        const def = r.u32();
        const index = this.val(this.pop());
        // With several targets, the values they carry go to their variables once, rather than
        // an expression in every case.
        const f = this.frames[this.frames.length - 1 - def];
        const arity = f.kind === Kind.Loop ? f.params.length : f.results.length;
        if (n > 0) for (let k = this.types.length - arity; k < this.types.length; k++) this.materialize(k);
        if (switches) {
          this.emit('switch (' + index + ') {');
          for (let i = 0; i < n; i++) {
            // Consecutive cases with one target share its statements.
            this.emit('case ' + i + ':');
            if (i + 1 < n && targets[i + 1] === targets[i]) continue;
            this.branch(targets[i]);
          }
          this.emit('default:');
          this.branch(def);
          this.emit('}');
        } else {
          // runs of one target become one test of a range
          this.emit('x = ' + index + ';');
          for (let i = 0; i < n;) {
            let j = i;
            while (j + 1 < n && targets[j + 1] === targets[i]) j++;
            this.emit((i === 0 ? '' : '} else ') + 'if (' + (i === j ? 'x === ' + i : 'x >= ' + i + ' && x <= ' + j) + ') {');
            this.branch(targets[i]);
            i = j + 1;
          }
          if (n > 0) this.emit('} else {');
          this.branch(def);
          if (n > 0) this.emit('}');
        }
        top.dead = true;
        return;
      }
      case 0x0f:
        this.ret();
        top.dead = true;
        return;
      case 0x10:
        this.call(r.u32());
        return;
      case 0x11:
        this.callIndirect(r.u32(), r.u32());
        return;
      case 0x1a:
        this.pop();
        return;
      case 0x1b:
      case 0x1c: {
        if (op === 0x1c) {
          const n = r.u32();
          for (let i = 0; i < n; i++) r.u8();
        }
        const c = this.pop();
        const b = this.pop();
        const a = this.pop();
        const t = this.tyAt[a];
        if (t === I64) {
          const cs = this.cond(c);
          const al = this.lo(a), ah = this.hi(a), bl = this.lo(b), bh = this.hi(b);
          const d = this.pushVar(I64);
          this.emit('if (' + cs + ') { ' + d + ' = ' + al + '; k' + a + ' = ' + ah + '; } else { ' + d + ' = ' + bl + '; k' + a + ' = ' + bh + '; }');
        } else {
          this.pushExpr(t, '(' + this.cond(c) + ' ? ' + this.val(a) + ' : ' + this.val(b) + ')', [a, b, c]);
        }
        return;
      }
      case 0x20: {
        const i = r.u32();
        const t = this.localTypes[i];
        this.pushAtom(t, 'l' + i, t === I64 ? 'm' + i : null, i);
        return;
      }
      case 0x21:
      case 0x22: {
        const i = r.u32();
        const t = this.localTypes[i];
        const a = this.pop();
        this.clobberLocal(i);
        if (t === I64) this.emit('l' + i + ' = ' + this.lo(a) + '; m' + i + ' = ' + this.hi(a) + ';');
        else this.emit('l' + i + ' = ' + this.val(a) + ';');
        if (op === 0x22) this.pushAtom(t, 'l' + i, t === I64 ? 'm' + i : null, i);
        return;
      }
      case 0x23: {
        const g = r.u32();
        const t = this.module.globals[g].type;
        const d = this.pushVar(t);
        if (t === I64) this.emit(d + ' = G' + g + '[0]; ' + this.vh(this.types.length - 1) + ' = G' + g + '[1];');
        else if (t === F64) this.emit(d + ' = GF' + g + '[0];');
        else if (t === F32) this.emit(d + ' = GS' + g + '[0]; if (' + d + ' !== ' + d + ') ' + d + ' = NANF(G' + g + '[0]);');
        else if (t === I32) this.emit(d + ' = G' + g + '[0];');
        else this.emit(d + ' = GI' + g + '.ref;');
        return;
      }
      case 0x24: {
        const g = r.u32();
        const t = this.module.globals[g].type;
        const a = this.pop();
        if (t === I64) this.emit('G' + g + '[0] = ' + this.lo(a) + '; G' + g + '[1] = ' + this.hi(a) + ';');
        else if (t === F64) this.emit('GF' + g + '[0] = ' + this.val(a) + ';');
        else if (t === F32) this.emit('x = ' + this.val(a) + '; if (x === x) GS' + g + '[0] = x; else G' + g + '[0] = NANB(x);');
        else if (t === I32) this.emit('G' + g + '[0] = ' + this.val(a) + ';');
        else this.emit('GI' + g + '.ref = ' + this.val(a) + ';');
        return;
      }
      case 0x25: {
        const x = r.u32();
        const i = this.val(this.pop());
        const d = this.pushVar(this.module.tables[x].elem);
        this.emit('c = TB' + x + '.elements; x = ' + i + ' >>> 0; if (x >= c.length) T(' + Trap.OutOfBoundsTableAccess + '); ' + d + ' = c[x];');
        return;
      }
      case 0x26: {
        const x = r.u32();
        const v = this.pop();
        const i = this.pop();
        this.emit('c = TB' + x + '.elements; x = ' + this.val(i) + ' >>> 0; if (x >= c.length) T(' + Trap.OutOfBoundsTableAccess + '); c[x] = ' + this.val(v) + ';');
        return;
      }
      case 0x3f: {
        r.u8();
        this.use.memory = true;
        this.emit(this.pushVar(I32) + ' = M0.pages;');
        return;
      }
      case 0x40: {
        r.u8();
        this.use.memory = true;
        const a = this.val(this.pop());
        const d = this.pushVar(I32);
        this.emit(d + ' = M0.grow(' + a + ' >>> 0, PAGES()); ' + this.refresh());
        return;
      }
      case 0x41: {
        const v = r.s32();
        this.pushAtom(I32, v < 0 ? '(' + v + ')' : String(v), null, -1);
        return;
      }
      case 0x42: {
        const lo = r.s64();
        const hi = r.hi;
        this.pushAtom(I64, lo < 0 ? '(' + lo + ')' : String(lo), hi < 0 ? '(' + hi + ')' : String(hi), -1);
        return;
      }
      case 0x43: {
        const bits = r.bits32();
        const x = f32FromBits(bits);
        if (x !== x) {
          // CF holds the NaN's double form (bridge.ts: NANF)
          const k = this.use.f64Consts.length >> 1;
          this.use.f64Consts.push(bits << 29, (bits & -2147483648) | 0x7ff00000 | ((bits & 0x7fffff) >>> 3));
          this.pushAtom(F32, 'CF[' + k + ']', null, -1);
        } else {
          this.pushAtom(F32, f64Literal(x), null, -1);
        }
        return;
      }
      case 0x44: {
        const lo = r.bits32();
        const hi = r.bits32();
        const x = f64FromBits(lo, hi);
        if (x !== x) {
          const k = this.use.f64Consts.length >> 1;
          this.use.f64Consts.push(lo, hi);
          this.pushAtom(F64, 'CF[' + k + ']', null, -1);
        } else {
          this.pushAtom(F64, f64Literal(x), null, -1);
        }
        return;
      }
      case 0xd0:
        this.pushAtom(r.u8(), 'null', null, -1);
        return;
      case 0xd1: {
        const a = this.pop();
        this.pushExpr(I32, '(' + this.val(a) + ' === null)', [a], true);
        return;
      }
      case 0xd2:
        this.pushAtom(ValType.FuncRef, 'FN[' + r.u32() + ']', null, -1);
        return;
      case 0xfc:
        this.prefixed(r.u32());
        return;
      default:
        if (op >= 0x28 && op <= 0x3e) {
          this.memoryAccess(op);
          return;
        }
        if (op >= 0x45 && op <= 0xc4) {
          this.numeric(op);
          return;
        }
        throw new Unsupported('opcode 0x' + op.toString(16));
    }
  }

  /** Re-reads the memory views after anything that may have grown the memory. */
  refresh(): string {
    if (this.module.memories.length === 0) return '';
    this.use.memory = true; // the views may be read after this point
    return 'DV = M0.view;';
  }

  /** The argument list of a call with parameter types `ts` on top of the stack; pops them. */
  args(ts: number[]): string {
    const base = this.types.length - ts.length;
    const list: string[] = [];
    for (let i = 0; i < ts.length; i++) {
      if (ts[i] === I64) list.push(this.lo(base + i), this.hi(base + i));
      else list.push(this.val(base + i));
    }
    this.types.length = base;
    return list.join(', ');
  }

  /** Statements that take the results of type `rs` of the call expression `call`; `grows`:
   *  whether the callee may grow the memory (then the views are re-read). */
  takeResults(call: string, rs: number[], grows: boolean): void {
    if (rs.length === 0) {
      this.emit(call + ';');
    } else if (rs.length === 1) {
      const d = this.pushVar(rs[0]);
      this.emit(d + ' = ' + call + ';' + (rs[0] === I64 ? ' ' + this.vh(this.types.length - 1) + ' = RT.h;' : ''));
    } else {
      const parts: string[] = [];
      let j = 0;
      const dests: string[] = [];
      for (let i = 0; i < rs.length; i++) {
        const d = this.pushVar(rs[i]);
        dests.push(d + ' = R[' + j++ + '];');
        if (rs[i] === I64) dests.push(this.vh(this.types.length - 1) + ' = R[' + j++ + '];');
      }
      parts.push(call + ';');
      this.emit(parts.concat(dests).join(' '));
    }
    if (grows) {
      const again = this.refresh();
      if (again !== '') this.emit(again);
    }
  }

  call(x: number): void {
    this.calls = true;
    const m = this.module;
    const ft = m.types[m.funcTypes[x]];
    const a = this.args(ft.params);
    this.takeResults('f' + x + '(' + withDepth(a) + ')', ft.results, this.use.growers[x] === 1);
  }

  callIndirect(typeIndex: number, table: number): void {
    this.calls = true;
    const ft = this.module.types[typeIndex];
    const i = this.val(this.pop());
    this.emit('c = TB' + table + '.elements; x = ' + i + ' >>> 0; if (x >= c.length) T(' + Trap.UndefinedElement + ', x); c = c[x];');
    this.emit('if (c === null) T(' + Trap.UninitializedElement + ', x); if (c.type.sig !== SIG' + typeIndex + ') T(' + Trap.IndirectCallTypeMismatch + ');');
    const a = this.args(ft.params);
    this.takeResults('(c.raw || RAW(c))(' + withDepth(a) + ')', ft.results, true);
  }

  memoryAccess(op: number): void {
    const r = this.r;
    r.u32(); // alignment (a hint)
    const offset = r.u32() >>> 0;
    this.use.memory = true;
    const isStore = op >= 0x36;
    let v = -1;
    if (isStore) v = this.pop();
    const a = this.pop();
    // No bounds check of our own: a DataView access past the end throws RangeError before it
    // reads or writes anything, and the entry into the tier turns that into the trap
    // (bridge.ts: entryError). An i64 store writes its high half first, so that it, too,
    // writes nothing when it traps.
    const check = 'e = (' + this.val(a) + ' >>> 0)' + (offset !== 0 ? ' + ' + offset : '') + ';';
    if (isStore) {
      let st: string;
      switch (op) {
        case 0x36: case 0x3e: st = 'DV.setInt32(e, ' + this.val(v) + ', true);'; break;
        case 0x37: st = 'DV.setInt32(e + 4, ' + this.hi(v) + ', true); DV.setInt32(e, ' + this.lo(v) + ', true);'; break;
        case 0x38: st = 'x = ' + this.val(v) + '; if (x === x) DV.setFloat32(e, x, true); else DV.setInt32(e, NANB(x), true);'; break;
        case 0x39: st = 'DV.setFloat64(e, ' + this.val(v) + ', true);'; break;
        case 0x3a: st = 'DV.setInt8(e, ' + this.val(v) + ');'; break;
        case 0x3c: st = 'DV.setInt8(e, ' + this.lo(v) + ');'; break;
        case 0x3b: st = 'DV.setInt16(e, ' + this.val(v) + ', true);'; break;
        default: st = 'DV.setInt16(e, ' + this.lo(v) + ', true);'; break; // 0x3d
      }
      if (op === 0x3e) st = 'DV.setInt32(e, ' + this.lo(v) + ', true);';
      this.emit(check + ' ' + st);
      return;
    }
    let t: number;
    let ld: string;
    let hi = '';
    switch (op) {
      case 0x28: t = I32; ld = 'DV.getInt32(e, true)'; break;
      case 0x29: t = I64; ld = 'DV.getInt32(e, true)'; hi = 'DV.getInt32(e + 4, true)'; break;
      case 0x2a: t = F32; ld = 'DV.getFloat32(e, true)'; hi = 'NAN'; break;
      case 0x2b: t = F64; ld = 'DV.getFloat64(e, true)'; break;
      case 0x2c: t = I32; ld = 'DV.getInt8(e)'; break;
      case 0x2d: t = I32; ld = 'DV.getUint8(e)'; break;
      case 0x2e: t = I32; ld = 'DV.getInt16(e, true)'; break;
      case 0x2f: t = I32; ld = 'DV.getUint16(e, true)'; break;
      case 0x30: t = I64; ld = 'DV.getInt8(e)'; hi = 'SIGN'; break;
      case 0x31: t = I64; ld = 'DV.getUint8(e)'; hi = '0'; break;
      case 0x32: t = I64; ld = 'DV.getInt16(e, true)'; hi = 'SIGN'; break;
      case 0x33: t = I64; ld = 'DV.getUint16(e, true)'; hi = '0'; break;
      case 0x34: t = I64; ld = 'DV.getInt32(e, true)'; hi = 'SIGN'; break;
      default: t = I64; ld = 'DV.getInt32(e, true)'; hi = '0'; break; // 0x35
    }
    const d = this.pushVar(t);
    let line = check + ' ' + d + ' = ' + ld + ';';
    const dh = t === I64 ? this.vh(this.types.length - 1) : '';
    if (hi === 'SIGN') line += ' ' + dh + ' = ' + d + ' >> 31;';
    else if (hi === 'NAN') line += ' if (' + d + ' !== ' + d + ') ' + d + ' = NANF(DV.getInt32(e, true));';
    else if (hi !== '') line += ' ' + dh + ' = ' + hi + ';';
    this.emit(line);
  }

  /** Pops three i32 operands (d, s, n order on the stack) as expressions, evaluated in order. */
  three(): string[] {
    const n = this.pop(), s = this.pop(), d = this.pop();
    return [this.val(d), this.val(s), this.val(n)];
  }

  prefixed(sub: number): void {
    const r = this.r;
    if (sub <= 7) {
      this.truncSat(sub);
      return;
    }
    switch (sub) {
      case 8: { // memory.init
        const seg = r.u32();
        r.u8();
        this.use.memory = true;
        const o = this.three();
        this.emit('t = memoryInit(INST, M0, ' + seg + ', ' + o[0] + ' >>> 0, ' + o[1] + ' >>> 0, ' + o[2] + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 9:
        this.emit('INST.dataLive[' + r.u32() + '] = 0;');
        return;
      case 10: { // memory.copy
        r.u8();
        r.u8();
        this.use.memory = true;
        const o = this.three();
        this.emit('t = memoryCopy(M0, ' + o[0] + ' >>> 0, ' + o[1] + ' >>> 0, ' + o[2] + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 11: { // memory.fill
        r.u8();
        this.use.memory = true;
        const o = this.three();
        this.emit('t = memoryFill(M0, ' + o[0] + ' >>> 0, ' + o[1] + ', ' + o[2] + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 12: { // table.init
        const seg = r.u32();
        const x = r.u32();
        const o = this.three();
        this.emit('t = tableInit(INST, TB' + x + ', ' + seg + ', ' + o[0] + ' >>> 0, ' + o[1] + ' >>> 0, ' + o[2] + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 13:
        this.emit('INST.elems[' + r.u32() + '] = [];');
        return;
      case 14: { // table.copy
        const x = r.u32();
        const y = r.u32();
        const o = this.three();
        this.emit('t = tableCopy(TB' + x + ', TB' + y + ', ' + o[0] + ' >>> 0, ' + o[1] + ' >>> 0, ' + o[2] + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 15: { // table.grow
        const x = r.u32();
        const n = this.pop();
        const v = this.pop();
        const vs = this.val(v), ns = this.val(n);
        this.emit(this.pushVar(I32) + ' = TB' + x + '.grow(' + ns + ' >>> 0, ' + vs + ', TABLE_LIMIT());');
        return;
      }
      case 16: { // table.size
        const x = r.u32();
        this.emit(this.pushVar(I32) + ' = TB' + x + '.elements.length;');
        return;
      }
      case 17: { // table.fill
        const x = r.u32();
        const o = this.three();
        this.emit('t = tableFill(TB' + x + ', ' + o[0] + ' >>> 0, ' + o[1] + ', ' + o[2] + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      default:
        throw new Unsupported('opcode 0xfc ' + sub);
    }
  }

  /** i32/i64.trunc_sat_f32/f64_s/u (0xfc 0..7). */
  truncSat(sub: number): void {
    const a = this.pop();
    const signed = (sub & 1) === 0;
    if (sub < 4) {
      this.pushExpr(I32, (signed ? 'i32TruncSatS(' : 'i32TruncSatU(') + this.val(a) + ')', [a]);
    } else {
      const x = this.val(a);
      const d = this.pushVar(I64);
      this.emit((signed ? 'i64TruncSatS(X, 0, ' : 'i64TruncSatU(X, 0, ') + x + '); ' + d + ' = X[0]; ' + this.vh(this.types.length - 1) + ' = X[1];');
    }
  }

  numeric(op: number): void {
    if (op === 0x45) {
      const a = this.pop();
      if (this.ex[a] !== null && this.bool[a]) this.pushExpr(I32, '!' + this.ex[a], [a], true);
      else this.pushExpr(I32, '(' + this.val(a) + ' === 0)', [a], true);
      return;
    }
    if (op === 0x50) {
      const a = this.pop();
      this.pushExpr(I32, '((' + this.lo(a) + ' | ' + this.hi(a) + ') === 0)', [a], true);
      return;
    }
    if (op <= 0x4f) { this.i32Compare(op); return; }
    if (op <= 0x5a) { this.i64Compare(op); return; }
    if (op <= 0x66) { this.floatCompare(op); return; }
    if (op <= 0x78) { this.i32Arith(op); return; }
    if (op <= 0x8a) { this.i64Arith(op); return; }
    if (op <= 0x98) { this.floatArith(op, F32); return; }
    if (op <= 0xa6) { this.floatArith(op, F64); return; }
    this.conversion(op);
  }

  i32Compare(op: number): void {
    const b = this.pop();
    const a = this.pop();
    const sa = this.val(a), sb = this.val(b);
    let e: string;
    switch (op) {
      case 0x46: e = sa + ' === ' + sb; break;
      case 0x47: e = sa + ' !== ' + sb; break;
      case 0x48: e = sa + ' < ' + sb; break;
      case 0x49: e = unsignedCompare(sa, '<', sb); break;
      case 0x4a: e = sa + ' > ' + sb; break;
      case 0x4b: e = unsignedCompare(sa, '>', sb); break;
      case 0x4c: e = sa + ' <= ' + sb; break;
      case 0x4d: e = unsignedCompare(sa, '<=', sb); break;
      case 0x4e: e = sa + ' >= ' + sb; break;
      default: e = unsignedCompare(sa, '>=', sb); break; // 0x4f
    }
    this.pushExpr(I32, '(' + e + ')', [a, b], true);
  }

  i64Compare(op: number): void {
    const b = this.pop();
    const a = this.pop();
    const u = flipSign;
    const al = this.lo(a), ah = this.hi(a), bl = this.lo(b), bh = this.hi(b);
    let e: string;
    switch (op) {
      case 0x51: e = al + ' === ' + bl + ' && ' + ah + ' === ' + bh; break;
      case 0x52: e = al + ' !== ' + bl + ' || ' + ah + ' !== ' + bh; break;
      case 0x53: e = ah + ' < ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' < ' + u(bl) + ')'; break;
      case 0x54: e = u(ah) + ' < ' + u(bh) + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' < ' + u(bl) + ')'; break;
      case 0x55: e = ah + ' > ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' > ' + u(bl) + ')'; break;
      case 0x56: e = u(ah) + ' > ' + u(bh) + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' > ' + u(bl) + ')'; break;
      case 0x57: e = ah + ' < ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' <= ' + u(bl) + ')'; break;
      case 0x58: e = u(ah) + ' < ' + u(bh) + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' <= ' + u(bl) + ')'; break;
      case 0x59: e = ah + ' > ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' >= ' + u(bl) + ')'; break;
      default: e = u(ah) + ' > ' + u(bh) + ' || (' + ah + ' === ' + bh + ' && ' + u(al) + ' >= ' + u(bl) + ')'; break; // 0x5a
    }
    this.pushExpr(I32, '(' + e + ')', [a, b], true);
  }

  floatCompare(op: number): void {
    const b = this.pop();
    const a = this.pop();
    const k = op <= 0x60 ? op - 0x5b : op - 0x61;
    const cmp = ['===', '!==', '<', '>', '<=', '>='][k];
    this.pushExpr(I32, '(' + this.val(a) + ' ' + cmp + ' ' + this.val(b) + ')', [a, b], true);
  }

  /** Pops a trapping operation's operands as variables or atoms (they are read twice). */
  i32Arith(op: number): void {
    if (op <= 0x69) {
      const a = this.pop();
      const fn = op === 0x67 ? 'clz32' : op === 0x68 ? 'ctz32' : 'popcnt32';
      this.pushExpr(I32, fn + '(' + this.val(a) + ')', [a]);
      return;
    }
    if (op >= 0x6d && op <= 0x70) {
      // div and rem trap: their operands are read more than once
      const b = this.types.length - 1;
      const sb = this.simple(b);
      const sa = this.simple(b - 1);
      this.pop();
      this.pop();
      const d = this.pushVar(I32);
      // a constant divisor needs no test for zero (nor for -1, the overflow of div_s)
      const k = /^\(?-?\d+\)?$/.test(sb) ? +sb.replace(/[()]/g, '') : NaN;
      const zero = k === k && k !== 0 ? '' : 'if (' + sb + ' === 0) T(' + Trap.IntegerDivideByZero + '); ';
      switch (op) {
        case 0x6d:
          this.emit(zero + (k === k && k !== -1 ? '' : 'if (' + sb + ' === -1 && ' + sa + ' === -2147483648) T(' + Trap.IntegerOverflow + '); ') + d + ' = (' + sa + ' / ' + sb + ') | 0;');
          return;
        case 0x6e: this.emit(zero + d + ' = ((' + sa + ' >>> 0) / (' + sb + ' >>> 0)) | 0;'); return;
        case 0x6f: this.emit(zero + d + ' = (' + sa + ' % ' + sb + ') | 0;'); return;
        default: this.emit(zero + d + ' = ((' + sa + ' >>> 0) % (' + sb + ' >>> 0)) | 0;'); return;
      }
    }
    if (op === 0x77 || op === 0x78) {
      // rotations read both operands twice
      const b = this.types.length - 1;
      const sb = this.simple(b);
      const sa = this.simple(b - 1);
      this.pop();
      const a = this.pop();
      const e = op === 0x77 ? '((' + sa + ' << ' + sb + ') | (' + sa + ' >>> (32 - ' + sb + ')))' : '((' + sa + ' >>> ' + sb + ') | (' + sa + ' << (32 - ' + sb + ')))';
      this.pushExpr(I32, e, [a, b]);
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const sa = this.val(a), sb = this.val(b);
    let e: string;
    switch (op) {
      case 0x6a: e = '((' + sa + ' + ' + sb + ') | 0)'; break;
      case 0x6b: e = '((' + sa + ' - ' + sb + ') | 0)'; break;
      case 0x6c: e = 'imul(' + sa + ', ' + sb + ')'; break;
      case 0x71: e = '(' + sa + ' & ' + sb + ')'; break;
      case 0x72: e = '(' + sa + ' | ' + sb + ')'; break;
      case 0x73: e = '(' + sa + ' ^ ' + sb + ')'; break;
      case 0x74: e = '(' + sa + ' << ' + sb + ')'; break;
      case 0x75: e = '(' + sa + ' >> ' + sb + ')'; break;
      default: e = '((' + sa + ' >>> ' + sb + ') | 0)'; break; // 0x76
    }
    this.pushExpr(I32, e, [a, b]);
  }

  /** An i64 helper of core/exec/i64.ts through the scratch words X (a at 0, b at 2, result at 4). */
  i64Helper(fn: string, a: number, b: number, traps: boolean): string {
    let s = 'X[0] = ' + this.lo(a) + '; X[1] = ' + this.hi(a) + '; ';
    if (b >= 0) s += 'X[2] = ' + this.lo(b) + '; X[3] = ' + this.hi(b) + '; ';
    s += (traps ? 't = ' : '') + fn + '(X, 4, 0' + (b >= 0 ? ', 2' : '') + ');';
    if (traps) s += ' if (t !== 0) T(t);';
    return s;
  }

  i64Arith(op: number): void {
    if (op <= 0x7b) {
      const a = this.pop();
      const fn = op === 0x79 ? 'i64Clz' : op === 0x7a ? 'i64Ctz' : 'i64Popcnt';
      const st = this.i64Helper(fn, a, -1, false);
      const d = this.pushVar(I64);
      this.emit(st + ' ' + d + ' = X[4]; ' + this.vh(this.types.length - 1) + ' = X[5];');
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const al = this.lo(a), ah = this.hi(a), bl = this.lo(b), bh = this.hi(b);
    let st: string;
    switch (op) {
      case 0x7c: {
        const dl = this.pushVar(I64), dh = this.vh(this.types.length - 1);
        this.emit('t = (' + al + ' + ' + bl + ') | 0; ' + dh + ' = (' + ah + ' + ' + bh + ' + ((t ^ -2147483648) < (' + al + ' ^ -2147483648) ? 1 : 0)) | 0; ' + dl + ' = t;');
        return;
      }
      case 0x7d: {
        const dl = this.pushVar(I64), dh = this.vh(this.types.length - 1);
        this.emit('t = (' + al + ' - ' + bl + ') | 0; ' + dh + ' = (' + ah + ' - ' + bh + ' - (' + unsignedCompare(al, '<', bl) + ' ? 1 : 0)) | 0; ' + dl + ' = t;');
        return;
      }
      case 0x83: case 0x84: case 0x85: {
        const o = op === 0x83 ? ' & ' : op === 0x84 ? ' | ' : ' ^ ';
        const dl = this.pushVar(I64), dh = this.vh(this.types.length - 1);
        this.emit('t = ' + al + o + bl + '; ' + dh + ' = ' + ah + o + bh + '; ' + dl + ' = t;');
        return;
      }
    }
    const helpers: { [op: number]: string } = {
      0x7e: 'i64Mul', 0x7f: 'i64DivS', 0x80: 'i64DivU', 0x81: 'i64RemS', 0x82: 'i64RemU',
      0x86: 'i64Shl', 0x87: 'i64ShrS', 0x88: 'i64ShrU', 0x89: 'i64Rotl', 0x8a: 'i64Rotr',
    };
    st = this.i64Helper(helpers[op], a, b, op >= 0x7f && op <= 0x82);
    const dl = this.pushVar(I64);
    this.emit(st + ' ' + dl + ' = X[4]; ' + this.vh(this.types.length - 1) + ' = X[5];');
  }

  /** `d = a` with the sign bit of a's double changed by `op` on its high word (DI[1]): exact for NaNs. */
  signBits(t: number, op: string): void {
    const a = this.val(this.pop());
    const d = this.pushVar(t);
    this.emit('DB[0] = ' + a + '; ' + op + ' ' + d + ' = DB[0];');
  }

  /** copysign on the doubles' bits (an f32 value keeps its sign in the double's sign bit). */
  copySign(t: number): void {
    const b = this.pop();
    const a = this.pop();
    const sa = this.val(a), sb = this.val(b);
    const d = this.pushVar(t);
    this.emit('DB[0] = ' + sb + '; t = DI[1] & -2147483648; DB[0] = ' + sa + '; DI[1] = (DI[1] & 2147483647) | t; ' + d + ' = DB[0];');
  }

  /**
   * f32 (0x8b..0x98) and f64 (0x99..0xa6) arithmetic, in the same order: abs, neg, ceil, floor,
   * trunc, nearest, sqrt, add, sub, mul, div, min, max, copysign. An f32 result of +, -, *, /
   * and sqrt is rounded to f32.
   */
  floatArith(op: number, t: number): void {
    const k = op - (t === F32 ? 0x8b : 0x99);
    const rounded = (e: string): string => (t === F32 ? toF32(e) : '(' + e + ')');
    // neg and abs are bit operations, so that NaN payloads pass (V8's -x multiplies by -1).
    if (k === 0) { this.signBits(t, 'DI[1] &= 2147483647;'); return; }
    if (k === 1) { this.signBits(t, 'DI[1] ^= -2147483648;'); return; }
    if (k === 13) { this.copySign(t); return; }
    if (k <= 6) {
      const a = this.pop();
      const x = this.val(a);
      this.pushExpr(t, k === 6 ? rounded('Math.sqrt(' + x + ')') : ['ceil', 'floor', 'trunc', 'nearest'][k - 2] + '(' + x + ')', [a]);
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const sa = this.val(a), sb = this.val(b);
    const e = k === 11 ? 'fmin(' + sa + ', ' + sb + ')' : k === 12 ? 'fmax(' + sa + ', ' + sb + ')' :
      rounded(sa + ' ' + ['+', '-', '*', '/'][k - 7] + ' ' + sb);
    this.pushExpr(t, e, [a, b]);
  }

  conversion(op: number): void {
    const a = this.pop();
    switch (op) {
      case 0xa7: this.pushExpr(I32, this.lo(a), [a]); return;
      case 0xa8: case 0xa9: case 0xaa: case 0xab: {
        const x = this.val(a);
        const d = this.pushVar(I32);
        const range = op === 0xa8 || op === 0xaa ? 'x > -2147483649 && x < 2147483648' : 'x > -1 && x < 4294967296';
        this.emit('x = ' + x + '; if (!(' + range + ')) T(x !== x ? ' + Trap.InvalidConversionToInteger + ' : ' + Trap.IntegerOverflow + '); ' + d + ' = x | 0;');
        return;
      }
      case 0xac: case 0xad: {
        const x = this.val(a);
        const d = this.pushVar(I64);
        this.emit(d + ' = ' + x + '; ' + this.vh(this.types.length - 1) + ' = ' + (op === 0xac ? d + ' >> 31;' : '0;'));
        return;
      }
      case 0xae: case 0xaf: case 0xb0: case 0xb1: {
        const x = this.val(a);
        const fn = op === 0xae || op === 0xb0 ? 'i64TruncS' : 'i64TruncU';
        const d = this.pushVar(I64);
        this.emit('t = ' + fn + '(X, 0, ' + x + '); if (t !== 0) T(t); ' + d + ' = X[0]; ' + this.vh(this.types.length - 1) + ' = X[1];');
        return;
      }
      case 0xb2: this.pushExpr(F32, toF32(this.val(a)), [a]); return;
      case 0xb3: this.pushExpr(F32, toF32('(' + this.val(a) + ' >>> 0)'), [a]); return;
      case 0xb4: this.pushExpr(F32, 'f32ConvertI64S(' + this.lo(a) + ', ' + this.hi(a) + ')', [a]); return;
      case 0xb5: this.pushExpr(F32, 'f32ConvertI64U(' + this.lo(a) + ', ' + this.hi(a) + ')', [a]); return;
      case 0xb6: this.pushExpr(F32, toF32(this.val(a)), [a]); return;
      case 0xb7: this.pushExpr(F64, this.val(a), [a]); return;
      case 0xb8: this.pushExpr(F64, '(' + this.val(a) + ' >>> 0)', [a]); return;
      case 0xb9: this.pushExpr(F64, 'f64ConvertI64S(' + this.lo(a) + ', ' + this.hi(a) + ')', [a]); return;
      case 0xba: this.pushExpr(F64, 'f64ConvertI64U(' + this.lo(a) + ', ' + this.hi(a) + ')', [a]); return;
      case 0xbb: {
        // promotion quiets a signalling NaN (x + x); other values are already exact doubles
        const x = this.val(a);
        const d = this.pushVar(F64);
        this.emit(d + ' = ' + x + '; if (' + d + ' !== ' + d + ') ' + d + ' = ' + d + ' + ' + d + ';');
        return;
      }
      case 0xbc: {
        const x = this.val(a);
        const d = this.pushVar(I32);
        this.emit('x = ' + x + '; FB[0] = x; ' + d + ' = x === x ? IB[0] : NANB(x);');
        return;
      }
      case 0xbd: {
        const x = this.val(a);
        const d = this.pushVar(I64);
        this.emit('DB[0] = ' + x + '; ' + d + ' = DI[0]; ' + this.vh(this.types.length - 1) + ' = DI[1];');
        return;
      }
      case 0xbe: {
        const x = this.val(a);
        const d = this.pushVar(F32);
        this.emit('t = ' + x + '; IB[0] = t; ' + d + ' = FB[0]; if (' + d + ' !== ' + d + ') ' + d + ' = NANF(t);');
        return;
      }
      case 0xbf: {
        const lo = this.lo(a), hi = this.hi(a);
        const d = this.pushVar(F64);
        this.emit('DI[0] = ' + lo + '; DI[1] = ' + hi + '; ' + d + ' = DB[0];');
        return;
      }
      case 0xc0: this.pushExpr(I32, '(' + this.val(a) + ' << 24 >> 24)', [a]); return;
      case 0xc1: this.pushExpr(I32, '(' + this.val(a) + ' << 16 >> 16)', [a]); return;
      default: { // 0xc2..0xc4: i64.extend8_s, extend16_s, extend32_s
        const shift = op === 0xc2 ? 24 : op === 0xc3 ? 16 : 0;
        const x = this.lo(a);
        const d = this.pushVar(I64);
        this.emit(d + ' = ' + x + (shift !== 0 ? ' << ' + shift + ' >> ' + shift : '') + '; ' + this.vh(this.types.length - 1) + ' = ' + d + ' >> 31;');
        return;
      }
    }
  }
}
