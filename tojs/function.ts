// The JS tier, part 1: one wasm function body -> the source text of one JS function.
//
// The body has been validated already (by the core's compiler, or at load in lazy mode), so this
// only tracks what it needs to write JS: the type of each operand stack position and the control
// frames. Every stack position k is a JS variable `s{k}` (and `h{k}` for the high half of an i64),
// every local i is `l{i}` (`m{i}`), so each wasm instruction becomes a statement over fixed
// variables, and the engine's optimizing compiler does the register allocation. Blocks become
// labelled blocks, loops labelled `for (;;)` loops, `if` a labelled `if`; a branch copies its
// values to the target's stack positions and then `break`s or `continue`s.
//
// Values (the "raw" convention, shared with instance.ts): i32 a JS int32; i64 two int32 halves
// (lo, hi); f32 and f64 a JS number (an f32's value is exact in a double; arithmetic rounds with
// Math.fround). A NaN keeps its payload in the double's (an f32 NaN's payload in the top bits, as
// promotion places it), which V8 preserves through moves and calls, so where bits become values
// (loads, reinterpret, globals, constants) and back, NaNs take a slower exact path (NANF/NANB);
// that is why only the Node bundle turns the tier on. References are as in the core (null, a
// FuncInst, any value).
// A function takes its parameters in order (an i64 as two arguments) and returns its one result
// (an i64's high half in RT.h); with several results it returns nothing and leaves them in RT.r
// (an i64 as two entries).
//
// What it leaves to others: the names it uses (helpers, tables, memories, globals, callees) are
// bound by tojs/instance.ts; validation is the core's.
import { Reader } from '../core/binary/reader';
import { Module, ValType } from '../core/module';
import { Trap } from '../core/errors';
import { skipImmediates } from '../core/compile/opcodes';

/** Thrown for anything this tier does not translate; the function then stays in the interpreter. */
export class Unsupported extends Error {}

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
  /** For an `if`: the height its parameters had, for the else branch. */
  elseSeen: boolean;
}

/** What a compiled function needs from its instance, reported to instance.ts. */
export interface FunctionUse {
  memory: boolean;
  /** Float constants whose bits a literal cannot carry (NaNs), as [lo, hi] pairs; index = CF slot. */
  f64Consts: number[];
}

const I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64;

/** Float64 scratch for turning f64 constant bits into literals at compile time. */
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

/** Marks an f32 NaN in FunctionUse.f64Consts: the pair is (f32 bits, F32_NAN). */
export const F32_NAN = 0x7ff80001;

function f64Literal(x: number): string {
  if (x === 0) return 1 / x < 0 ? '-0' : '0';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/**
 * The JS source of defined function `index` (module function index) as a function declaration
 * named `f{index}`. `use` collects what the function needs. Throws Unsupported.
 */
export function functionSource(module: Module, index: number, use: FunctionUse): string {
  return new FunctionWriter(module, index, use).write();
}

class FunctionWriter {
  module: Module;
  index: number;
  use: FunctionUse;
  r: Reader;
  out: string[];
  types: number[];
  frames: Frame[];
  maxHeight: number;
  labels: number;
  localTypes: number[];
  results: number[];

  constructor(module: Module, index: number, use: FunctionUse) {
    this.module = module;
    this.index = index;
    this.use = use;
    const body = module.codes[index - module.numImportedFuncs];
    this.r = new Reader(module.bytes, body.start, body.end);
    this.out = [];
    this.types = [];
    this.frames = [];
    this.maxHeight = 0;
    this.labels = 0;
    this.localTypes = [];
    this.results = [];
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
    this.frames.push({ kind: Kind.Func, label: 'L0', height: 0, params: [], results: type.results, dead: false, elseSeen: false });
    this.labels = 1;
    this.body();
    const vars: string[] = ['e = 0', 't = 0', 'x = 0', 'c = null'];
    for (let k = 0; k < this.maxHeight; k++) vars.push('s' + k + ' = 0', 'h' + k + ' = 0');
    let head = 'function f' + this.index + '(' + params.join(', ') + ') {\n';
    head += '  var ' + vars.concat(decls).join(', ') + ';\n';
    if (this.use.memory) head += '  var U8 = M0.u8, DV = M0.view, ML = U8.length;\n';
    return head + this.out.join('\n') + '\n}\n';
  }

  // ---- the operand stack ----

  push(t: number): number {
    const k = this.types.length;
    this.types.push(t);
    if (k + 1 > this.maxHeight) this.maxHeight = k + 1;
    return k;
  }

  pop(): number {
    this.types.pop();
    return this.types.length;
  }

  emit(line: string): void {
    this.out.push('  ' + line);
  }

  /** Copies the `n` values on top of the stack (types `ts`) to positions from `to`. */
  copyTop(ts: number[], to: number): void {
    const n = ts.length;
    const from = this.types.length - n;
    if (from === to) return;
    for (let i = 0; i < n; i++) {
      this.emit('s' + (to + i) + ' = s' + (from + i) + ';');
      if (ts[i] === I64) this.emit('h' + (to + i) + ' = h' + (from + i) + ';');
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
      this.emit('return;');
    } else if (rs.length === 1) {
      if (rs[0] === I64) this.emit('RT.h = h' + from + ';');
      this.emit('return s' + from + ';');
    } else {
      let j = 0;
      for (let i = 0; i < rs.length; i++) {
        this.emit('R[' + j++ + '] = s' + (from + i) + ';');
        if (rs[i] === I64) this.emit('R[' + j++ + '] = h' + (from + i) + ';');
      }
      this.emit('return;');
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
      params: bt.params, results: bt.results, dead: false, elseSeen: false,
    };
    this.frames.push(f);
    return f;
  }

  /** Resets the stack to `height` plus the types `ts`. */
  resetStack(height: number, ts: number[]): void {
    this.types.length = height;
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
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
      const op = top.dead ? this.skipDead() : r.u8();
      if (op === 0x0b) {
        const f = this.frames.pop()!;
        this.resetStack(f.height, f.results);
        if (f.kind === Kind.Func) {
          if (!f.dead) this.ret();
          return;
        }
        if (f.kind === Kind.Loop) this.emit('break; }');
        else this.emit('}');
        continue;
      }
      if (op === 0x05) {
        // else: the then-branch falls through to the end of the `if`.
        this.resetStack(top.height, top.params);
        top.dead = false;
        top.elseSeen = true;
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
        const f = this.enter(Kind.Block, this.blockType());
        this.emit(f.label + ': {');
        return;
      }
      case 0x03: {
        const f = this.enter(Kind.Loop, this.blockType());
        this.emit(f.label + ': for (;;) {');
        return;
      }
      case 0x04: {
        const bt = this.blockType();
        const c = this.pop();
        const f = this.enter(Kind.If, bt);
        this.emit(f.label + ': if (s' + c + ' !== 0) {');
        return;
      }
      case 0x0c:
        this.branch(r.u32());
        top.dead = true;
        return;
      case 0x0d: {
        const depth = r.u32();
        const c = this.pop();
        this.emit('if (s' + c + ' !== 0) {');
        this.branch(depth);
        this.emit('}');
        return;
      }
      case 0x0e: {
        const n = r.u32();
        const targets: number[] = [];
        for (let i = 0; i < n; i++) targets.push(r.u32());
        const def = r.u32();
        const c = this.pop();
        this.emit('switch (s' + c + ') {');
        for (let i = 0; i < n; i++) {
          // Consecutive cases with one target share its statements.
          this.emit('case ' + i + ':');
          if (i + 1 < n && targets[i + 1] === targets[i]) continue;
          this.branch(targets[i]);
        }
        this.emit('default:');
        this.branch(def);
        this.emit('}');
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
        const a = this.types.length - 1;
        const t = this.types[a];
        if (t === I64) this.emit('if (s' + c + ' === 0) { s' + a + ' = s' + b + '; h' + a + ' = h' + b + '; }');
        else this.emit('if (s' + c + ' === 0) s' + a + ' = s' + b + ';');
        return;
      }
      case 0x20: {
        const i = r.u32();
        const t = this.localTypes[i];
        const d = this.push(t);
        this.emit('s' + d + ' = l' + i + ';' + (t === I64 ? ' h' + d + ' = m' + i + ';' : ''));
        return;
      }
      case 0x21:
      case 0x22: {
        const i = r.u32();
        const t = this.localTypes[i];
        const a = op === 0x21 ? this.pop() : this.types.length - 1;
        this.emit('l' + i + ' = s' + a + ';' + (t === I64 ? ' m' + i + ' = h' + a + ';' : ''));
        return;
      }
      case 0x23: {
        const g = r.u32();
        const t = this.module.globals[g].type;
        const d = this.push(t);
        if (t === I64) this.emit('s' + d + ' = G' + g + '[0]; h' + d + ' = G' + g + '[1];');
        else if (t === F64) this.emit('s' + d + ' = GF' + g + '[0];');
        else if (t === F32) this.emit('s' + d + ' = GS' + g + '[0]; if (s' + d + ' !== s' + d + ') s' + d + ' = NANF(G' + g + '[0]);');
        else if (t === I32) this.emit('s' + d + ' = G' + g + '[0];');
        else this.emit('s' + d + ' = GI' + g + '.ref;');
        return;
      }
      case 0x24: {
        const g = r.u32();
        const t = this.module.globals[g].type;
        const a = this.pop();
        if (t === I64) this.emit('G' + g + '[0] = s' + a + '; G' + g + '[1] = h' + a + ';');
        else if (t === F64) this.emit('GF' + g + '[0] = s' + a + ';');
        else if (t === F32) this.emit('if (s' + a + ' === s' + a + ') GS' + g + '[0] = s' + a + '; else G' + g + '[0] = NANB(s' + a + ');');
        else if (t === I32) this.emit('G' + g + '[0] = s' + a + ';');
        else this.emit('GI' + g + '.ref = s' + a + ';');
        return;
      }
      case 0x25: {
        const x = r.u32();
        const i = this.pop();
        const d = this.push(this.module.tables[x].elem);
        this.emit('c = TB' + x + '.elements; if ((s' + i + ' >>> 0) >= c.length) T(' + Trap.OutOfBoundsTableAccess + '); s' + d + ' = c[s' + i + ' >>> 0];');
        return;
      }
      case 0x26: {
        const x = r.u32();
        const v = this.pop();
        const i = this.pop();
        this.emit('c = TB' + x + '.elements; if ((s' + i + ' >>> 0) >= c.length) T(' + Trap.OutOfBoundsTableAccess + '); c[s' + i + ' >>> 0] = s' + v + ';');
        return;
      }
      case 0x3f: {
        r.u8();
        const d = this.push(I32);
        this.use.memory = true;
        this.emit('s' + d + ' = M0.pages;');
        return;
      }
      case 0x40: {
        r.u8();
        this.use.memory = true;
        const a = this.types.length - 1;
        this.emit('s' + a + ' = M0.grow(s' + a + ' >>> 0, PAGES()); ' + this.refresh());
        return;
      }
      case 0x41: {
        const v = r.s32();
        this.emit('s' + this.push(I32) + ' = ' + v + ';');
        return;
      }
      case 0x42: {
        const lo = r.s64();
        const hi = r.hi;
        const d = this.push(I64);
        this.emit('s' + d + ' = ' + lo + '; h' + d + ' = ' + hi + ';');
        return;
      }
      case 0x43: {
        const bits = r.bits32();
        const x = f32FromBits(bits);
        const d = this.push(F32);
        if (x !== x) {
          // CF holds the double form of the NaN (instance.ts converts the f32 bits).
          const k = this.use.f64Consts.length >> 1;
          this.use.f64Consts.push(bits, F32_NAN);
          this.emit('s' + d + ' = CF[' + k + '];');
        } else {
          this.emit('s' + d + ' = ' + f64Literal(x) + ';');
        }
        return;
      }
      case 0x44: {
        const lo = r.bits32();
        const hi = r.bits32();
        const x = f64FromBits(lo, hi);
        const d = this.push(F64);
        if (x !== x) {
          const k = this.use.f64Consts.length >> 1;
          this.use.f64Consts.push(lo, hi);
          this.emit('s' + d + ' = CF[' + k + '];');
        } else {
          this.emit('s' + d + ' = ' + f64Literal(x) + ';');
        }
        return;
      }
      case 0xd0: {
        const t = r.u8();
        this.emit('s' + this.push(t) + ' = null;');
        return;
      }
      case 0xd1: {
        const a = this.pop();
        this.emit('s' + this.push(I32) + ' = s' + a + ' === null ? 1 : 0;');
        return;
      }
      case 0xd2: {
        const x = r.u32();
        this.emit('s' + this.push(ValType.FuncRef) + ' = FN[' + x + '];');
        return;
      }
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
    return this.use.memory ? 'U8 = M0.u8; DV = M0.view; ML = U8.length;' : '';
  }

  /** The argument list of a call whose `n` arguments (types `ts`) are on top of the stack; pops them. */
  args(ts: number[]): string {
    const base = this.types.length - ts.length;
    const list: string[] = [];
    for (let i = 0; i < ts.length; i++) {
      list.push('s' + (base + i));
      if (ts[i] === I64) list.push('h' + (base + i));
    }
    this.types.length = base;
    return list.join(', ');
  }

  /** Statements that take the results of type `rs` of the call expression `call`. */
  takeResults(call: string, rs: number[]): void {
    if (rs.length === 0) {
      this.emit(call + ';');
    } else if (rs.length === 1) {
      const d = this.push(rs[0]);
      this.emit('s' + d + ' = ' + call + ';' + (rs[0] === I64 ? ' h' + d + ' = RT.h;' : ''));
    } else {
      this.emit(call + ';');
      let j = 0;
      const parts: string[] = [];
      for (let i = 0; i < rs.length; i++) {
        const d = this.push(rs[i]);
        parts.push('s' + d + ' = R[' + j++ + '];');
        if (rs[i] === I64) parts.push('h' + d + ' = R[' + j++ + '];');
      }
      this.emit(parts.join(' '));
    }
    // The callee may have grown the memory (views) or anything else shared.
    const again = this.refresh();
    if (again !== '') this.emit(again);
  }

  call(x: number): void {
    const m = this.module;
    const ft = m.types[m.funcTypes[x]];
    // Memory views are re-read after every call, so a function that calls uses them.
    this.use.memory = this.use.memory || m.memories.length > 0;
    const a = this.args(ft.params);
    this.takeResults('f' + x + '(' + a + ')', ft.results);
  }

  callIndirect(typeIndex: number, table: number): void {
    const ft = this.module.types[typeIndex];
    this.use.memory = this.use.memory || this.module.memories.length > 0;
    const i = this.pop();
    const si = 's' + i;
    this.emit('c = TB' + table + '.elements; if ((' + si + ' >>> 0) >= c.length) T(' + Trap.UndefinedElement + ', ' + si + '); c = c[' + si + ' >>> 0];');
    this.emit('if (c === null) T(' + Trap.UninitializedElement + ', ' + si + '); if (c.type.sig !== SIG' + typeIndex + ') T(' + Trap.IndirectCallTypeMismatch + ');');
    const a = this.args(ft.params);
    this.takeResults('(c.raw || RAW(c))(' + a + ')', ft.results);
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
    const size = accessSize(op);
    const check = 'e = (s' + a + ' >>> 0) + ' + offset + '; if (e > ML - ' + size + ') T(' + Trap.OutOfBoundsMemoryAccess + ');';
    if (isStore) {
      const sv = 's' + v;
      let st: string;
      switch (op) {
        case 0x36: case 0x3e: st = 'DV.setInt32(e, ' + sv + ', true);'; break;
        case 0x38: st = 'if (' + sv + ' === ' + sv + ') DV.setFloat32(e, ' + sv + ', true); else DV.setInt32(e, NANB(' + sv + '), true);'; break;
        case 0x37: st = 'DV.setInt32(e, ' + sv + ', true); DV.setInt32(e + 4, h' + v + ', true);'; break;
        case 0x39: st = 'DV.setFloat64(e, ' + sv + ', true);'; break;
        case 0x3a: case 0x3c: st = 'U8[e] = ' + sv + ';'; break;
        default: st = 'DV.setInt16(e, ' + sv + ', true);'; break; // 0x3b, 0x3d
      }
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
      case 0x2c: t = I32; ld = '(U8[e] << 24 >> 24)'; break;
      case 0x2d: t = I32; ld = 'U8[e]'; break;
      case 0x2e: t = I32; ld = 'DV.getInt16(e, true)'; break;
      case 0x2f: t = I32; ld = 'DV.getUint16(e, true)'; break;
      case 0x30: t = I64; ld = '(U8[e] << 24 >> 24)'; hi = 'SIGN'; break;
      case 0x31: t = I64; ld = 'U8[e]'; hi = '0'; break;
      case 0x32: t = I64; ld = 'DV.getInt16(e, true)'; hi = 'SIGN'; break;
      case 0x33: t = I64; ld = 'DV.getUint16(e, true)'; hi = '0'; break;
      case 0x34: t = I64; ld = 'DV.getInt32(e, true)'; hi = 'SIGN'; break;
      default: t = I64; ld = 'DV.getInt32(e, true)'; hi = '0'; break; // 0x35
    }
    const d = this.push(t);
    let line = check + ' s' + d + ' = ' + ld + ';';
    if (hi === 'SIGN') line += ' h' + d + ' = s' + d + ' >> 31;';
    else if (hi === 'NAN') line += ' if (s' + d + ' !== s' + d + ') s' + d + ' = NANF(DV.getInt32(e, true));';
    else if (hi !== '') line += ' h' + d + ' = ' + hi + ';';
    this.emit(line);
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
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit('t = memoryInit(INST, M0, ' + seg + ', s' + d + ' >>> 0, s' + s + ' >>> 0, s' + n + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 9:
        this.emit('INST.dataLive[' + r.u32() + '] = 0;');
        return;
      case 10: { // memory.copy
        r.u8();
        r.u8();
        this.use.memory = true;
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit('t = memoryCopy(M0, s' + d + ' >>> 0, s' + s + ' >>> 0, s' + n + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 11: { // memory.fill
        r.u8();
        this.use.memory = true;
        const n = this.pop(), v = this.pop(), d = this.pop();
        this.emit('t = memoryFill(M0, s' + d + ' >>> 0, s' + v + ', s' + n + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 12: { // table.init
        const seg = r.u32();
        const x = r.u32();
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit('t = tableInit(INST, TB' + x + ', ' + seg + ', s' + d + ' >>> 0, s' + s + ' >>> 0, s' + n + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 13:
        this.emit('INST.elems[' + r.u32() + '] = [];');
        return;
      case 14: { // table.copy
        const x = r.u32();
        const y = r.u32();
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit('t = tableCopy(TB' + x + ', TB' + y + ', s' + d + ' >>> 0, s' + s + ' >>> 0, s' + n + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      case 15: { // table.grow
        const x = r.u32();
        const n = this.pop();
        const v = this.pop();
        const d = this.push(I32);
        this.emit('s' + d + ' = TB' + x + '.grow(s' + n + ' >>> 0, s' + v + ', TABLE_LIMIT());');
        return;
      }
      case 16: { // table.size
        const x = r.u32();
        this.emit('s' + this.push(I32) + ' = TB' + x + '.elements.length;');
        return;
      }
      case 17: { // table.fill
        const x = r.u32();
        const n = this.pop(), v = this.pop(), d = this.pop();
        this.emit('t = tableFill(TB' + x + ', s' + d + ' >>> 0, s' + v + ', s' + n + ' >>> 0); if (t !== 0) T(t);');
        return;
      }
      default:
        throw new Unsupported('opcode 0xfc ' + sub);
    }
  }

  /** i32/i64.trunc_sat_f32/f64_s/u (0xfc 0..7). */
  truncSat(sub: number): void {
    const a = this.pop();
    const x = 's' + a;
    const signed = (sub & 1) === 0;
    if (sub < 4) {
      const d = this.push(I32);
      this.emit('s' + d + ' = ' + (signed ? 'i32TruncSatS(' : 'i32TruncSatU(') + x + ');');
    } else {
      const d = this.push(I64);
      this.emit((signed ? 'i64TruncSatS(X, 0, ' : 'i64TruncSatU(X, 0, ') + x + '); s' + d + ' = X[0]; h' + d + ' = X[1];');
    }
  }

  numeric(op: number): void {
    if (op === 0x45) {
      const a = this.pop();
      this.emit('s' + this.push(I32) + ' = s' + a + ' === 0 ? 1 : 0;');
      return;
    }
    if (op === 0x50) {
      const a = this.pop();
      this.emit('s' + this.push(I32) + ' = (s' + a + ' | h' + a + ') === 0 ? 1 : 0;');
      return;
    }
    if (op <= 0x4f) { this.i32Compare(op); return; }
    if (op <= 0x5a) { this.i64Compare(op); return; }
    if (op <= 0x66) { this.floatCompare(op); return; }
    if (op <= 0x78) { this.i32Arith(op); return; }
    if (op <= 0x8a) { this.i64Arith(op); return; }
    if (op <= 0x98) { this.f32Arith(op); return; }
    if (op <= 0xa6) { this.f64Arith(op); return; }
    this.conversion(op);
  }

  i32Compare(op: number): void {
    const b = this.pop();
    const a = this.pop();
    const sa = 's' + a, sb = 's' + b;
    let e: string;
    switch (op) {
      case 0x46: e = sa + ' === ' + sb; break;
      case 0x47: e = sa + ' !== ' + sb; break;
      case 0x48: e = sa + ' < ' + sb; break;
      case 0x49: e = '(' + sa + ' >>> 0) < (' + sb + ' >>> 0)'; break;
      case 0x4a: e = sa + ' > ' + sb; break;
      case 0x4b: e = '(' + sa + ' >>> 0) > (' + sb + ' >>> 0)'; break;
      case 0x4c: e = sa + ' <= ' + sb; break;
      case 0x4d: e = '(' + sa + ' >>> 0) <= (' + sb + ' >>> 0)'; break;
      case 0x4e: e = sa + ' >= ' + sb; break;
      default: e = '(' + sa + ' >>> 0) >= (' + sb + ' >>> 0)'; break; // 0x4f
    }
    this.emit('s' + this.push(I32) + ' = ' + e + ' ? 1 : 0;');
  }

  i64Compare(op: number): void {
    const b = this.pop();
    const a = this.pop();
    const lo = (s: string): string => '(' + s + ' >>> 0)';
    const al = 's' + a, ah = 'h' + a, bl = 's' + b, bh = 'h' + b;
    let e: string;
    switch (op) {
      case 0x51: e = al + ' === ' + bl + ' && ' + ah + ' === ' + bh; break;
      case 0x52: e = al + ' !== ' + bl + ' || ' + ah + ' !== ' + bh; break;
      case 0x53: e = ah + ' < ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' < ' + lo(bl) + ')'; break;
      case 0x54: e = lo(ah) + ' < ' + lo(bh) + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' < ' + lo(bl) + ')'; break;
      case 0x55: e = ah + ' > ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' > ' + lo(bl) + ')'; break;
      case 0x56: e = lo(ah) + ' > ' + lo(bh) + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' > ' + lo(bl) + ')'; break;
      case 0x57: e = ah + ' < ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' <= ' + lo(bl) + ')'; break;
      case 0x58: e = lo(ah) + ' < ' + lo(bh) + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' <= ' + lo(bl) + ')'; break;
      case 0x59: e = ah + ' > ' + bh + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' >= ' + lo(bl) + ')'; break;
      default: e = lo(ah) + ' > ' + lo(bh) + ' || (' + ah + ' === ' + bh + ' && ' + lo(al) + ' >= ' + lo(bl) + ')'; break; // 0x5a
    }
    this.emit('s' + this.push(I32) + ' = (' + e + ') ? 1 : 0;');
  }

  floatCompare(op: number): void {
    const b = this.pop();
    const a = this.pop();
    const k = op <= 0x60 ? op - 0x5b : op - 0x61;
    const cmp = ['===', '!==', '<', '>', '<=', '>='][k];
    this.emit('s' + this.push(I32) + ' = s' + a + ' ' + cmp + ' s' + b + ' ? 1 : 0;');
  }

  i32Arith(op: number): void {
    if (op <= 0x69) {
      const a = this.pop();
      const d = this.push(I32);
      const fn = op === 0x67 ? 'clz32' : op === 0x68 ? 'ctz32' : 'popcnt32';
      this.emit('s' + d + ' = ' + fn + '(s' + a + ');');
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const d = this.push(I32);
    const sa = 's' + a, sb = 's' + b, sd = 's' + d;
    switch (op) {
      case 0x6a: this.emit(sd + ' = (' + sa + ' + ' + sb + ') | 0;'); return;
      case 0x6b: this.emit(sd + ' = (' + sa + ' - ' + sb + ') | 0;'); return;
      case 0x6c: this.emit(sd + ' = imul(' + sa + ', ' + sb + ');'); return;
      case 0x6d:
        this.emit('if (' + sb + ' === 0) T(' + Trap.IntegerDivideByZero + '); if (' + sb + ' === -1 && ' + sa + ' === -2147483648) T(' + Trap.IntegerOverflow + '); ' + sd + ' = (' + sa + ' / ' + sb + ') | 0;');
        return;
      case 0x6e:
        this.emit('if (' + sb + ' === 0) T(' + Trap.IntegerDivideByZero + '); ' + sd + ' = ((' + sa + ' >>> 0) / (' + sb + ' >>> 0)) | 0;');
        return;
      case 0x6f:
        this.emit('if (' + sb + ' === 0) T(' + Trap.IntegerDivideByZero + '); ' + sd + ' = (' + sa + ' % ' + sb + ') | 0;');
        return;
      case 0x70:
        this.emit('if (' + sb + ' === 0) T(' + Trap.IntegerDivideByZero + '); ' + sd + ' = ((' + sa + ' >>> 0) % (' + sb + ' >>> 0)) | 0;');
        return;
      case 0x71: this.emit(sd + ' = ' + sa + ' & ' + sb + ';'); return;
      case 0x72: this.emit(sd + ' = ' + sa + ' | ' + sb + ';'); return;
      case 0x73: this.emit(sd + ' = ' + sa + ' ^ ' + sb + ';'); return;
      case 0x74: this.emit(sd + ' = ' + sa + ' << ' + sb + ';'); return;
      case 0x75: this.emit(sd + ' = ' + sa + ' >> ' + sb + ';'); return;
      case 0x76: this.emit(sd + ' = (' + sa + ' >>> ' + sb + ') | 0;'); return;
      case 0x77: this.emit(sd + ' = (' + sa + ' << ' + sb + ') | (' + sa + ' >>> (32 - ' + sb + '));'); return;
      default: this.emit(sd + ' = (' + sa + ' >>> ' + sb + ') | (' + sa + ' << (32 - ' + sb + '));'); return; // 0x78
    }
  }

  /** An i64 helper of core/exec/i64.ts through the scratch words X (a at 0, b at 2, result at 4). */
  i64Helper(fn: string, a: number, b: number, traps: boolean): string {
    let s = 'X[0] = s' + a + '; X[1] = h' + a + '; ';
    if (b >= 0) s += 'X[2] = s' + b + '; X[3] = h' + b + '; ';
    s += (traps ? 't = ' : '') + fn + '(X, 4, 0' + (b >= 0 ? ', 2' : '') + ');';
    if (traps) s += ' if (t !== 0) T(t);';
    return s;
  }

  i64Arith(op: number): void {
    if (op <= 0x7b) {
      const a = this.pop();
      const d = this.push(I64);
      const fn = op === 0x79 ? 'i64Clz' : op === 0x7a ? 'i64Ctz' : 'i64Popcnt';
      this.emit(this.i64Helper(fn, a, -1, false) + ' s' + d + ' = X[4]; h' + d + ' = X[5];');
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const d = this.push(I64);
    const al = 's' + a, ah = 'h' + a, bl = 's' + b, bh = 'h' + b, dl = 's' + d, dh = 'h' + d;
    switch (op) {
      case 0x7c:
        this.emit('t = (' + al + ' + ' + bl + ') | 0; ' + dh + ' = (' + ah + ' + ' + bh + ' + ((t >>> 0) < (' + al + ' >>> 0) ? 1 : 0)) | 0; ' + dl + ' = t;');
        return;
      case 0x7d:
        this.emit('t = (' + al + ' - ' + bl + ') | 0; ' + dh + ' = (' + ah + ' - ' + bh + ' - ((' + al + ' >>> 0) < (' + bl + ' >>> 0) ? 1 : 0)) | 0; ' + dl + ' = t;');
        return;
      case 0x83: this.emit(dl + ' = ' + al + ' & ' + bl + '; ' + dh + ' = ' + ah + ' & ' + bh + ';'); return;
      case 0x84: this.emit(dl + ' = ' + al + ' | ' + bl + '; ' + dh + ' = ' + ah + ' | ' + bh + ';'); return;
      case 0x85: this.emit(dl + ' = ' + al + ' ^ ' + bl + '; ' + dh + ' = ' + ah + ' ^ ' + bh + ';'); return;
    }
    const helpers: { [op: number]: string } = {
      0x7e: 'i64Mul', 0x7f: 'i64DivS', 0x80: 'i64DivU', 0x81: 'i64RemS', 0x82: 'i64RemU',
      0x86: 'i64Shl', 0x87: 'i64ShrS', 0x88: 'i64ShrU', 0x89: 'i64Rotl', 0x8a: 'i64Rotr',
    };
    const traps = op >= 0x7f && op <= 0x82;
    this.emit(this.i64Helper(helpers[op], a, b, traps) + ' ' + dl + ' = X[4]; ' + dh + ' = X[5];');
  }

  f32Arith(op: number): void {
    if (op <= 0x91) {
      const a = this.pop();
      const d = this.push(F32);
      const sa = 's' + a, sd = 's' + d;
      switch (op) {
        case 0x8b: this.emit(signBits(sa, sd, 'DI[1] &= 2147483647;')); return;
        case 0x8c: this.emit(signBits(sa, sd, 'DI[1] ^= -2147483648;')); return;
        case 0x91: this.emit(sd + ' = fround(Math.sqrt(' + sa + '));'); return;
      }
      const fn = op === 0x8d ? 'ceil' : op === 0x8e ? 'floor' : op === 0x8f ? 'trunc' : 'nearest';
      this.emit(sd + ' = ' + fn + '(' + sa + ');');
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const d = this.push(F32);
    const sa = 's' + a, sb = 's' + b, sd = 's' + d;
    switch (op) {
      case 0x92: this.emit(sd + ' = fround(' + sa + ' + ' + sb + ');'); return;
      case 0x93: this.emit(sd + ' = fround(' + sa + ' - ' + sb + ');'); return;
      case 0x94: this.emit(sd + ' = fround(' + sa + ' * ' + sb + ');'); return;
      case 0x95: this.emit(sd + ' = fround(' + sa + ' / ' + sb + ');'); return;
      case 0x96: this.emit(sd + ' = fmin(' + sa + ', ' + sb + ');'); return;
      case 0x97: this.emit(sd + ' = fmax(' + sa + ', ' + sb + ');'); return;
      default: this.emit(copySign(sa, sb, sd)); return; // 0x98
    }
  }

  f64Arith(op: number): void {
    if (op <= 0x9f) {
      const a = this.pop();
      const d = this.push(F64);
      const sa = 's' + a, sd = 's' + d;
      switch (op) {
        // neg and abs are bit operations, so that NaN payloads pass (V8's -x multiplies by -1).
        case 0x99: this.emit(signBits(sa, sd, 'DI[1] &= 2147483647;')); return;
        case 0x9a: this.emit(signBits(sa, sd, 'DI[1] ^= -2147483648;')); return;
        case 0x9f: this.emit(sd + ' = Math.sqrt(' + sa + ');'); return;
      }
      const fn = op === 0x9b ? 'ceil' : op === 0x9c ? 'floor' : op === 0x9d ? 'trunc' : 'nearest';
      this.emit(sd + ' = ' + fn + '(' + sa + ');');
      return;
    }
    const b = this.pop();
    const a = this.pop();
    const d = this.push(F64);
    const sa = 's' + a, sb = 's' + b, sd = 's' + d;
    switch (op) {
      case 0xa0: this.emit(sd + ' = ' + sa + ' + ' + sb + ';'); return;
      case 0xa1: this.emit(sd + ' = ' + sa + ' - ' + sb + ';'); return;
      case 0xa2: this.emit(sd + ' = ' + sa + ' * ' + sb + ';'); return;
      case 0xa3: this.emit(sd + ' = ' + sa + ' / ' + sb + ';'); return;
      case 0xa4: this.emit(sd + ' = fmin(' + sa + ', ' + sb + ');'); return;
      case 0xa5: this.emit(sd + ' = fmax(' + sa + ', ' + sb + ');'); return;
      default: this.emit(copySign(sa, sb, sd)); return; // 0xa6
    }
  }

  conversion(op: number): void {
    const a = this.pop();
    const sa = 's' + a, ha = 'h' + a;
    switch (op) {
      case 0xa7: this.emit('s' + this.push(I32) + ' = ' + sa + ';'); return;
      case 0xa8: case 0xa9: case 0xaa: case 0xab: {
        const x = sa;
        const d = this.push(I32);
        if (op === 0xa8 || op === 0xaa) {
          this.emit('x = ' + x + '; if (!(x > -2147483649 && x < 2147483648)) T(x !== x ? ' + Trap.InvalidConversionToInteger + ' : ' + Trap.IntegerOverflow + '); s' + d + ' = x | 0;');
        } else {
          this.emit('x = ' + x + '; if (!(x > -1 && x < 4294967296)) T(x !== x ? ' + Trap.InvalidConversionToInteger + ' : ' + Trap.IntegerOverflow + '); s' + d + ' = x | 0;');
        }
        return;
      }
      case 0xac: { const d = this.push(I64); this.emit('s' + d + ' = ' + sa + '; h' + d + ' = ' + sa + ' >> 31;'); return; }
      case 0xad: { const d = this.push(I64); this.emit('s' + d + ' = ' + sa + '; h' + d + ' = 0;'); return; }
      case 0xae: case 0xaf: case 0xb0: case 0xb1: {
        const x = sa;
        const fn = op === 0xae || op === 0xb0 ? 'i64TruncS' : 'i64TruncU';
        const d = this.push(I64);
        this.emit('t = ' + fn + '(X, 0, ' + x + '); if (t !== 0) T(t); s' + d + ' = X[0]; h' + d + ' = X[1];');
        return;
      }
      case 0xb2: this.emit('s' + this.push(F32) + ' = fround(' + sa + ');'); return;
      case 0xb3: this.emit('s' + this.push(F32) + ' = fround(' + sa + ' >>> 0);'); return;
      case 0xb4: this.emit('s' + this.push(F32) + ' = f32ConvertI64S(' + sa + ', ' + ha + ');'); return;
      case 0xb5: this.emit('s' + this.push(F32) + ' = f32ConvertI64U(' + sa + ', ' + ha + ');'); return;
      case 0xb6: this.emit('s' + this.push(F32) + ' = fround(' + sa + ');'); return;
      case 0xb7: this.emit('s' + this.push(F64) + ' = ' + sa + ';'); return;
      case 0xb8: this.emit('s' + this.push(F64) + ' = ' + sa + ' >>> 0;'); return;
      case 0xb9: this.emit('s' + this.push(F64) + ' = f64ConvertI64S(' + sa + ', ' + ha + ');'); return;
      case 0xba: this.emit('s' + this.push(F64) + ' = f64ConvertI64U(' + sa + ', ' + ha + ');'); return;
      // promotion quiets a signalling NaN (x + x); other values are already exact doubles
      case 0xbb: this.emit('if (' + sa + ' !== ' + sa + ') ' + sa + ' = ' + sa + ' + ' + sa + ';'); this.push(F64); return;
      case 0xbc: this.emit('FB[0] = ' + sa + '; s' + this.push(I32) + ' = ' + sa + ' === ' + sa + ' ? IB[0] : NANB(' + sa + ');'); return;
      case 0xbd: { const d = this.push(I64); this.emit('DB[0] = ' + sa + '; s' + d + ' = DI[0]; h' + d + ' = DI[1];'); return; }
      case 0xbe: this.emit('IB[0] = ' + sa + '; x = FB[0]; s' + this.push(F32) + ' = x === x ? x : NANF(' + sa + ');'); return;
      case 0xbf: this.emit('DI[0] = ' + sa + '; DI[1] = ' + ha + '; s' + this.push(F64) + ' = DB[0];'); return;
      case 0xc0: this.emit('s' + this.push(I32) + ' = ' + sa + ' << 24 >> 24;'); return;
      case 0xc1: this.emit('s' + this.push(I32) + ' = ' + sa + ' << 16 >> 16;'); return;
      case 0xc2: { const d = this.push(I64); this.emit('s' + d + ' = ' + sa + ' << 24 >> 24; h' + d + ' = s' + d + ' >> 31;'); return; }
      case 0xc3: { const d = this.push(I64); this.emit('s' + d + ' = ' + sa + ' << 16 >> 16; h' + d + ' = s' + d + ' >> 31;'); return; }
      default: { const d = this.push(I64); this.emit('h' + d + ' = ' + sa + ' >> 31;'); return; } // 0xc4
    }
  }
}

/** `d = a` with the sign bit of a's double changed by `op` on its high word (DI[1]): exact for NaNs. */
function signBits(a: string, d: string, op: string): string {
  return 'DB[0] = ' + a + '; ' + op + ' ' + d + ' = DB[0];';
}

/** `d = copysign(a, b)` on the doubles' bits (f32 values keep their sign in the double's sign bit). */
function copySign(a: string, b: string, d: string): string {
  return 'DB[0] = ' + b + '; t = DI[1] & -2147483648; DB[0] = ' + a + '; DI[1] = (DI[1] & 2147483647) | t; ' + d + ' = DB[0];';
}

/** Bytes accessed by load/store opcode 0x28..0x3e. */
function accessSize(op: number): number {
  switch (op) {
    case 0x29: case 0x2b: case 0x37: case 0x39: return 8;
    case 0x28: case 0x2a: case 0x34: case 0x35: case 0x36: case 0x38: case 0x3e: return 4;
    case 0x2e: case 0x2f: case 0x32: case 0x33: case 0x3b: case 0x3d: return 2;
    default: return 1;
  }
}
