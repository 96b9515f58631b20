// The WebAssembly namespace object of the JS API: Module, Instance, Memory, Table, Global, the
// error classes, validate, and (only where the engine has Promise) compile and instantiate, and
// the Web API's compileStreaming and instantiateStreaming (a fetch Response, or anything with
// arrayBuffer(), read whole: the core compiles a module in one go).
// Built by a function and frozen where the engine can, so no mutable module-level object exists.
// What it leaves to others: each class (module.ts, instance.ts, memory.ts, table.ts, global.ts).
import { CompileError, LinkError, RuntimeError, SuspendError } from '../errors';
import { promising, Suspending } from './jspi';
import { loadModule } from '../load';
import { Global } from './global';
import { Instance } from './instance';
import { Memory } from './memory';
import { bufferSourceBytes, Module } from './module';
import { Table } from './table';

export function makeNamespace(): any {
  const ns: any = {
    Module: Module,
    Instance: Instance,
    Memory: Memory,
    Table: Table,
    Global: Global,
    CompileError: CompileError,
    LinkError: LinkError,
    RuntimeError: RuntimeError,
    validate: validate,
  };
  if (typeof Promise === 'function') {
    ns.compile = compile;
    ns.instantiate = instantiateAsync;
    ns.compileStreaming = compileStreaming;
    ns.instantiateStreaming = instantiateStreaming;
    // JSPI (api/jspi.ts)
    ns.Suspending = Suspending;
    ns.promising = promising;
    ns.SuspendError = SuspendError;
  }
  if (typeof Object.freeze === 'function') Object.freeze(ns);
  return ns;
}

/** true when `bytes` is a valid module, false when it is malformed or invalid. */
function validate(bytes: any): boolean {
  const view = bufferSourceBytes(bytes, 'WebAssembly.validate()');
  try {
    loadModule(view);
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
  return true;
}

/** Promise of a Module (compiled synchronously, delivered asynchronously). */
function compile(bytes: any): Promise<any> {
  return new Promise(function (resolve: (m: any) => void, reject: (e: any) => void): void {
    try {
      resolve(new Module(bytes));
    } catch (e) {
      reject(e);
    }
  });
}

/** instantiate(Module, imports) → Promise of an Instance; instantiate(bytes, imports) → Promise of { module, instance }. */
function instantiateAsync(source: any, importObject?: any): Promise<any> {
  if (source instanceof Module) {
    return new Promise(function (resolve: (i: any) => void, reject: (e: any) => void): void {
      try {
        resolve(new Instance(source, importObject));
      } catch (e) {
        reject(e);
      }
    });
  }
  return compile(source).then(function (module: any): any {
    return { module: module, instance: new Instance(module, importObject) };
  });
}

/**
 * The Web API's checks of a `fetch` Response before its bytes are compiled (TypeError for each,
 * as browsers give): an object, a successful response, the MIME type application/wasm where it
 * has headers, a body not yet read. Resolves with its bytes.
 */
function responseBytes(source: any): Promise<any> {
  return Promise.resolve(source).then(function (response: any): any {
    const name = 'WebAssembly.compileStreaming()';
    if (response === null || typeof response !== 'object' || typeof response.arrayBuffer !== 'function') {
      throw new TypeError(name + ': the argument must be a Response or a Promise of one');
    }
    if (response.ok === false) throw new TypeError(name + ': HTTP status code is not ok');
    const headers = response.headers;
    if (headers !== null && typeof headers === 'object' && typeof headers.get === 'function') {
      const type = headers.get('Content-Type');
      const essence = typeof type === 'string' ? type.split(';')[0].replace(/^\s+|\s+$/g, '').toLowerCase() : '';
      if (essence !== 'application/wasm') {
        throw new TypeError(name + ": incorrect response MIME type, expected 'application/wasm'");
      }
    }
    if (response.bodyUsed === true) throw new TypeError(name + ': the body of the response was already read');
    return response.arrayBuffer();
  });
}

/** Promise of a Module from a Response (Web API). */
function compileStreaming(source: any): Promise<any> {
  return responseBytes(source).then(compile);
}

/** Promise of { module, instance } from a Response (Web API). */
function instantiateStreaming(source: any, importObject?: any): Promise<any> {
  return responseBytes(source).then(function (bytes: any): Promise<any> {
    return instantiateAsync(bytes, importObject);
  });
}
