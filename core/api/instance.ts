// WebAssembly.Instance: reads the imports from the import object (JS API "read the imports"),
// instantiates (core/runtime/instantiate.ts), and builds the frozen, null-prototype exports
// object. The ModuleInstance is kept in `_inst`. A JS function import becomes a host function
// (func.ts); an exported wasm function given as an import is unwrapped to its FuncInst; a number
// (or an i64 value) given for a global import becomes a new immutable global.
// A WebAssembly.Suspending given for a function import becomes a suspending host function (jspi.ts).
// What it leaves to others: import type matching and segments (instantiate.ts).
import { ExternKind, Import, Module as WasmModule, ValType } from '../module';
import { linkError } from '../errors';
import { instantiate, ExternVal } from '../runtime/instantiate';
import { ModuleInstance } from '../runtime/instance';
import { currentThread, Thread } from '../exec/thread';
import { Suspending, suspendingFunc } from './jspi';
import { funcOf, hostFunc, wrapFunc } from './func';
import { constGlobal, Global, wrapGlobal } from './global';
import { Memory, wrapMemory } from './memory';
import { Module } from './module';
import { Table, wrapTable } from './table';
import { isI64Value, isObject } from './values';

export class Instance {
  _inst!: ModuleInstance;
  _exports: any;

  constructor(moduleObject: any, importObject?: any) {
    if (!(moduleObject instanceof Module) || !moduleObject._module) {
      throw new TypeError('WebAssembly.Instance(): the first argument must be a WebAssembly.Module');
    }
    const module: WasmModule = moduleObject._module;
    if (importObject !== undefined && !isObject(importObject)) {
      throw new TypeError('WebAssembly.Instance(): the import object must be an object');
    }
    if (module.imports.length > 0 && importObject === undefined) {
      throw new TypeError('WebAssembly.Instance(): the module has imports but no import object was given');
    }
    const inst = instantiate(module, function (imp: Import): ExternVal {
      return readImport(module, importObject, imp);
    }, instantiationThread !== null ? instantiationThread : currentThread());
    if (instantiationThread !== null) inst.limits = instantiationThread.limits;
    this._inst = inst;
    this._exports = exportsObject(inst);
  }

  get exports(): any {
    if (!(this instanceof Instance) || !this._inst) throw new TypeError('not a WebAssembly.Instance');
    return this._exports;
  }
}

/**
 * The thread (with its limits) the next `new Instance` instantiates on, set for the duration of
 * one construction by core/api/embed.ts (per-instance limits); null: the default thread.
 */
let instantiationThread: Thread | null = null;

/** Constructs an Instance on `thread` (whose limits the instance keeps for embedded calls). */
export function instanceWithThread(moduleObject: any, importObject: any, thread: Thread): Instance {
  const saved = instantiationThread;
  instantiationThread = thread;
  try {
    return new Instance(moduleObject, importObject);
  } finally {
    instantiationThread = saved;
  }
}

/** The external value for `imp` from the import object (TypeError / LinkError per the JS API). */
function readImport(module: WasmModule, importObject: any, imp: Import): ExternVal {
  const ns = importObject[imp.module];
  if (!isObject(ns)) {
    throw new TypeError('import ' + JSON.stringify(imp.module) + ' ' + JSON.stringify(imp.name) + ': module is not an object');
  }
  const v = ns[imp.name];
  // Missing (undefined) is a LinkError for every kind but a global of a reference type: there
  // undefined is an externref value (JS API: read the imports), and not a funcref (below).
  const globalType = imp.kind === ExternKind.Global ? (imp.global as { type: number }).type : -1;
  if (v === undefined && globalType !== ValType.ExternRef && globalType !== ValType.FuncRef) linkError('unknown import', imp.module, imp.name);
  switch (imp.kind) {
    case ExternKind.Func: {
      if (v instanceof Suspending) return suspendingFunc(v, module.types[imp.funcType]);
      if (typeof v !== 'function') linkError('incompatible import type (not a function)', imp.module, imp.name);
      const f = funcOf(v);
      return f !== null ? f : hostFunc(v, module.types[imp.funcType]);
    }
    case ExternKind.Table:
      if (!(v instanceof Table)) linkError('incompatible import type (not a WebAssembly.Table)', imp.module, imp.name);
      return v._tab;
    case ExternKind.Memory:
      if (!(v instanceof Memory)) linkError('incompatible import type (not a WebAssembly.Memory)', imp.module, imp.name);
      return v._mem;
    default: {
      if (v instanceof Global) return v._glob;
      const gt = imp.global as { type: number; mutable: boolean };
      const type = gt.type;
      if (type === ValType.I64 ? !isI64Value(v) :
          (type === ValType.I32 || type === ValType.F32 || type === ValType.F64) ? typeof v !== 'number' :
          type === ValType.V128) {
        linkError('incompatible import type (wrong value type for a global)', imp.module, imp.name);
      }
      if (gt.mutable) linkError('incompatible import type (a mutable global needs a WebAssembly.Global)', imp.module, imp.name);
      // A value that does not convert (a funcref that is not null or an exported function) is a
      // LinkError here, as in V8 and the current JS API text, not the conversion's TypeError.
      try {
        return constGlobal(type, v);
      } catch (e) {
        if (e instanceof TypeError) linkError('incompatible import type (' + e.message + ')', imp.module, imp.name);
        throw e;
      }
    }
  }
}

/** The frozen null-prototype object of the instance's exports. */
function exportsObject(inst: ModuleInstance): any {
  const out = Object.create(null);
  const exports = inst.module.exports;
  for (let i = 0; i < exports.length; i++) {
    const e = exports[i];
    let value: any;
    switch (e.kind) {
      case ExternKind.Func: value = wrapFunc(inst.funcs[e.index], e.index); break;
      case ExternKind.Table: value = wrapTable(inst.tables[e.index]); break;
      case ExternKind.Memory: value = wrapMemory(inst.memories[e.index]); break;
      default: value = wrapGlobal(inst.globals[e.index]); break;
    }
    Object.defineProperty(out, e.name, { value: value, enumerable: true, writable: true, configurable: true });
  }
  if (typeof Object.freeze === 'function') Object.freeze(out);
  return out;
}
