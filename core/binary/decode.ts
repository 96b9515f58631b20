// The module decoder: bytes -> Module (core/module.ts), for the WebAssembly 2.0 binary format
// without SIMD. It reads every section, checks the framing (preamble, section ids, order and
// sizes, vector lengths, LEB128s, UTF-8 names), decodes constant expressions, then hands the
// result to core/valid/module.ts for module-level validation.
// Function bodies are NOT decoded here: their instructions are the compiler's job
// (core/compile/compiler.ts, one pass per body). The decoder only reads each body's locals (to
// reject "too many locals" and malformed value types early) and records the body as a
// [start, end) range of the bytes, from its locals vector to after its final `end`.
// Nothing is copied: names are decoded to strings, everything else stays offsets into `bytes`.
// Like the reference interpreter, a section's contents are read against the end of the module,
// not of the section, and then the section's size is checked ("section size mismatch"): that is
// what makes the spec testsuite's messages come out for inconsistent counts.
import { compileError } from '../errors';
import {
  ConstExpr, CustomSection, DataSegment, ElemSegment, Export, ExternKind, FuncType, GlobalType,
  Import, Limits, Module, SegmentMode, TableType, ValType,
} from '../module';
import { DecodeOffsets, validateModule } from '../valid/module';
import { decodeNameSection } from './names';
import { Reader } from './reader';

/** Most declared locals one function may have (the JS API's implementation limit). */
const MAX_LOCALS = 50000;

/** Decodes and validates a module at module level. Function bodies are left to the compiler. */
export function decodeModule(bytes: Uint8Array): Module {
  const len = bytes.length;
  if (len < 4) compileError('unexpected end', len);
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    compileError('magic header not detected', 0);
  }
  if (len < 8) compileError('unexpected end', len);
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    compileError('unknown binary version', 4);
  }

  const m: Module = {
    bytes: bytes,
    types: [],
    imports: [],
    funcTypes: [],
    numImportedFuncs: 0,
    tables: [],
    numImportedTables: 0,
    memories: [],
    numImportedMemories: 0,
    globals: [],
    numImportedGlobals: 0,
    globalInits: [],
    exports: [],
    start: -1,
    elems: [],
    datas: [],
    dataCount: -1,
    codes: [],
    customSections: [],
    declaredRefs: new Uint8Array(0),
    funcNames: [],
    moduleName: null,
    compiled: [],
  };
  const at: DecodeOffsets = {
    types: [], imports: [], funcs: [], tables: [], memories: [], globals: [], exports: [],
    start: 0, elems: [], datas: [], end: len,
  };
  const r = new Reader(bytes, 8, len);
  let lastRank = 0;
  let numFuncDecls = -1; // entries of the function section, -1 when absent
  let nameSection = -1;  // payload start of the "name" custom section
  let nameSectionEnd = 0;

  while (r.pos < len) {
    const idPos = r.pos;
    const id = bytes[r.pos++];
    if (id > 12) compileError('malformed section id', idPos);
    const size = r.len32();
    const start = r.pos;
    const end = start + size;
    if (id === 0) {
      const sec = customSection(r, end);
      m.customSections.push(sec);
      if (sec.name === 'name' && nameSection < 0) {
        nameSection = sec.start;
        nameSectionEnd = sec.end;
      }
      continue;
    }
    // Order of the known sections: the data count section (12) comes before code (10).
    const rank = id === 12 ? 10 : id >= 10 ? id + 1 : id;
    if (rank <= lastRank) compileError('unexpected content after last section', idPos);
    lastRank = rank;
    switch (id) {
      case 1: typeSection(r, m, at); break;
      case 2: importSection(r, m, at); break;
      case 3: numFuncDecls = functionSection(r, m, at); break;
      case 4: tableSection(r, m, at); break;
      case 5: memorySection(r, m, at); break;
      case 6: globalSection(r, m, at); break;
      case 7: exportSection(r, m, at); break;
      case 8: at.start = r.pos; m.start = r.u32(); break;
      case 9: elemSection(r, m, at); break;
      case 10: codeSection(r, m); break;
      case 11: dataSection(r, m, at); break;
      case 12: m.dataCount = r.u32(); break;
    }
    if (r.pos !== end) compileError('section size mismatch', start);
  }

  if ((numFuncDecls < 0 ? 0 : numFuncDecls) !== m.codes.length) {
    compileError('function and code section have inconsistent lengths', len);
  }
  if (m.dataCount >= 0 && m.dataCount !== m.datas.length) {
    compileError('data count and data section have inconsistent lengths', len);
  }
  const compiled = m.compiled;
  for (let i = 0; i < m.codes.length; i++) compiled.push(null);

  validateModule(m, at);
  if (nameSection >= 0) decodeNameSection(m, nameSection, nameSectionEnd);
  return m;
}

function customSection(r: Reader, end: number): CustomSection {
  const name = r.name();
  if (r.pos > end || end > r.end) compileError('unexpected end of section or function', r.pos);
  const sec: CustomSection = { name: name, start: r.pos, end: end };
  r.pos = end;
  return sec;
}

// ---- types ----

/**
 * A value type. Like the reference interpreter: a byte with the continuation bit is an overlong
 * s7; bytes from 0x7c up are number types; v128 (0x7b) is not supported (SIMD excluded); anything
 * lower must be a reference type.
 */
function valType(r: Reader): number {
  const b = r.u8();
  if (b & 0x80) compileError('integer representation too long', r.pos);
  if (b >= 0x7c || b === ValType.FuncRef || b === ValType.ExternRef) return b;
  if (b === ValType.V128) compileError('malformed value type', r.pos - 1);
  return compileError('malformed reference type', r.pos - 1);
}

function refType(r: Reader): number {
  const b = r.u8();
  if (b & 0x80) compileError('integer representation too long', r.pos);
  if (b !== ValType.FuncRef && b !== ValType.ExternRef) compileError('malformed reference type', r.pos - 1);
  return b;
}

function limits(r: Reader): Limits {
  const flags = r.u8();
  if ((flags & 0x7f) > 1) compileError('integer too large', r.pos - 1);
  if (flags & 0x80) compileError('integer representation too long', r.pos);
  const min = r.u32();
  const max = flags === 1 ? r.u32() : -1;
  return { min: min, max: max };
}

function tableType(r: Reader): TableType {
  const elem = refType(r);
  return { elem: elem, limits: limits(r) };
}

function globalType(r: Reader): GlobalType {
  const type = valType(r);
  const mut = r.u8();
  if (mut > 1) compileError('malformed mutability', r.pos - 1);
  return { type: type, mutable: mut === 1 };
}

function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

function typeSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    at.types.push(r.pos);
    const form = r.u8();
    if (form & 0x80) compileError('integer representation too long', r.pos);
    if (form !== 0x60) compileError('malformed function type', r.pos - 1);
    const params: number[] = [];
    const results: number[] = [];
    let sig = '';
    const np = r.len32();
    for (let k = 0; k < np; k++) {
      const t = valType(r);
      params.push(t);
      sig += hex2(t);
    }
    sig += ':';
    const nr = r.len32();
    for (let k = 0; k < nr; k++) {
      const t = valType(r);
      results.push(t);
      sig += hex2(t);
    }
    const type: FuncType = { params: params, results: results, sig: sig };
    m.types.push(type);
  }
}

function importSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kindPos = r.pos;
    const kind = r.u8();
    const imp: Import = { module: module, name: name, kind: kind, funcType: -1, table: null, memory: null, global: null };
    switch (kind) {
      case ExternKind.Func:
        imp.funcType = r.u32();
        m.funcTypes.push(imp.funcType);
        m.numImportedFuncs++;
        break;
      case ExternKind.Table:
        imp.table = tableType(r);
        m.tables.push(imp.table);
        m.numImportedTables++;
        break;
      case ExternKind.Memory:
        imp.memory = limits(r);
        m.memories.push(imp.memory);
        m.numImportedMemories++;
        break;
      case ExternKind.Global:
        imp.global = globalType(r);
        m.globals.push(imp.global);
        m.numImportedGlobals++;
        break;
      default:
        compileError('malformed import kind', kindPos);
    }
    at.imports.push(kindPos);
    m.imports.push(imp);
  }
}

function functionSection(r: Reader, m: Module, at: DecodeOffsets): number {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    at.funcs.push(r.pos);
    m.funcTypes.push(r.u32());
  }
  return n;
}

function tableSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    at.tables.push(r.pos);
    m.tables.push(tableType(r));
  }
}

function memorySection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    at.memories.push(r.pos);
    m.memories.push(limits(r));
  }
}

function globalSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    m.globals.push(globalType(r));
    at.globals.push(r.pos);
    m.globalInits.push(constExpr(r));
  }
}

function exportSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const kindPos = r.pos;
    const kind = r.u8();
    if (kind > 3) compileError('malformed export kind', kindPos);
    const exp: Export = { name: name, kind: kind, index: r.u32() };
    at.exports.push(kindPos);
    m.exports.push(exp);
  }
}

// ---- constant expressions ----

/** True for every opcode byte of Wasm 2.0 without SIMD (to tell "illegal opcode" apart). */
function isOpcode(b: number): boolean {
  return b <= 0x05 || (b >= 0x0b && b <= 0x11) || (b >= 0x1a && b <= 0x1c) || (b >= 0x20 && b <= 0x26) ||
    (b >= 0x28 && b <= 0xc4) || (b >= 0xd0 && b <= 0xd2) || b === 0xfc;
}

/**
 * A constant expression up to and including its `end`. Wasm 2.0 allows exactly one constant
 * instruction; several or none are "type mismatch", any other instruction is "constant
 * expression required". Index and type checks are left to validation.
 */
function constExpr(r: Reader): ConstExpr {
  const start = r.pos;
  let count = 0;
  let op = 0;
  let a = 0;
  let b = 0;
  for (;;) {
    const pos = r.pos;
    const opcode = r.u8();
    if (opcode === 0x0b) break;
    switch (opcode) {
      case 0x41: a = r.s32(); b = 0; break;
      case 0x42: a = r.s64(); b = r.hi; break;
      case 0x43: a = r.bits32(); b = 0; break;
      case 0x44: a = r.bits32(); b = r.bits32(); break;
      case 0xd0: a = refType(r); b = 0; break;
      case 0xd2: a = r.u32(); b = 0; break;
      case 0x23: a = r.u32(); b = 0; break;
      default:
        if (!isOpcode(opcode)) compileError('illegal opcode ' + hex2(opcode), pos);
        compileError('constant expression required', pos);
    }
    op = opcode;
    count++;
  }
  if (count !== 1) compileError('type mismatch', start);
  return { op: op, a: a, b: b };
}

// ---- element and data segments ----

function elemKind(r: Reader): number {
  const k = r.u8();
  if (k !== 0) compileError('malformed element kind', r.pos - 1);
  return ValType.FuncRef;
}

function elemSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    const pos = r.pos;
    const flags = r.u32();
    if (flags > 7) compileError('malformed elements segment kind', pos);
    // bit 0: passive or declarative; bit 1: explicit table (active) or declarative; bit 2: expressions
    const mode = (flags & 1) === 0 ? SegmentMode.Active : (flags & 2) ? SegmentMode.Declarative : SegmentMode.Passive;
    let table = 0;
    let offset: ConstExpr | null = null;
    let type = ValType.FuncRef as number;
    if (mode === SegmentMode.Active) {
      if (flags & 2) table = r.u32();
      offset = constExpr(r);
    }
    const usesExprs = (flags & 4) !== 0;
    if (flags & 3) type = usesExprs ? refType(r) : elemKind(r);
    const count = r.len32();
    const init: ConstExpr[] = [];
    for (let k = 0; k < count; k++) {
      init.push(usesExprs ? constExpr(r) : { op: 0xd2, a: r.u32(), b: 0 });
    }
    const seg: ElemSegment = { mode: mode, table: table, offset: offset, type: type, init: init };
    at.elems.push(pos);
    m.elems.push(seg);
  }
}

function dataSection(r: Reader, m: Module, at: DecodeOffsets): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    const pos = r.pos;
    const flags = r.u32();
    if (flags > 2) compileError('malformed data segment kind', pos);
    let memory = 0;
    let offset: ConstExpr | null = null;
    if (flags === 2) memory = r.u32();
    if (flags !== 1) offset = constExpr(r);
    const size = r.len32();
    const start = r.pos;
    r.skip(size);
    const seg: DataSegment = {
      mode: flags === 1 ? SegmentMode.Passive : SegmentMode.Active,
      memory: memory, offset: offset, start: start, end: start + size,
    };
    at.datas.push(pos);
    m.datas.push(seg);
  }
}

// ---- code ----

function codeSection(r: Reader, m: Module): void {
  const n = r.len32();
  const body = new Reader(r.bytes, 0, 0);
  for (let i = 0; i < n; i++) {
    const size = r.len32();
    const start = r.pos;
    r.skip(size);
    body.pos = start;
    body.end = start + size;
    checkLocals(body);
    m.codes.push({ start: start, end: start + size });
  }
}

/** Reads a body's locals vector: value types, and at most MAX_LOCALS locals in all. */
function checkLocals(r: Reader): void {
  const at = r.pos;
  const n = r.len32();
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += r.u32();
    valType(r);
  }
  if (total > MAX_LOCALS) compileError('too many locals', at);
}
