// Node side of the WASI step of test/engines/run.mjs: the example programs of examples/c (the
// cases of test/unit/wasi/examples.test.ts), each run here by Node's own node:wasi on Node's
// native WebAssembly (the oracle, as test/unit/wasi/oracle.ts runNode does: a fresh directory
// preopened as /sandbox, stdout/stderr written to files and read back), and the ES5 job that
// runs the same program with the same inputs inside an engine (wasi.js, with dist/es5/wasi.js).
// Results are compared as bytes (hex): exit code, stdout, stderr and the files left in the
// sandbox. What it leaves to others: running jobs (engines.mjs), reporting (run.mjs).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WASI as NodeWASI } from 'node:wasi';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
/** Engines reject string literals over 64 KiB (XS): wasm hex travels in pieces this long. */
const CHUNK = 32000;

/**
 * The cases (as in test/unit/wasi/examples.test.ts). env prints only clock facts that do not
 * depend on when or how fast it runs (yes/no answers), so its output is deterministic.
 * numerics, the slowest, takes about 3.5 s on XS, 8 s on QuickJS and 2.5 s on Duktape (measured
 * 2026-11), well within the job time limit, so it is included.
 */
export const WASI_CASES = [
  { name: 'hello', args: ['prog'], env: {}, files: {} },
  { name: 'env', args: ['env', 'one', 'two words', ''], env: { GREETING: 'Good day', NAME: 'Ada', EMPTY: '' }, files: {} },
  { name: 'env', args: ['env'], env: {}, files: {} },
  { name: 'files', args: ['files', '/sandbox'], env: {}, files: { 'input.txt': 'first line\nsecond line\nünïcödé\n' } },
  { name: 'files', args: ['files', '/sandbox'], env: {}, files: {} },
  { name: 'numerics', args: ['numerics'], env: {}, files: {} },
];

/** A case's label for reports. */
export function caseLabel(c) {
  return `${c.name} ${JSON.stringify(c.args)}${Object.keys(c.files).length ? ' with files' : ''}`;
}

function hex(bytes) {
  return Buffer.from(bytes).toString('hex');
}

function readSandbox(dir) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of fs.readdirSync(dir).sort()) out[name] = hex(fs.readFileSync(path.join(dir, name)));
  return out;
}

/** The oracle: node:wasi on native WebAssembly. → { code, stdout, stderr, files } (bytes as hex). */
export async function runNodeWasi(c) {
  const bytes = fs.readFileSync(path.join(root, 'examples', 'c', `${c.name}.wasm`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-wasi-'));
  const io = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-io-'));
  for (const name in c.files) fs.writeFileSync(path.join(dir, name), c.files[name]);
  const outFd = fs.openSync(path.join(io, 'stdout'), 'w');
  const errFd = fs.openSync(path.join(io, 'stderr'), 'w');
  try {
    const wasi = new NodeWASI({ version: 'preview1', args: c.args, env: c.env, preopens: { '/sandbox': dir }, stdout: outFd, stderr: errFd, returnOnExit: true });
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), wasi.getImportObject());
    const code = wasi.start(instance);
    fs.closeSync(outFd);
    fs.closeSync(errFd);
    return { code, stdout: hex(fs.readFileSync(path.join(io, 'stdout'))), stderr: hex(fs.readFileSync(path.join(io, 'stderr'))), files: readSandbox(dir) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(io, { recursive: true, force: true });
  }
}

/** The scripts of one engine job running case `c` (after the engine's prelude). */
export function wasiJobScripts(c) {
  const h = hex(fs.readFileSync(path.join(root, 'examples', 'c', `${c.name}.wasm`)));
  const pieces = [];
  for (let i = 0; i < h.length; i += CHUNK) pieces.push(JSON.stringify(h.slice(i, i + CHUNK)));
  /** @type {Record<string, string>} */
  const files = {};
  for (const name in c.files) files[name] = hex(Buffer.from(c.files[name], 'utf8'));
  // JSON of ASCII-only values (file names here are ASCII) is an ES5 expression.
  const input = `{wasm:[${pieces.join(',\n')}], args:${JSON.stringify(c.args)}, env:${JSON.stringify(c.env)}, files:${JSON.stringify(files)}}`;
  return [
    wasiBundle(),
    fs.readFileSync(path.join(here, 'wasi.js'), 'utf8'),
    `__print('@@WASI ' + JSON.stringify(picowasmWasiRun(picowasm, picowasmWasi, ${input})));`,
  ];
}

function wasiBundle() {
  const file = path.join(root, 'dist', 'es5', 'wasi.js');
  if (!fs.existsSync(file)) throw new Error('dist/es5/wasi.js is missing (npm run build)');
  return fs.readFileSync(file, 'utf8');
}

/** Differences between the engine's result and the oracle's, as short texts (empty: identical). */
export function compareWasi(got, expected) {
  if (got.error) return [`error: ${got.error}`];
  const diffs = [];
  // Both texts from a little before the first byte that differs.
  const differ = (what, a, b) => {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    let i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    const from = Math.max(0, i - 40);
    const show = (buf) => JSON.stringify(buf.subarray(from, from + 120).toString('latin1'));
    diffs.push(`${what} differs at byte ${i} (of ${x.length}, node:wasi ${y.length}): ${show(x)}, node:wasi ${show(y)}`);
  };
  if (got.code !== expected.code) diffs.push(`exit code ${got.code}, node:wasi ${expected.code}`);
  if (got.stdout !== expected.stdout) differ('stdout', got.stdout, expected.stdout);
  if (got.stderr !== expected.stderr) differ('stderr', got.stderr, expected.stderr);
  const names = Object.keys(got.files).sort().join(',');
  const expectedNames = Object.keys(expected.files).sort().join(',');
  if (names !== expectedNames) diffs.push(`files [${names}], node:wasi [${expectedNames}]`);
  else for (const n in expected.files) if (got.files[n] !== expected.files[n]) differ(`file ${n}`, got.files[n], expected.files[n]);
  return diffs;
}
