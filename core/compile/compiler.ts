// The function-body compiler: in ONE pass over a body it decodes each instruction (malformed
// input throws CompileError), validates it with the spec's algorithm (validator.ts) and emits
// the register-style internal code of ops.ts. Operand stack position i lives in frame slot
// nlocals + i (word 2 * (nlocals + i)), so most instructions become one internal instruction
// with fixed frame offsets; blocks become forward jumps patched at their `end`, loops backward
// jumps (BR_BACK, BR_IF_BACK), and branches that carry values copy them to the label's height
// first. Code in unreachable positions is validated but not emitted.
// Two rewrites keep the code short without new opcodes: `local.get k` emits nothing and leaves an
// operand that aliases local k's slot (Validator.from), which consumers read directly; aliases
// are copied into their own slots ("materialized") before local k changes, before calls (the
// arguments), at block/loop/if starts (everything in the frame) and at else/end (the results);
// branches copy carried values straight from the aliased locals. And an instruction whose result
// is immediately stored by local.set/local.tee k writes local k's slot instead (its destination
// word is patched), unless a label or another alias of k is in the way.
// Two peepholes cut dispatches with extra opcodes: an i32 compare (or eqz) whose result only
// feeds the br_if/if right after it is taken back and fused into the branch (takeCompare,
// condBranch: BR_IF_I32_xx, BR_IF_BACK_I32_xx, BR_UNLESS_BACK), and an i32.const just emitted as
// an operand of an i32 add/sub/mul/and/or/xor/shift/rotate/compare becomes an immediate
// (immediate: I32_xx_IMM, then BR_IF_I32_xx_IMM when a branch consumes the compare); an
// I32_ADD_IMM (or I32_ADD) right before a branch back on its sum becomes a loop latch (latch:
// BR_IF_BACK_ADD*, BR_IF_BACK_ADDR*). An immediate form whose result only feeds the next
// instruction joins it (follows, takeImmediate): i32.shr_u then i32.and with a constant (a bit
// field, I32_SHR_U_AND_IMM) or i32.xor (I32_XOR_SHR_U_IMM), i32.shl then an i32/f32 load (an
// indexed load, I32_LOAD_SHL), i32.mul then i32.add of constants (I32_MUL_ADD_IMM); likewise an
// f64/f32 multiply feeding the add right after it (mulAdd: F64_MUL_ADD, F32_MUL_ADD; both still
// round twice).
// Two rewrites remove instructions: constants used in a loop get slots written before the
// outermost loop (hoist.ts; enterOuterLoop, hoisted), and a call to a small leaf function that
// is already compiled becomes a copy of its code (inlinable, inline).
// For trap backtraces, each emitted instruction that can trap or call gets a source map entry
// (CompiledFunc.srcMap: its code index and the wasm byte offset of its instruction).
// What it leaves to others: decoding the module (core/binary/decode.ts), module-level
// validation (core/valid/), running the code (core/exec/interpreter.ts).
import { Reader } from '../binary/reader';
import { compileError } from '../errors';
import { CompiledFunc, Module, ValType } from '../module';
import { Op, frameOperands, operandCount, packedLength, targetOperand } from './ops';
import {
  bodyEnded, isRefType, isReinterpret, isValueType, memoryAccessAlign, memoryAccessOp, memoryAccessType, numericSignature,
  skipInstructions, zeroByte,
} from './opcodes';
import { BLOCK_EMPTY, growI32, Kind, UNKNOWN, Validator } from './validator';
import { HoistList, scanLoopConstants, takesImmediate } from './hoist';
import { packCode, packedOp, packedOperand } from './pack';

/** Most locals (parameters included) a function may declare. */
export const MAX_LOCALS = 50000;

/** Compiles defined function `index` of `module`, stores it in module.compiled[index] and returns it. */
export function compileFunction(module: Module, index: number): CompiledFunc {
  if (scratch === null) scratch = new FuncCompiler();
  const compiled = scratch.compile(module, index);
  module.compiled[index] = compiled;
  return compiled;
}

/** The compiler's reusable buffers (created on first use: no module-level typed arrays). */
let scratch: FuncCompiler | null = null;

class FuncCompiler {
  v: Validator;
  r: Reader;
  /** Output buffer and the next free word. */
  code: Int32Array;
  pc: number;
  /** Opcode of the last emitted instruction (-1 = none). */
  lastOp: number;
  /** Code index of the destination word of the last emitted instruction when a local.set/tee right after it may retarget it (only d written, after its operands are read; no label since); else -1. */
  dstAt: number;
  /** Forward patch lists: node k is the code word patchPos[k], next node patchNext[k] (-1 ends). */
  patchPos: Int32Array;
  patchNext: Int32Array;
  npatch: number;
  /** Value type of each local (parameters first). */
  localTypes: Int32Array;
  nlocals: number;
  /** Loop latches (latch()): code index of the last I32_ADD_IMM emitted by immediate() or I32_ADD by numeric(), and a code index at or below which the last label was bound (at or after it when one was). */
  addAt: number;
  labelAt: number;
  /** Code index of the last instruction emitted by immediate() (follows()), or -1. */
  immAt: number;
  /** Code index of the last F64_MUL or F32_MUL emitted by numeric() (mulAdd()), or -1. */
  mulAt: number;
  /** Slot of operand stack position 0: after the locals and the hoisted constants. */
  stackBase: number;
  /** Constants hoisted out of loops (hoist.ts): the scan's list; index of the next outermost loop's entry; index of the current one's (-1 outside loops); loops open. */
  hoist: HoistList;
  hoistNext: number;
  hoistAt: number;
  loopDepth: number;
  /** br_table: the label depths being read. */
  labels: Int32Array;
  /** br_table stubs: stub code index per frame, valid when stubStamp[frame] === stamp. */
  stubPc: Int32Array;
  stubStamp: Int32Array;
  stamp: number;
  /** The i32 compare taken back by takeCompare for a fused branch: its index from Op.I32_EQ (0..9), EQZ (10), 11 + index from Op.I32_EQ_IMM, or -1; its operand words (cmpB: the value for the _IMM ones). */
  cmp: number;
  cmpA: number;
  cmpB: number;
  /** Source map being built: pairs (code index, wasm byte offset) of emitted instructions that can trap or call (see CompiledFunc.srcMap); nsrc pairs used. */
  srcBuf: Int32Array;
  nsrc: number;
  /** Packing (pack.ts): the packed index of each wide instruction start. */
  at: Int32Array;
  /** inline(): the wide code index of each packed instruction start of the callee being copied. */
  inlineAt: Int32Array;
  /** Inlined calls being recorded: triples (start, end, function index) (CompiledFunc.inlined); ninlined triples used. */
  inlinedBuf: Int32Array;
  ninlined: number;

  constructor() {
    this.v = new Validator();
    this.r = new Reader(new Uint8Array(0), 0, 0);
    this.code = new Int32Array(256);
    this.pc = 0;
    this.lastOp = -1;
    this.dstAt = -1;
    this.patchPos = new Int32Array(64);
    this.patchNext = new Int32Array(64);
    this.npatch = 0;
    this.localTypes = new Int32Array(64);
    this.nlocals = 0;
    this.stackBase = 0;
    this.addAt = -1;
    this.labelAt = 0;
    this.immAt = -1;
    this.mulAt = -1;
    this.hoist = new HoistList();
    this.hoistNext = 0;
    this.hoistAt = -1;
    this.loopDepth = 0;
    this.labels = new Int32Array(64);
    this.stubPc = new Int32Array(16);
    this.stubStamp = new Int32Array(16);
    this.stamp = 0;
    this.cmp = -1;
    this.cmpA = 0;
    this.cmpB = 0;
    this.srcBuf = new Int32Array(64);
    this.nsrc = 0;
    this.inlinedBuf = new Int32Array(24);
    this.ninlined = 0;
    this.at = new Int32Array(256);
    this.inlineAt = new Int32Array(INLINE_MAX_WORDS + 1);
  }

  compile(module: Module, index: number): CompiledFunc {
    const v = this.v;
    const r = this.r;
    const body = module.codes[index];
    const typeIndex = module.funcTypes[module.numImportedFuncs + index];
    const type = module.types[typeIndex];
    v.reset(module);
    r.bytes = module.bytes;
    r.pos = body.start;
    r.end = body.end;
    this.pc = 0;
    this.lastOp = -1;
    this.dstAt = -1;
    this.npatch = 0;
    this.nsrc = 0;
    this.ninlined = 0;

    // Locals: the parameters, then the declared groups.
    const nparams = type.params.length;
    let nlocals = nparams;
    this.ensureLocals(nparams);
    for (let i = 0; i < nparams; i++) this.localTypes[i] = type.params[i];
    const ngroups = r.u32();
    for (let g = 0; g < ngroups; g++) {
      const at = r.pos;
      const count = r.u32();
      const t = r.u8();
      if (count > MAX_LOCALS - nlocals) compileError('too many locals', at);
      if (!isValueType(t)) compileError('malformed value type', r.pos - 1);
      this.ensureLocals(nlocals + count);
      for (let i = 0; i < count; i++) this.localTypes[nlocals + i] = t;
      nlocals += count;
    }
    this.nlocals = nlocals;
    // Constants hoisted out of loops (hoist.ts) get the slots after the locals; the operand stack follows.
    const nhoisted = scanLoopConstants(module.bytes, r.pos, r.end, this.hoist);
    this.stackBase = nlocals + nhoisted;
    this.hoistNext = 0;
    this.hoistAt = -1;
    this.loopDepth = 0;
    this.addAt = -1;
    this.labelAt = 0;
    this.immAt = -1;
    this.mulAt = -1;

    // The function's own frame: its label carries the results; its operand stack starts empty.
    v.pushCtrl(Kind.Func, typeIndex);
    v.nvals = 0;
    v.maxVals = 0;

    const first = r.pos;
    try {
      while (v.nctrl > 0) this.instruction();
    } catch (e) {
      // Decoding comes before validation in the spec: report a malformed body as such.
      if (v.failed) {
        r.pos = first;
        skipInstructions(r, module.dataCount < 0 && module.datas.length > 0);
      }
      throw e;
    }
    if (r.pos !== r.end) compileError('section size mismatch', r.pos);

    // Return peepholes on the wide code, then packing (pack.ts): code indices change, so the
    // source map and the inlined ranges move with their instructions.
    fuseReturns(this.code.subarray(0, this.pc));
    if (this.at.length < this.pc + 1) this.at = new Int32Array(this.pc + 1 + (this.pc >> 1));
    const at = this.at;
    const packed = packCode(this.code, this.pc, at);
    if (packed < 0) compileError('function too large', body.start);
    const code = new Int32Array(packed);
    code.set(this.code.subarray(0, packed));
    for (let k = 0; k < this.nsrc; k++) this.srcBuf[2 * k] = at[this.srcBuf[2 * k]];
    for (let k = 0; k < this.ninlined; k++) {
      this.inlinedBuf[3 * k] = at[this.inlinedBuf[3 * k]];
      this.inlinedBuf[3 * k + 1] = at[this.inlinedBuf[3 * k + 1]];
    }
    const localIsRef = new Uint8Array(nlocals);
    let hasRefLocals = false;
    for (let i = 0; i < nlocals; i++) {
      localIsRef[i] = isRefType(this.localTypes[i]) ? 1 : 0;
      if (i >= nparams && localIsRef[i] === 1) hasRefLocals = true;
    }
    let frameSlots = this.stackBase + v.maxVals;
    if (frameSlots < nparams) frameSlots = nparams;
    if (frameSlots < type.results.length) frameSlots = type.results.length;
    let srcMap: Int32Array | null = null;
    if (this.nsrc > 0) {
      srcMap = new Int32Array(2 * this.nsrc);
      srcMap.set(this.srcBuf.subarray(0, 2 * this.nsrc));
    }
    let inlined: Int32Array | null = null;
    if (this.ninlined > 0) {
      inlined = new Int32Array(3 * this.ninlined);
      inlined.set(this.inlinedBuf.subarray(0, 3 * this.ninlined));
    }
    const compiled: CompiledFunc = {
      code: code, nparams: nparams, nlocals: nlocals, frameSlots: frameSlots, localIsRef: localIsRef,
      hasRefLocals: hasRefLocals, srcMap: srcMap, inlined: inlined,
    };
    return compiled;
  }

  /** Word offset of operand stack position i. */
  w(i: number): number {
    return 2 * (this.stackBase + i);
  }

  /** Word offset where the value of operand position i is read: its own slot or the aliased local's. */
  src(i: number): number {
    const k = this.v.from[i];
    return k >= 0 ? k : 2 * (this.stackBase + i);
  }

  /** Copies the aliased operands at positions lo..hi-1 into their own slots. */
  materialize(lo: number, hi: number): void {
    const v = this.v;
    for (let i = lo; i < hi; i++) {
      const k = v.from[i];
      if (k >= 0) {
        this.e2(isRefType(v.vals[i]) ? Op.COPY_REF : Op.COPY, this.w(i), k);
        v.from[i] = -1;
      }
    }
  }

  /** Materializes the operands of the innermost frame below position `top` that alias word `word` (local.set/tee is about to change it). */
  materializeLocal(word: number, top: number): void {
    const v = this.v;
    for (let i = v.ctrlHeight[v.nctrl - 1]; i < top; i++) {
      if (v.from[i] === word) this.materialize(i, i + 1);
    }
  }

  /**
   * local.set/tee k of the operand at position p, which was just popped (its `from` entry still
   * valid): writes local k, by patching the last instruction's destination when that instruction
   * produced the operand, else by a COPY. Returns true if the value is now only in local k.
   */
  storeLocal(x: number, p: number): boolean {
    const v = this.v;
    const word = 2 * x;
    const k = v.from[p];
    if (k === word) return false;
    let aliased = false;
    for (let i = v.ctrlHeight[v.nctrl - 1]; i < p; i++) {
      if (v.from[i] === word) { aliased = true; break; }
    }
    if (k < 0 && !aliased && this.dstAt >= 0 && this.code[this.dstAt] === this.w(p)) {
      this.code[this.dstAt] = word;
      this.dstAt = -1;
      return true;
    }
    if (aliased) this.materializeLocal(word, p);
    this.e2(isRefType(this.localTypes[x]) ? Op.COPY_REF : Op.COPY, word, k >= 0 ? k : this.w(p));
    return false;
  }

  /**
   * Emits the code of `callee` (function fi, see inlinable) in place of `CALL fi base` (base: word
   * of operand position p, where the arguments are): its instructions with their frame operands
   * moved by base, so that its frame lies where the call would have put it and its results are
   * left there. An argument is copied into its slot (materialized) only when the callee needs the
   * slot: it writes the parameter and reads it afterwards, or returns it unchanged as a result;
   * otherwise the callee's reads of that parameter read the argument where it is (a local it
   * aliases). The frame grows to hold the callee's. Trapping instructions map to the call's wasm
   * offset, and the range is recorded for the callee's backtrace frame (CompiledFunc.inlined).
   */
  inline(callee: CompiledFunc, fi: number, p: number, nresults: number): void {
    const code = callee.code;
    const nparams = callee.nparams;
    const base = this.w(p);
    // Which parameters keep a slot of their own: written then read again, or returned in place
    // (a result slot the callee never writes). A final RETURN_COPY a reads a, then writes slot 0.
    let own = 0; // bit k: parameter k (functions with more than 30 parameters are not inlined)
    let written = 0;
    let pc = 0;
    for (;;) {
      const op = packedOp(code, pc);
      if (op === Op.RETURN) break;
      if (op === Op.RETURN_COPY) {
        own |= paramBit(packedOperand(code, pc, 1), nparams) & written;
        written |= paramBit(0, nparams);
        break;
      }
      const n = operandCount(op);
      const mask = frameOperands(op);
      const dst = firstOperandWritten(op) ? 1 : 0;
      for (let i = 1 + dst; i <= n; i++) if ((mask >> (i - 1)) & 1) own |= paramBit(packedOperand(code, pc, i), nparams) & written;
      if (dst) written |= paramBit(packedOperand(code, pc, 1), nparams);
      pc += packedLength(op);
    }
    for (let k = 0; k < nparams && k < nresults; k++) if (!((written >> k) & 1)) own |= 1 << k;
    const v = this.v;
    for (let k = 0; k < nparams; k++) if ((own >> k) & 1) this.materialize(p + k, p + k + 1);
    // Copy the code (wide again): destinations move by base; a read of a parameter without a
    // slot of its own reads the argument where it is (this.src), any other read moves by base.
    // Packed lengths stay as in the callee (straight-line code, no targets), so the callee's
    // code indices inside the range are its own (thread.ts: backtrace).
    // inlineAt[k]: where the callee's packed index k starts in this (wide) code, for its own
    // inlined ranges.
    const start = this.pc;
    const inlineAt = this.inlineAt;
    for (pc = 0; ; ) {
      const op = packedOp(code, pc);
      inlineAt[pc] = this.pc;
      if (op === Op.RETURN) break;
      if (op === Op.RETURN_COPY) {
        this.e2(Op.COPY, base, this.movedRead(packedOperand(code, pc, 1), own, nparams, p));
        break;
      }
      const n = operandCount(op);
      const mask = frameOperands(op);
      const dst = firstOperandWritten(op) ? 1 : 0;
      this.mapSource(op);
      this.ensure(1 + n);
      this.code[this.pc] = op;
      for (let i = 1; i <= n; i++) {
        const word = packedOperand(code, pc, i);
        this.code[this.pc + i] = !((mask >> (i - 1)) & 1) ? word : i > dst ? this.movedRead(word, own, nparams, p) : word + base;
      }
      this.pc += 1 + n;
      pc += packedLength(op);
    }
    // The calls inlined into the callee (moved with its code), then this one.
    const nested = callee.inlined;
    if (nested !== null) for (let k = 0; k < nested.length; k += 3) this.addInlined(inlineAt[nested[k]], inlineAt[nested[k + 1]], nested[k + 2]);
    this.addInlined(start, this.pc, fi);
    if (p + callee.frameSlots > v.maxVals) v.maxVals = p + callee.frameSlots;
    this.lastOp = -1;
    this.dstAt = -1;
  }

  /** For inline: where the callee's read of frame word `word` reads in this frame (callee frame at operand position p). */
  movedRead(word: number, own: number, nparams: number, p: number): number {
    const k = word >> 1;
    return k < nparams && !((own >> k) & 1) ? this.src(p + k) + (word & 1) : word + this.w(p);
  }

  /**
   * At an outermost loop: takes its entry of the hoisted constants (hoist.ts) and, if the code
   * is live, writes them into their slots here, before the loop header.
   */
  enterOuterLoop(live: boolean): void {
    const list = this.hoist.list;
    if (this.hoistNext >= this.hoist.n) return; // no hoisting in this function
    const at = this.hoistNext;
    const count = list[at];
    this.hoistNext = at + 1 + 2 * count;
    this.hoistAt = at;
    if (live) for (let j = 0; j < count; j++) this.e3(Op.CONST64, 2 * (this.nlocals + j), list[at + 1 + 2 * j], list[at + 2 + 2 * j]);
  }

  /** If constant (lo, hi) is hoisted for the current loop: the operand just pushed reads its slot (true). */
  hoisted(lo: number, hi: number): boolean {
    const list = this.hoist.list;
    const at = this.hoistAt;
    for (let j = 0, count = list[at]; j < count; j++) {
      if (list[at + 1 + 2 * j] === lo && list[at + 2 + 2 * j] === hi) {
        this.v.from[this.v.nvals - 1] = 2 * (this.nlocals + j);
        return true;
      }
    }
    return false;
  }

  /** Records that code start..end-1 is function fi's code (CompiledFunc.inlined). */
  addInlined(start: number, end: number, fi: number): void {
    const n = this.ninlined;
    if (3 * n + 3 > this.inlinedBuf.length) this.inlinedBuf = growI32(this.inlinedBuf, 6 * n + 6);
    this.inlinedBuf[3 * n] = start;
    this.inlinedBuf[3 * n + 1] = end;
    this.inlinedBuf[3 * n + 2] = fi;
    this.ninlined = n + 1;
  }

  /** Marks the last emitted instruction's destination (operand `n` words before pc) as retargetable. */
  result(n: number): void {
    this.dstAt = this.pc - n;
  }

  /** Decodes, validates and emits one instruction. */
  instruction(): void {
    const v = this.v;
    const r = this.r;
    const module = v.module;
    v.at = r.pos;
    const live = v.live();
    if (r.pos >= r.end) bodyEnded(r);
    const byte = r.u8();
    // block, loop, if, else and end bind labels: no loop latch fuses across them (latch()).
    if ((byte >= 0x02 && byte <= 0x05) || byte === 0x0b) this.labelAt = this.pc;
    switch (byte) {
      case 0x00: // unreachable
        if (live) this.e0(Op.UNREACHABLE);
        v.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
      case 0x03: { // loop
        const bt = this.blockType();
        v.popParams(bt);
        if (live) this.materialize(v.ctrlHeight[v.nctrl - 1], v.nvals + v.paramCount(bt));
        if (byte === 0x03 && this.loopDepth++ === 0) this.enterOuterLoop(live);
        this.dstAt = -1;
        const f = v.pushCtrl(byte === 0x02 ? Kind.Block : Kind.Loop, bt);
        v.ctrlStart[f] = this.pc;
        this.labelAt = this.pc;
        return;
      }
      case 0x04: { // if
        const bt = this.blockType();
        v.popExpect(ValType.I32);
        if (live) this.takeCompare(v.nvals);
        const cond = this.src(v.nvals);
        v.popParams(bt);
        if (live) this.materialize(v.ctrlHeight[v.nctrl - 1], v.nvals + v.paramCount(bt));
        this.dstAt = -1;
        const f = v.pushCtrl(Kind.If, bt);
        if (live) {
          this.condBranch(cond, true, false);
          v.ctrlElse[f] = this.pc - 1;
        }
        return;
      }
      case 0x05: { // else
        const f = v.nctrl - 1;
        if (v.ctrlKind[f] !== Kind.If) compileError('misplaced ELSE opcode', v.at);
        v.checkEnd();
        if (live) {
          this.materialize(v.nvals, v.nvals + v.resultCount(v.ctrlType[f]));
          this.e1(Op.BR, 0);
          this.addPatch(f, this.pc - 1);
        }
        if (v.ctrlElse[f] >= 0) {
          this.code[v.ctrlElse[f]] = this.pc;
          v.ctrlElse[f] = -1;
        }
        this.dstAt = -1;
        v.ctrlKind[f] = Kind.Else;
        v.ctrlUnreachable[f] = 0;
        v.pushParams(v.ctrlType[f]);
        return;
      }
      case 0x0b: // end
        if (v.ctrlKind[v.nctrl - 1] === Kind.Loop && --this.loopDepth === 0) this.hoistAt = -1;
        this.end(live);
        return;
      case 0x0c: { // br
        const f = v.label(r.u32());
        v.popLabel(f);
        if (live) this.jump(f, v.nvals);
        v.setUnreachable();
        return;
      }
      case 0x0d: { // br_if
        const f = v.label(r.u32());
        v.popExpect(ValType.I32);
        if (live) this.takeCompare(v.nvals);
        const cond = this.src(v.nvals);
        v.popLabel(f);
        if (live) {
          // The carried values stay on the stack: keep them in their own slots.
          this.materialize(v.nvals, v.nvals + v.labelCount(f));
          this.branchIf(f, v.nvals, cond);
        }
        v.pushLabel(f);
        return;
      }
      case 0x0e: // br_table
        this.brTable(live);
        return;
      case 0x0f: // return
        v.popLabel(0);
        if (live) this.jump(0, v.nvals);
        v.setUnreachable();
        return;
      case 0x10: { // call
        const fi = r.u32();
        if (fi >= module.funcTypes.length) v.fail('unknown function ' + fi);
        const ft = module.types[module.funcTypes[fi]];
        for (let i = ft.params.length - 1; i >= 0; i--) v.popExpect(ft.params[i]);
        const p = v.nvals;
        const base = this.w(p);
        const callee = live ? inlinable(module, fi) : null;
        if (callee !== null) this.inline(callee, fi, p, ft.results.length);
        else if (live) this.materialize(p, p + ft.params.length);
        for (let i = 0; i < ft.results.length; i++) v.push(ft.results[i]);
        if (live && callee === null) this.e2(Op.CALL, fi, base);
        return;
      }
      case 0x11: { // call_indirect
        const ti = r.u32();
        const tab = r.u32();
        if (tab >= module.tables.length) v.fail('unknown table ' + tab);
        if (module.tables[tab].elem !== ValType.FuncRef) v.fail('type mismatch');
        if (ti >= module.types.length) v.fail('unknown type ' + ti);
        const ft = module.types[ti];
        v.popExpect(ValType.I32);
        const a = this.src(v.nvals);
        for (let i = ft.params.length - 1; i >= 0; i--) v.popExpect(ft.params[i]);
        const base = this.w(v.nvals);
        if (live) this.materialize(v.nvals, v.nvals + ft.params.length);
        for (let i = 0; i < ft.results.length; i++) v.push(ft.results[i]);
        if (live) this.e4(Op.CALL_INDIRECT, ti, tab, base, a);
        return;
      }
      case 0x1a: // drop
        v.pop();
        return;
      case 0x1b: { // select (numeric operands only)
        v.popExpect(ValType.I32);
        const t1 = v.pop();
        const t2 = v.pop();
        if (!isNumeric(t1) || !isNumeric(t2)) v.fail('type mismatch');
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) v.fail('type mismatch');
        if (live) this.select(Op.SELECT);
        v.push(t1 === UNKNOWN ? t2 : t1);
        return;
      }
      case 0x1c: { // select t*
        const k = r.u32();
        if (k !== 1) v.fail('invalid result arity');
        const t = this.valType();
        v.popExpect(ValType.I32);
        v.popExpect(t);
        v.popExpect(t);
        if (live) this.select(isRefType(t) ? Op.SELECT_REF : Op.SELECT);
        v.push(t);
        return;
      }
      case 0x20: { // local.get
        const x = this.local();
        const t = this.localTypes[x];
        v.push(t);
        if (live) v.from[v.nvals - 1] = 2 * x;
        return;
      }
      case 0x21: { // local.set
        const x = this.local();
        const t = this.localTypes[x];
        v.popExpect(t);
        if (live) this.storeLocal(x, v.nvals);
        return;
      }
      case 0x22: { // local.tee
        const x = this.local();
        const t = this.localTypes[x];
        v.popExpect(t);
        const p = v.nvals;
        const k = v.from[p];
        const moved = live && this.storeLocal(x, p);
        v.push(t);
        // The operand stays: as an alias of local k if it was one (or moved there), else in its slot.
        if (live && (moved || k >= 0)) v.from[p] = 2 * x;
        return;
      }
      case 0x23: { // global.get
        const g = r.u32();
        if (g >= module.globals.length) v.fail('unknown global ' + g);
        const t = module.globals[g].type;
        v.push(t);
        if (live) {
          this.e2(isRefType(t) ? Op.GLOBAL_GET_REF : Op.GLOBAL_GET, this.w(v.nvals - 1), g);
          this.result(2);
        }
        return;
      }
      case 0x24: { // global.set
        const g = r.u32();
        if (g >= module.globals.length) v.fail('unknown global ' + g);
        const gt = module.globals[g];
        if (!gt.mutable) v.fail('global is immutable');
        v.popExpect(gt.type);
        if (live) this.e2(isRefType(gt.type) ? Op.GLOBAL_SET_REF : Op.GLOBAL_SET, g, this.src(v.nvals));
        return;
      }
      case 0x25: { // table.get
        const tab = this.table();
        v.popExpect(ValType.I32);
        const a = this.src(v.nvals);
        v.push(module.tables[tab].elem);
        if (live) {
          this.e3(Op.TABLE_GET, this.w(v.nvals - 1), tab, a);
          this.result(3);
        }
        return;
      }
      case 0x26: { // table.set
        const tab = this.table();
        v.popExpect(module.tables[tab].elem);
        v.popExpect(ValType.I32);
        if (live) this.e3(Op.TABLE_SET, tab, this.src(v.nvals), this.src(v.nvals + 1));
        return;
      }
      case 0x3f: // memory.size
        this.zeroByte();
        this.memory();
        v.push(ValType.I32);
        if (live) {
          this.e1(Op.MEMORY_SIZE, this.w(v.nvals - 1));
          this.result(1);
        }
        return;
      case 0x40: // memory.grow
        this.zeroByte();
        this.memory();
        v.popExpect(ValType.I32);
        if (live) {
          this.e2(Op.MEMORY_GROW, this.w(v.nvals), this.src(v.nvals));
          this.result(2);
        }
        v.push(ValType.I32);
        return;
      case 0x41: { // i32.const
        const value = r.s32();
        v.push(ValType.I32);
        if (live && this.hoistAt >= 0 && !takesImmediate(r.bytes, r.pos, r.end) && this.hoisted(value, 0)) return;
        if (live) {
          this.e2(Op.CONST32, this.w(v.nvals - 1), value);
          this.result(2);
        }
        return;
      }
      case 0x42: { // i64.const
        const lo = r.s64();
        const hi = r.hi;
        v.push(ValType.I64);
        if (live && this.hoistAt >= 0 && this.hoisted(lo, hi)) return;
        if (live) {
          this.e3(Op.CONST64, this.w(v.nvals - 1), lo, hi);
          this.result(3);
        }
        return;
      }
      case 0x43: { // f32.const
        const bits = r.bits32();
        v.push(ValType.F32);
        if (live && this.hoistAt >= 0 && this.hoisted(bits, 0)) return;
        if (live) {
          this.e2(Op.CONST32, this.w(v.nvals - 1), bits);
          this.result(2);
        }
        return;
      }
      case 0x44: { // f64.const
        const lo = r.bits32();
        const hi = r.bits32();
        v.push(ValType.F64);
        if (live && this.hoistAt >= 0 && this.hoisted(lo, hi)) return;
        if (live) {
          this.e3(Op.CONST64, this.w(v.nvals - 1), lo, hi);
          this.result(3);
        }
        return;
      }
      case 0xd0: { // ref.null
        const t = r.u8();
        if (!isRefType(t)) compileError('malformed reference type', r.pos - 1);
        v.push(t);
        if (live) {
          this.e1(Op.REF_NULL, this.w(v.nvals - 1));
          this.result(1);
        }
        return;
      }
      case 0xd1: { // ref.is_null
        const t = v.pop();
        if (t !== UNKNOWN && !isRefType(t)) v.fail('type mismatch');
        if (live) {
          this.e2(Op.REF_IS_NULL, this.w(v.nvals), this.src(v.nvals));
          this.result(2);
        }
        v.push(ValType.I32);
        return;
      }
      case 0xd2: { // ref.func
        const fi = r.u32();
        if (fi >= module.funcTypes.length) v.fail('unknown function ' + fi);
        if (!module.declaredRefs[fi]) v.fail('undeclared function reference');
        v.push(ValType.FuncRef);
        if (live) {
          this.e2(Op.REF_FUNC, this.w(v.nvals - 1), fi);
          this.result(2);
        }
        return;
      }
      case 0xfc:
        this.prefixed(live);
        return;
      default:
        if (byte >= 0x28 && byte <= 0x3e) {
          this.memoryAccess(byte, live);
          return;
        }
        if (byte >= 0x45 && byte <= 0xc4) {
          this.numeric(numericSignature(byte), isReinterpret(byte) ? -1 : Op.I32_EQZ + (byte - 0x45), live);
          return;
        }
        v.fail('illegal opcode');
    }
  }

  /** The 0xfc instructions: saturating truncations, bulk memory and table instructions. */
  prefixed(live: boolean): void {
    const v = this.v;
    const r = this.r;
    const module = v.module;
    const sub = r.u32();
    if (sub <= 7) {
      this.numeric(numericSignature(0x100 + sub), Op.I32_TRUNC_SAT_F32_S + sub, live);
      return;
    }
    switch (sub) {
      case 8: { // memory.init
        const seg = r.u32();
        this.zeroByte();
        this.memory();
        this.dataSegment(seg);
        this.popI32s(3);
        if (live) this.e4(Op.MEMORY_INIT, seg, this.src(v.nvals), this.src(v.nvals + 1), this.src(v.nvals + 2));
        return;
      }
      case 9: { // data.drop
        const seg = r.u32();
        this.dataSegment(seg);
        if (live) this.e1(Op.DATA_DROP, seg);
        return;
      }
      case 10: // memory.copy
        this.zeroByte();
        this.zeroByte();
        this.memory();
        this.popI32s(3);
        if (live) this.e3(Op.MEMORY_COPY, this.src(v.nvals), this.src(v.nvals + 1), this.src(v.nvals + 2));
        return;
      case 11: // memory.fill
        this.zeroByte();
        this.memory();
        this.popI32s(3);
        if (live) this.e3(Op.MEMORY_FILL, this.src(v.nvals), this.src(v.nvals + 1), this.src(v.nvals + 2));
        return;
      case 12: { // table.init
        const seg = r.u32();
        const tab = this.table();
        this.elemSegment(seg);
        if (module.elems[seg].type !== module.tables[tab].elem) v.fail('type mismatch');
        this.popI32s(3);
        if (live) this.e5(Op.TABLE_INIT, tab, seg, this.src(v.nvals), this.src(v.nvals + 1), this.src(v.nvals + 2));
        return;
      }
      case 13: { // elem.drop
        const seg = r.u32();
        this.elemSegment(seg);
        if (live) this.e1(Op.ELEM_DROP, seg);
        return;
      }
      case 14: { // table.copy
        const dst = this.table();
        const src = this.table();
        if (module.tables[dst].elem !== module.tables[src].elem) v.fail('type mismatch');
        this.popI32s(3);
        if (live) this.e5(Op.TABLE_COPY, dst, src, this.src(v.nvals), this.src(v.nvals + 1), this.src(v.nvals + 2));
        return;
      }
      case 15: { // table.grow
        const tab = this.table();
        v.popExpect(ValType.I32);
        v.popExpect(module.tables[tab].elem);
        const p = v.nvals;
        if (live) {
          this.e4(Op.TABLE_GROW, this.w(p), tab, this.src(p), this.src(p + 1));
          this.result(4);
        }
        v.push(ValType.I32);
        return;
      }
      case 16: { // table.size
        const tab = this.table();
        v.push(ValType.I32);
        if (live) {
          this.e2(Op.TABLE_SIZE, this.w(v.nvals - 1), tab);
          this.result(2);
        }
        return;
      }
      case 17: { // table.fill
        const tab = this.table();
        v.popExpect(ValType.I32);
        v.popExpect(module.tables[tab].elem);
        v.popExpect(ValType.I32);
        if (live) this.e4(Op.TABLE_FILL, tab, this.src(v.nvals), this.src(v.nvals + 1), this.src(v.nvals + 2));
        return;
      }
      default:
        v.fail('illegal opcode');
    }
  }

  /** A numeric instruction with signature `sig` (see numericSignature); op -1 emits nothing. */
  numeric(sig: number, op: number, live: boolean): void {
    const v = this.v;
    const a = sig >> 16;
    const b = (sig >> 8) & 0xff;
    if (b !== 0) v.popExpect(b);
    v.popExpect(a);
    const p = v.nvals;
    const k = v.from[p];
    v.push(sig & 0xff);
    if (!live) return;
    if (op < 0) {
      // reinterpret: the same bits in the same place (an alias stays an alias).
      v.from[p] = k;
      return;
    }
    const d = this.w(p);
    if (b !== 0) {
      const kb = v.from[p + 1];
      if (this.lastOp === Op.CONST32 && ((op >= Op.I32_ADD && op <= Op.I32_ROTR) || (op >= Op.I32_EQ && op <= Op.I32_GE_U)) && this.immediate(op, d, k, kb)) return;
      if ((op === Op.F64_ADD || op === Op.F32_ADD) && this.mulAdd(op, d, k, kb)) return;
      if (op === Op.I32_XOR && this.xorShift(d, k, kb)) return;
      this.e3(op, d, k >= 0 ? k : d, kb >= 0 ? kb : d + 2);
      this.result(3);
      if (op === Op.F64_MUL || op === Op.F32_MUL) this.mulAt = this.pc - 4;
      else if (op === Op.I32_ADD) this.addAt = this.pc - 4;
    } else {
      this.e2(op, d, k >= 0 ? k : d);
      this.result(2);
    }
  }

  /**
   * i32 binary `op` at d (operand aliases ka, kb; -1 = own slot) right after an i32.const that
   * wrote one of its operands: replaces the CONST32 by the immediate form (I32_ADD_IMM ...).
   * The constant may be the first operand only for commutative operations. Returns false if
   * there is no immediate form for this case.
   */
  immediate(op: number, d: number, ka: number, kb: number): boolean {
    const code = this.code;
    const pc = this.pc;
    if (this.dstAt !== pc - 2 || code[pc - 3] !== Op.CONST32) return false;
    let c = code[pc - 1];
    let a: number;
    if (kb < 0 && code[this.dstAt] === d + 2) {
      a = ka >= 0 ? ka : d;
    } else if (ka < 0 && code[this.dstAt] === d && (op === Op.I32_ADD || op === Op.I32_MUL || op === Op.I32_AND || op === Op.I32_OR || op === Op.I32_XOR)) {
      a = kb >= 0 ? kb : d + 2;
    } else if (ka < 0 && code[this.dstAt] === d && op >= Op.I32_EQ && op <= Op.I32_GE_U) {
      // c < x is x > c: the swapped compare with the constant second.
      a = kb >= 0 ? kb : d + 2;
      op = Op.I32_EQ + swapCompare(op - Op.I32_EQ);
    } else {
      return false;
    }
    let imm: number;
    switch (op) {
      case Op.I32_ADD: imm = Op.I32_ADD_IMM; break;
      case Op.I32_SUB: imm = Op.I32_ADD_IMM; c = -c | 0; break;
      case Op.I32_MUL: imm = Op.I32_MUL_IMM; break;
      case Op.I32_AND: imm = Op.I32_AND_IMM; break;
      case Op.I32_OR: imm = Op.I32_OR_IMM; break;
      case Op.I32_XOR: imm = Op.I32_XOR_IMM; break;
      case Op.I32_SHL: imm = Op.I32_SHL_IMM; c &= 31; break;
      case Op.I32_SHR_S: imm = Op.I32_SHR_S_IMM; c &= 31; break;
      case Op.I32_SHR_U: imm = Op.I32_SHR_U_IMM; c &= 31; break;
      case Op.I32_ROTL: imm = Op.I32_ROTL_IMM; c &= 31; break;
      case Op.I32_ROTR: imm = Op.I32_ROTL_IMM; c = (32 - (c & 31)) & 31; break;
      default:
        if (op < Op.I32_EQ || op > Op.I32_GE_U) return false;
        imm = Op.I32_EQ_IMM + (op - Op.I32_EQ);
        break;
    }
    this.pc = pc - 3;
    if ((imm === Op.I32_AND_IMM && a === d && this.follows(Op.I32_SHR_U_IMM, d)) ||
      (imm === Op.I32_ADD_IMM && a === d && this.follows(Op.I32_MUL_IMM, d))) {
      // A bit field, (x >>> s) & m, or a scale and offset, x * k + c, in one instruction.
      const at = this.takeImmediate();
      this.e4(imm === Op.I32_AND_IMM ? Op.I32_SHR_U_AND_IMM : Op.I32_MUL_ADD_IMM, d, code[at + 2], code[at + 3], c);
      this.result(4);
      return true;
    }
    this.e3(imm, d, a, c);
    this.result(3);
    if (imm === Op.I32_ADD_IMM) this.addAt = this.pc - 4;
    this.immAt = this.pc - 4;
    return true;
  }

  /**
   * f64.add or f32.add `op` at d (operand aliases ka, kb; -1 = own slot) right after the f64.mul
   * or f32.mul that computed one of its operands (its own slot, no label since): replaces the
   * multiply by F64_MUL_ADD / F32_MUL_ADD. The product may be either operand of the add (IEEE
   * addition is commutative); as the first one, the other must be read in place (an alias).
   */
  mulAdd(op: number, d: number, ka: number, kb: number): boolean {
    const mul = op === Op.F64_ADD ? Op.F64_MUL : Op.F32_MUL;
    const at = this.mulAt;
    const code = this.code;
    if (at < 0 || at + 4 !== this.pc || this.labelAt > at || code[at] !== mul) return false;
    let c: number;
    if (kb < 0 && code[at + 1] === d + 2) c = ka >= 0 ? ka : d;
    else if (ka < 0 && kb >= 0 && code[at + 1] === d) c = kb;
    else return false;
    const t = code[at + 1];
    const a = code[at + 2];
    const b = code[at + 3];
    this.pc = at;
    this.mulAt = -1;
    if (op === Op.F64_ADD) {
      this.e4(Op.F64_MUL_ADD, d, a, b, c);
      this.result(4);
    } else {
      this.e5(Op.F32_MUL_ADD, d, a, b, c, t);
      this.result(5);
    }
    return true;
  }

  /**
   * i32.xor at d (operand aliases ka, kb) right after an i32.shr_u by a constant that computed
   * one of its operands (its own slot, no label since): x ^ (y >>> s) becomes I32_XOR_SHR_U_IMM
   * (xor is commutative; with the shift first, the other operand must be read in place).
   */
  xorShift(d: number, ka: number, kb: number): boolean {
    let c: number;
    if (kb < 0 && this.follows(Op.I32_SHR_U_IMM, d + 2)) c = ka >= 0 ? ka : d;
    else if (ka < 0 && kb >= 0 && this.follows(Op.I32_SHR_U_IMM, d)) c = kb;
    else return false;
    const code = this.code;
    const at = this.takeImmediate();
    this.e4(Op.I32_XOR_SHR_U_IMM, d, c, code[at + 2], code[at + 3]);
    this.result(4);
    return true;
  }

  /**
   * Whether the instruction just before pc is an immediate form (`op`, emitted by immediate())
   * that wrote operand slot d, with no label after it: its result then feeds only the
   * instruction being emitted, which may take it in (I32_SHR_U_AND_IMM, I32_MUL_ADD_IMM,
   * I32_LOAD_SHL, I32_XOR_SHR_U_IMM).
   */
  follows(op: number, d: number): boolean {
    const at = this.immAt;
    return at >= 0 && at + 4 === this.pc && this.labelAt <= at && this.code[at] === op && this.code[at + 1] === d;
  }

  /** Takes back the instruction follows() matched: pc returns to its start, which is returned (its words stay readable until the next emit). */
  takeImmediate(): number {
    const at = this.immAt;
    this.pc = at;
    this.immAt = -1;
    return at;
  }

  /** Loads (0x28..0x35) and stores (0x36..0x3e). */
  memoryAccess(byte: number, live: boolean): void {
    const v = this.v;
    const r = this.r;
    const align = r.u32();
    const offset = r.u32();
    this.memory();
    if (align > memoryAccessAlign(byte)) v.fail('alignment must not be larger than natural');
    const t = memoryAccessType(byte);
    if (byte <= 0x35) {
      v.popExpect(ValType.I32);
      if (live) {
        const op = memoryAccessOp(byte);
        const d = this.w(v.nvals);
        if (op === Op.I32_LOAD && v.from[v.nvals] < 0 && this.follows(Op.I32_SHL_IMM, d)) {
          // An indexed load: the address is x << k.
          const code = this.code;
          const at = this.takeImmediate();
          this.e4(Op.I32_LOAD_SHL, d, code[at + 2], code[at + 3], offset | 0);
          this.result(4);
        } else {
          this.e3(op, d, this.src(v.nvals), offset | 0);
          this.result(3);
        }
      }
      v.push(t);
    } else {
      v.popExpect(t);
      v.popExpect(ValType.I32);
      if (live) this.e3(memoryAccessOp(byte), this.src(v.nvals), this.src(v.nvals + 1), offset | 0);
    }
  }

  /** `end`: closes the innermost frame; the function's own `end` returns. */
  end(live: boolean): void {
    const v = this.v;
    const f = v.nctrl - 1;
    const kind = v.ctrlKind[f];
    const bt = v.ctrlType[f];
    v.checkEnd();
    if (kind === Kind.Func) {
      // The results are at operand positions 0..n-1; move them to slots 0..n-1 and return.
      if (live) this.jump(0, 0);
      else if (this.lastOp !== Op.RETURN && this.lastOp !== Op.BR && this.lastOp !== Op.BR_BACK) this.e0(Op.RETURN);
      v.nctrl--;
      return;
    }
    if (kind === Kind.If) {
      // No else: the missing else branch passes the parameters through unchanged.
      const n = v.paramCount(bt);
      if (n !== v.resultCount(bt)) v.fail('type mismatch');
      for (let i = 0; i < n; i++) {
        if (v.paramType(bt, i) !== v.resultType(bt, i)) v.fail('type mismatch');
      }
    }
    if (live) this.materialize(v.nvals, v.nvals + v.resultCount(bt));
    if (v.ctrlElse[f] >= 0) this.code[v.ctrlElse[f]] = this.pc;
    for (let k = v.ctrlPatch[f]; k >= 0; k = this.patchNext[k]) this.code[this.patchPos[k]] = this.pc;
    this.dstAt = -1;
    v.nctrl--;
    v.pushResults(bt);
  }

  /**
   * Emits an unconditional branch to frame f whose carried values are at operand positions
   * src..: copies them to the label's height if needed, then jumps (or returns for frame 0).
   */
  jump(f: number, src: number): void {
    const v = this.v;
    const n = v.labelCount(f);
    const dstSlot = f === 0 ? 0 : this.stackBase + v.ctrlHeight[f];
    let first = 0;
    if (n === 1 && v.from[src] < 0 && this.dstAt >= 0 && this.code[this.dstAt] === this.w(src)) {
      // One value, produced by the instruction just emitted: let it write the label's slot (the
      // operands it could clobber there are left behind by this branch anyway).
      this.code[this.dstAt] = 2 * dstSlot;
      first = 1;
    } else if (f === 0) {
      // Results go to slots 0..n-1, which are locals: a value aliasing local j < i would be
      // overwritten by copy j before copy i reads it. Move those to their own slots first (in
      // this branch's code only: the operands stay as they are for the code that follows).
      for (let i = 1; i < n; i++) {
        const k = v.from[src + i];
        if (k >= 0 && k < 2 * i) this.e2(isRefType(v.labelType(f, i)) ? Op.COPY_REF : Op.COPY, this.w(src + i), k);
      }
    }
    for (let i = first; i < n; i++) {
      const k = v.from[src + i];
      const s = k >= 0 && !(f === 0 && k < 2 * i) ? k : this.w(src + i);
      const d = 2 * (dstSlot + i);
      if (s !== d) this.e2(isRefType(v.labelType(f, i)) ? Op.COPY_REF : Op.COPY, d, s);
    }
    if (f === 0) {
      this.e0(Op.RETURN);
    } else if (v.ctrlKind[f] === Kind.Loop) {
      this.e1(Op.BR_BACK, v.ctrlStart[f]);
    } else {
      this.e1(Op.BR, 0);
      this.addPatch(f, this.pc - 1);
    }
  }

  /** Emits br_if to frame f: values at operand positions src.., condition at word `cond`. */
  branchIf(f: number, src: number, cond: number): void {
    const v = this.v;
    if (f !== 0 && (v.labelCount(f) === 0 || src === v.ctrlHeight[f])) {
      if (v.ctrlKind[f] === Kind.Loop) {
        this.condBranch(cond, false, true);
        this.code[this.pc - 1] = v.ctrlStart[f];
      } else {
        this.condBranch(cond, false, false);
        this.addPatch(f, this.pc - 1);
      }
      return;
    }
    this.condBranch(cond, true, false);
    const skip = this.pc - 1;
    this.jump(f, src);
    this.code[skip] = this.pc;
  }

  /**
   * Fusion of an i32 compare into the branch that consumes it (br_if, if): if the instruction
   * just emitted is an i32 compare (or eqz) whose result is the condition at operand position p
   * (nothing emitted and no label bound since; dstAt says both), removes it and keeps it in
   * this.cmp/cmpA/cmpB for condBranch. Else this.cmp = -1.
   */
  takeCompare(p: number): void {
    this.cmp = -1;
    const op = this.lastOp;
    const withImm = op >= Op.I32_EQ_IMM && op <= Op.I32_GE_U_IMM;
    if ((!withImm && (op < Op.I32_EQZ || op > Op.I32_GE_U)) || this.v.from[p] >= 0 || this.dstAt < 0) return;
    const code = this.code;
    const pc = this.pc;
    if (code[this.dstAt] !== this.w(p)) return;
    if (op === Op.I32_EQZ) {
      if (this.dstAt !== pc - 2 || code[pc - 3] !== op) return;
      this.cmp = 10;
      this.cmpA = code[pc - 1];
      this.pc = pc - 3;
    } else {
      if (this.dstAt !== pc - 3 || code[pc - 4] !== op) return;
      this.cmp = withImm ? 11 + (op - Op.I32_EQ_IMM) : op - Op.I32_EQ;
      this.cmpA = code[pc - 2];
      this.cmpB = code[pc - 1];
      this.pc = pc - 4;
    }
    this.lastOp = -1;
    this.dstAt = -1;
  }

  /**
   * Emits a conditional branch whose target is its last word (0 here; the caller sets or
   * patches it): taken when the condition is true, or false if `negate`; `back` for a branch to
   * a loop header (fuel). The condition is the compare taken by takeCompare, or the i32 at word
   * `cond`. Consumes this.cmp.
   */
  condBranch(cond: number, negate: boolean, back: boolean): void {
    if (back && !negate && this.latch(cond)) return;
    let k = this.cmp;
    this.cmp = -1;
    if (k === 10) {
      // eqz x: branch on x with the opposite sense.
      cond = this.cmpA;
      negate = !negate;
      k = -1;
    }
    if (k < 0) {
      if (back) this.e2(negate ? Op.BR_UNLESS_BACK : Op.BR_IF_BACK, cond, 0);
      else this.e2(negate ? Op.BR_UNLESS : Op.BR_IF, cond, 0);
      return;
    }
    if (k >= 11) {
      // A compare with an immediate second operand (cmpB is the value).
      k -= 11;
      if (negate) k = inverseCompare(k);
      this.e3((back ? Op.BR_IF_BACK_I32_EQ_IMM : Op.BR_IF_I32_EQ_IMM) + k, this.cmpA, this.cmpB, 0);
      return;
    }
    if (negate) k = inverseCompare(k);
    this.e3((back ? Op.BR_IF_BACK_I32_EQ : Op.BR_IF_I32_EQ) + k, this.cmpA, this.cmpB, 0);
  }

  /**
   * Loop latch fusion, for a branch back to a loop header taken when its condition holds: if the
   * instruction right before (no label since) is `I32_ADD_IMM d a k` and the condition is its
   * sum d (tested for != 0), or the compare taken by takeCompare is `d != b`, `d < b` (signed or
   * unsigned, b a slot or an immediate), emits the fused BR_IF_BACK_ADD* instead of both; after
   * an I32_ADD of two slots, the same with b a slot, BR_IF_BACK_ADDR* (target
   * 0, its last word, for the caller to set) and returns true; else changes nothing.
   */
  latch(cond: number): boolean {
    const at = this.addAt;
    let code = this.code;
    if (at < 0 || at + 4 !== this.pc || this.labelAt > at) return false;
    const add = code[at];
    if (add !== Op.I32_ADD_IMM && add !== Op.I32_ADD) return false;
    const d = code[at + 1];
    const a = code[at + 2];
    const k = code[at + 3];
    const cmp = this.cmp;
    let op: number;
    if (cmp < 0) {
      if (cond !== d || add !== Op.I32_ADD_IMM) return false;
      op = Op.BR_IF_BACK_ADD;
    } else {
      if (this.cmpA !== d) return false;
      const imm = cmp >= 11;
      const c = imm ? cmp - 11 : cmp;
      if (cmp === 10 || (c !== 1 && c !== 2 && c !== 3)) return false; // ne, lt_s, lt_u
      if (add === Op.I32_ADD) {
        // A step held in a slot (BR_IF_BACK_ADDR*): compared against a slot only.
        if (imm) return false;
        op = Op.BR_IF_BACK_ADDR_NE + (c - 1);
      } else {
        op = (imm ? Op.BR_IF_BACK_ADD_NE_IMM : Op.BR_IF_BACK_ADD_NE) + (c - 1);
      }
    }
    this.pc = at;
    this.addAt = -1;
    this.ensure(7);
    code = this.code;
    code[this.pc++] = op;
    code[this.pc++] = d;
    code[this.pc++] = a;
    code[this.pc++] = k;
    if (op !== Op.BR_IF_BACK_ADD) { code[this.pc++] = this.cmpB; this.cmp = -1; }
    code[this.pc++] = Op.BR_BACK;
    code[this.pc++] = 0;
    this.lastOp = op;
    this.dstAt = -1;
    return true;
  }

  /** br_table: reads the labels, validates them, emits BR_TABLE and its stubs. */
  brTable(live: boolean): void {
    const v = this.v;
    const r = this.r;
    const n = r.u32();
    if (n > r.end - r.pos) compileError('unexpected end', r.pos);
    if (n + 1 > this.labels.length) this.labels = new Int32Array(n + 1 + (n >> 1));
    const labels = this.labels;
    for (let i = 0; i <= n; i++) labels[i] = r.u32();
    v.popExpect(ValType.I32);
    const index = this.src(v.nvals);
    const fd = v.label(labels[n] >>> 0);
    const arity = v.labelCount(fd);
    for (let i = 0; i < n; i++) {
      const f = v.label(labels[i] >>> 0);
      if (v.labelCount(f) !== arity) v.fail('type mismatch');
      v.checkLabel(f);
    }
    v.popLabel(fd);
    const src = v.nvals;
    v.setUnreachable();
    if (!live) return;

    // Direct targets need the carried values in place.
    this.materialize(src, src + arity);
    this.e2(Op.BR_TABLE, index, n);
    this.ensure(n + 1);
    const table = this.pc;
    this.pc += n + 1;
    if (this.stubPc.length < v.nctrl) {
      this.stubPc = growI32(this.stubPc, v.nctrl * 2);
      this.stubStamp = growI32(this.stubStamp, v.nctrl * 2);
    }
    const stamp = ++this.stamp;
    for (let i = 0; i <= n; i++) {
      const f = v.nctrl - 1 - labels[i];
      const direct = f !== 0 && v.ctrlKind[f] !== Kind.Loop && (arity === 0 || src === v.ctrlHeight[f]);
      if (direct) {
        this.code[table + i] = 0;
        this.addPatch(f, table + i);
      } else if (this.stubStamp[f] === stamp) {
        this.code[table + i] = this.stubPc[f];
      } else {
        this.stubStamp[f] = stamp;
        this.stubPc[f] = this.pc;
        this.code[table + i] = this.pc;
        this.jump(f, src);
      }
    }
  }

  /** select of the operands at positions p, p+1 (values) and p+2 (condition), p = nvals (popped). */
  select(op: number): void {
    const p = this.v.nvals;
    this.e4(op, this.w(p), this.src(p), this.src(p + 1), this.src(p + 2));
    this.result(4);
  }

  // ---- immediates ----

  blockType(): number {
    const r = this.r;
    const at = r.pos;
    const bt = r.s33();
    if (bt >= 0) {
      if (bt >= this.v.types.length) this.v.fail('unknown type ' + bt);
      return bt;
    }
    if (bt === BLOCK_EMPTY) return bt;
    if (bt < -64 || !isValueType(bt + 128)) compileError('malformed value type', at);
    return bt;
  }

  valType(): number {
    const t = this.r.u8();
    if (!isValueType(t)) compileError('malformed value type', this.r.pos - 1);
    return t;
  }

  local(): number {
    const x = this.r.u32();
    if (x >= this.nlocals) this.v.fail('unknown local ' + x);
    return x;
  }

  table(): number {
    const x = this.r.u32();
    if (x >= this.v.module.tables.length) this.v.fail('unknown table ' + x);
    return x;
  }

  memory(): void {
    if (this.v.module.memories.length === 0) this.v.fail('unknown memory 0');
  }

  /**
   * memory.init and data.drop need the data count section. Without one and without any data
   * segment, the index is reported as unknown instead (tools such as wabt omit the section
   * when there are no segments, and the testsuite expects "unknown data segment" then).
   */
  dataSegment(seg: number): void {
    const module = this.v.module;
    if (module.dataCount < 0 && module.datas.length > 0) compileError('data count section required', this.v.at);
    if (seg >= module.datas.length || (module.dataCount >= 0 && seg >= module.dataCount)) this.v.fail('unknown data segment ' + seg);
  }

  elemSegment(seg: number): void {
    if (seg >= this.v.module.elems.length) this.v.fail('unknown elem segment ' + seg);
  }

  zeroByte(): void {
    zeroByte(this.r);
  }

  popI32s(n: number): void {
    for (let i = 0; i < n; i++) this.v.popExpect(ValType.I32);
  }

  // ---- emission ----

  ensureLocals(n: number): void {
    if (n > this.localTypes.length) this.localTypes = growI32(this.localTypes, n + (n >> 1));
  }

  ensure(words: number): void {
    if (this.pc + words > this.code.length) {
      let n = this.code.length * 2;
      if (n < this.pc + words) n = this.pc + words;
      this.code = growI32(this.code, n);
    }
  }

  addPatch(f: number, pos: number): void {
    if (this.npatch === this.patchPos.length) {
      this.patchPos = growI32(this.patchPos, this.npatch * 2);
      this.patchNext = growI32(this.patchNext, this.npatch * 2);
    }
    const k = this.npatch++;
    this.patchPos[k] = pos;
    this.patchNext[k] = this.v.ctrlPatch[f];
    this.v.ctrlPatch[f] = k;
  }

  /** Records the wasm offset of the instruction being compiled for the instruction emitted at pc
   *  now, if it can trap or call (the source map of trap backtraces). */
  mapSource(op: number): void {
    if (!trapsOrCalls(op)) return;
    let n = this.nsrc;
    // An instruction taken back (takeCompare, immediate) is never one of these; stay sorted anyway.
    while (n > 0 && this.srcBuf[2 * n - 2] >= this.pc) n--;
    if (2 * n + 2 > this.srcBuf.length) this.srcBuf = growI32(this.srcBuf, 4 * n + 4);
    this.srcBuf[2 * n] = this.pc;
    this.srcBuf[2 * n + 1] = this.v.at;
    this.nsrc = n + 1;
  }

  e0(op: number): void {
    this.mapSource(op);
    this.ensure(1);
    this.code[this.pc++] = op;
    this.lastOp = op;
    this.dstAt = -1;
  }

  e1(op: number, a: number): void {
    this.mapSource(op);
    this.ensure(2);
    const c = this.code;
    c[this.pc] = op;
    c[this.pc + 1] = a;
    this.pc += 2;
    this.lastOp = op;
    this.dstAt = -1;
  }

  e2(op: number, a: number, b: number): void {
    this.mapSource(op);
    this.ensure(3);
    const c = this.code;
    c[this.pc] = op;
    c[this.pc + 1] = a;
    c[this.pc + 2] = b;
    this.pc += 3;
    this.lastOp = op;
    this.dstAt = -1;
  }

  e3(op: number, a: number, b: number, d: number): void {
    this.mapSource(op);
    this.ensure(4);
    const c = this.code;
    c[this.pc] = op;
    c[this.pc + 1] = a;
    c[this.pc + 2] = b;
    c[this.pc + 3] = d;
    this.pc += 4;
    this.lastOp = op;
    this.dstAt = -1;
  }

  e4(op: number, a: number, b: number, d: number, e: number): void {
    this.mapSource(op);
    this.ensure(5);
    const c = this.code;
    c[this.pc] = op;
    c[this.pc + 1] = a;
    c[this.pc + 2] = b;
    c[this.pc + 3] = d;
    c[this.pc + 4] = e;
    this.pc += 5;
    this.lastOp = op;
    this.dstAt = -1;
  }

  e5(op: number, a: number, b: number, d: number, e: number, g: number): void {
    this.mapSource(op);
    this.ensure(6);
    const c = this.code;
    c[this.pc] = op;
    c[this.pc + 1] = a;
    c[this.pc + 2] = b;
    c[this.pc + 3] = d;
    c[this.pc + 4] = e;
    c[this.pc + 5] = g;
    this.pc += 6;
    this.lastOp = op;
    this.dstAt = -1;
  }
}

/** Longest code (in words, final RETURN included) of a function that calls may inline. */
export const INLINE_MAX_WORDS = 16;

/**
 * The code of function fi if a direct call to it may be replaced by a copy of its code (inlining),
 * else null. Only small leaf functions qualify: defined in this module and already compiled (so
 * valid; eager compilation goes in index order, and no compilation is started from here), no
 * declared locals, at most INLINE_MAX_WORDS words of straight-line instructions whose frame
 * operands are known (ops.ts: frameOperands: numeric, memory, copies, constants, globals, select)
 * up to its first RETURN or RETURN_COPY. Inlined calls cost no fuel and no call depth.
 */
function inlinable(module: Module, fi: number): CompiledFunc | null {
  const i = fi - module.numImportedFuncs;
  if (i < 0) return null;
  const cf = module.compiled[i];
  if (cf === null || cf === undefined || cf.nlocals !== cf.nparams || cf.nparams > 30 || cf.code.length > INLINE_MAX_WORDS) return null;
  const code = cf.code;
  let pc = 0;
  // Straight-line code (packed): the first return ends it (fuseReturns may leave dead words after it).
  while (pc < code.length) {
    const op = packedOp(code, pc);
    if (op === Op.RETURN || op === Op.RETURN_COPY) return cf;
    if (frameOperands(op) < 0) return null;
    pc += packedLength(op);
  }
  return null;
}

/** 1 << k if frame word `word` lies in parameter k's slot (k < nparams), else 0. */
function paramBit(word: number, nparams: number): number {
  const k = word >> 1;
  return k >= 0 && k < nparams ? 1 << k : 0;
}

/** Whether the first operand of op (one with frameOperands) is its destination: all but stores and GLOBAL_SET. */
function firstOperandWritten(op: number): boolean {
  return !((op >= Op.I32_STORE && op <= Op.I32_STORE16) || op === Op.GLOBAL_SET);
}

/** Whether internal instruction op can trap or calls a function (those get a source map entry). */
function trapsOrCalls(op: number): boolean {
  return op === Op.UNREACHABLE || op === Op.CALL || op === Op.CALL_INDIRECT ||
    (op >= Op.I32_LOAD && op <= Op.I32_STORE16) || op === Op.I32_LOAD_SHL ||
    (op >= Op.MEMORY_GROW && op <= Op.MEMORY_INIT) ||
    op === Op.TABLE_GET || op === Op.TABLE_SET || (op >= Op.TABLE_GROW && op <= Op.TABLE_INIT) ||
    (op >= Op.I32_DIV_S && op <= Op.I32_REM_U) || (op >= Op.I64_DIV_S && op <= Op.I64_REM_U) ||
    (op >= Op.I32_TRUNC_F32_S && op <= Op.I32_TRUNC_F64_U) || (op >= Op.I64_TRUNC_F32_S && op <= Op.I64_TRUNC_F64_U);
}

/** The compare (index from Op.I32_EQ) that is true exactly when compare k is false. */
function inverseCompare(k: number): number {
  if (k < 2) return k ^ 1; // eq <-> ne
  if (k < 4) return k + 6; // lt <-> ge
  if (k < 6) return k + 2; // gt <-> le
  if (k < 8) return k - 2; // le <-> gt
  return k - 6; // ge <-> lt
}

/** The compare (index from Op.I32_EQ) with its operands swapped: x < y is y > x. */
function swapCompare(k: number): number {
  if (k < 2) return k; // eq, ne
  return (k & 2) !== 0 ? k + 2 : k - 2; // lt <-> gt (2,3 <-> 4,5), le <-> ge (6,7 <-> 8,9)
}

/** The operand types untyped select accepts (Unknown included). */
function isNumeric(t: number): boolean {
  return t === UNKNOWN || t === ValType.I32 || t === ValType.I64 || t === ValType.F32 || t === ValType.F64;
}

/**
 * Return peephole on finished code (no instruction moves, lengths are kept): `COPY 0 a; RETURN`
 * becomes `RETURN_COPY a; RETURN; RETURN`, and a forward BR to a RETURN_COPY or a RETURN becomes
 * that return (`RETURN_COPY a`, or `RETURN; RETURN`); `COPY d a; RETURN_COPY d` becomes
 * `RETURN_COPY a; RETURN; RETURN_COPY d`. None can trap, so no source map entry.
 */
function fuseReturns(code: Int32Array): void {
  let pc = 0;
  let prev = -1;
  while (pc < code.length) {
    const op = code[pc];
    if (op === Op.RETURN && prev >= 0 && code[prev] === Op.COPY && code[prev + 1] === 0) {
      code[prev] = Op.RETURN_COPY;
      code[prev + 1] = code[prev + 2];
      code[prev + 2] = Op.RETURN;
    }
    prev = pc;
    pc += op === Op.BR_TABLE ? 4 + code[pc + 2] : 1 + operandCount(op);
  }
  for (pc = 0; pc < code.length; ) {
    const op = code[pc];
    if (op === Op.BR) {
      const t = code[pc + 1];
      if (code[t] === Op.RETURN) { code[pc] = Op.RETURN; code[pc + 1] = Op.RETURN; }
      else if (code[t] === Op.RETURN_COPY) { code[pc] = Op.RETURN_COPY; code[pc + 1] = code[t + 1]; }
    }
    pc += op === Op.BR_TABLE ? 4 + code[pc + 2] : 1 + operandCount(op);
  }
  // `COPY d a; RETURN_COPY d` returns a directly (slot d is dead after the return).
  for (pc = 0; pc < code.length; ) {
    const op = code[pc];
    if (op === Op.COPY && code[pc + 3] === Op.RETURN_COPY && code[pc + 4] === code[pc + 1]) {
      code[pc] = Op.RETURN_COPY;
      code[pc + 1] = code[pc + 2];
      code[pc + 2] = Op.RETURN;
    }
    pc += op === Op.BR_TABLE ? 4 + code[pc + 2] : 1 + operandCount(op);
  }
  // A numeric instruction writing d right before `RETURN_COPY d` that no branch targets writes
  // slot 0 instead (its operands are read before its result is written), and returns plainly.
  const target = new Uint8Array(code.length + 1);
  for (pc = 0; pc < code.length; ) {
    const op = code[pc];
    const t = targetOperand(op);
    if (op === Op.BR_TABLE) { for (let i = 0; i <= code[pc + 2]; i++) target[code[pc + 3 + i]] = 1; }
    else if (t > 0) target[code[pc + t]] = 1;
    pc += op === Op.BR_TABLE ? 4 + code[pc + 2] : 1 + operandCount(op);
  }
  let last = -1;
  for (pc = 0; pc < code.length; ) {
    const op = code[pc];
    if (op === Op.RETURN_COPY && target[pc] === 0 && last >= 0 && code[last + 1] === code[pc + 1] && writesFirstOperand(code[last])) {
      code[last + 1] = 0;
      code[pc] = Op.RETURN;
      code[pc + 1] = Op.RETURN;
    }
    last = pc;
    pc += op === Op.BR_TABLE ? 4 + code[pc + 2] : 1 + operandCount(op);
  }
}

/** True for numeric instructions (plain and immediate forms) whose first operand is the result slot d. */
function writesFirstOperand(op: number): boolean {
  return (op >= Op.I32_EQZ && op <= Op.I64_TRUNC_SAT_F64_U) || (op >= Op.I32_ADD_IMM && op <= Op.I32_GE_U_IMM) || op === Op.I32_ROTL_IMM ||
    op === Op.I32_SHR_U_AND_IMM || op === Op.I32_MUL_ADD_IMM || op === Op.I32_XOR_SHR_U_IMM || op === Op.F64_MUL_ADD;
}
