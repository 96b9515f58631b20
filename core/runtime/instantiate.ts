// Instantiation (spec 4.5.4): match the resolved imports against the module's import types,
// allocate the instance's functions, tables, memories and globals, evaluate the element
// segments, then in order run the active element segments (table.init + elem.drop), drop the
// declarative ones, run the active data segments (memory.init + data.drop) and call the start
// function. Also `invoke`, the one way to call a function instance from outside the interpreter.
// What it leaves to others: finding the imports (the resolver; core/api/instance.ts for JS),
// JS value conversions (core/api/), running code (core/exec/interpreter.ts).
import { ConstExpr, ExternKind, Import, Limits, Module, SegmentMode } from '../module';
import { linkError, rangeError, RuntimeError, Trap, trapError } from '../errors';
import { compileFunction } from '../compile/compiler';
import { execute } from '../exec/interpreter';
import { memoryInit, tableInit } from '../exec/bulk';
import type { Thread } from '../exec/thread';
import { trapErrorOf, memoryPageLimit, meteredCaller, setTierPresent, SUSPENDED } from '../exec/thread';
import type { Limits as ThreadLimits } from '../exec/thread';
import { FuncInst } from './func';
import { GlobalInst } from './global';
import { ModuleInstance } from './instance';
import { MemoryInst } from './memory';
import { TableInst } from './table';

/** Called with each new instance once it is allocated and initialised, before its start
 *  function runs: where a tier outside core/ (tojs/) prepares its own code. */
let instanceHook: ((inst: ModuleInstance) => void) | null = null;

export function setInstanceHook(hook: ((inst: ModuleInstance) => void) | null): void {
  instanceHook = hook;
  setTierPresent(hook !== null);
}

/** An external value: what an import resolves to and an export refers to. */
export type ExternVal = FuncInst | TableInst | MemoryInst | GlobalInst;

/**
 * Instantiates `module`. `resolveImport(imp, i)` returns the external value for import number i
 * (it is called for every import, in order, before anything is checked or allocated; it may throw
 * its own LinkError or TypeError). Throws LinkError "incompatible import type", RangeError when a
 * table or memory exceeds `thread.limits`, RuntimeError (trap) from a segment or the start function.
 */
export function instantiate(module: Module, resolveImport: (imp: Import, index: number) => ExternVal, thread: Thread): ModuleInstance {
  const imports = module.imports;
  const externs: ExternVal[] = [];
  for (let i = 0; i < imports.length; i++) externs.push(resolveImport(imports[i], i));

  const inst = new ModuleInstance(module);
  for (let i = 0; i < imports.length; i++) {
    const imp = imports[i];
    const ext = externs[i];
    if (!importMatches(module, imp, ext)) linkError('incompatible import type', imp.module, imp.name);
    switch (imp.kind) {
      case ExternKind.Func: inst.funcs.push(ext as FuncInst); break;
      case ExternKind.Table: inst.tables.push(ext as TableInst); break;
      case ExternKind.Memory: inst.memories.push(ext as MemoryInst); break;
      default: inst.globals.push(ext as GlobalInst); break;
    }
  }

  // Defined functions.
  const ncodes = module.codes.length;
  for (let i = 0; i < ncodes; i++) {
    const index = module.numImportedFuncs + i;
    let compiled = module.compiled[i];
    // A module loaded lazily (low-RAM mode) compiles each function at its first call.
    if (!compiled && !module.lazy) compiled = compileFunction(module, i);
    inst.funcs.push(new FuncInst(module.types[module.funcTypes[index]], inst, index, compiled || null, null));
  }

  // Defined tables and memories, within the embedder's limits.
  const limits = thread.limits;
  for (let i = module.numImportedTables; i < module.tables.length; i++) {
    const t = module.tables[i];
    if (t.limits.min > limits.maxTableSize) {
      throw rangeError('table size ' + t.limits.min + ' exceeds the limit of ' + limits.maxTableSize + ' elements');
    }
    inst.tables.push(new TableInst(t.elem, t.limits.min, t.limits.max, null, limits.maxTableSize));
  }
  for (let i = module.numImportedMemories; i < module.memories.length; i++) {
    inst.memories.push(allocateMemory(module.memories[i], limits));
  }

  // Defined globals: each initialiser sees the globals before it (2.0: only imported ones).
  const scratch = new Int32Array(2);
  for (let i = module.numImportedGlobals; i < module.globals.length; i++) {
    const gt = module.globals[i];
    const g = new GlobalInst(gt.type, gt.mutable);
    g.ref = evalConst(inst, module.globalInits[i - module.numImportedGlobals], g.bits);
    inst.globals.push(g);
  }

  // Element segments, evaluated to arrays of references; data segments start live.
  const elems = module.elems;
  for (let i = 0; i < elems.length; i++) {
    const init = elems[i].init;
    const refs: any[] = [];
    for (let k = 0; k < init.length; k++) refs.push(evalConst(inst, init[k], scratch));
    inst.elems.push(refs);
  }
  for (let i = 0; i < module.datas.length; i++) inst.dataLive[i] = 1;

  // Active element segments: table.init then elem.drop; declarative ones are dropped.
  for (let i = 0; i < elems.length; i++) {
    const seg = elems[i];
    if (seg.mode === SegmentMode.Active) {
      evalConst(inst, seg.offset as ConstExpr, scratch);
      const trap = tableInit(inst, inst.tables[seg.table], i, scratch[0] >>> 0, 0, inst.elems[i].length);
      if (trap !== Trap.None) throw trapError(trap);
      inst.elems[i] = [];
    } else if (seg.mode === SegmentMode.Declarative) {
      inst.elems[i] = [];
    }
  }

  // Active data segments: memory.init then data.drop.
  const datas = module.datas;
  for (let i = 0; i < datas.length; i++) {
    const seg = datas[i];
    if (seg.mode !== SegmentMode.Active) continue;
    evalConst(inst, seg.offset as ConstExpr, scratch);
    const trap = memoryInit(inst, inst.memories[seg.memory], i, scratch[0] >>> 0, 0, seg.end - seg.start);
    if (trap !== Trap.None) throw trapError(trap);
    inst.dataLive[i] = 0;
  }

  if (instanceHook !== null) instanceHook(inst);

  // The start function (type [] -> [] by validation).
  if (module.start >= 0) {
    callFunction(thread, inst.funcs[module.start], thread.top);
  }
  return inst;
}

/**
 * Runs `func` (wasm or host) with its arguments at word `base` of the thread's stack (the caller
 * has reserved the slots); the results are then at `base`. A trap throws its RuntimeError (or
 * RangeError for stack exhaustion); host exceptions propagate. The interpreter restores
 * thread.depth and thread.top on every exit.
 */
export function callFunction(thread: Thread, func: FuncInst, base: number, interpreterOnly?: boolean): void {
  const payer = meteredCaller();
  // A tier outside core/ (tojs/) runs the call, unless it must be metered (or the tier itself
  // hands it to the interpreter: `interpreterOnly`).
  if (payer === null && func.tierCall !== null && interpreterOnly !== true && func.tierCall(thread, base)) return;
  const trap = payer === null ? execute(thread, func, base) : executeOnBudget(thread, func, base, payer);
  if (trap !== Trap.None) throw trapErrorOf(thread, trap);
}

/**
 * A call that a host function of the metered thread `payer` makes back into wasm: it runs metered
 * on the fuel `payer` has left, and what it spends is taken from `payer`. It cannot suspend when
 * the fuel runs out (the host function's JS frame lies between it and the suspended call), so it
 * ends with a RuntimeError then, and `payer` is left with no fuel: it suspends at its next back
 * edge or call if the host function catches the error.
 */
function executeOnBudget(thread: Thread, func: FuncInst, base: number, payer: Thread): number {
  const fuel0 = thread.fuel;
  const metered0 = thread.metered;
  thread.metered = true;
  thread.fuel = payer.fuel;
  let trap: number = Trap.None;
  try {
    trap = execute(thread, func, base);
  } finally {
    const left = thread.fuel;
    thread.fuel = fuel0;
    thread.metered = metered0;
    payer.fuel = left; // after the restore: payer may be this thread
  }
  if (trap === SUSPENDED) {
    thread.suspended = false;
    thread.sFunc = null;
    throw new RuntimeError('out of fuel in wasm called from a host function (it cannot suspend there)');
  }
  return trap;
}

/** Import matching (spec 4.5.3.x): kinds, function types, limits, global types. */
function importMatches(module: Module, imp: Import, ext: ExternVal): boolean {
  switch (imp.kind) {
    case ExternKind.Func:
      return ext instanceof FuncInst && ext.type.sig === module.types[imp.funcType].sig;
    case ExternKind.Table: {
      if (!(ext instanceof TableInst)) return false;
      const t = imp.table as { elem: number; limits: Limits };
      return ext.elemType === t.elem && limitsMatch(ext.elements.length, ext.max, t.limits);
    }
    case ExternKind.Memory:
      return ext instanceof MemoryInst && limitsMatch(ext.pages, ext.max, imp.memory as Limits);
    default: {
      if (!(ext instanceof GlobalInst)) return false;
      const g = imp.global as { type: number; mutable: boolean };
      return ext.type === g.type && ext.mutable === g.mutable;
    }
  }
}

/** Limits subtyping: the actual [min, max] (max -1 = none) lies within the expected limits. */
function limitsMatch(min: number, max: number, expected: Limits): boolean {
  if (min < expected.min) return false;
  if (expected.max < 0) return true;
  return max >= 0 && max <= expected.max;
}

function allocateMemory(limits: Limits, embedder: ThreadLimits): MemoryInst {
  const maxPages = memoryPageLimit(embedder);
  if (limits.min > maxPages) {
    const bytes = embedder.maxMemoryBytes;
    throw rangeError('memory size ' + limits.min + ' pages exceeds the limit of ' + maxPages + ' pages' +
      (bytes !== undefined && bytes >= 0 ? ' (' + bytes + ' bytes)' : ''));
  }
  try {
    return new MemoryInst(limits.min, limits.max, maxPages, embedder.maxMemoryBytes);
  } catch (e) {
    throw rangeError('cannot allocate a memory of ' + limits.min + ' pages');
  }
}

/**
 * Evaluates a constant expression in `inst`: a numeric result goes to out[0] (and out[1] for
 * 64-bit values) and null is returned; a reference result is returned.
 */
export function evalConst(inst: ModuleInstance, e: ConstExpr, out: Int32Array): any {
  switch (e.op) {
    case 0x41: case 0x43: // i32.const, f32.const (raw bits)
      out[0] = e.a;
      out[1] = 0;
      return null;
    case 0x42: case 0x44: // i64.const, f64.const (raw bits)
      out[0] = e.a;
      out[1] = e.b;
      return null;
    case 0xd0: // ref.null
      return null;
    case 0xd2: // ref.func
      return inst.funcs[e.a];
    case 0x23: { // global.get
      const g = inst.globals[e.a];
      out[0] = g.bits[0];
      out[1] = g.bits[1];
      return g.ref;
    }
    default:
      throw new Error('internal: constant expression op ' + e.op);
  }
}
