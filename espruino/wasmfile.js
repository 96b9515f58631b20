/*
 * picowasm on Espruino: load WebAssembly modules straight from Storage (flash).
 * `require("Storage").readArrayBuffer(name)` returns a memory-mapped ArrayBuffer over the file
 * in flash; picowasm keeps a view of it and never copies or writes module bytes, so a module
 * costs RAM only for its compiled code and instances. Save this file to Storage as "wasmfile"
 * (espruino/README.md) next to the bundle saved as "picowasm".
 * i64 values are { lo, hi } pairs of signed 32-bit halves (Espruino has no BigInt).
 * Not here yet (a later issue): fuel / time slicing, so a long wasm call blocks Espruino's
 * event loop until it returns. Written in the Espruino dialect (ES5, no labels), checked by
 * test/engines/dialect.mjs.
 */
var picowasm = require("picowasm");

/** The memory-mapped bytes of Storage file `name` (an ArrayBuffer); throws Error when missing. */
function bytes(name) {
  var buffer = require("Storage").readArrayBuffer(name);
  if (buffer === undefined) throw new Error("picowasm: no file " + name + " in Storage");
  return buffer;
}

/** A compiled WebAssembly.Module from Storage file `name` (CompileError when invalid). */
function compile(name) {
  return new picowasm.WebAssembly.Module(bytes(name));
}

/** A WebAssembly.Instance of Storage file `name` with `imports` (LinkError, RuntimeError). */
function instantiate(name, imports) {
  return new picowasm.WebAssembly.Instance(compile(name), imports);
}

exports.bytes = bytes;
exports.compile = compile;
exports.instantiate = instantiate;
exports.WebAssembly = picowasm.WebAssembly;
