// WebAssembly.Module: a compiled module (kept in `_module`). By default the constructor keeps a
// Uint8Array view over the caller's bytes and does NOT copy them (a documented deviation from the
// JS API, which copies: on devices the bytes are flash, and a later change to them is the
// caller's problem); setCopyModuleBytes(true), which the Node and ES5 bundles call, copies them
// as the JS API does. Static reflection: Module.exports, Module.imports, Module.customSections.
// What it leaves to others: decoding, validating and compiling (core/load.ts).
import { ExternKind, Module as WasmModule } from '../module';
import { loadModule } from '../load';

/** Whether WebAssembly.Module copies the bytes it is given (setCopyModuleBytes). */
let copyBytes = false;

/** Makes WebAssembly.Module (and compile, instantiate) copy the bytes it is given, as the JS API
 *  does, or keep a view over them (the default: no second copy of a module in a device's RAM). */
export function setCopyModuleBytes(on: boolean): void {
  copyBytes = on;
}

export class Module {
  _module!: WasmModule;

  constructor(bytes: any) {
    const view = bufferSourceBytes(bytes, 'WebAssembly.Module()');
    this._module = loadModule(copyBytes ? new Uint8Array(view) : view);
  }

  /** [{ name, kind }] for every export, in order. */
  static exports(moduleObject: any): any[] {
    const m = thisModule(moduleObject, 'WebAssembly.Module.exports()');
    const out: any[] = [];
    for (let i = 0; i < m.exports.length; i++) {
      const e = m.exports[i];
      out.push({ name: e.name, kind: kindName(e.kind) });
    }
    return out;
  }

  /** [{ module, name, kind }] for every import, in order. */
  static imports(moduleObject: any): any[] {
    const m = thisModule(moduleObject, 'WebAssembly.Module.imports()');
    const out: any[] = [];
    for (let i = 0; i < m.imports.length; i++) {
      const imp = m.imports[i];
      out.push({ module: imp.module, name: imp.name, kind: kindName(imp.kind) });
    }
    return out;
  }

  /** Copies (ArrayBuffers) of the payloads of the custom sections named `sectionName`. */
  static customSections(moduleObject: any, sectionName: any): ArrayBuffer[] {
    const m = thisModule(moduleObject, 'WebAssembly.Module.customSections()');
    if (sectionName === undefined) throw new TypeError('WebAssembly.Module.customSections(): a section name is required');
    const name = String(sectionName);
    const out: ArrayBuffer[] = [];
    for (let i = 0; i < m.customSections.length; i++) {
      const s = m.customSections[i];
      if (s.name !== name) continue;
      const copy = new ArrayBuffer(s.end - s.start);
      new Uint8Array(copy).set(m.bytes.subarray(s.start, s.end));
      out.push(copy);
    }
    return out;
  }
}

/** A Uint8Array view (no copy) of a BufferSource: an ArrayBuffer or a view on one; else TypeError. */
export function bufferSourceBytes(source: any, what: string): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  // A Uint8Array is taken as it is, also over a host buffer that is no ArrayBuffer (Moddable's
  // Resource and flash map(): the module bytes stay in flash), but not over shared memory.
  if (source instanceof Uint8Array && Object.prototype.toString.call(source.buffer) !== '[object SharedArrayBuffer]') return source;
  if (source !== null && typeof source === 'object' && source.buffer instanceof ArrayBuffer &&
      typeof source.byteOffset === 'number' && typeof source.byteLength === 'number') {
    if (source instanceof Uint8Array) return source;
    return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  }
  throw new TypeError(what + ': the argument must be an ArrayBuffer or a typed array');
}

export function kindName(kind: number): string {
  switch (kind) {
    case ExternKind.Func: return 'function';
    case ExternKind.Table: return 'table';
    case ExternKind.Memory: return 'memory';
    default: return 'global';
  }
}

function thisModule(moduleObject: any, what: string): WasmModule {
  if (!(moduleObject instanceof Module) || !moduleObject._module) throw new TypeError(what + ': the argument must be a WebAssembly.Module');
  return moduleObject._module;
}
