// Hosts: the JavaScript engines the benchmark runs in. Each host runs one measurement
// (implementation x program x size) in a fresh process and returns the worker's JSON result.
// Node hosts spawn `node [flags] bench/worker.mjs <spec>`. Another engine (xsnap, QuickJS, ...)
// is added as one more entry with the same shape: { name, impls, sizeName, measure(spec) }, where
// measure loads the picowasm bundle given in spec.bundle (the engine's own build) and returns
// { ok, checksum, compileMs, instantiateMs, times } (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './builds.mjs';

const worker = join(root, 'bench', 'worker.mjs');

function nodeHost(name, flags, impls, sizeName) {
  return {
    name,
    impls,
    sizeName,
    measure(spec) {
      const r = spawnSync(process.execPath, flags.concat([worker, JSON.stringify(spec)]), {
        cwd: root, encoding: 'utf8', maxBuffer: 1 << 24,
      });
      const line = (r.stdout || '').trim().split('\n').pop();
      try {
        return JSON.parse(line);
      } catch (e) {
        return { ok: false, error: 'worker failed (status ' + r.status + '): ' + (r.stderr || '').slice(-1000) };
      }
    },
  };
}

/** All known hosts by name. Native WebAssembly does not exist under --jitless. */
export const hosts = {
  node: nodeHost('node', [], ['picowasm', 'native', 'polywasm', 'previous'], 'default'),
  'node-jitless': nodeHost('node-jitless', ['--jitless', '--no-warnings'], ['picowasm', 'polywasm', 'previous'], 'small'),
};

// ---- other engines, through the drivers of test/engines/engines.mjs ----
// Each measurement opens a fresh engine session (its prelude is the engine's own bundle of the
// working tree, defining the global `picowasm`: dist/moddable/picowasm.js on xs,
// dist/es5/picowasm.js on quickjs/duktape) and evaluates one ES5 script that times the runs with
// the engine's clock and prints the worker's JSON line. A git ref's build (`previous`, or
// `--current <ref>`: spec.dir) is one more script before it that replaces the global `picowasm`
// by that ref's bundle (refBundleScript); the working tree's bundle stays loaded but unused.

const refScripts = {};

/**
 * The script that defines the global `picowasm` from a ref's build directory: its ES5 bundle
 * (dist/es5/picowasm.js, an IIFE `var picowasm = ...`) where the ref has one, else its Node
 * CommonJS bundle (dist/node/picowasm.cjs, TypeScript compiled to ES5) run as a module body with
 * its own `module`/`exports`. The bundle stays the first statement of its own function so that
 * its 'use strict' directive still applies. Returns { file, script } or null.
 */
export function refBundleScript(dir) {
  if (refScripts[dir] !== undefined) return refScripts[dir];
  const es5 = join(dir, 'dist', 'es5', 'picowasm.js');
  const cjs = join(dir, 'dist', 'node', 'picowasm.cjs');
  let r = null;
  if (existsSync(es5)) r = { file: es5, script: readFileSync(es5, 'utf8') + '\n;' };
  else if (existsSync(cjs)) {
    r = { file: cjs, script: 'var picowasm = (function () {\nvar module = { exports: {} };\n(function (module, exports) {\n' +
      readFileSync(cjs, 'utf8') + '\n})(module, module.exports);\nreturn module.exports;\n})();\n' };
  }
  refScripts[dir] = r;
  return r;
}

/** ES5 statements that define `bytes`, a Uint8Array of the module whose hex text is `wasmHex`, in an engine script. */
export function bytesScript(wasmHex) {
  return 'var hex = "' + wasmHex + '";\n' +
    'var bytes = new Uint8Array(hex.length / 2);\n' +
    'for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);\n';
}

function engineScript(wasmHex, spec) {
  return '(function () {\n' +
    'var now = (typeof performance !== "undefined" && performance && typeof performance.now === "function") ? function () { return performance.now(); } : function () { return Date.now(); };\n' +
    'try {\n' +
    bytesScript(wasmHex) +
    'var W = picowasm.WebAssembly;\n' +
    'var t0 = now(); var module = new W.Module(bytes); var compileMs = now() - t0;\n' +
    't0 = now(); var instance = new W.Instance(module, {}); var instantiateMs = now() - t0;\n' +
    'var run = instance.exports.run, checksum = null, times = [];\n' +
    'for (var k = 0; k < ' + (spec.warmup + spec.runs) + '; k++) {\n' +
    '  t0 = now(); var c = run(' + spec.size + ') | 0; var dt = now() - t0;\n' +
    '  if (checksum === null) checksum = c; else if (c !== checksum) throw new Error("checksum changed between runs: " + checksum + " then " + c);\n' +
    '  if (k >= ' + spec.warmup + ') times.push(dt);\n' +
    '}\n' +
    '__print(JSON.stringify({ ok: true, checksum: checksum, compileMs: compileMs, instantiateMs: instantiateMs, times: times }));\n' +
    '} catch (e) { __print(JSON.stringify({ ok: false, error: String(e && e.stack || e) })); }\n' +
    '})();\n';
}

function engineHost(name, engineName, sizeName, ownBundle) {
  const refNote = (b) => {
    const r = b && b.dir ? refBundleScript(b.dir) : null;
    return r ? (b.ref === b.sha ? b.sha.slice(0, 8) : b.ref + ' (' + b.sha.slice(0, 8) + ')') + ': ' + r.file.slice(b.dir.length + 1) : null;
  };
  return {
    name,
    impls: ['picowasm', 'previous'],
    sizeName,
    bundleNote(current, previous) {
      const note = 'picowasm: ' + (refNote(current) || ownBundle + ' of the working tree');
      return previous && previous.dir ? note + '; previous: ' + (refNote(previous) || 'no ES5 or CommonJS bundle') : note;
    },
    async measure(spec) {
      let ENGINES;
      try {
        ENGINES = (await import('../../test/engines/engines.mjs')).ENGINES;
      } catch (e) {
        return { ok: false, error: 'test/engines/engines.mjs not loadable: ' + e.message };
      }
      const engine = ENGINES.find((e) => e.name === engineName);
      if (!engine) return { ok: false, error: 'no engine ' + engineName + ' in test/engines/engines.mjs' };
      const missing = engine.missing();
      if (missing) return { ok: false, error: missing };
      const hex = readFileSync(spec.wasm).toString('hex');
      const scripts = [engineScript(hex, spec)];
      if (spec.dir) {
        const ref = refBundleScript(spec.dir);
        if (!ref) return { ok: false, error: 'no dist/es5/picowasm.js or dist/node/picowasm.cjs in ' + spec.dir };
        scripts.unshift(ref.script);
      }
      let session = null;
      try {
        session = await engine.open();
        const r = await session.run(scripts, 600000);
        const line = (r.lines || []).filter((l) => l.charAt(0) === '{').pop();
        if (!line) return { ok: false, error: 'no result line' + (r.error ? ': ' + r.error : '') };
        return JSON.parse(line);
      } catch (e) {
        return { ok: false, error: engineName + ': ' + (e && e.message ? e.message : String(e)) };
      } finally {
        if (session) try { await session.close(); } catch (e) { /* already gone */ }
      }
    },
  };
}

hosts.xs = engineHost('xs', 'xs', 'tiny', 'dist/moddable/picowasm.js');
// the same bundle with its JS tier turned on (tojs/; test/engines/engines.mjs: xs-tier)
hosts['xs-tier'] = engineHost('xs-tier', 'xs-tier', 'tiny', 'dist/moddable/picowasm.js with the JS tier on');
hosts.quickjs = engineHost('quickjs', 'quickjs', 'tiny', 'dist/es5/picowasm.js');
hosts.duktape = engineHost('duktape', 'duktape', 'tiny', 'dist/es5/picowasm.js');
