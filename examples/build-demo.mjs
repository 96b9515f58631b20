// Rebuilds examples/demo.wasm from examples/demo.wat with the npm `wabt` package (a dev
// dependency). The built file is committed, so `npm start` needs no text-format tooling.
import * as fs from 'node:fs';
import wabtInit from 'wabt';

const wabt = await wabtInit();
const dir = new URL('.', import.meta.url);
const text = fs.readFileSync(new URL('demo.wat', dir), 'utf8');
const mod = wabt.parseWat('demo.wat', text, { bulk_memory: true });
const { buffer } = mod.toBinary({});
fs.writeFileSync(new URL('demo.wasm', dir), buffer);
console.log(`wrote examples/demo.wasm (${buffer.length} bytes)`);
