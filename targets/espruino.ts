// Entry point of the Espruino bundle (dist/espruino/picowasm.js): a minified CommonJS module
// (`exports.X = ...`) so that `require("picowasm")` works once the file is saved to Storage or
// added with `Modules.addCached`. Espruino has no BigInt, so i64 crosses the JS API as the
// core's lossless pair { lo, hi } of signed 32-bit halves (numbers are accepted as input);
// `setI64Codec` can plug in another representation. The loader from Storage is in
// espruino/picowasm-storage.js. What it leaves to others: everything in core/.
export * from '../core/index';
