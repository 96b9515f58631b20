// Differential fuzzing against Node's native WebAssembly: random valid modules from binaryen's
// translate-to-fuzz mode (`wasm-opt -ttf`, from seeded random bytes, with the features picowasm
// implements) run on native, on picowasm (its JS tier), on picowasm with the tier for small
// functions only (the interpreter runs the others, and the two call each other), and on picowasm
// in low-RAM mode with every call made in fuel slices (suspended and resumed all along), each in
// a child process with a time limit.
// Everything observable must agree: whether the module validates, the values each export returns
// (called without arguments, in export order), whether it traps, every value the module logs
// through its imports, and the memory and globals it leaves. The spec testsuite checks each
// instruction; this checks the compiler's rewrites (aliases, fused instructions, hoisted
// constants, inlining) and suspension on code no one wrote by hand.
// Imports are the ones translate-to-fuzz emits ("fuzzing-support": log-*, call-export(-catch),
// call-ref(-catch), table-get/-set, sleep; "__fuzz_import" globals), given the same meaning on
// both sides. A trap compares as its error class (the engines word traps differently). Skipped,
// with the reason printed: modules that run over 10 s on native, and modules where a call
// exhausts the stack (the two engines limit call depth differently).
// Usage: node test/fuzz/differential.mjs [--count N] [--seed S] [--keep dir] [--opt] [--xs] [--quickjs]
//   --opt: every second module also goes through `wasm-opt -O2` (other code shapes);
//   --xs, --quickjs: also run each module on that engine (test/engines/engines.mjs drivers).
// Needs the dev dependency `binaryen` (its wasm-opt runs in Node) and the built Node bundle.
// Prints one line per mismatch (the module is kept) and a final `N passed, M failed[, K skipped]`;
// exits 1 on a mismatch.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf('--' + name);
  return i < 0 ? def : args[i + 1];
};
const COUNT = Number(opt('count', 100));
const SEED = Number(opt('seed', 1));
const KEEP = opt('keep', null);
const OPTIMIZE = args.includes('--opt');
/** The longest function (characters of JS) the picowasm-mixed run compiles; longer ones stay
 *  in the interpreter (targets/node.ts: PICOWASM_TIER_MAX). */
const MIXED_MAX = 400;
/** Fuel per slice for the picowasm-sliced run. */
const SLICE = 13;
/** The picowasm runs compared with native (--xs adds XS, xsnap-worker with the Moddable bundle; --quickjs adds QuickJS with the ES5 bundle). */
const ENGINES = ['picowasm', 'picowasm-mixed', 'picowasm-sliced'].concat(args.includes('--xs') ? ['xs'] : [], args.includes('--quickjs') ? ['quickjs'] : []);

const FEATURES = ['--mvp-features', '--enable-sign-ext', '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
  '--enable-bulk-memory-opt', '--enable-multivalue', '--enable-reference-types', '--enable-mutable-globals'];

function wasmOptPath() {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('binaryen/package.json')), 'bin', 'wasm-opt');
  } catch (e) {
    return null;
  }
}

/** Deterministic bytes for seed s (xorshift32). */
function randomBytes(s, n) {
  let x = (s * 2654435761) >>> 0 || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}

/** A log entry for a JS value the module produced (NaN payloads are not observable from JS). */
function show(v) {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString() + 'n';
  if (typeof v === 'number') {
    // by its bits, not String(): engines print some doubles differently (XS ends
    // -31.9589996337890625 in ...063, V8 in ...062)
    if (v !== v) return 'NaN';
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v);
    return (v === (v | 0) && !Object.is(v, -0) ? String(v) : b.getUint32(0).toString(16) + ':' + b.getUint32(4).toString(16));
  }
  if (typeof v === 'function') return 'func';
  if (Array.isArray(v)) return '[' + v.map(show).join(',') + ']';
  if (typeof v === 'object' && v !== null && typeof v.tag === 'string') return v.tag;
  return typeof v;
}

/** Imported globals of the module ("__fuzz_import" "name" (global ... type)), from wasm-dis text. */
function globalImportTypes(text) {
  const out = {};
  const re = /\(import "__fuzz_import" "([^"]+)" \(global \$\S+ (\(mut )?(\w+)/g;
  let m;
  while ((m = re.exec(text)) !== null) out[m[1]] = { mutable: !!m[2], type: m[3] };
  return out;
}

function isStackOverflow(e) {
  return e instanceof RangeError || (e && /call stack|stack size|stack overflow/i.test(String(e.message)));
}

class StackOverflow extends Error {}

/** Runs `bytes` on the WebAssembly namespace W and returns the observable log (array of strings). */
function observe(W, bytes, globals, how) {
  const log = [];
  let valid;
  try {
    valid = W.validate(bytes);
  } catch (e) {
    return ['validate threw ' + e];
  }
  log.push('valid ' + valid);
  if (!valid) return log;
  const table = new Array(16).fill(null);
  let exportsList = [];
  const callFn = how.call;
  const exportAt = (index) => {
    const f = exportsList[index >>> 0];
    if (typeof f !== 'function') throw new Error('no export function ' + index);
    return f;
  };
  const callable = (f) => {
    if (typeof f !== 'function') throw new Error('null funcref');
    return f;
  };
  // 0 if `thunk` returns, 1 if it throws; a stack exhaustion goes on up (the module is skipped)
  const caught = (thunk) => {
    try {
      thunk();
      return 0;
    } catch (e) {
      if (e instanceof StackOverflow || isStackOverflow(e)) throw e instanceof StackOverflow ? e : new StackOverflow();
      return 1;
    }
  };
  const fuzz = {
    'log-i32': (x) => { log.push('log i32 ' + show(x)); },
    'log-i64': (x) => { log.push('log i64 ' + show(x)); },
    'log-f32': (x) => { log.push('log f32 ' + show(x)); },
    'log-f64': (x) => { log.push('log f64 ' + show(x)); },
    'log-i32-i32': (x, y) => { log.push('log i32 i32 ' + show(x) + ' ' + show(y)); },
    sleep: (ms, id) => id,
    'call-export': (index) => { callFn(exportAt(index)); },
    'call-export-catch': (index) => caught(() => callFn(exportAt(index))),
    'call-ref': (f) => { callFn(callable(f)); },
    'call-ref-catch': (f) => caught(() => callFn(callable(f))),
    'table-get': (i) => {
      if ((i >>> 0) >= table.length) throw new Error('table-get: out of bounds');
      return table[i >>> 0];
    },
    'table-set': (i, f) => {
      if ((i >>> 0) >= table.length) throw new Error('table-set: out of bounds');
      table[i >>> 0] = f;
    },
  };
  const fuzzImport = {};
  for (const name of Object.keys(globals)) {
    const g = globals[name];
    const value = g.type === 'i64' ? 7n : g.type === 'i32' ? 7 : g.type === 'f32' || g.type === 'f64' ? 1.5 : g.type === 'externref' ? { tag: 'extern' } : null;
    fuzzImport[name] = g.mutable ? new W.Global({ value: g.type, mutable: true }, value) : value;
  }
  let inst;
  try {
    inst = how.instantiate(bytes, { 'fuzzing-support': fuzz, __fuzz_import: fuzzImport });
  } catch (e) {
    if (e instanceof StackOverflow || isStackOverflow(e)) return null;
    log.push('instantiate threw ' + kind(W, e));
    return log;
  }
  const names = Object.keys(inst.exports);
  exportsList = names.map((n) => inst.exports[n]).filter((v) => typeof v === 'function');
  for (const name of names) {
    const v = inst.exports[name];
    if (typeof v !== 'function') continue;
    log.push('call ' + name);
    try {
      log.push('-> ' + show(callFn(v)));
    } catch (e) {
      if (e instanceof StackOverflow || isStackOverflow(e)) return null;
      log.push('threw ' + kind(W, e));
    }
  }
  for (const name of names) {
    const v = inst.exports[name];
    if (v instanceof W.Memory) log.push('memory ' + name + ' ' + hash(new Uint8Array(v.buffer)));
    else if (v instanceof W.Global) log.push('global ' + name + ' ' + show(v.value));
    else if (v instanceof W.Table) log.push('table ' + name + ' ' + v.length);
  }
  return log;
}

function kind(W, e) {
  if (e instanceof W.RuntimeError) return 'RuntimeError';
  if (e instanceof W.LinkError) return 'LinkError';
  if (e instanceof W.CompileError) return 'CompileError';
  return 'other ' + (e && e.constructor ? e.constructor.name : typeof e);
}

function hash(u8) {
  let h = 2166136261;
  for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i], 16777619);
  return (h >>> 0).toString(16) + '/' + u8.length;
}

/** Runs one module on one engine in a child process (a module may loop for a very long time). */
function observeIn(engine, wasm, globals, timeoutMs) {
  // picowasm-mixed: the JS tier for functions of at most MIXED_MAX characters of JS, the
  // interpreter for the others, so that the two call each other all along
  const env = engine === 'picowasm-mixed' ? Object.assign({}, process.env, { PICOWASM_TIER_MAX: String(MIXED_MAX) }) : process.env;
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', engine, wasm, JSON.stringify(globals)], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28, env });
  if (r.error && r.error.code === 'ETIMEDOUT') return { timeout: true };
  if (r.status !== 0) return { crash: (r.stderr || '').slice(-400) };
  return JSON.parse(r.stdout);
}

/** The same observation inside XS (xsnap-worker, the Moddable bundle): the functions above are sent as source. */
async function observeOnXs(wasm, globals) {
  const { ENGINES } = await import(pathToFileURL(join(root, 'test', 'engines', 'engines.mjs')).href);
  const { bytesScript } = await import(pathToFileURL(join(root, 'bench', 'lib', 'hosts.mjs')).href);
  const xs = ENGINES.find((e) => e.name === 'xs');
  const session = await xs.open();
  try {
    const script = [show, globalImportTypes, isStackOverflow, observe, kind, hash].map(String).join('\n') +
      '\nclass StackOverflow extends Error {}\n' + bytesScript(readFileSync(wasm).toString('hex')) +
      'var W = picowasm.WebAssembly;\n' +
      'var log = observe(W, bytes, ' + globals + ', { instantiate: function (b, imports) { return new W.Instance(new W.Module(b), imports); }, call: function (f) { return f(); } });\n' +
      'var s = JSON.stringify(log), out = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 255; out.buffer';
    return JSON.parse(Buffer.from(await session.send(script)).toString('latin1'));
  } finally {
    await session.close();
  }
}

/** The same observation inside QuickJS (quickjs-emscripten, the ES5 bundle). */
async function observeOnQuickJS(wasm, globals) {
  const { ENGINES } = await import(pathToFileURL(join(root, 'test', 'engines', 'engines.mjs')).href);
  const { bytesScript } = await import(pathToFileURL(join(root, 'bench', 'lib', 'hosts.mjs')).href);
  const session = await ENGINES.find((e) => e.name === 'quickjs').open();
  try {
    const script = [show, globalImportTypes, isStackOverflow, observe, kind, hash].map(String).join('\n') +
      '\nclass StackOverflow extends Error {}\n' + bytesScript(readFileSync(wasm).toString('hex')) +
      'var W = picowasm.WebAssembly;\n' +
      '__print(JSON.stringify(observe(W, bytes, ' + globals + ', { instantiate: function (b, imports) { return new W.Instance(new W.Module(b), imports); }, call: function (f) { return f(); } })));\n';
    const r = await session.run([script], 60000);
    if (r.error) throw new Error(r.error);
    return JSON.parse(r.lines.join('\n'));
  } finally {
    await session.close();
  }
}

async function child(engine, wasm, globals) {
  if (engine === 'xs' || engine === 'quickjs') {
    const t0 = Date.now();
    const log = engine === 'xs' ? await observeOnXs(wasm, globals) : await observeOnQuickJS(wasm, globals);
    process.stdout.write(JSON.stringify({ log, ms: Date.now() - t0 }));
    return;
  }
  const P = engine === 'native' ? null : await import(pathToFileURL(join(root, 'dist', 'node', 'picowasm.mjs')).href);
  const W = P === null ? globalThis.WebAssembly : P.WebAssembly;
  let how = { instantiate: (bytes, imports) => new W.Instance(new W.Module(bytes), imports), call: (f) => f() };
  if (engine === 'picowasm-sliced') {
    // Low-RAM mode, and every call from outside made in fuel slices of SLICE units (suspended
    // and resumed at back edges and calls all along), also the calls the imports make.
    how = {
      instantiate: (bytes, imports) => P.instantiate(bytes, imports, { lazy: true }),
      call: (f) => {
        const call = P.start(f, []);
        while (!call.run(SLICE));
        return call.result;
      },
    };
  }
  const bytes = new Uint8Array(readFileSync(wasm));
  const t0 = Date.now();
  const log = observe(W, bytes, JSON.parse(globals), how);
  process.stdout.write(JSON.stringify({ log, ms: Date.now() - t0 }));
}

async function main() {
  const wasmOpt = wasmOptPath();
  if (wasmOpt === null) {
    console.log('SKIPPED: the dev dependency binaryen is not installed (npm ci installs it)');
    console.log('0 passed, 0 failed, 1 skipped');
    return;
  }
  const bundle = join(root, 'dist', 'node', 'picowasm.mjs');
  if (!existsSync(bundle)) throw new Error('build first: ' + bundle + ' is missing (npx rollup -c)');
  const dir = KEEP || mkdtempSync(join(tmpdir(), 'picowasm-fuzz-'));
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  let passed = 0;
  let failed = 0;
  const skips = { 'native ran over 10 s': 0, 'native crashed': 0, 'a call exhausted the stack': 0 };
  for (let i = 0; i < COUNT; i++) {
    const seed = SEED + i;
    const input = join(dir, seed + '.dat');
    const wasm = join(dir, seed + '.wasm');
    writeFileSync(input, randomBytes(seed, 512 + ((seed * 7919) % 8192)));
    const passes = OPTIMIZE && seed % 2 === 0 ? ['-O2'] : [];
    execFileSync(process.execPath, [wasmOpt, input, '-ttf', ...FEATURES, ...passes, '-o', wasm], { stdio: ['ignore', 'ignore', 'pipe'] });
    const text = execFileSync(process.execPath, [join(dirname(wasmOpt), 'wasm-dis'), wasm], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const globals = globalImportTypes(text);
    const native = observeIn('native', wasm, globals, 10000);
    if (native.timeout || native.crash || native.log === null) {
      skips[native.timeout ? 'native ran over 10 s' : native.crash ? 'native crashed' : 'a call exhausted the stack'] += 1;
      if (native.crash) console.log('seed ' + seed + ': native run failed: ' + native.crash);
      if (!KEEP) { rmSync(input); rmSync(wasm); }
      continue;
    }
    let verdict = 'pass';
    for (const engine of ENGINES) {
      const pico = observeIn(engine, wasm, globals, 60000 + 100 * native.ms);
      const where = 'seed ' + seed + (passes.length ? ' (-O2)' : '') + ', ' + engine + ': ';
      if (pico.timeout || pico.crash) {
        verdict = 'fail';
        console.log(where + (pico.timeout ? 'timed out' : 'crashed: ' + pico.crash) + ' (native: ' + native.ms + ' ms); module kept: ' + wasm);
        break;
      }
      if (pico.log === null) {
        verdict = 'skip';
        break;
      }
      const expected = native.log;
      const actual = pico.log;
      const n = Math.max(expected.length, actual.length);
      let at = -1;
      for (let k = 0; k < n; k++) if (expected[k] !== actual[k]) { at = k; break; }
      if (at >= 0) {
        verdict = 'fail';
        console.log(where + 'differs at log line ' + at + ': native ' + JSON.stringify(expected[at]) + ', picowasm ' + JSON.stringify(actual[at]) +
          (at > 0 ? ' (after ' + JSON.stringify(expected[at - 1]) + ')' : '') + '; module kept: ' + wasm);
        break;
      }
    }
    if (verdict === 'fail') {
      failed++;
      continue;
    }
    if (verdict === 'skip') skips['a call exhausted the stack'] += 1;
    else passed++;
    if (!KEEP) { rmSync(input); rmSync(wasm); }
  }
  if (!KEEP && failed === 0) rmSync(dir, { recursive: true, force: true });
  for (const why of Object.keys(skips)) if (skips[why]) console.log(skips[why] + ' modules skipped: ' + why + (why.indexOf('stack') >= 0 ? ' (the two engines limit call depth differently)' : ''));
  let skipped = 0;
  for (const why of Object.keys(skips)) skipped += skips[why];
  console.log(passed + ' passed, ' + failed + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
  if (failed) process.exitCode = 1;
}

if (args[0] === '--child') await child(args[1], args[2], args[3]);
else await main();
