// Module-level validation of a decoded Module (Wasm 2.0): type indices of imports and functions,
// limits, constant expressions (globals' initialisers, segment offsets and element items),
// element and data segments, the start function, exports, "multiple memories"; and C.refs
// (Module.declaredRefs), the functions a body may take with ref.func.
// It follows the reference interpreter's order, so that a module with several problems reports
// the same one. Function bodies are validated later, by the compiler (core/compile/).
// Errors are CompileError with the spec's wording; the offsets come from the decoder.
import { compileError } from '../errors';
import { ConstExpr, ExternKind, Limits, Module, SegmentMode, ValType } from '../module';

/** Byte offsets of the decoded entities, parallel to the Module's arrays, for error messages. */
export interface DecodeOffsets {
  types: number[];
  /** Each import's kind byte. */
  imports: number[];
  /** Each function section entry (defined functions). */
  funcs: number[];
  /** Each defined table, memory, and defined global's initialiser. */
  tables: number[];
  memories: number[];
  globals: number[];
  /** Each export's kind byte. */
  exports: number[];
  start: number;
  /** Each element and data segment's first byte. */
  elems: number[];
  datas: number[];
  /** Length of the module. */
  end: number;
}

/** Largest number of 64 KiB pages of a memory in Wasm 2.0 (4 GiB). */
export const MAX_PAGES = 65536;

/** Validates m (all but the function bodies) and fills m.declaredRefs. */
export function validateModule(m: Module, at: DecodeOffsets): void {
  const numTypes = m.types.length;
  const imports = m.imports;
  for (let i = 0; i < imports.length; i++) {
    const imp = imports[i];
    if (imp.kind === ExternKind.Func) {
      if (imp.funcType >= numTypes) compileError('unknown type ' + imp.funcType, at.imports[i]);
    } else if (imp.kind === ExternKind.Table) {
      checkTableLimits(imp.table!.limits, at.imports[i]);
    } else if (imp.kind === ExternKind.Memory) {
      checkMemoryLimits(imp.memory!, at.imports[i]);
    }
  }
  const funcTypes = m.funcTypes;
  for (let i = m.numImportedFuncs; i < funcTypes.length; i++) {
    if (funcTypes[i] >= numTypes) compileError('unknown type ' + funcTypes[i], at.funcs[i - m.numImportedFuncs]);
  }

  // Constant expressions see the imported globals only (Wasm 2.0) and every function.
  const inits = m.globalInits;
  for (let i = 0; i < inits.length; i++) {
    checkConstExpr(m, inits[i], m.globals[m.numImportedGlobals + i].type, at.globals[i]);
  }
  for (let i = m.numImportedTables; i < m.tables.length; i++) {
    checkTableLimits(m.tables[i].limits, at.tables[i - m.numImportedTables]);
  }
  for (let i = m.numImportedMemories; i < m.memories.length; i++) {
    checkMemoryLimits(m.memories[i], at.memories[i - m.numImportedMemories]);
  }

  const elems = m.elems;
  for (let i = 0; i < elems.length; i++) {
    const seg = elems[i];
    const pos = at.elems[i];
    for (let k = 0; k < seg.init.length; k++) checkConstExpr(m, seg.init[k], seg.type, pos);
    if (seg.mode === SegmentMode.Active) {
      if (seg.table >= m.tables.length) compileError('unknown table ' + seg.table, pos);
      checkConstExpr(m, seg.offset!, ValType.I32, pos);
      if (m.tables[seg.table].elem !== seg.type) compileError('type mismatch', pos);
    }
  }
  const datas = m.datas;
  for (let i = 0; i < datas.length; i++) {
    const seg = datas[i];
    if (seg.mode === SegmentMode.Active) {
      if (seg.memory >= m.memories.length) compileError('unknown memory ' + seg.memory, at.datas[i]);
      checkConstExpr(m, seg.offset!, ValType.I32, at.datas[i]);
    }
  }

  const numFuncs = funcTypes.length;
  if (m.start >= 0) {
    if (m.start >= numFuncs) compileError('unknown function ' + m.start, at.start);
    const type = m.types[funcTypes[m.start]];
    if (type.params.length !== 0 || type.results.length !== 0) compileError('start function', at.start);
  }

  const seen: any = {};
  const exports = m.exports;
  for (let i = 0; i < exports.length; i++) {
    const exp = exports[i];
    const index = exp.index;
    switch (exp.kind) {
      case ExternKind.Func:
        if (index >= numFuncs) compileError('unknown function ' + index, at.exports[i]);
        break;
      case ExternKind.Table:
        if (index >= m.tables.length) compileError('unknown table ' + index, at.exports[i]);
        break;
      case ExternKind.Memory:
        if (index >= m.memories.length) compileError('unknown memory ' + index, at.exports[i]);
        break;
      default:
        if (index >= m.globals.length) compileError('unknown global ' + index, at.exports[i]);
    }
    const key = '$' + exp.name; // prefixed: no clash with Object.prototype's names
    if (seen[key] === 1) compileError('duplicate export name', at.exports[i]);
    seen[key] = 1;
  }

  if (m.memories.length > 1) compileError('multiple memories', at.end);

  m.declaredRefs = declaredRefs(m);
}

function checkTableLimits(lim: Limits, pos: number): void {
  if (lim.max >= 0 && lim.min > lim.max) compileError('size minimum must not be greater than maximum', pos);
}

function checkMemoryLimits(lim: Limits, pos: number): void {
  if (lim.min > MAX_PAGES || lim.max > MAX_PAGES) compileError('memory size must be at most 65536 pages (4GiB)', pos);
  if (lim.max >= 0 && lim.min > lim.max) compileError('size minimum must not be greater than maximum', pos);
}

/** Checks a constant expression against the type it must produce. */
export function checkConstExpr(m: Module, e: ConstExpr, expected: number, pos: number): void {
  let type: number;
  switch (e.op) {
    case 0x41: type = ValType.I32; break;
    case 0x42: type = ValType.I64; break;
    case 0x43: type = ValType.F32; break;
    case 0x44: type = ValType.F64; break;
    case 0xd0: type = e.a; break;
    case 0xd2:
      if (e.a >= m.funcTypes.length) compileError('unknown function ' + e.a, pos);
      type = ValType.FuncRef;
      break;
    case 0x23:
      if (e.a >= m.numImportedGlobals) compileError('unknown global ' + e.a, pos);
      if (m.globals[e.a].mutable) compileError('constant expression required', pos);
      type = m.globals[e.a].type;
      break;
    default:
      return compileError('constant expression required', pos);
  }
  if (type !== expected) compileError('type mismatch', pos);
}

/**
 * C.refs: the functions that occur in ref.func of a global's initialiser or an element segment,
 * or in an export. Only these may be taken by ref.func in a function body.
 */
function declaredRefs(m: Module): Uint8Array {
  const refs = new Uint8Array(m.funcTypes.length);
  for (let i = 0; i < m.globalInits.length; i++) markRef(refs, m.globalInits[i]);
  for (let i = 0; i < m.elems.length; i++) {
    const seg = m.elems[i];
    if (seg.offset) markRef(refs, seg.offset);
    for (let k = 0; k < seg.init.length; k++) markRef(refs, seg.init[k]);
  }
  for (let i = 0; i < m.exports.length; i++) {
    if (m.exports[i].kind === ExternKind.Func) refs[m.exports[i].index] = 1;
  }
  return refs;
}

function markRef(refs: Uint8Array, e: ConstExpr): void {
  if (e.op === 0xd2) refs[e.a] = 1;
}
