#!/usr/bin/env node
// The spec conformance CLI: `node test/spec/run.mjs [--engine <name>] [--verbose]
// [--update-baseline [--force]] [files...]`.
//
// Finds the testsuite, loads the engine adapter (test/spec/engines/<name>.mjs, default picowasm),
// runs each .wast file through script.mjs, prints one line per file with its failures and skip
// reasons, and a final line `N passed, M failed, K skipped`. Exits non-zero if a file crashes the
// harness or passes fewer assertions than its committed baseline (test/spec/baseline.json for
// picowasm and picowasm-interp, baseline.<engine>.json for other engines).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript } from './script.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const MAX_FAILURES_SHOWN = 5;

/** @param {string} dir */
function hasWast(dir) {
  try {
    return fs.readdirSync(dir).some((f) => f.endsWith('.wast'));
  } catch {
    return false;
  }
}

/**
 * The testsuite directory: $WASM_TESTSUITE, else ../shared/testsuite next to the repo, else
 * <repo>/.testsuite (cloned by scripts/fetch-testsuite.sh if absent). Exits with a message if none.
 * @returns {string}
 */
function findSuite() {
  const env = process.env.WASM_TESTSUITE;
  if (env) {
    if (hasWast(env)) return path.resolve(env);
    fail(`WASM_TESTSUITE=${env} has no .wast files.`);
  }
  const shared = path.resolve(root, '..', 'shared', 'testsuite');
  if (hasWast(shared)) return shared;
  const local = path.join(root, '.testsuite');
  if (hasWast(local)) return local;
  const script = path.join(root, 'scripts', 'fetch-testsuite.sh');
  console.error(`No spec testsuite found (WASM_TESTSUITE unset, ${shared} and ${local} missing); fetching it with ${path.relative(root, script)} ...`);
  const r = spawnSync('sh', [script, local], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status === 0 && hasWast(local)) return local;
  fail(
    'No WebAssembly spec testsuite found and fetching it failed.\n' +
    `Set WASM_TESTSUITE to a directory of .wast files, or put the suite at ${shared},\n` +
    `or run scripts/fetch-testsuite.sh with network access (it clones into ${local}).`,
  );
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(message);
  process.exit(2);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { engine: 'picowasm', verbose: false, updateBaseline: false, force: false, /** @type {string[]} */ files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--engine') opts.engine = argv[++i] || fail('--engine needs a name');
    else if (a.startsWith('--engine=')) opts.engine = a.slice('--engine='.length);
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--update-baseline') opts.updateBaseline = true;
    else if (a === '--markdown') opts.markdown = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node test/spec/run.mjs [--engine <name>] [--verbose] [--markdown] [--update-baseline [--force]] [files...]');
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else opts.files.push(a);
  }
  return opts;
}

/**
 * The files to run: the named ones (a path, or a name in the suite with or without `.wast`), or
 * every top-level non-SIMD `.wast` file.
 * @param {string} suite @param {string[]} names
 * @returns {string[]} absolute paths
 */
function selectFiles(suite, names) {
  if (names.length === 0) {
    return fs.readdirSync(suite)
      .filter((f) => f.endsWith('.wast') && !f.startsWith('simd_'))
      .sort()
      .map((f) => path.join(suite, f));
  }
  return names.map((n) => {
    if (fs.existsSync(n) && fs.statSync(n).isFile()) return path.resolve(n);
    const inSuite = path.join(suite, n.endsWith('.wast') ? n : `${n}.wast`);
    if (fs.existsSync(inSuite)) return inSuite;
    return fail(`no such test file: ${n} (looked in ${suite})`);
  });
}

/** @param {string} engineName */
async function loadEngine(engineName) {
  const file = path.join(here, 'engines', `${engineName}.mjs`);
  if (!fs.existsSync(file)) {
    const known = fs.readdirSync(path.join(here, 'engines')).map((f) => f.replace(/\.mjs$/, '')).join(', ');
    fail(`unknown engine ${engineName} (known: ${known})`);
  }
  try {
    return (await import(file)).default;
  } catch (e) {
    return fail(`cannot load engine ${engineName}: ${e instanceof Error ? e.message : e}` +
      (engineName === 'picowasm' ? '\n(build it first: npm run build)' : ''));
  }
}

/** @param {string} engineName */
function baselinePath(engineName) {
  // picowasm-interp (the Node bundle without its JS tier) is held to picowasm's baseline.
  const own = engineName === 'picowasm' || engineName === 'picowasm-interp';
  return path.join(here, own ? 'baseline.json' : `baseline.${engineName}.json`);
}

/** @param {string} file @returns {Record<string, number>} */
function readBaseline(file) {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// File groups of the README's conformance table: the first pattern that matches a file wins.
const GROUPS = [
  ['binary format, names, custom sections', /^(binary|custom|names|utf8-|comments|token|inline-module)/],
  ['numerics (i32, i64, f32, f64, conversions)', /^(i32|i64|f32|f64|conversions|float_|int_|const)/],
  ['memory, data, bulk memory', /^(address|align|memory|load|store|endianness|data|bulk)/],
  ['tables, elements, reference types', /^(table|elem|ref_)/],
  ['linking, imports, exports, globals, start', /^(linking|imports|exports|global|start)/],
  ['control flow, calls, locals, validation', /./],
];

/** @param {{name: string, passed: number, failed: number, skipped: number}[]} rows */
function markdownTable(rows) {
  const lines = ['| file group | files | passed | failed | skipped (text format) |', '|---|---|---|---|---|'];
  const total = { files: 0, passed: 0, failed: 0, skipped: 0 };
  for (const [title, re] of GROUPS) {
    const mine = rows.filter((r) => GROUPS.find((g) => g[1].test(r.name)) === GROUPS.find((g) => g[0] === title));
    if (mine.length === 0) continue;
    const sum = (k) => mine.reduce((n, r) => n + r[k], 0);
    lines.push(`| ${title} | ${mine.length} | ${sum('passed')} | ${sum('failed')} | ${sum('skipped')} |`);
    total.files += mine.length; total.passed += sum('passed'); total.failed += sum('failed'); total.skipped += sum('skipped');
  }
  lines.push(`| **all non-SIMD files** | ${total.files} | ${total.passed} | ${total.failed} | ${total.skipped} |`);
  return lines.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const suite = findSuite();
  const files = selectFiles(suite, opts.files);
  const engine = await loadEngine(opts.engine);
  const baselineFile = baselinePath(opts.engine);
  const baseline = readBaseline(baselineFile);
  const started = Date.now();

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** @type {string[]} */
  const problems = [];
  /** @type {Record<string, number>} */
  const counts = {};
  /** @type {{name: string, passed: number, failed: number, skipped: number}[]} */
  const perFile = [];

  for (const file of files) {
    const name = path.basename(file);
    const src = fs.readFileSync(file, 'latin1');
    let r;
    try {
      r = await runScript(engine, src);
    } catch (e) {
      // A script the reader cannot parse needs no stack; anything else is a harness bug: show it.
      const why = e instanceof Error ? (e.name === 'WastSyntaxError' ? e.message : e.stack || e.message) : String(e);
      console.log(`${name}  CRASHED: ${why}`);
      problems.push(`${name}: the harness crashed`);
      failed++;
      continue;
    }
    counts[name] = r.passed;
    perFile.push({ name, passed: r.passed, failed: r.failed, skipped: r.skipped });
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    console.log(`${name}  ${r.passed} passed  ${r.failed} failed  ${r.skipped} skipped`);
    const shown = opts.verbose ? r.failures : r.failures.slice(0, MAX_FAILURES_SHOWN);
    for (const f of shown) console.log(`    line ${f.line}: ${f.command}: ${f.detail}`);
    if (shown.length < r.failures.length) console.log(`    ... ${r.failures.length - shown.length} more failures (--verbose shows all)`);
    for (const [reason, n] of r.skips) console.log(`    skipped ${n}: ${reason}`);
    const floor = baseline[name];
    if (typeof floor === 'number' && r.passed < floor) problems.push(`${name}: ${r.passed} passed, below the baseline of ${floor}`);
  }

  if (opts.updateBaseline) {
    const next = { ...baseline };
    for (const [name, n] of Object.entries(counts)) {
      next[name] = opts.force ? n : Math.max(n, baseline[name] || 0);
    }
    const sorted = Object.fromEntries(Object.keys(next).sort().map((k) => [k, next[k]]));
    fs.writeFileSync(baselineFile, JSON.stringify(sorted, null, 2) + '\n');
    console.log(`baseline written: ${path.relative(root, baselineFile)}`);
  }

  if (opts.markdown) console.log(markdownTable(perFile));
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`engine ${engine.name}, ${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  // With --update-baseline a regression is what was asked for only with --force.
  const regressions = opts.updateBaseline && opts.force ? problems.filter((p) => p.includes('crashed')) : problems;
  process.exit(regressions.length > 0 ? 1 : 0);
}

await main();
