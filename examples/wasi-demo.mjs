// `npm start`, part 2: the C programs of examples/c (compiled to wasm32-wasi by examples/c/build.sh)
// run by picowasm's interpreter through its WASI layer (picowasm/wasi), not Node's WebAssembly.
// The file program gets a fresh temporary directory, preopened as /sandbox.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WebAssembly as PicoWasm } from '../dist/node/picowasm.mjs';
import { WASI } from '../dist/node/wasi.mjs';

const dir = new URL('c/', import.meta.url);

function run(name, options) {
  const bytes = fs.readFileSync(new URL(`${name}.wasm`, dir));
  console.log(`\n--- examples/c/${name}.c (${bytes.length} bytes of wasm)`);
  const wasi = new WASI({ args: [name, ...(options.args || [])], env: options.env || {}, preopens: options.preopens || {} });
  const t = Date.now();
  const instance = new PicoWasm.Instance(new PicoWasm.Module(bytes), wasi.getImportObject());
  const code = wasi.start(instance);
  console.log(`--- exit code ${code}, ${Date.now() - t} ms`);
}

console.log('\npicowasm running WASI programs written in C:');
run('hello', {});
run('env', { args: ['first', 'second argument'], env: { GREETING: 'Hello', NAME: 'picowasm user' } });
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-demo-'));
fs.writeFileSync(path.join(sandbox, 'input.txt'), 'A file from the host, read inside the sandbox.\n');
try {
  run('files', { args: ['/sandbox'], preopens: { '/sandbox': sandbox } });
} finally {
  fs.rmSync(sandbox, { recursive: true, force: true });
}
run('numerics', {});
