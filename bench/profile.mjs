// Where the time goes: runs one program on picowasm in a child `node --cpu-prof [--jitless]` and
// prints the functions with the most self time (and their share), from the .cpuprofile.
// Usage: node bench/profile.mjs <program> [--size n|default|small|tiny] [--jit] [--top 15]
//        [--bundle path]   (default: dist/node/picowasm.mjs, Node --jitless, size small)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { listPrograms, assemble } from './lib/programs.mjs';
import { root } from './lib/builds.mjs';

/** Self time per function of a V8 .cpuprofile: [{ name, where, ms, share }], largest first. */
export function topFunctions(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dts = profile.timeDeltas;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (dts[i] || 0) / 1000;
    const cf = node.callFrame;
    const key = (cf.functionName || '(anonymous)') + ' ' + (cf.url ? cf.url.replace(/^.*\//, '') + ':' + (cf.lineNumber + 1) : '');
    self.set(key, (self.get(key) || 0) + dt);
    total += dt;
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, ms]) => ({ name: k.split(' ')[0], where: k.split(' ')[1] || '', ms, share: ms / total }));
}

/** Ticks per source line (V8's positionTicks), over all functions: [{ file, line, ticks, share }]. */
export function topLines(profile, top) {
  const ticks = new Map();
  let total = 0;
  for (const n of profile.nodes) {
    for (const pt of n.positionTicks || []) {
      const key = n.callFrame.url + '\n' + pt.line;
      ticks.set(key, (ticks.get(key) || 0) + pt.ticks);
      total += pt.ticks;
    }
  }
  return [...ticks.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, t]) => ({ file: k.split('\n')[0], line: +k.split('\n')[1], ticks: t, share: t / total }));
}

async function main() {
  const args = process.argv.slice(2);
  const name = args[0];
  const opt = (k, d) => (args.indexOf(k) >= 0 ? args[args.indexOf(k) + 1] : d);
  const p = listPrograms([name])[0];
  if (!p) throw new Error('usage: node bench/profile.mjs <program> ...');
  const sizeArg = opt('--size', 'small');
  const size = /^\d+$/.test(sizeArg) ? +sizeArg : p.meta.sizes[sizeArg];
  const jit = args.indexOf('--jit') >= 0;
  const top = +opt('--top', 15);
  mkdirSync(join(root, 'bench', '.build'), { recursive: true });
  const wasm = join(root, 'bench', '.build', name + '.wasm');
  writeFileSync(wasm, await assemble(p.text, p.file));
  const dir = mkdtempSync(join(os.tmpdir(), 'picowasm-prof-'));
  const spec = { impl: 'bundle', bundle: opt('--bundle', join(root, 'dist', 'node', 'picowasm.mjs')), wasm, size, runs: 3, warmup: 0 };
  const flags = ['--cpu-prof', '--cpu-prof-dir=' + dir].concat(jit ? [] : ['--jitless']);
  const r = spawnSync(process.execPath, flags.concat([join(root, 'bench', 'worker.mjs'), JSON.stringify(spec)]), { encoding: 'utf8' });
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  console.log('## ' + name + '(' + size + ') on picowasm, Node ' + (jit ? 'JIT' : '--jitless') + ': runs ' + (out.times || []).map((t) => t.toFixed(0) + ' ms').join(', ') + '\n');
  console.log('| self ms | share | function | where |\n|---:|---:|---|---|');
  for (const f of topFunctions(prof, top)) console.log('| ' + f.ms.toFixed(0) + ' | ' + (100 * f.share).toFixed(1) + '% | ' + f.name + ' | ' + f.where + ' |');
  console.log('\nHottest source lines of the bundle (share of line ticks):\n');
  console.log('| share | line | source |\n|---:|---:|---|');
  const sources = new Map();
  for (const l of topLines(prof, top)) {
    let text = '';
    if (l.file.startsWith('file://')) {
      const path = new URL(l.file).pathname;
      if (!sources.has(path)) sources.set(path, readFileSync(path, 'utf8').split('\n'));
      text = (sources.get(path)[l.line - 1] || '').trim().slice(0, 110).replace(/\|/g, '\\|');
    }
    console.log('| ' + (100 * l.share).toFixed(1) + '% | ' + l.file.replace(/^.*\//, '') + ':' + l.line + ' | `' + text + '` |');
  }
}

main().catch((e) => { console.error(e); process.exit(2); });
