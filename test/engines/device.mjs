#!/usr/bin/env node
// `node test/engines/device.mjs [--engine xs|quickjs|duktape|jitless]...`
//
// Runs the device scenarios (test/engines/device-scenarios.js: an infinite wasm loop stopped by
// fuel while the event loop runs, a JSPI call awaiting an async import three times, limits, lazy
// compilation, a trap's backtrace, suspend/resume with plain calls in between, i64 as
// { lo, hi }) on the real
// engines of engines.mjs, each with its own bundle, and prints each engine's lines. Exits
// non-zero when a scenario prints FAILED. A scenario an engine cannot express (no timers, no
// Promise, or a host that does not run the promise job queue after a job) is reported, not failed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './engines.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const wanted = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--engine') wanted.push(args[++i]);
const source = fs.readFileSync(path.join(here, 'device-scenarios.js'), 'utf8');
const job = source + '\npicowasmDeviceScenarios(picowasm, __print, function (failures) { __print("@@DEVICE " + failures); });';

let failed = 0;
let passed = 0;
let skipped = 0;
for (const engine of ENGINES) {
  if (wanted.length && !wanted.includes(engine.name)) continue;
  const missing = engine.missing();
  if (missing) {
    console.log(`${engine.name}: skipped (${missing})`);
    continue;
  }
  const session = await engine.open();
  try {
    const r = await session.run([job], 60000);
    const lines = r.lines.filter((l) => l.startsWith('device: ') || l.startsWith('@@DEVICE'));
    const done = lines.find((l) => l.startsWith('@@DEVICE'));
    console.log(`${engine.name}: ${lines.filter((l) => !l.startsWith('@@')).join('; ') || '(no lines)'}${done ? '' : ' [the scenarios did not finish: async work not run by this host]'}${r.error ? ' error: ' + r.error : ''}`);
    for (const l of lines) {
      if (l.startsWith('@@')) continue;
      if (/ ok\b/.test(l)) passed++;
      else if (/ skipped\b/.test(l)) skipped++;
    }
    if (!done) skipped++;
    if (lines.some((l) => l.includes('FAILED')) || r.error) failed++;
  } finally {
    await session.close();
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
