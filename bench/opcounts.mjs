// How often each instruction of the internal code is dispatched, per benchmark program, and what
// that means for an engine that tries `switch` cases in source order (XS, QuickJS, Duktape,
// Espruino: see ../shared/docs/engines.md): the average number of tests per dispatch in the
// device bundles' dispatch chain (core/compile/dispatch.ts: the range tests that pick a group's
// switch, plus the cases tried in it). Method: the Node bundle (dist/node/picowasm.mjs, built by
// `npx rollup -c`) is copied to bench/.build/ with its one `(w = code[pc]) & 511` rewritten
// to count the dispatch number first; each program runs once at the chosen size. Names and
// groups come from core/compile/dispatch.ts. As a sample that was not written for the benchmark,
// the C programs of examples/c (clang -O2, WASI, output discarded) are counted too (`c:<name>`
// rows; --no-c leaves them out). The dispatch order is chosen from these counts (each program
// weighted equally, by share of its dispatches).
// Usage: node bench/opcounts.mjs [--size tiny|small|default] [--programs a,b] [--top 12] [--json] [--no-c] [--pairs]
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listPrograms, assemble } from './lib/programs.mjs';
import { root } from './lib/builds.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf('--' + name);
  return i < 0 ? def : args[i + 1];
};
const sizeName = opt('size', 'tiny');
const top = Number(opt('top', 12));
const only = opt('programs', '') ? opt('programs', '').split(',') : null;

/** The interpreter's dispatch in the Node bundle (core/exec/interpreter.ts: run). */
const DISPATCH = /\(w = code\[pc\]\) & 511/;

/** Dispatch number -> name, and the group ends, read from core/compile/dispatch.ts. */
export function dispatchTable() {
  const text = readFileSync(join(root, 'core', 'compile', 'dispatch.ts'), 'utf8');
  const names = [];
  const body = text.slice(text.indexOf('export const enum Dispatch {'), text.indexOf('COUNT ='));
  for (const m of body.matchAll(/\b([A-Z][A-Z0-9_]*) = (\d+),/g)) names[Number(m[2])] = m[1];
  const groups = text.slice(text.indexOf('export const enum DispatchGroup {'));
  const ends = [...groups.slice(0, groups.indexOf('}')).matchAll(/END_\d+ = (\d+),/g)].map((m) => Number(m[1]));
  return { names, ends };
}

/** Tests an in-order engine makes to reach dispatch number d: range tests of the chain, then cases. */
export function testsToReach(d, ends) {
  let g = 0;
  while (g < ends.length && d >= ends[g]) g++;
  const rangeTests = g < ends.length ? g + 1 : ends.length;
  return rangeTests + d - (g === 0 ? 0 : ends[g - 1]) + 1;
}

/** Dispatch count, average switch position of the dispatched cases, the ops by count (and the pairs). */
function summarize(counts, pairs, names, ends) {
  let total = 0;
  let tried = 0;
  for (let op = 0; op < 512; op++) {
    total += counts[op];
    tried += counts[op] * testsToReach(op, ends);
  }
  const ops = [];
  for (let op = 0; op < 512; op++) if (counts[op]) ops.push({ op, name: names[op] ?? String(op), count: counts[op], share: counts[op] / total });
  ops.sort((a, b) => b.count - a.count);
  const out = { dispatches: total, testsPerDispatch: tried / total, ops };
  if (pairs !== null) {
    out.pairs = [];
    for (let k = 0; k < pairs.length; k++) if (pairs[k]) out.pairs.push({ pair: (names[k >> 9] ?? k >> 9) + ' ' + (names[k & 511] ?? k & 511), count: pairs[k], share: pairs[k] / total });
    out.pairs.sort((a, b) => b.count - a.count);
  }
  return out;
}

async function main() {
  const bundle = join(root, 'dist', 'node', 'picowasm.mjs');
  const text = readFileSync(bundle, 'utf8');
  // Counts each opcode, and each pair (previous opcode, this opcode) when --pairs is given.
  const counting = text.replace(DISPATCH, '(w = code[pc], globalThis.__picowasmCount(w & 511), w) & 511');
  if (counting === text) throw new Error('could not instrument ' + bundle);
  mkdirSync(join(root, 'bench', '.build'), { recursive: true });
  const file = join(root, 'bench', '.build', 'picowasm-opcounts.mjs');
  writeFileSync(file, counting);
  let counts = null;
  let pairs = null;
  let prev = 0;
  globalThis.__picowasmCount = (op) => {
    counts[op]++;
    if (pairs !== null) pairs[prev * 512 + op]++;
    prev = op;
  };
  const fresh = () => {
    counts = new Float64Array(512);
    pairs = args.includes('--pairs') ? new Float64Array(512 * 512) : null;
  };
  const W = (await import(pathToFileURL(file).href)).WebAssembly;
  const { names, ends } = dispatchTable();
  // The bundle must be built from this dispatch.ts: its case labels carry the names.
  for (const m of text.matchAll(/case (\d+) \/\* Dispatch\.([A-Z0-9_]+) \*\//g)) {
    if (names[Number(m[1])] !== m[2]) throw new Error(bundle + ' is not built from core/compile/dispatch.ts (case ' + m[1] + ' is ' + m[2] + '): run npx rollup -c');
  }
  const results = {};
  for (const p of listPrograms(only)) {
    const size = p.meta.sizes[sizeName] ?? Number(sizeName);
    const bytes = await assemble(p.text, p.file);
    const inst = new W.Instance(new W.Module(bytes), {});
    fresh();
    inst.exports.run(size);
    results[p.name] = { size, ...summarize(counts, pairs, names, ends) };
  }
  if (!args.includes('--no-c')) {
    const { WASI } = await import(pathToFileURL(join(root, 'dist', 'node', 'wasi.mjs')).href);
    const dir = join(root, 'examples', 'c');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.wasm')).sort()) {
      const wasi = new WASI({ args: [f], env: {}, stdout: () => {}, stderr: () => {} });
      const inst = new W.Instance(new W.Module(readFileSync(join(dir, f))), wasi.getImportObject());
      fresh();
      wasi.start(inst);
      results['c:' + f.slice(0, -5)] = summarize(counts, pairs, names, ends);
    }
  }
  return { bundle, order: names, groupEnds: ends, results };
}

const out = await main();
if (args.includes('--json')) {
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
} else {
  for (const [name, r] of Object.entries(out.results)) {
    console.log(`${name}${r.size !== undefined ? ` (size ${r.size})` : ''}: ${r.dispatches} dispatches, ${r.testsPerDispatch.toFixed(1)} tests per dispatch on an in-order engine (range tests + cases)`);
    console.log('  ' + r.ops.slice(0, top).map((o) => `${o.name} ${(o.share * 100).toFixed(1)}%`).join(', '));
    if (r.pairs) console.log('  pairs: ' + r.pairs.slice(0, top).map((o) => `${o.pair} ${(o.share * 100).toFixed(1)}%`).join(', '));
  }
}
