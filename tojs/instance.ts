// The JS tier, part 2: a module's functions as one JS factory (made once per module with
// `new Function`), and its use on each instance. The factory binds the names the function bodies
// of function.ts use (helpers, the instance's memory, tables, globals, callees) and returns the
// compiled functions; each becomes its FuncInst's `raw`, with a slot entry (`tierCall`), so
// calls from JS run as JS while fuel, suspension, JSPI and the embedded API keep the interpreter.
// A function the tier cannot translate (Unsupported) is called through the interpreter.
//
// Only for engines with `new Function` whose JS stack overflow is a catchable error and whose
// f64 values keep their NaN bits (V8: the Node bundle turns it on, see targets/node.ts).
// What it leaves to others: the function bodies (function.ts), crossings (bridge.ts).
import { Module, ValType } from '../core/module';
import { ModuleInstance } from '../core/runtime/instance';
import { trapError } from '../core/errors';
import { attachBacktrace, currentThread } from '../core/exec/thread';
import { clz32, ctz32, popcnt32, imul, trunc, ceil, floor, nearest, fmin, fmax, i32TruncSatS, i32TruncSatU,
  f32ConvertI64S, f32ConvertI64U, f64ConvertI64S, f64ConvertI64U } from '../core/exec/numerics';
import { i64Mul, i64DivS, i64DivU, i64RemS, i64RemU, i64Shl, i64ShrS, i64ShrU, i64Rotl, i64Rotr, i64Clz,
  i64Ctz, i64Popcnt, i64TruncS, i64TruncU, i64TruncSatS, i64TruncSatU } from '../core/exec/i64';
import { memoryFill, memoryCopy, memoryInit, tableFill, tableCopy, tableInit } from '../core/exec/bulk';
import { functionSource, functionSourceWith, memoryGrowers, tierOptions, FunctionUse, Unsupported } from './function';
import { framesOf, registerFrameSource, withTraceLimit, SOURCE_PREFIX } from './frames';
import { RT, initState, rawOf, interpreted, slotEntry, jsEntryOf, NANF, NANB } from './bridge';

/** What the factory of a module is given besides the instance (made at run time, see initState). */
let HELPERS: any = null;

function helpers(): any {
  if (HELPERS !== null) return HELPERS;
  initState();
  HELPERS = {
    clz32: clz32, ctz32: ctz32, popcnt32: popcnt32, imul: imul, trunc: trunc, ceil: ceil, floor: floor,
    nearest: nearest, fmin: fmin, fmax: fmax, i32TruncSatS: i32TruncSatS, i32TruncSatU: i32TruncSatU,
    f32ConvertI64S: f32ConvertI64S, f32ConvertI64U: f32ConvertI64U, f64ConvertI64S: f64ConvertI64S,
    f64ConvertI64U: f64ConvertI64U, i64Mul: i64Mul, i64DivS: i64DivS, i64DivU: i64DivU, i64RemS: i64RemS,
    i64RemU: i64RemU, i64Shl: i64Shl, i64ShrS: i64ShrS, i64ShrU: i64ShrU, i64Rotl: i64Rotl, i64Rotr: i64Rotr,
    i64Clz: i64Clz, i64Ctz: i64Ctz, i64Popcnt: i64Popcnt, i64TruncS: i64TruncS, i64TruncU: i64TruncU,
    i64TruncSatS: i64TruncSatS, i64TruncSatU: i64TruncSatU, memoryFill: memoryFill, memoryCopy: memoryCopy,
    memoryInit: memoryInit, tableFill: tableFill, tableCopy: tableCopy, tableInit: tableInit,
    RAW: rawOf,
    DEEP: interpreted,
    NANF: NANF,
    NANB: NANB,
    fround: (Math as any).fround,
    trapper: trapper,
    RT: RT,
    PAGES: function (): number { return currentThread().limits.maxMemoryPages; },
    TABLE_LIMIT: function (): number { return currentThread().limits.maxTableSize; },
  };
  return HELPERS;
}


/** Factories are numbered, so that a stack trace tells their functions apart (frames.ts). */
let nextId = 0;

/**
 * The trap function `T(trap, index?)` of the functions of `module`: throws the trap's error
 * (call_indirect's element traps name the index, as the interpreter's do) with the wasm frames
 * read from the engine's stack trace (frames.ts).
 */
function trapper(module: Module): (trap: number, index?: number) => never {
  return function (trap: number, index?: number): never {
    const err: any = withTraceLimit(function (): any {
      return trapError(trap, index === undefined ? undefined : String(index >>> 0));
    });
    attachBacktrace(err, framesOf(err.stack, (module as any).jsTier || null));
    throw err;
  };
}

interface Factory {
  /** (helpers, instance, f64 constants) => compiled functions by module function index (sparse). */
  make: (h: any, inst: ModuleInstance, cf: Float64Array) => any[];
  cf: Float64Array;
  /** Its number (frames.ts). */
  id: number;
  module: Module;
  /** The module byte offset of the instruction at line `line` of the engine's stack trace in
   *  compiled function `k`, -1 if unknown (frames.ts). */
  locate: (k: number, line: number) => number;
}

/** What the engine adds to line numbers of a `new Function` body: V8 puts two lines before it
 *  ("function anonymous(H,INST,CF" and ") {"). */
const SOURCE_LINE_SHIFT = 2;

/** The factory of `module`, made at its first instance (null when none of it compiles). */
function factoryOf(module: Module): Factory | null {
  const m: any = module;
  if (m.jsTier !== undefined) return m.jsTier;
  const f = makeFactory(module);
  m.jsTier = f;
  return f;
}

function makeFactory(module: Module): Factory | null {
  const use: FunctionUse = { memory: false, growers: memoryGrowers(module), f64Consts: [] };
  const bodies: string[] = [];
  const compiled: number[] = [];
  const n = module.funcTypes.length;
  // what a translation again needs to write the same lines: the options, and where each
  // function's NaN constants began in CF (their numbers are part of the text)
  const options = tierOptions();
  const cfBase = new Int32Array(n);
  for (let i = module.numImportedFuncs; i < n; i++) {
    use.memory = false;
    cfBase[i] = use.f64Consts.length;
    try {
      const src = functionSource(module, i, use);
      if (src.length > options.maxSource) throw new Unsupported('too large');
      bodies.push(src);
      compiled.push(i);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
  if (compiled.length === 0) return null;
  const isCompiled = new Uint8Array(n);
  for (let i = 0; i < compiled.length; i++) isCompiled[compiled[i]] = 1;

  const lines: string[] = [];
  const helperNames = Object.keys(helpers());
  for (let i = 0; i < helperNames.length; i++) lines.push('var ' + helperNames[i] + ' = H.' + helperNames[i] + ';');
  const id = nextId++;
  lines.push('var T = trapper(INST.module);');
  lines.push('var R = RT.r, FN = INST.funcs, M0 = INST.memories[0];');
  lines.push('var X = new Int32Array(8), FB = new Float32Array(2), IB = new Int32Array(FB.buffer), DB = new Float64Array(1), DI = new Int32Array(DB.buffer);');
  for (let t = 0; t < module.tables.length; t++) lines.push('var TB' + t + ' = INST.tables[' + t + '];');
  for (let g = 0; g < module.globals.length; g++) {
    const type = module.globals[g].type;
    if (type === ValType.FuncRef || type === ValType.ExternRef) {
      lines.push('var GI' + g + ' = INST.globals[' + g + '];');
    } else {
      lines.push('var G' + g + ' = INST.globals[' + g + '].bits;');
      if (type === ValType.F64) lines.push('var GF' + g + ' = new Float64Array(G' + g + '.buffer, G' + g + '.byteOffset, 1);');
      if (type === ValType.F32) lines.push('var GS' + g + ' = new Float32Array(G' + g + '.buffer, G' + g + '.byteOffset, 1);');
    }
  }
  for (let t = 0; t < module.types.length; t++) lines.push('var SIG' + t + ' = ' + JSON.stringify(module.types[t].sig) + ';');
  for (let i = 0; i < n; i++) {
    if (!isCompiled[i]) lines.push('var f' + i + ' = RAW(FN[' + i + ']);');
    else lines.push('var D' + i + ' = null;'); // its interpreted form, for deep calls (made on demand)
  }
  // where each function starts in the source (1-based), for the offsets of backtraces
  const firstLine = new Int32Array(n);
  let located: { [k: number]: number[] } = {};
  let nlocated = 0;
  let line = lines.length + 1;
  for (let i = 0; i < compiled.length; i++) {
    firstLine[compiled[i]] = line;
    line += bodies[i].split('\n').length; // its lines and the blank line between bodies
  }
  const out: string[] = [];
  for (let i = 0; i < compiled.length; i++) out.push(compiled[i] + ': f' + compiled[i]);
  // The source URL names the module in the engine's stack traces, which trapper() reads.
  const source = lines.join('\n') + '\n' + bodies.join('\n') + '\nreturn {' + out.join(', ') + '};\n' +
    '//# sourceURL=' + SOURCE_PREFIX + id + '\n';
  let make: any;
  try {
    make = new Function('H', 'INST', 'CF', source);
  } catch (e) {
    // The engine cannot take it (its parser's own limits, such as nesting depth): the module
    // keeps the interpreter.
    return null;
  }
  const cf = new Float64Array(use.f64Consts.length >> 1);
  const words = new Int32Array(cf.buffer);
  for (let i = 0; i < use.f64Consts.length; i++) words[i] = use.f64Consts[i];
  const factory: Factory = {
    make: function (h: any, inst: ModuleInstance, consts: Float64Array): any[] {
      return make(h, inst, consts);
    },
    cf: cf,
    id: id,
    module: module,
    locate: function (k: number, at: number): number {
      // the function's lines, and their offsets, made again as they were, and kept for the next
      // frames of the same few functions
      const rel = at - SOURCE_LINE_SHIFT - firstLine[k];
      if (k < module.numImportedFuncs || k >= n || isCompiled[k] === 0 || rel < 0) return -1;
      let offsets = located[k];
      if (offsets === undefined) {
        offsets = [];
        const consts: number[] = [];
        for (let i = 0; i < cfBase[k]; i++) consts.push(0);
        functionSourceWith(options, module, k, { memory: false, growers: use.growers, f64Consts: consts }, offsets);
        if (++nlocated > 8) {
          located = {};
          nlocated = 1;
        }
        located[k] = offsets;
      }
      return rel < offsets.length ? offsets[rel] : -1;
    },
  };
  registerFrameSource(factory);
  return factory;
}

/** The instance hook of the tier (core/runtime/instantiate.ts: setInstanceHook). */
export function compileInstance(inst: ModuleInstance): void {
  const module = inst.module;
  if (module.lazy) return; // low-RAM mode: the interpreter's, code made at first call
  const factory = factoryOf(module);
  if (factory === null) return;
  const fns = factory.make(helpers(), inst, factory.cf);
  for (let i = module.numImportedFuncs; i < inst.funcs.length; i++) {
    const f = fns[i];
    if (f === undefined) continue;
    const func = inst.funcs[i];
    func.raw = f;
    func.tierCall = slotEntry(func, f);
    func.jsEntry = jsEntryOf(func, f);
  }
}
