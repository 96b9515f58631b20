// Self-test of the benchmark instrument (run: node bench/selftest.mjs; exits 1 on a failure):
// the SHA-256 program against node:crypto, the f64 matrix multiply against a JS reference, the
// instruction counter against a closed formula for fib, the recorded checksums against native
// WebAssembly, and picowasm (dist/node) against native at the tiny sizes.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listPrograms, assemble, countExecuted } from './lib/programs.mjs';
import { root } from './lib/builds.mjs';

let failures = 0;
const check = (cond, what) => {
  console.log((cond ? 'ok   ' : 'FAIL ') + what);
  if (!cond) failures++;
};
const programs = Object.fromEntries(listPrograms().map((p) => [p.name, p]));
const bin = {};
for (const name of Object.keys(programs)) bin[name] = await assemble(programs[name].text, programs[name].file);

// SHA-256 against node:crypto
for (const n of [0, 1, 3, 17]) {
  const { instance } = await WebAssembly.instantiate(bin.sha256, {});
  const checksum = instance.exports.run(n) | 0;
  const mem = new Uint8Array(instance.exports.memory.buffer);
  const msg = new Uint8Array(n * 64);
  for (let i = 0; i < msg.length; i++) msg[i] = (i * 167 + (i >>> 8) * 13) & 255;
  const want = createHash('sha256').update(msg).digest();
  const got = Buffer.from(mem.slice(768, 800));
  check(got.equals(want), 'sha256 run(' + n + ') digest ' + got.toString('hex').slice(0, 16) + '… = node:crypto ' + want.toString('hex').slice(0, 16) + '…');
  let x = 0;
  for (let i = 0; i < 8; i++) x ^= want.readInt32BE(4 * i);
  check(checksum === x, 'sha256 run(' + n + ') checksum = xor of the digest words');
}

// matmul against a JS reference (same order of operations)
for (const n of [3, 10]) {
  const A = [], B = [], C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    A[i * n + j] = (i - j) / n + 1.5;
    B[i * n + j] = (((i * j) >>> 0) % 13) * 0.25 - 1;
  }
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) C[i * n + j] = C[i * n + j] + A[i * n + k] * B[k * n + j];
  let sum = 0;
  for (let i = 0; i < n * n; i++) sum += C[i];
  const w = new Int32Array(new Float64Array([sum]).buffer);
  const { instance } = await WebAssembly.instantiate(bin.matmul, {});
  check((instance.exports.run(n) | 0) === (w[0] ^ w[1]), 'matmul run(' + n + ') = JS reference');
}

// the counter: fib(n) executes 5 instructions per leaf call (n < 2), 13 per inner call, 2 in run
const fibs = [0, 1];
for (let i = 2; i < 30; i++) fibs.push(fibs[i - 1] + fibs[i - 2]);
for (const n of [0, 1, 2, 10, 20]) {
  const leaves = n < 2 ? 1 : fibs[n + 1];
  const want = 5 * leaves + 13 * (leaves - 1) + 2;
  const c = await countExecuted(bin.fib, n);
  check(c.executed === want, 'counted fib(' + n + ') instructions ' + c.executed + ' = formula ' + want);
  check(c.staticCount === 16, 'static count of fib = 16 (got ' + c.staticCount + ')');
}
// loop: 4 before, 23 per iteration, 3 after (do-while: at least one iteration)
for (const n of [1, 2, 100]) {
  const c = await countExecuted(bin.loop, n);
  const want = 4 + 23 * n + 3;
  check(c.executed === want, 'counted loop(' + n + ') instructions ' + c.executed + ' = ' + want);
}

// recorded checksums = native; picowasm = native at the tiny size
const pico = await import(pathToFileURL(join(root, 'dist', 'node', 'picowasm.mjs')).href);
for (const name of Object.keys(programs)) {
  const meta = programs[name].meta;
  const { instance } = await WebAssembly.instantiate(bin[name], {});
  for (const [size, recorded] of Object.entries(meta.checksums || {})) {
    check((instance.exports.run(+size) | 0) === recorded, name + ' run(' + size + ') native = recorded ' + recorded);
  }
  const tiny = meta.sizes.tiny;
  const native = instance.exports.run(tiny) | 0;
  let got;
  try {
    const inst = new pico.WebAssembly.Instance(new pico.WebAssembly.Module(bin[name]), {});
    got = inst.exports.run(tiny) | 0;
  } catch (e) {
    got = String(e);
  }
  check(got === native, name + ' run(' + tiny + ') picowasm ' + got + ' = native ' + native);
}

console.log(failures ? failures + ' failure(s)' : 'all ok');
process.exitCode = failures ? 1 : 0;
