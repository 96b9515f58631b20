#!/usr/bin/env node
// `npm test`: builds the bundles, runs the vitest unit tests, then the spec conformance suite
// against the built Node bundle (with its JS tier, then without), then the same on real engines (test/engines/run.mjs), the device
// scenarios, and a short differential fuzzing run against native WebAssembly
// (test/fuzz/differential.mjs), and prints one combined final line `N passed, M failed` (the line
// CI reads). Exits non-zero if any part fails or a spec file falls below its baseline.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(title, cmd, args, capture) {
  console.log(`\n=== ${title}: ${[path.basename(cmd), ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (capture && r.stdout) process.stdout.write(r.stdout);
  if (r.error) throw r.error;
  return r;
}

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

// 1. Build (the spec suite runs against the bundle users get).
const build = run('build', bin('rollup'), ['-c'], false);
if (build.status !== 0) { console.log('build failed'); ok = false; }

// 2. Unit tests.
const report = path.join(os.tmpdir(), `picowasm-vitest-${process.pid}.json`);
const unit = run('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`], false);
if (fs.existsSync(report)) {
  const j = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += j.numPassedTests; failed += j.numFailedTests; skipped += j.numPendingTests + (j.numTodoTests || 0);
  console.log(`unit tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests} skipped`);
  fs.unlinkSync(report);
} else {
  console.log('unit tests: no report written'); failed += 1;
}
if (unit.status !== 0) ok = false;

// 3. Spec conformance (only when the bundle was built): the Node bundle as users get it (its JS
// tier, tojs/), then the same bundle with the tier off (the interpreter every bundle shares).
if (build.status === 0) {
  for (const engine of ['picowasm', 'picowasm-interp']) {
    const spec = run(`spec conformance (${engine})`, process.execPath, [path.join(root, 'test/spec/run.mjs'), '--engine', engine], true);
    const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m.exec(spec.stdout || '');
    if (m) { passed += +m[1]; failed += +m[2]; skipped += +(m[3] || 0); } else { console.log('spec run printed no totals'); failed += 1; }
    if (spec.status !== 0) ok = false;
  }
}

// 4. The same spec commands and the smoke suite on real engines (XS, QuickJS, Duktape, Node
// --jitless; test/engines/run.mjs). An engine that is not installed is skipped, with the reason.
if (build.status === 0) {
  const engines = run('real engines', process.execPath, [path.join(root, 'test/engines/run.mjs')], true);
  const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m.exec(engines.stdout || '');
  if (m) { passed += +m[1]; failed += +m[2]; skipped += +(m[3] || 0); } else { console.log('engine run printed no totals'); failed += 1; }
  for (const line of (engines.stdout || '').split('\n')) if (line.startsWith('SKIPPED ')) console.log(`skipped engine ${line.slice(8)}`);
  if (engines.status !== 0) ok = false;
}

// 5. Device scenarios on the same engines: fuel stopping an endless loop in time slices while
// the event loop runs, and a JSPI call awaiting an async import three times.
if (build.status === 0) {
  const device = run('device scenarios', process.execPath, [path.join(root, 'test/engines/device.mjs')], true);
  const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m.exec(device.stdout || '');
  if (m) { passed += +m[1]; failed += +m[2]; skipped += +(m[3] || 0); } else { console.log('device run printed no totals'); failed += 1; }
  if (device.status !== 0) ok = false;
}

// 6. Differential fuzzing against Node's native WebAssembly on a fixed set of random modules
// (binaryen's translate-to-fuzz; test/fuzz/differential.mjs): each module counts as one test.
if (build.status === 0) {
  const fuzz = run('differential fuzzing', process.execPath, [path.join(root, 'test/fuzz/differential.mjs'), '--count', '16', '--seed', '1', '--opt'], true);
  const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m.exec(fuzz.stdout || '');
  if (m) { passed += +m[1]; failed += +m[2]; skipped += +(m[3] || 0); } else { console.log('fuzz run printed no totals'); failed += 1; }
  if (fuzz.status !== 0) ok = false;
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
// Spec assertions that still fail are reported in the totals; only a regression against the
// committed baseline (or a failing unit test or build) makes the run fail.
process.exit(ok ? 0 : 1);
