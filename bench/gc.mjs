// GC check: does a long wasm call, after instantiation, make the JS engine collect garbage?
// The target is none: the interpreter's hot path should allocate nothing. For each program and
// host flag set, a child `node --trace-gc [--jitless] bench/gc.mjs --child ...` instantiates the
// program on picowasm, runs it once (warm-up), prints a marker, runs it again and prints another
// marker; the parent counts the --trace-gc lines between the markers.
// Usage: node bench/gc.mjs [--programs a,b] [--bundle path]   (also `run.mjs --gc`)
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = join(here, '..', '..');

async function child(bundle, wasm, size) {
  const W = (await import(pathToFileURL(bundle).href)).WebAssembly;
  const instance = new W.Instance(new W.Module(new Uint8Array(readFileSync(wasm))), {});
  instance.exports.run(size);
  // start the call with an empty young generation: a GC inside the call is the call's own garbage
  if (typeof globalThis.gc === 'function') globalThis.gc();
  process.stdout.write('### CALL START\n');
  const t0 = performance.now();
  instance.exports.run(size);
  const ms = performance.now() - t0;
  process.stdout.write('### CALL END ' + ms.toFixed(1) + '\n');
}

/** Runs the check; returns { summary, cases: [{ host, program, size, ms, gcs, kinds }] }. */
export function gcCheck(options) {
  const o = options || {};
  const bundle = o.bundle || join(root, 'dist', 'node', 'picowasm.mjs');
  // [program, size on node, size on node --jitless]
  const programs = o.programs || [['fib', 27, 24], ['loop', 2000000, 400000], ['matmul', 80, 30], ['f32', 120, 40], ['sha256', 1000, 200], ['memory', 10000, 2000], ['interp', 20000, 4000]];
  const cases = [];
  for (const [flagsName, flags] of [['node', []], ['node-jitless', ['--jitless', '--no-warnings']]]) {
    for (const [name, sizeJit, sizeJitless] of programs) {
      const size = flagsName === 'node' ? sizeJit : sizeJitless;
      const wasm = join(root, 'bench', '.build', name + '.wasm');
      if (!existsSync(wasm)) continue;
      const r = spawnSync(process.execPath, ['--trace-gc', '--expose-gc'].concat(flags, [here, '--child', bundle, wasm, String(size)]), { encoding: 'utf8', maxBuffer: 1 << 26 });
      const lines = (r.stdout || '').split('\n');
      const a = lines.findIndex((l) => l.startsWith('### CALL START'));
      const b = lines.findIndex((l) => l.startsWith('### CALL END'));
      if (a < 0 || b < 0) {
        cases.push({ host: flagsName, program: name, size, error: (r.stderr || '').slice(-500) });
        continue;
      }
      const gcLines = lines.slice(a + 1, b).filter((l) => /Scavenge|Mark-Compact|Mark-sweep|Minor/i.test(l));
      const kinds = {};
      for (const l of gcLines) {
        const k = (/(Scavenge|Mark-Compact|Mark-sweep|Minor[\w-]*)/i.exec(l) || ['?'])[0];
        kinds[k] = (kinds[k] || 0) + 1;
      }
      cases.push({ host: flagsName, program: name, size, ms: +lines[b].split(' ')[3], gcs: gcLines.length, kinds, sample: gcLines.slice(0, 2) });
    }
  }
  const summary = cases.map((c) => c.host + ' ' + c.program + '(' + c.size + '): ' + (c.error ? 'error' : c.gcs + ' GC' + (c.gcs ? ' ' + JSON.stringify(c.kinds) : '') + ' in ' + c.ms + ' ms')).join('; ');
  return { summary, cases };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], +process.argv[5]);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const bi = args.indexOf('--bundle');
  const r = gcCheck({ bundle: bi >= 0 ? args[bi + 1] : undefined });
  for (const c of r.cases) console.log(c.host.padEnd(13), (c.program + '(' + c.size + ')').padEnd(16), c.error ? 'error ' + c.error : (c.gcs + ' GCs').padEnd(8) + ' ' + JSON.stringify(c.kinds) + ' ' + c.ms + ' ms' + (c.sample[0] ? '  e.g. ' + c.sample[0].trim() : ''));
}
