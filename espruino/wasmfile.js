/*
 * picowasm on Espruino: load WebAssembly modules straight from Storage (flash).
 * `require("Storage").readArrayBuffer(name)` returns a memory-mapped ArrayBuffer over the file
 * in flash; picowasm keeps a view of it and never copies or writes module bytes, so a module
 * costs RAM only for its compiled code and instances. Save this file to Storage as "wasmfile"
 * (espruino/README.md) next to the bundle saved as "picowasm".
 * i64 values are { lo, hi } pairs of signed 32-bit halves (Espruino has no BigInt).
 * Time slicing: loading this file makes setTimeout(next, 0) the default yield function of
 * picowasm's runSliced, so a long wasm call can run in fuel slices while Espruino's event loop
 * keeps running between them; runSliced below is the callback-style helper (Espruino's
 * Promise is optional). Written in the Espruino dialect (ES5, no labels), checked by
 * test/engines/dialect.mjs.
 */
var picowasm = require("picowasm");

picowasm.setDefaultYield(function (next) { setTimeout(next, 0); });

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

/**
 * Runs the exported wasm function `fn` with `args` in slices of `fuel` units (default 500: about
 * that many loop iterations plus calls), yielding to the event loop between slices; then calls
 * callback(error, result) (error: the trap's RuntimeError, or null). Without a callback it
 * returns a Promise of the result (where the firmware has Promise).
 */
function runSliced(fn, args, fuel, callback) {
  return picowasm.runSliced(fn, args || [], { fuel: typeof fuel === "number" ? fuel : 500, callback: callback });
}

exports.bytes = bytes;
exports.runSliced = runSliced;
exports.compile = compile;
exports.instantiate = instantiate;
exports.WebAssembly = picowasm.WebAssembly;
