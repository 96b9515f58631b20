// GC check: does a long wasm call, after instantiation, make the JS engine collect garbage?
// The target is none: the interpreter's hot path should allocate nothing. For each program and
// host flag set, a child `node --trace-gc [--jitless] bench/gc.mjs --child ...` instantiates the
// program on picowasm and makes 1 + WARM_CALLS + 1 calls of run(size), with markers around the
// first call (cold: the JS engine is still tiering the interpreter up) and the last one (warm);
// the parent counts the --trace-gc lines between each pair of markers. Only the warm count is the
// target: on V8 the cold call runs partly in its baseline tiers (Ignition, Sparkplug), which box
// every double they touch, until TurboFan's code of the interpreter loop is in place (about two
// calls of the sizes below; bench/README.md). With --jitless every call is cold in that sense.
// XS (the engine of the devices) has no GC trace, but xsnap-worker reports the number of heap
// slots in use after each command (currentHeapCount): xsHeapCheck evaluates run(size) and then
// run(larger size) as separate commands on a warm instance and compares the slots each left
// behind. The difference is what the extra work allocated; the target is 0 (XS keeps numbers in
// their slots, so a warm call allocates only what the command itself does).
// Usage: node bench/gc.mjs [--bundle path] [--no-xs]   (also `run.mjs --gc`; XS always runs
// the working tree's dist/moddable/picowasm.js)
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

import { bytesScript } from './lib/hosts.mjs';

const here = fileURLToPath(import.meta.url);
const root = join(here, '..', '..');

/** Calls made between the cold call and the warm one (V8 has optimized the loop by then). */
const WARM_CALLS = 3;

async function child(bundle, wasm, size) {
  const W = (await import(pathToFileURL(bundle).href)).WebAssembly;
  const instance = new W.Instance(new W.Module(new Uint8Array(readFileSync(wasm))), {});
  // each measured call starts with an empty young generation: a GC inside it is its own garbage.
  // A minor GC (a scavenge) empties it; a full GC would also drop the code V8 compiled for the
  // loops of the previous calls (its OSR cache holds that code weakly), so that the next call ran
  // unoptimized again: warm matmul collected 2-4 times after a full GC and took 11 ms, none and
  // 1 ms after a scavenge (`--trace-osr`, session 8).
  const measured = (label) => {
    if (typeof globalThis.gc === 'function') globalThis.gc({ type: 'minor' });
    process.stdout.write('### ' + label + ' START\n');
    const t0 = performance.now();
    instance.exports.run(size);
    process.stdout.write('### ' + label + ' END ' + (performance.now() - t0).toFixed(1) + '\n');
  };
  measured('COLD');
  for (let i = 0; i < WARM_CALLS; i++) instance.exports.run(size);
  measured('WARM');
}

/** The --trace-gc lines between the markers of one measured call: { gcs, kinds, ms, sample } or null. */
function between(lines, label) {
  const a = lines.findIndex((l) => l.startsWith('### ' + label + ' START'));
  const b = lines.findIndex((l) => l.startsWith('### ' + label + ' END'));
  if (a < 0 || b < 0) return null;
  const gcLines = lines.slice(a + 1, b).filter((l) => /Scavenge|Mark-Compact|Mark-sweep|Minor/i.test(l));
  const kinds = {};
  for (const l of gcLines) {
    const k = (/(Scavenge|Mark-Compact|Mark-sweep|Minor[\w-]*)/i.exec(l) || ['?'])[0];
    kinds[k] = (kinds[k] || 0) + 1;
  }
  return { gcs: gcLines.length, kinds, ms: +lines[b].split(' ')[3], sample: gcLines.slice(0, 2) };
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
      const cold = between(lines, 'COLD');
      const warm = between(lines, 'WARM');
      if (cold === null || warm === null) {
        cases.push({ host: flagsName, program: name, size, error: (r.stderr || '').slice(-500) });
        continue;
      }
      cases.push({ host: flagsName, program: name, size, ms: warm.ms, gcs: warm.gcs, kinds: warm.kinds, sample: warm.sample, cold });
    }
  }
  const summary = cases.map((c) => c.host + ' ' + c.program + '(' + c.size + '): ' + (c.error ? 'error' : c.gcs + ' GC' + (c.gcs ? ' ' + JSON.stringify(c.kinds) : '') + ' in ' + c.ms + ' ms warm (cold first call: ' + c.cold.gcs + ' GC in ' + c.cold.ms + ' ms)')).join('; ');
  return { summary, cases };
}

/**
 * On XS: the heap slots one command `run(size)` leaves in use, at two sizes, on a warm instance.
 * Returns { summary, cases: [{ program, sizes, slots: [at size 1, at size 2], extra }] } or
 * { skipped: reason } when xsnap-worker is not built.
 */
export async function xsHeapCheck() {
  const { ENGINES } = await import(pathToFileURL(join(root, 'test', 'engines', 'engines.mjs')).href);
  const xs = ENGINES.find((e) => e.name === 'xs');
  const missing = xs.missing();
  if (missing) return { skipped: missing, summary: 'XS: skipped (' + missing + ')' };
  // [program, size, larger size]: the larger call does 3-10x the work
  const programs = [['fib', 16, 19], ['loop', 20000, 100000], ['sieve', 1, 4], ['matmul', 12, 24], ['f32', 16, 40], ['sha256', 20, 100], ['memory', 200, 1000], ['interp', 400, 2000]];
  const session = await xs.open();
  const cases = [];
  try {
    for (const [name, small, large] of programs) {
      const wasm = join(root, 'bench', '.build', name + '.wasm');
      if (!existsSync(wasm)) continue;
      await session.send(bytesScript(readFileSync(wasm).toString('hex')) +
        'var inst = new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(bytes), {}); inst.exports.run(' + large + '); 1');
      // XS lowers the count only when it collects: collect before, so that the command starts
      // from live slots only; a collection inside it would show as a negative count (flagged).
      const slotsLeft = async (size) => {
        await session.send('gc(); 1');
        const before = JSON.parse(session.meter).currentHeapCount;
        await session.send('inst.exports.run(' + size + '); 1');
        return JSON.parse(session.meter).currentHeapCount - before;
      };
      await slotsLeft(small); // the command's own first-time allocations
      const slots = [await slotsLeft(small), await slotsLeft(large)];
      cases.push({ program: name, sizes: [small, large], slots, extra: slots[1] - slots[0], collected: slots[0] < 0 || slots[1] < 0 });
    }
  } finally {
    await session.close();
  }
  const summary = 'XS heap slots left by a warm call at two sizes (the difference is what the extra work allocated): ' +
    cases.map((c) => c.program + '(' + c.sizes.join('/') + ') ' + c.slots.join('/') + ' -> ' + c.extra + (c.collected ? ' (XS collected during the call: not measured)' : '')).join(', ');
  return { summary, cases };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], +process.argv[5]);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const bi = args.indexOf('--bundle');
  const r = gcCheck({ bundle: bi >= 0 ? args[bi + 1] : undefined });
  if (!args.includes('--no-xs')) console.log((await xsHeapCheck()).summary);
  for (const c of r.cases) console.log(c.host.padEnd(13), (c.program + '(' + c.size + ')').padEnd(16), c.error ? 'error ' + c.error : ('warm ' + c.gcs + ' GCs').padEnd(12) + ' ' + (c.ms + ' ms').padEnd(10) + (' cold ' + c.cold.gcs + ' GCs').padEnd(13) + ' ' + c.cold.ms + ' ms' + (c.sample[0] ? '  e.g. ' + c.sample[0].trim().replace(/\(average mu.*/, '') : ''));
}
