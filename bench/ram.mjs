#!/usr/bin/env node
// `node bench/ram.mjs [program...]` (npm run bench:ram): the RAM picowasm uses per benchmark
// program, eager vs lazy compilation. Uses the built dist/node/picowasm.mjs (npm run build).
// For each program of bench/programs/ (assembled as bench/lib/programs.mjs does): loads its
// wasm eagerly and lazily (`load(bytes, { lazy })`), instantiates, calls run(tiny) once (checked
// against native WebAssembly), and prints memoryUsage() as a markdown table: internal code
// bytes, code bytes per wasm instruction (static count of bench/lib/programs.mjs), metadata,
// instance, stacks, linear memory and total; for lazy, the functions compiled before and after
// the call, code and total before and after it; and the load time eager vs lazy (median of 5).
// memoryUsage's code bytes are exact (typed arrays); metadata, instance and the engine's object
// overheads are estimates (see core/api/embed.ts). What it leaves to others: the measurement
// itself (memoryUsage in core/api/embed.ts), the programs and their assembly (bench/lib).
import { join, dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { listPrograms, assemble, staticInstructionCount } from './lib/programs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'node', 'picowasm.mjs');
if (!existsSync(bundle)) {
  console.error('dist/node/picowasm.mjs is missing: npm run build');
  process.exit(1);
}
const pw = await import(pathToFileURL(bundle).href);

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median load time in µs of `load(bytes, options)` over 5 loads (after 20 warm-up loads). */
function loadTime(bytes, options) {
  for (let i = 0; i < 20; i++) pw.load(bytes, options);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    pw.load(bytes, options);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}

const kb = (n) => (n / 1024).toFixed(1);
const rows = [];
let failures = 0;
for (const p of listPrograms(process.argv.slice(2))) {
  const bytes = await assemble(p.text, p.file);
  const instructions = await staticInstructionCount(bytes);
  const size = p.meta.sizes.tiny;
  const native = (await WebAssembly.instantiate(bytes, {})).instance.exports.run(size) | 0;

  const eager = pw.instantiate(pw.load(bytes), {});
  const eagerResult = eager.exports.run(size) | 0;
  const e = pw.memoryUsage(eager);

  const lazy = pw.instantiate(pw.load(bytes, { lazy: true }), {});
  const before = pw.memoryUsage(lazy);
  const lazyResult = lazy.exports.run(size) | 0;
  const l = pw.memoryUsage(lazy);
  if (eagerResult !== native || lazyResult !== native) {
    failures++;
    console.error(`${p.name}: run(${size}) eager ${eagerResult}, lazy ${lazyResult}, native ${native}`);
  }

  rows.push([
    p.name, bytes.length, instructions, e.code, (e.code / instructions).toFixed(1), e.metadata, e.instance, e.stacks,
    kb(e.memory), kb(e.total),
    `${before.compiledFunctions} → ${l.compiledFunctions} of ${l.definedFunctions}`, `${before.code} → ${l.code}`,
    `${kb(before.total)} → ${kb(l.total)}`, loadTime(bytes, {}).toFixed(0), loadTime(bytes, { lazy: true }).toFixed(0),
  ]);
}

const head = ['program', 'wasm bytes', 'wasm instrs', 'code B', 'code B/instr', 'metadata B', 'instance B', 'stacks B',
  'memory KiB', 'total KiB', 'lazy: compiled before → after call', 'lazy code B', 'lazy total KiB', 'load µs eager', 'load µs lazy'];
console.log(`RAM per module after one run(tiny) call, eager unless marked lazy (Node ${process.version}, dist/node/picowasm.mjs).`);
console.log('');
console.log('| ' + head.join(' | ') + ' |');
console.log('|' + head.map((h, i) => (i === 0 ? '---' : '---:')).join('|') + '|');
for (const r of rows) console.log('| ' + r.join(' | ') + ' |');
console.log('');
console.log('code: internal code of the compiled functions (exact); metadata, instance: estimates; stacks: the default thread\'s');
console.log('value, reference and frame stacks (shared by all instances); memory: linear memory; total: all of them.');
if (failures) {
  console.error(failures + ' program(s) gave wrong results');
  process.exitCode = 1;
}
