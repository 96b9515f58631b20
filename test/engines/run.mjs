#!/usr/bin/env node
// `node test/engines/run.mjs [--engine xs|xs-tier|quickjs|duktape|jitless|duktape-espruino|node-espruino]... [--verbose] [--table] [files...]`
//
// Runs picowasm on real JavaScript engines (drivers in engines.mjs), each with the bundle it
// would really load: the spec testsuite's commands (converted to plans in Node by plan.mjs,
// replayed in the engine by replay.js) and the smoke suite (smoke.mjs + smoke.js). Engines
// marked smokeOnly (the Espruino bundle on Duktape and on Node) run the smoke suite only. Engines
// marked wasi (XS, QuickJS, Duktape) also run the example C programs of examples/c with the ES5
// WASI layer (dist/es5/wasi.js; wasi.mjs + wasi.js), whose exit code, stdout, stderr and files
// must be byte-identical to what Node's own node:wasi gives for the same program and inputs.
// Prints per engine the spec assertions passed/failed/skipped (per file with --verbose), the
// smoke and WASI results and the duration, then a final `N passed, M failed, K skipped` line;
// `--table` also prints a markdown table for the README. Any WASI mismatch fails the run, as
// does the following. Exits non-zero if an engine passes fewer spec assertions in a
// file than Node's harness passes on the same file (run here, in this process, against the Node
// bundle; or than test/spec/baseline.json says, if that is higher) except for the cases listed
// in KNOWN_GAPS with their reason, if its smoke suite fails, or if its engine cannot be run
// although it is installed. An engine that is not installed is
// reported as skipped, with the reason.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './engines.mjs';
import { makePlan, planSource, es5Literal } from './plan.mjs';
import { makeSmoke } from './smoke.mjs';
import { WASI_CASES, caseLabel, runNodeWasi, wasiJobScripts, compareWasi } from './wasi.mjs';
import { runScript } from '../spec/script.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

/**
 * Spec assertions an engine cannot express, by engine and file: how many fewer passes than Node
 * are accepted there, and why. Keep each entry small and explained.
 * @type {Record<string, Record<string, { count: number, reason: string }>>}
 */
const KNOWN_GAPS = {
  // None needed today: Debian's duk (Duktape 2.7, 64-bit) passes every assertion Node passes.
  // (A 32-bit Duktape build packs values into NaN-boxed doubles and may canonicalize NaN
  // payloads read through a Float32Array/Float64Array; list such cases here if one appears.)
  duktape: {},
};

/** Per-job time limit (one .wast file, or the smoke suite; the slowest file takes ~17 s on Duktape). */
const JOB_TIMEOUT_MS = 2 * 60 * 1000;
/** After this many files that crashed or timed out, an engine's remaining files are not run. */
const MAX_CRASHES = 3;

function usage(code) {
  console.log('usage: node test/engines/run.mjs [--engine xs|xs-tier|quickjs|duktape|jitless|duktape-espruino|node-espruino]... [--verbose] [--table] [files...]');
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { engines: /** @type {string[]} */ ([]), verbose: false, table: false, files: /** @type {string[]} */ ([]) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--engine') opts.engines.push(...(argv[++i] || usage(2)).split(','));
    else if (a.startsWith('--engine=')) opts.engines.push(...a.slice(9).split(','));
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--table') opts.table = true;
    else if (a === '--help' || a === '-h') usage(0);
    else if (a.startsWith('-')) { console.error(`unknown option ${a}`); usage(2); }
    else opts.files.push(a);
  }
  for (const e of opts.engines) if (!ENGINES.some((x) => x.name === e)) { console.error(`unknown engine ${e} (known: ${ENGINES.map((x) => x.name).join(', ')})`); process.exit(2); }
  return opts;
}

/** The testsuite, found as test/spec/run.mjs finds it (without fetching it). */
function findSuite() {
  const hasWast = (d) => { try { return fs.readdirSync(d).some((f) => f.endsWith('.wast')); } catch { return false; } };
  for (const d of [process.env.WASM_TESTSUITE, path.resolve(root, '..', 'shared', 'testsuite'), path.join(root, '.testsuite')]) {
    if (d && hasWast(d)) return path.resolve(d);
  }
  console.error('No spec testsuite found: run `node test/spec/run.mjs` once (it fetches it) or set WASM_TESTSUITE.');
  process.exit(2);
}

function selectFiles(suite, names) {
  if (names.length === 0) {
    return fs.readdirSync(suite).filter((f) => f.endsWith('.wast') && !f.startsWith('simd_')).sort().map((f) => path.join(suite, f));
  }
  return names.map((n) => {
    if (fs.existsSync(n) && fs.statSync(n).isFile()) return path.resolve(n);
    const p = path.join(suite, n.endsWith('.wast') ? n : `${n}.wast`);
    if (!fs.existsSync(p)) { console.error(`no such test file: ${n}`); process.exit(2); }
    return p;
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const engines = opts.engines.length ? ENGINES.filter((e) => opts.engines.includes(e.name)) : ENGINES;
  const suite = findSuite();
  const files = selectFiles(suite, opts.files);

  // Node's side: plans, the Node harness's own counts on the same files, the smoke data.
  const prepStart = Date.now();
  const nodeEngine = (await import('../spec/engines/picowasm.mjs')).default;
  const baselineFile = path.join(root, 'test', 'spec', 'baseline.json');
  /** @type {Record<string, number>} */
  const baseline = fs.existsSync(baselineFile) ? JSON.parse(fs.readFileSync(baselineFile, 'utf8')) : {};
  /** @type {{ name: string, source: string, nodePassed: number }[]} */
  const jobs = [];
  for (const file of files) {
    const src = fs.readFileSync(file, 'latin1');
    const plan = await makePlan(src);
    const nodeResult = await runScript(nodeEngine, src);
    const name = path.basename(file);
    // The floor: what Node's harness passes on this file now, or its committed baseline if higher.
    jobs.push({ name, source: planSource(plan), nodePassed: Math.max(nodeResult.passed, baseline[name] || 0) });
  }
  const smokeSource = es5Literal(await makeSmoke());
  // The WASI oracle: node:wasi on native WebAssembly, once per case.
  const wasiCases = [];
  for (const c of WASI_CASES) wasiCases.push({ c, label: caseLabel(c), expected: await runNodeWasi(c) });
  console.log(`plans for ${files.length} files, the Node harness's counts and node:wasi's outputs: ${seconds(Date.now() - prepStart)}`);

  let totalPassed = 0;
  let totalFailed = 0;
  let totalSkipped = 0;
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  const tableRows = [];
  /** @type {string[]} */
  const skippedEngines = [];

  for (const engine of engines) {
    const missing = engine.missing();
    console.log(`\n=== ${engine.title} [${engine.name}], bundle ${engine.bundle}`);
    if (missing) {
      console.log(`skipped: ${missing}`);
      skippedEngines.push(`${engine.name}: ${missing}`);
      tableRows.push(`| ${engine.title} | ${engine.bundle} | skipped: ${missing} | | | | | |`);
      continue;
    }
    const started = Date.now();
    let session;
    try {
      session = await engine.open();
    } catch (e) {
      console.log(`cannot start: ${e instanceof Error ? e.message : e}`);
      problems.push(`${engine.name}: cannot start`);
      totalFailed++;
      continue;
    }

    // Smoke suite.
    const smokeStart = Date.now();
    const smokeJob = await session.run([`__print('@@SMOKE ' + JSON.stringify(picowasmSmoke(picowasm, ${smokeSource})));`], JOB_TIMEOUT_MS);
    const smokeLine = smokeJob.lines.find((l) => l.startsWith('@@SMOKE '));
    let smokeText;
    if (smokeLine) {
      const s = JSON.parse(smokeLine.slice(8));
      totalPassed += s.passed;
      totalFailed += s.failed;
      smokeText = `${s.passed} passed, ${s.failed} failed`;
      console.log(`smoke: ${smokeText} (${seconds(Date.now() - smokeStart)})`);
      for (const f of s.failures) console.log(`    ${f}`);
      if (s.failed > 0) problems.push(`${engine.name}: smoke suite failed ${s.failed} checks`);
    } else {
      smokeText = 'crashed';
      totalFailed++;
      console.log(`smoke: CRASHED: ${smokeJob.error || 'no result printed'}`);
      problems.push(`${engine.name}: smoke suite crashed`);
    }

    // WASI examples, one job per case.
    let wasiText = '-';
    if (engine.wasi) {
      let same = 0;
      for (const { c, label, expected } of wasiCases) {
        const t0 = Date.now();
        const r = await session.run(wasiJobScripts(c), JOB_TIMEOUT_MS);
        const line = r.lines.find((l) => l.startsWith('@@WASI '));
        const diffs = line ? compareWasi(JSON.parse(line.slice(7)), expected) : [`CRASHED: ${r.error || 'no result printed'}`];
        if (diffs.length === 0) {
          same++;
          totalPassed++;
          if (opts.verbose) console.log(`wasi ${label}: identical to node:wasi (${seconds(Date.now() - t0)})`);
        } else {
          totalFailed++;
          console.log(`wasi ${label}: DIFFERS from node:wasi (${seconds(Date.now() - t0)})`);
          for (const d of diffs) console.log(`    ${d}`);
          problems.push(`${engine.name}: WASI example ${label} differs from node:wasi`);
        }
      }
      const names = [...new Set(WASI_CASES.map((c) => c.name))].join(', ');
      wasiText = `${same}/${wasiCases.length} runs identical to node:wasi (${names})`;
      console.log(`WASI examples: ${wasiText}`);
    }

    // Spec plans, one job per file (none on smoke-only engines).
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const gaps = KNOWN_GAPS[engine.name] || {};
    let crashes = 0;
    for (const job of engine.smokeOnly ? [] : jobs) {
      if (crashes >= MAX_CRASHES) {
        failed++;
        problems.push(`${engine.name} ${job.name}: not run (${crashes} files crashed or timed out before it)`);
        continue;
      }
      const t0 = Date.now();
      const r = await session.run([`var __plan = ${job.source};`, `__print('@@FILE ' + JSON.stringify(picowasmReplay(picowasm, __plan))); __plan = null;`], JOB_TIMEOUT_MS);
      const line = r.lines.find((l) => l.startsWith('@@FILE '));
      const took = seconds(Date.now() - t0);
      if (!line) {
        failed++;
        crashes++;
        console.log(`${job.name}  CRASHED (${took}): ${r.error || 'no result printed'}`);
        problems.push(`${engine.name} ${job.name}: crashed`);
        continue;
      }
      const res = JSON.parse(line.slice(7));
      passed += res.passed;
      failed += res.failed;
      skipped += res.skipped;
      const gap = gaps[job.name];
      const floor = job.nodePassed - (gap ? gap.count : 0);
      const below = res.passed < floor;
      if (opts.verbose || res.failed > 0 || below) {
        console.log(`${job.name}  ${res.passed} passed  ${res.failed} failed  ${res.skipped} skipped  (Node: ${job.nodePassed} passed; ${took})`);
        const shown = opts.verbose ? res.failures : res.failures.slice(0, 5);
        for (const f of shown) console.log(`    line ${f.l}: ${f.cmd}: ${f.detail}`);
        if (res.failed > shown.length) console.log(`    ... ${res.failed - shown.length} more failures${opts.verbose ? '' : ' (--verbose shows up to 40)'}`);
        if (gap) console.log(`    known gap on ${engine.name} (${gap.count} accepted): ${gap.reason}`);
      }
      if (below) problems.push(`${engine.name} ${job.name}: ${res.passed} passed, Node's harness passes ${job.nodePassed}${gap ? ` (${gap.count} accepted as a known gap)` : ''}`);
    }
    await session.close();
    const duration = Date.now() - started;
    totalPassed += passed;
    totalFailed += failed;
    totalSkipped += skipped;
    if (engine.smokeOnly) {
      console.log(`${engine.name}: spec not replayed here (smoke suite only); smoke ${smokeText}; ${seconds(duration)}`);
      tableRows.push(`| ${engine.title} | ${engine.bundle} | - | - | - | ${smokeText} | ${wasiText} | ${seconds(duration)} |`);
    } else {
      console.log(`${engine.name}: spec ${passed} passed, ${failed} failed, ${skipped} skipped in ${jobs.length} files; smoke ${smokeText}; WASI ${wasiText}; ${seconds(duration)}`);
      tableRows.push(`| ${engine.title} | ${engine.bundle} | ${passed} | ${failed} | ${skipped} | ${smokeText} | ${wasiText} | ${seconds(duration)} |`);
    }
  }

  if (opts.table) {
    console.log('\n| engine | bundle | spec passed | spec failed | spec skipped | smoke | WASI examples | time |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of tableRows) console.log(row);
  }
  console.log('');
  for (const e of skippedEngines) console.log(`SKIPPED ${e}`);
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`${totalPassed} passed, ${totalFailed} failed, ${totalSkipped} skipped`);
  process.exit(problems.length ? 1 : 0);
}

await main();
