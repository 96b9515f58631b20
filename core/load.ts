// Loading a module: decode the bytes (with module-level validation), then validate and compile
// every defined function right away, so that an invalid module is rejected here with a
// CompileError and never at a later call. The bytes are not copied. What it leaves to others:
// decoding (core/binary/decode.ts), compiling (core/compile/compiler.ts), instantiation
// (core/runtime/instantiate.ts).
import { Module } from './module';
import { decodeModule } from './binary/decode';
import { compileFunction } from './compile/compiler';

/** Decodes, validates and compiles `bytes`; throws CompileError when malformed or invalid. */
export function loadModule(bytes: Uint8Array): Module {
  const module = decodeModule(bytes);
  const n = module.codes.length;
  for (let i = 0; i < n; i++) compileFunction(module, i);
  return module;
}
