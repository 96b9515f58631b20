// The benchmark runner (`npm run bench`, not part of `npm test`). For every program of
// bench/programs/ and every host (Node with JIT, Node --jitless, ...) it measures picowasm, native
// WebAssembly (where the host has it), polywasm (npm) and a previous picowasm (a git ref built
// into bench/.previous/), each measurement in a fresh process; it checks every checksum against
// native WebAssembly's and the program's recorded constant, counts executed wasm instructions
// once per program and size (bench/lib/programs.mjs), reads picowasm's internal code size, and
// writes bench/results/<date>-<commit>[-N].json plus a markdown table on stdout.
//
// Options (see bench/README.md): --runs N (5) --warmup N (1) --programs a,b --hosts node,node-jitless
//   --impls picowasm,native,polywasm,previous --previous <ref> --no-previous --current <ref>
//   --size default|small|<n> (all hosts) --build --out <file> --no-write --label <text>
//   --record-checksums --gc --clock cpu|wall (cpu: the worker process's CPU time, default; engines
//   without it report wall-clock time) --rounds R (implementations take turns, R processes each)
import { writeFileSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { listPrograms, assemble, countExecuted, recordChecksum } from './lib/programs.mjs';
import { root, git, resolveRef, coreDirty, defaultPrevious, buildRef, buildWorkingTree } from './lib/builds.mjs';
import { hosts } from './lib/hosts.mjs';
import { gcCheck, xsHeapCheck } from './gc.mjs';

function parseArgs(argv) {
  const o = { runs: 5, warmup: 1, programs: null, hosts: ['node', 'node-jitless', 'xs', 'quickjs', 'duktape'], impls: ['picowasm', 'native', 'polywasm', 'previous'],
    previous: undefined, current: null, size: null, clock: 'cpu', rounds: 1, build: false, out: null, write: true, label: '', recordChecksums: false, gc: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--runs') o.runs = +next();
    else if (a === '--warmup') o.warmup = +next();
    else if (a === '--programs') o.programs = next().split(',');
    else if (a === '--hosts') o.hosts = next().split(',').filter(Boolean);
    else if (a === '--impls') o.impls = next().split(',');
    else if (a === '--previous') o.previous = next();
    else if (a === '--no-previous') o.previous = null;
    else if (a === '--current') o.current = next();
    else if (a === '--size') o.size = next();
    else if (a === '--clock') o.clock = next();
    else if (a === '--rounds') o.rounds = Math.max(1, +next());
    else if (a === '--build') o.build = true;
    else if (a === '--out') o.out = next();
    else if (a === '--no-write') o.write = false;
    else if (a === '--label') o.label = next();
    else if (a === '--record-checksums') o.recordChecksums = true;
    else if (a === '--gc') o.gc = true;
    else throw new Error('unknown option ' + a);
  }
  return o;
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const geomean = (xs) => (xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : null);
const log = (s) => process.stderr.write(s + '\n');

/** Internal code bytes of picowasm's compiled module: sum of code.length * 4. */
async function codeBytes(bundle, bytes) {
  const pico = await import(pathToFileURL(bundle).href);
  if (typeof pico.loadModule !== 'function') return null;
  const m = pico.loadModule(bytes);
  let n = 0;
  for (const c of m.compiled) if (c) n += c.code.length * 4;
  return n;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const programs = listPrograms(opt.programs);
  const buildDir = join(root, 'bench', '.build');
  mkdirSync(buildDir, { recursive: true });

  // what "picowasm" and "previous" are
  let current;
  if (opt.current) {
    const b = buildRef(opt.current, log);
    current = { ref: opt.current, sha: b.sha, bundle: b.bundle, dir: b.dir, dirty: false };
  } else {
    if (opt.build) buildWorkingTree();
    const sha = resolveRef('HEAD');
    // a snapshot of the bundle, so that a rebuild of dist/ during the run changes nothing
    const snapshot = join(buildDir, 'picowasm-current.mjs');
    copyFileSync(join(root, 'dist', 'node', 'picowasm.mjs'), snapshot);
    current = { ref: 'working tree', sha, bundle: snapshot, dirty: coreDirty() };
  }
  let previous = null;
  if (opt.impls.indexOf('previous') >= 0 && opt.previous !== null) {
    const ref = opt.previous === undefined ? defaultPrevious(opt.current) : opt.previous;
    if (ref) {
      try {
        const b = buildRef(ref, log);
        previous = { ref, sha: b.sha, bundle: b.bundle, dir: b.dir };
      } catch (e) {
        previous = { ref, error: String(e.message || e).split('\n')[0] };
        log('previous: ' + previous.error);
      }
    }
  }

  const result = {
    date: new Date().toISOString(), label: opt.label,
    commit: current.sha, dirty: current.dirty, current: current.ref,
    previous: previous && { ref: previous.ref, sha: previous.sha || null, error: previous.error || null },
    machine: { loadavg: os.loadavg().map((x) => +x.toFixed(2)), node: process.version, platform: process.platform + ' ' + process.arch, cpu: (os.cpus()[0] || {}).model, cpus: os.cpus().length },
    options: { runs: opt.runs, warmup: opt.warmup, hosts: opt.hosts, impls: opt.impls, size: opt.size, clock: opt.clock, rounds: opt.rounds },
    method: 'median of `runs` timed calls of run(size) after `warmup` calls, one fresh process per (host, implementation, program); ' +
      'instructions: executed wasm instructions except block/loop/else/end, counted by an instrumented build run natively; ' +
      'code bytes per instruction: sum of picowasm compiled code.length*4 over the static instruction count (same rule)',
    programs: {}, hosts: {}, gc: null, failures: [], warnings: [],
  };

  // assemble, count, check native, measure code size
  const sizesOf = (p, host) => {
    const s = opt.size || host.sizeName;
    return /^\d+$/.test(s) ? +s : p.meta.sizes[s];
  };
  for (const p of programs) {
    const bytes = await assemble(p.text, p.file);
    const wasm = join(buildDir, p.name + '.wasm');
    writeFileSync(wasm, bytes);
    const info = { description: p.meta.description, wasm, bytes: bytes.length, staticInstructions: 0, bySize: {}, codeBytes: null, codeBytesPrevious: null };
    const sizes = [...new Set(opt.hosts.map((h) => sizesOf(p, hosts[h])))];
    for (const size of sizes) {
      const c = await countExecuted(bytes, size);
      const { instance } = await WebAssembly.instantiate(bytes, {});
      const nativeChecksum = instance.exports.run(size) | 0;
      if (c.checksum !== nativeChecksum) result.failures.push(p.name + ': counting build checksum ' + c.checksum + ' != native ' + nativeChecksum);
      const recorded = p.meta.checksums && p.meta.checksums[String(size)];
      if (recorded !== undefined && recorded !== nativeChecksum) result.failures.push(p.name + '(' + size + '): native checksum ' + nativeChecksum + ' != recorded ' + recorded);
      if (recorded === undefined && opt.recordChecksums) recordChecksum(p, size, nativeChecksum);
      info.staticInstructions = c.staticCount;
      info.bySize[size] = { executed: c.executed, checksum: nativeChecksum, recorded: recorded === undefined ? null : recorded };
    }
    try { info.codeBytes = await codeBytes(current.bundle, bytes); } catch (e) { result.failures.push(p.name + ': picowasm loadModule: ' + e.message); }
    if (previous && previous.bundle) {
      try { info.codeBytesPrevious = await codeBytes(previous.bundle, bytes); } catch (e) { /* reported by the run */ }
    }
    result.programs[p.name] = info;
  }

  // measure
  for (const hname of opt.hosts) {
    const host = hosts[hname];
    if (!host) throw new Error('unknown host ' + hname + ' (known: ' + Object.keys(hosts).join(', ') + ')');
    const hres = (result.hosts[hname] = {});
    result.hostBundles = result.hostBundles || {};
    result.hostBundles[hname] = host.bundleNote ? host.bundleNote(current, previous) : (current.ref + ': ' + current.bundle.slice(root.length + 1));
    for (const p of programs) {
      const size = sizesOf(p, host);
      const expect = result.programs[p.name].bySize[size].checksum;
      const row = (hres[p.name] = { size, executed: result.programs[p.name].bySize[size].executed, impls: {} });
      // --rounds R: the implementations take turns, R processes each, runs/R timed runs per
      // process, so that a slow drift of the machine's load hits them alike
      const raw = {};
      for (let round = 0; round < opt.rounds; round++) {
        for (const impl of opt.impls) {
          if (host.impls.indexOf(impl) < 0) continue;
          if (raw[impl] && !raw[impl].ok) continue;
          let spec;
          // dir: a git ref's build directory (engine hosts load that ref's ES5 bundle from it)
          if (impl === 'picowasm') spec = { impl: 'bundle', bundle: current.bundle, dir: current.dir || null };
          else if (impl === 'previous') { if (!previous || !previous.bundle) continue; spec = { impl: 'bundle', bundle: previous.bundle, dir: previous.dir }; }
          else spec = { impl };
          spec.wasm = result.programs[p.name].wasm;
          spec.size = size; spec.runs = Math.max(1, Math.round(opt.runs / opt.rounds)); spec.warmup = opt.warmup;
          log(hname + ' ' + p.name + '(' + size + ') ' + impl + (opt.rounds > 1 ? ' round ' + (round + 1) : '') + ' ...');
          const r = await host.measure(spec);
          if (!raw[impl] || !r.ok) raw[impl] = r;
          else {
            raw[impl].times = raw[impl].times.concat(r.times);
            raw[impl].cpuTimes = r.cpuTimes && raw[impl].cpuTimes ? raw[impl].cpuTimes.concat(r.cpuTimes) : null;
            if (r.checksum !== raw[impl].checksum) raw[impl] = { ok: false, error: 'checksum differs between processes' };
          }
        }
      }
      for (const impl of Object.keys(raw)) {
        const r = raw[impl];
        const useCpu = opt.clock === 'cpu' && r.ok && r.cpuTimes && r.cpuTimes.length === r.times.length;
        const chosen = r.ok ? (useCpu ? r.cpuTimes : r.times) : null;
        const entry = { ok: r.ok, checksumOk: r.ok && r.checksum === expect, checksum: r.ok ? r.checksum : null,
          clock: useCpu ? 'cpu' : 'wall', medianMs: r.ok ? median(chosen) : null, minMs: r.ok ? Math.min(...chosen) : null,
          wallMedianMs: r.ok ? median(r.times) : null, cpuMedianMs: useCpu ? median(r.cpuTimes) : null,
          times: r.times || null, cpuTimes: r.cpuTimes || null, compileMs: r.compileMs, instantiateMs: r.instantiateMs, error: r.error || null };
        // polywasm's own wrong results are noted, not failures of this run
        const list = impl === 'polywasm' ? result.warnings : result.failures;
        if (!r.ok) list.push(hname + ' ' + p.name + ' ' + impl + ': ' + String(r.error).split('\n')[0]);
        else if (!entry.checksumOk) list.push(hname + ' ' + p.name + ' ' + impl + ': checksum ' + r.checksum + ' != native ' + expect);
        row.impls[impl] = entry;
      }
      const t = (k) => (row.impls[k] && row.impls[k].ok ? row.impls[k].medianMs : null);
      const ratio = (k) => (t('picowasm') && t(k) ? t('picowasm') / t(k) : null);
      row.ratios = { native: ratio('native'), polywasm: ratio('polywasm'), previous: ratio('previous') };
      row.picowasmInstructionsPerSecond = t('picowasm') ? row.executed / (t('picowasm') / 1000) : null;
    }
  }

  if (opt.gc) {
    result.gc = gcCheck({ bundle: current.bundle });
    result.gc.xs = await xsHeapCheck().catch((e) => ({ error: String(e.message || e), summary: 'XS heap check failed: ' + String(e.message || e) }));
  }

  // write + print
  const md = table(result);
  if (opt.write) {
    const dir = join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    // Another run of the same commit the same day gets -2, -3, ... (never overwritten).
    const stem = join(dir, result.date.slice(0, 10) + '-' + current.sha.slice(0, 8) + (current.dirty ? '-dirty' : ''));
    let file = opt.out || stem + '.json';
    for (let k = 2; !opt.out && existsSync(file); k++) file = stem + '-' + k + '.json';
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    log('wrote ' + file);
  }
  process.stdout.write(md);
  if (result.failures.length) process.exitCode = 1;
}

const fmt = (x, d) => (x === null || x === undefined ? '–' : x.toFixed(d));

/** The markdown report of a result object (also used by bench/compare.mjs). */
export function table(result) {
  let s = '## picowasm benchmark ' + result.date.slice(0, 16).replace('T', ' ') + ' · ' + result.commit.slice(0, 8) + (result.dirty ? ' (+ uncommitted core/)' : '') +
    (result.label ? ' · ' + result.label : '') + '\n\n';
  s += 'Node ' + result.machine.node + ', ' + result.machine.cpu + (result.machine.loadavg ? ' (load ' + result.machine.loadavg[0] + ' on ' + result.machine.cpus + ' CPUs)' : '') + '. Median of ' + result.options.runs + ' runs (ms)' + (result.options.rounds > 1 ? ' in ' + result.options.rounds + ' interleaved rounds' : '') + '. ' +
    'previous = ' + (result.previous ? (result.previous.sha ? (result.previous.ref === result.previous.sha ? result.previous.sha.slice(0, 8) : result.previous.ref + ' (' + result.previous.sha.slice(0, 8) + ')') : result.previous.ref + ': ' + result.previous.error) : 'none') + '.\n';
  for (const hname of Object.keys(result.hosts)) {
    const h = result.hosts[hname];
    const anyRow = h[Object.keys(h)[0]];
    const pe = anyRow && anyRow.impls.picowasm;
    s += '\n### ' + hname + (pe && pe.clock ? ' (' + (pe.clock === 'cpu' ? 'CPU time of the process' : 'wall-clock time') + ')' : '') + '\n\n';
    s += '| program | size | Minstr | picowasm ms | native ms | polywasm ms | previous ms | pico/native | pico/polywasm | pico/previous | pico Minstr/s | code B/instr |\n';
    s += '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';
    const rn = [], rp = [], rv = [];
    for (const name of Object.keys(h)) {
      const row = h[name];
      const ms = (k) => {
        const e = row.impls[k];
        if (!e) return '–';
        if (!e.ok) return 'error';
        // picowasm's spread: (max - min) / median of the timed runs
        const ts = e.clock === 'cpu' ? e.cpuTimes : e.times;
        const spread = k === 'picowasm' && ts && ts.length > 1 ? ' ±' + Math.round((50 * (Math.max(...ts) - Math.min(...ts))) / e.medianMs) + '%' : '';
        return fmt(e.medianMs, e.medianMs < 10 ? 2 : 1) + spread + (e.checksumOk ? '' : ' ✗');
      };
      const prog = result.programs[name];
      const cb = prog.codeBytes && prog.staticInstructions ? prog.codeBytes / prog.staticInstructions : null;
      // a ratio to a wrong result compares nothing: the geomeans leave out rows with a ✗
      const both = (k) => row.impls.picowasm && row.impls.picowasm.checksumOk && row.impls[k] && row.impls[k].checksumOk;
      if (row.ratios.native && both('native')) rn.push(row.ratios.native);
      if (row.ratios.polywasm && both('polywasm')) rp.push(row.ratios.polywasm);
      if (row.ratios.previous && both('previous')) rv.push(row.ratios.previous);
      s += '| ' + name + ' | ' + row.size + ' | ' + fmt(row.executed / 1e6, 1) + ' | ' + ms('picowasm') + ' | ' + ms('native') + ' | ' + ms('polywasm') + ' | ' + ms('previous') +
        ' | ' + fmt(row.ratios.native, 1) + ' | ' + fmt(row.ratios.polywasm, 2) + ' | ' + fmt(row.ratios.previous, 2) +
        ' | ' + fmt(row.picowasmInstructionsPerSecond && row.picowasmInstructionsPerSecond / 1e6, 1) + ' | ' + fmt(cb, 1) + ' |\n';
    }
    s += '| **geomean** | | | | | | | ' + fmt(geomean(rn), 1) + ' | ' + fmt(geomean(rp), 2) + ' | ' + fmt(geomean(rv), 2) + ' | | |\n';
  }
  s += '\nRatios are time ratios (picowasm time / other time; > 1 means picowasm is slower). ±: half the range of the timed runs over the median. ✗ = checksum mismatch (left out of the geomeans).\n';
  if (result.gc) s += '\nGC during a long call after instantiation (node --trace-gc): ' + result.gc.summary + '\n' + (result.gc.xs ? '\n' + result.gc.xs.summary + '\n' : '');
  if (result.failures.length) s += '\n**Failures:**\n' + result.failures.map((f) => '- ' + f).join('\n') + '\n';
  if (result.warnings && result.warnings.length) s += '\nNotes (other runtimes):\n' + result.warnings.map((f) => '- ' + f).join('\n') + '\n';
  return s;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
