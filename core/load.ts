// Loading a module: decode the bytes (with module-level validation), then validate and compile
// every defined function right away, so that an invalid module is rejected here with a
// CompileError and never at a later call. The bytes are not copied. What it leaves to others:
// decoding (core/binary/decode.ts), compiling (core/compile/compiler.ts), instantiation
// (core/runtime/instantiate.ts). Low-RAM mode (options.lazy) validates now and compiles later.
import { Module } from './module';
import { decodeModule } from './binary/decode';
import { compileFunction } from './compile/compiler';

/**
 * Decodes, validates and compiles `bytes`; throws CompileError when malformed or invalid.
 * With options.lazy (low-RAM mode) every body is still validated here, by compiling it and
 * dropping the code; each function is then compiled again at its first call (and kept in
 * module.compiled, shared by the module's instances).
 */
export function loadModule(bytes: Uint8Array, options?: { lazy?: boolean }): Module {
  const module = decodeModule(bytes);
  const n = module.codes.length;
  const lazy = !!(options && options.lazy);
  for (let i = 0; i < n; i++) {
    compileFunction(module, i);
    if (lazy) module.compiled[i] = null;
  }
  if (lazy) module.lazy = true;
  return module;
}
