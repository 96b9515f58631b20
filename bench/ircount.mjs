// Noise-free A/B for Node --jitless: counts the machine instructions one call of run(size) takes,
// under valgrind (cachegrind without cache simulation), for two picowasm bundles. On a shared
// machine wall-clock and even CPU time vary by ±25 % between processes (other tenants on the
// same cores), so small changes to the interpreter cannot be judged by timing alone; instruction
// counts are reproducible to about 0.1 %. They are not time (memory stalls and branch misses are
// not counted), so confirm a decision with `run.mjs --rounds`.
// Method: per program and bundle, two processes run bench/worker.mjs with one warm-up call, one
// with one timed call and one without; the difference is the instructions of one call.
// With --host xs the same is done on XS: xsnap-worker runs under valgrind, and the bundles are
// Moddable bundles (dist/moddable/picowasm.js and a copy of an older one); one session per
// (program, bundle, number of timed calls), the difference of two sessions is one call.
// Usage: node bench/ircount.mjs <bundle A> <bundle B> [--host node|xs] [--programs a,b]
//        [--size tiny|small|n] [--jobs 2]
//        (needs `valgrind`; Node bundles: e.g. dist/node/picowasm.mjs and a copy of an older one)
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { listPrograms, assemble } from './lib/programs.mjs';
import { root } from './lib/builds.mjs';
import { bytesScript } from './lib/hosts.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf('--' + name);
  return i < 0 ? def : args[i + 1];
};
const bundles = args.filter((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--'))).map((b) => resolve(b));
if (bundles.length !== 2) {
  console.error('usage: node bench/ircount.mjs <bundle A> <bundle B> [--host node|xs] [--programs a,b] [--size tiny] [--jobs 2]');
  process.exit(2);
}
const host = opt('host', 'node');
const sizeName = opt('size', 'tiny');
const jobs = Number(opt('jobs', 2));
const only = opt('programs', '') ? opt('programs', '').split(',') : null;

/** Instructions (valgrind "I refs") of one worker process. */
function irOf(bundle, wasm, size, runs) {
  const spec = JSON.stringify({ impl: 'bundle', bundle, wasm, size, runs, warmup: 1 });
  return new Promise((res, rej) => {
    execFile('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', 'node', '--jitless', '--single-threaded', '--predictable', '--random-seed=1', '--hash-seed=1', join(root, 'bench', 'worker.mjs'), spec],
      { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
        if (err) return rej(err);
        const out = JSON.parse(stdout.trim().split('\n').pop());
        if (!out.ok) return rej(new Error(out.error));
        const m = /I\s+refs:\s+([\d,]+)/.exec(stderr);
        if (!m) return rej(new Error('no I refs in valgrind output'));
        res({ ir: Number(m[1].replace(/,/g, '')), checksum: out.checksum });
      });
  });
}

/** Instructions of one xsnap-worker session that loads `bundle`, instantiates, warms up and makes `runs` calls. */
async function irOfXs(bundle, wasm, size, runs) {
  const { ENGINES } = await import(pathToFileURL(join(root, 'test', 'engines', 'engines.mjs')).href);
  const xs = ENGINES.find((e) => e.name === 'xs');
  const missing = xs.missing();
  if (missing) throw new Error('xs: ' + missing);
  const session = await xs.open({ bundle, wrapper: ['valgrind', '--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null'] });
  await session.send(bytesScript(readFileSync(wasm).toString('hex')) +
    'var inst = new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(bytes), {}); var checksum = inst.exports.run(' + size + '); 1');
  for (let i = 0; i < runs; i++) await session.send('if (inst.exports.run(' + size + ') !== checksum) throw new Error("checksum changed"); 1');
  const reply = await session.send('var s = String(checksum), b = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); b.buffer');
  const stderr = await session.finish();
  const m = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (!m) throw new Error('no I refs in valgrind output: ' + stderr.slice(-300));
  return { ir: Number(m[1].replace(/,/g, '')), checksum: Number(Buffer.from(reply).toString('latin1')) };
}

/** Runs the tasks with at most `n` at a time. */
async function pool(tasks, n) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }));
  return results;
}

const dir = join(root, 'bench', '.build');
mkdirSync(dir, { recursive: true });
const programs = [];
for (const p of listPrograms(only)) {
  const wasm = join(dir, p.name + '.wasm');
  writeFileSync(wasm, await assemble(p.text, p.file));
  programs.push({ name: p.name, wasm, size: p.meta.sizes[sizeName] ?? Number(sizeName) });
}
const tasks = [];
const measure = host === 'xs' ? irOfXs : irOf;
for (const p of programs) for (const b of bundles) for (const runs of [0, 1]) tasks.push(() => measure(b, p.wasm, p.size, runs));
const out = await pool(tasks, jobs);
let k = 0;
let logSum = 0;
console.log('| program | size | A instructions/call | B instructions/call | B/A |\n|---|---:|---:|---:|---:|');
for (const p of programs) {
  const per = [];
  for (let b = 0; b < 2; b++) {
    const base = out[k++];
    const one = out[k++];
    per.push(one.ir - base.ir);
  }
  const r = per[1] / per[0];
  logSum += Math.log(r);
  console.log(`| ${p.name} | ${p.size} | ${(per[0] / 1e6).toFixed(1)} M | ${(per[1] / 1e6).toFixed(1)} M | ${r.toFixed(3)} |`);
}
console.log(`| **geomean** | | | | ${Math.exp(logSum / programs.length).toFixed(3)} |`);
