// One measurement in a fresh process: loads one implementation of the WebAssembly namespace,
// compiles and instantiates one program, then times `run(size)` (warm-up calls first, then the
// timed runs). Spawned by bench/run.mjs with `node [--jitless] bench/worker.mjs '<json spec>'`;
// prints one JSON line { ok, checksum, compileMs, instantiateMs, times, cpuTimes } on stdout:
// times in wall-clock ms, cpuTimes in ms of this process's CPU time (user + system), which a
// loaded machine disturbs much less.
// Spec: { impl: "native" | "polywasm" | "bundle", bundle?: path of a picowasm .mjs bundle,
//         wasm: path of the .wasm file, size, runs, warmup }.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const spec = JSON.parse(process.argv[2]);

async function namespace() {
  if (spec.impl === 'native') {
    if (typeof WebAssembly === 'undefined') throw new Error('no native WebAssembly in this host');
    return WebAssembly;
  }
  if (spec.impl === 'polywasm') return (await import('polywasm')).WebAssembly;
  if (spec.impl === 'bundle') return (await import(pathToFileURL(spec.bundle).href)).WebAssembly;
  throw new Error('unknown impl ' + spec.impl);
}

try {
  const W = await namespace();
  const bytes = new Uint8Array(readFileSync(spec.wasm));
  let t0 = performance.now();
  const module = new W.Module(bytes);
  const compileMs = performance.now() - t0;
  t0 = performance.now();
  const instance = new W.Instance(module, {});
  const instantiateMs = performance.now() - t0;
  const run = instance.exports.run;
  let checksum = null;
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i < spec.warmup + spec.runs; i++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    const c = run(spec.size) | 0;
    const dt = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    if (checksum === null) checksum = c;
    else if (c !== checksum) throw new Error('checksum changed between runs: ' + checksum + ' then ' + c);
    if (i >= spec.warmup) {
      times.push(dt);
      cpuTimes.push((cu.user + cu.system) / 1000);
    }
  }
  process.stdout.write(JSON.stringify({ ok: true, checksum, compileMs, instantiateMs, times, cpuTimes }) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: String((e && e.stack) || e) }) + '\n');
}
