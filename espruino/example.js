/*
 * picowasm example for Espruino: runs hello.wasm (moddable/examples/hello/hello.wasm, built from
 * its src/hello.wat) from Storage. Upload the three files first (espruino/README.md), then send
 * this code from the Web IDE's right-hand pane. Prints:
 *   hello from picowasm
 *   fib(30) = 832040
 *   add64(2^40, 5) = { lo: 5, hi: 256 }
 */
var wasmfile = require("wasmfile");
var memory;
var instance = wasmfile.instantiate("hello.wasm", {
  env: {
    print: function (ptr, len) {
      // One var statement first (Espruino hoists no var), and no view at an offset: Espruino
      // keeps a typed array's byteOffset in 16 bits.
      var bytes = new Uint8Array(memory.buffer), text = "", i;
      for (i = 0; i < len; i++) text += String.fromCharCode(bytes[ptr + i]);
      print(text);
    }
  }
});
memory = instance.exports.memory;
instance.exports.hello();
print("fib(30) = " + instance.exports.fib(30));
// No BigInt on Espruino: an i64 is a pair of signed 32-bit halves.
var sum = instance.exports.add64({ lo: 0, hi: 256 }, { lo: 5, hi: 0 });
print("add64(2^40, 5) = { lo: " + sum.lo + ", hi: " + sum.hi + " }");
