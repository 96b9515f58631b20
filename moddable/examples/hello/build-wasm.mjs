// Rebuilds moddable/examples/hello/hello.wasm from src/hello.wat with the npm `wabt` package
// (a dev dependency): `node moddable/examples/hello/build-wasm.mjs`. The built file is
// committed, so building the Moddable app needs no text-format tooling.
import * as fs from 'node:fs';
import wabtInit from 'wabt';

const wabt = await wabtInit();
const dir = new URL('.', import.meta.url);
const text = fs.readFileSync(new URL('src/hello.wat', dir), 'utf8');
const mod = wabt.parseWat('hello.wat', text, {});
const { buffer } = mod.toBinary({});
mod.destroy();
fs.writeFileSync(new URL('hello.wasm', dir), buffer);
console.log(`wrote moddable/examples/hello/hello.wasm (${buffer.length} bytes)`);
