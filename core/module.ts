// The decoded form of a module: what core/binary/decode.ts produces and everything after reads.
// It holds offsets into the caller's bytes (which may be read-only flash) instead of copies:
// function bodies, data segments and custom sections are [start, end) ranges of `bytes`.
// Types only: no behaviour lives here.

/** Value types, numbered by their binary encoding. */
export const enum ValType {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
}

export const enum ExternKind {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
}

export interface FuncType {
  params: number[];   // ValType each
  results: number[];  // ValType each
  /** Canonical signature text, e.g. "7f7e:7c"; two function types are equal iff their sig is. */
  sig: string;
}

export interface Limits {
  min: number;
  /** -1 when there is no maximum. */
  max: number;
}

export interface TableType {
  elem: number; // ValType.FuncRef or ValType.ExternRef
  limits: Limits;
}

export interface GlobalType {
  type: number; // ValType
  mutable: boolean;
}

/**
 * A constant expression of Wasm 2.0: exactly one instruction before `end`.
 * op is the instruction's opcode byte; a and b are its immediates:
 *   0x41 i32.const a=value | 0x42 i64.const a=low, b=high | 0x43 f32.const a=bits
 *   0x44 f64.const a=low bits, b=high bits | 0xd0 ref.null a=ValType | 0xd2 ref.func a=funcidx
 *   0x23 global.get a=globalidx
 */
export interface ConstExpr {
  op: number;
  a: number;
  b: number;
}

export interface Import {
  module: string;
  name: string;
  kind: number; // ExternKind
  /** ExternKind.Func: index into Module.types. */
  funcType: number;
  table: TableType | null;
  memory: Limits | null;
  global: GlobalType | null;
}

export interface Export {
  name: string;
  kind: number; // ExternKind
  index: number;
}

export const enum SegmentMode {
  Passive = 0,
  Active = 1,
  Declarative = 2,
}

export interface ElemSegment {
  mode: number; // SegmentMode
  table: number;
  offset: ConstExpr | null; // active only
  type: number;  // ValType.FuncRef or ValType.ExternRef
  init: ConstExpr[];
}

export interface DataSegment {
  mode: number; // SegmentMode.Passive or Active
  memory: number;
  offset: ConstExpr | null;
  start: number; // payload [start, end) in Module.bytes
  end: number;
}

export interface CustomSection {
  name: string;
  start: number; // payload (after the name) [start, end) in Module.bytes
  end: number;
}

/** A function body: [start, end) in Module.bytes, from the locals vector to after the final `end`. */
export interface CodeEntry {
  start: number;
  end: number;
}

/** Internal code of one defined function, produced by core/compile/compiler.ts. */
export interface CompiledFunc {
  code: Int32Array;
  /** Number of parameter slots. */
  nparams: number;
  /** Parameters + declared locals (slots 0 .. nlocals-1 of the frame). */
  nlocals: number;
  /** Slots the frame needs: locals plus the maximum operand stack height. */
  frameSlots: number;
  /** For each local slot nparams..nlocals-1: 1 if it holds a reference (init to null), else 0. */
  localIsRef: Uint8Array;
  /** Whether any of those locals holds a reference (a call then also sets their refs to null;
   *  the refs entries of numeric slots are never read). */
  hasRefLocals: boolean;
  /** Source map for trap backtraces: pairs (code index of an instruction, byte offset in
   *  module.bytes of the wasm instruction it came from), sorted by code index, for the
   *  instructions that can trap or call only. Null when there are none. (Always present, so
   *  that every CompiledFunc has one shape for the interpreter's property loads.) */
  srcMap: Int32Array | null;
  /** Calls inlined into this code (compiler.ts: inline): triples (start, end, f): code indices
   *  start..end-1 are function f's code (module function index) from its code index 0, with its
   *  frame moved. Ranges nest (f's own inlined calls come along, inside f's range, listed before
   *  it, so the ranges holding an index come innermost first). Null when
   *  there are none. Trap backtraces use it to show the frames of the inlined functions. */
  inlined: Int32Array | null;
}

export interface Module {
  bytes: Uint8Array;
  types: FuncType[];
  imports: Import[];
  /** Type index of every function, imported ones first (the function index space). */
  funcTypes: number[];
  numImportedFuncs: number;
  /** Every table, imported first. */
  tables: TableType[];
  numImportedTables: number;
  /** Every memory, imported first. */
  memories: Limits[];
  numImportedMemories: number;
  /** Every global, imported first. */
  globals: GlobalType[];
  numImportedGlobals: number;
  /** Initialisers of the defined globals (index - numImportedGlobals). */
  globalInits: ConstExpr[];
  exports: Export[];
  start: number; // -1 when absent
  elems: ElemSegment[];
  datas: DataSegment[];
  /** Value of the data count section, -1 when absent. */
  dataCount: number;
  /** Bodies of the defined functions. */
  codes: CodeEntry[];
  customSections: CustomSection[];
  /** C.refs: declared[i] = 1 if function i may be used by ref.func in a body. */
  declaredRefs: Uint8Array;
  /** From the name section, when present and well formed. Sparse by function index. */
  funcNames: string[];
  moduleName: string | null;
  /** Filled by the compiler, one per defined function (null until compiled). */
  compiled: (CompiledFunc | null)[];
  /** Low-RAM mode (core/load.ts): bodies were validated at load, code is made at first call. */
  lazy?: boolean;
}
