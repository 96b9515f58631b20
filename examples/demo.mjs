// `npm start`: loads examples/demo.wasm with picowasm (not Node's own WebAssembly) and runs it.
import * as fs from 'node:fs';
import { WebAssembly as PicoWasm } from '../dist/node/picowasm.mjs';

const bytes = fs.readFileSync(new URL('demo.wasm', import.meta.url));
let memory;
const imports = {
  env: {
    print(ptr, len) {
      const text = String.fromCharCode(...new Uint8Array(memory.buffer, ptr, len));
      console.log(`  wasm says: ${text}`);
    },
  },
};
const { instance } = await PicoWasm.instantiate(bytes, imports);
memory = instance.exports.memory;
const { greet, fib, factorial, primes } = instance.exports;

console.log(`picowasm demo: ${bytes.length} bytes of wasm, run by picowasm (on Node as JS it compiles at load; PICOWASM_TIER=interp: its interpreter)`);
greet();
let t = Date.now();
console.log(`  fib(25) = ${fib(25)}  (${Date.now() - t} ms)`);
console.log(`  factorial(20) = ${factorial(20n)}  (i64 without BigInt inside the runtime)`);
t = Date.now();
console.log(`  primes below 60000 = ${primes(60000)}  (${Date.now() - t} ms)`);
