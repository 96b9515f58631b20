// Drivers for the real JavaScript engines that picowasm's engine tests run on, all driven from
// Node: XS (the xsnap-worker binary of the npm package @agoric/xsnap), QuickJS (the npm package
// quickjs-emscripten), Duktape (Debian's `duk` command) and Node itself with --jitless; and the
// Espruino bundle on Duktape and on plain Node (smoke suite only).
//
// Every engine runs *jobs*: a list of ES5 scripts evaluated in order in one global scope, after
// the engine's prelude (the bundle that engine would really load, defining the global `picowasm`,
// plus test/engines/replay.js and smoke.js). Scripts report by calling the global `__print(line)`;
// a job returns the printed lines. XS and QuickJS keep one engine instance across jobs (restarted
// after a crash); Duktape and Node start one process per job. What to run and what the lines
// mean is left to run.mjs.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

/** The engine-side helpers every prelude carries (after the bundle). */
function helpers() {
  return fs.readFileSync(path.join(here, 'replay.js'), 'utf8') + '\n' + fs.readFileSync(path.join(here, 'smoke.js'), 'utf8');
}

/** `__print` over a host print function, with non-ASCII escaped (output travels as bytes). */
function printGlue(hostPrint) {
  return `var __print = function (s) { ${hostPrint}(String(s).replace(/[\\x7f-\\uffff]/g, function (c) { return '\\\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4); })); };\n`;
}

function es5Bundle() {
  const file = path.join(root, 'dist', 'es5', 'picowasm.js');
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing (npm run build)`);
  return fs.readFileSync(file, 'utf8');
}

/**
 * The Espruino bundle (a CommonJS module: `exports.X = ...`) as a script defining the global
 * `picowasm`, loaded as Espruino loads a module: its code runs in a function of its own with a
 * fresh `exports` object (so its minified top-level names stay out of the global scope).
 */
function espruinoBundle() {
  const file = path.join(root, 'dist', 'espruino', 'picowasm.js');
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing (npm run build)`);
  return `var picowasm = (function () { var exports = {};\n${fs.readFileSync(file, 'utf8')}\n;return exports; })();\n`;
}

/**
 * @typedef {{ lines: string[], error?: string, crashed?: boolean }} JobResult
 * @typedef {{ run(scripts: string[], timeoutMs: number): Promise<JobResult>, close(): Promise<void> }} Session
 * @typedef {{ name: string, title: string, bundle: string, smokeOnly?: boolean, wasi?: boolean, missing(): string | null, open(): Promise<Session> }} Engine
 *   smokeOnly: run.mjs runs only the smoke suite there (no spec replay); wasi: run.mjs also runs
 *   the WASI examples there (test/engines/wasi.mjs).
 */

// --- XS (xsnap-worker) --------------------------------------------------------------------

/** Where `npm install @agoric/xsnap` builds the worker, or null. */
function xsnapBinary() {
  let pkg;
  try {
    pkg = path.dirname(require.resolve('@agoric/xsnap/package.json'));
  } catch {
    return null;
  }
  const platform = { linux: 'lin', darwin: 'mac' }[process.platform];
  const bin = path.join(pkg, 'xsnap-native', 'xsnap', 'build', 'bin', platform || 'none', 'release', 'xsnap-worker');
  return fs.existsSync(bin) ? bin : null;
}

/** Netstring framing: `<length>:<bytes>,`. */
function netstring(text) {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

class XsSession {
  /**
   * options: { bundle: the Moddable bundle to load (default dist/moddable/picowasm.js),
   * wrapper: a command line to run the worker under, e.g. valgrind (bench/ircount.mjs),
   * tier: true to turn the bundle's JS tier on (useJsTier(true)) }.
   */
  constructor(bin, options) {
    this.bin = bin;
    this.proc = null;
    this.bundle = (options && options.bundle) || path.join(root, 'dist', 'moddable', 'picowasm.js');
    this.wrapper = (options && options.wrapper) || null;
    this.tier = !!(options && options.tier);
  }

  async start() {
    // argv: a worker name (any word not starting with '-'), no metering limit. fd 3: to the
    // worker, fd 4: from it (netstrings); fds 5-8 (debugger, profiler, snapshots) must be open
    // (the worker selects on fd 5) but are unused. stdout/stderr are kept for crash reports.
    const argv = (this.wrapper || []).concat([this.bin, 'picowasm-test']);
    const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore', 'ignore'] });
    this.proc = proc;
    this.buffer = Buffer.alloc(0);
    this.waiting = null;
    this.stderr = '';
    this.exited = null;
    proc.stdout.on('data', (d) => { this.stderr += d.toString('latin1'); });
    proc.stderr.on('data', (d) => { this.stderr += d.toString('latin1'); });
    proc.stdio[4].on('data', (d) => { this.buffer = Buffer.concat([this.buffer, d]); this.pump(); });
    proc.stdio[3].on('error', () => {});
    proc.on('exit', (code, signal) => {
      this.exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (this.waiting) { const w = this.waiting; this.waiting = null; w.reject(new Error(`xsnap-worker ${this.exited}${this.stderr ? ': ' + this.stderr.trim().slice(-300) : ''}`)); }
    });
    await this.send(printGlue('__xsPrint') + 'var __out = []; var __xsPrint = function (s) { __out.push(s); };');
    // The Moddable bundle is an ES module: a module of ours imports it (`m` runs a module file)
    // and makes its namespace the global `picowasm` that the test scripts use.
    const bundle = this.bundle;
    if (!fs.existsSync(bundle)) throw new Error(path.relative(root, bundle) + ' is missing (npm run build)');
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true }); // from before a restart
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-xs-'));
    const loader = path.join(this.dir, 'load-picowasm.js');
    const tier = this.tier ? 'if (!picowasm.useJsTier(true)) throw new Error("the JS tier did not turn on");\n' : '';
    fs.writeFileSync(loader, `import * as picowasm from ${JSON.stringify(bundle)};\n${tier}globalThis.picowasm = picowasm;\n`);
    await this.send(loader, 'm').catch((e) => { throw new Error(`loading ${path.relative(root, bundle)} as a module failed: ${e.message} ${this.stderr.trim().slice(-300)}`); });
    await this.send(helpers());
  }

  pump() {
    const colon = this.buffer.indexOf(0x3a);
    if (colon < 0 || !this.waiting) return;
    const len = Number(this.buffer.subarray(0, colon).toString('latin1'));
    if (this.buffer.length < colon + 1 + len + 1) return;
    const msg = this.buffer.subarray(colon + 1, colon + 1 + len);
    this.buffer = this.buffer.subarray(colon + 2 + len);
    const w = this.waiting;
    this.waiting = null;
    w.resolve(msg);
  }

  /**
   * Sends one command: `e` evaluates a script (the default), `m` runs a module file. Resolves
   * with the reply's payload (for `e`, the bytes of an ArrayBuffer result).
   */
  send(code, command = 'e') {
    return new Promise((resolve, reject) => {
      if (this.exited) { reject(new Error(`xsnap-worker ${this.exited}`)); return; }
      this.waiting = {
        resolve: (msg) => {
          if (msg[0] === 0x2e /* . */) {
            const sep = msg.indexOf(1, 1); // `.meterdata\1reply` when metering is on
            // the meter data of the last command (JSON: currentHeapCount, compute, ...), for bench/gc.mjs
            this.meter = sep < 0 ? null : msg.subarray(1, sep).toString('latin1');
            resolve(msg.subarray(sep < 0 ? 1 : sep + 1));
          } else if (msg[0] === 0x21 /* ! */) reject(new Error(msg.subarray(1).toString('utf8')));
          else reject(new Error(`xsnap protocol error: ${msg.subarray(0, 80).toString('latin1')}`));
        },
        reject,
      };
      this.proc.stdio[3].write(netstring(command + code));
      this.pump();
    });
  }

  async run(scripts, timeoutMs) {
    if (!this.proc || this.exited) {
      try {
        await this.start();
      } catch (e) {
        return { lines: [], error: `restarting xsnap-worker failed: ${e.message}`, crashed: true };
      }
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    let error;
    try {
      for (const s of scripts) await this.send(s);
    } catch (e) {
      error = e.message;
    }
    const flush = '(function () { var s = __out.join("\\n"); __out = []; var b = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255; return b.buffer; })()';
    let lines = [];
    try {
      const out = await this.send(flush).catch(() => null);
      if (out) lines = out.toString('latin1').split('\n').filter((l) => l !== '');
    } finally {
      clearTimeout(timer);
    }
    const crashed = !!this.exited;
    if (crashed && !(error || '').includes(this.exited)) error = `${error || ''} xsnap-worker ${this.exited}${this.stderr ? ': ' + this.stderr.trim().slice(-300) : ''}`.trim();
    return { lines, error, crashed };
  }

  async close() {
    if (this.proc && !this.exited) {
      this.proc.stdio[3].end();
      this.proc.kill();
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Ends the worker by closing its input (it exits by itself, and a wrapper can report); resolves with its stderr. */
  async finish() {
    if (this.proc && !this.exited) {
      const done = new Promise((resolve) => this.proc.on('close', resolve)); // exited and its output drained
      this.proc.stdio[3].end();
      await done;
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    return this.stderr;
  }
}

/** @type {Engine} */
const xs = {
  name: 'xs',
  title: 'XS (xsnap-worker)',
  bundle: 'dist/moddable/picowasm.js',
  wasi: true,
  missing() {
    return xsnapBinary() ? null : 'the xsnap-worker binary of @agoric/xsnap is not built (npm install builds it from sources; needs a C compiler and make)';
  },
  /** options: see XsSession. */
  async open(options) {
    const s = new XsSession(/** @type {string} */ (xsnapBinary()), options);
    await s.start();
    return s;
  },
};

/** XS with the Moddable bundle's JS tier turned on (tojs/; off by default in that bundle). */
const xsTier = {
  name: 'xs-tier',
  title: 'XS (xsnap-worker), JS tier',
  bundle: 'dist/moddable/picowasm.js',
  wasi: true,
  missing: xs.missing,
  async open(options) {
    const s = new XsSession(/** @type {string} */ (xsnapBinary()), Object.assign({}, options, { tier: true }));
    await s.start();
    return s;
  },
};

// --- QuickJS (quickjs-emscripten) ---------------------------------------------------------

/** @type {Engine} */
const quickjs = {
  name: 'quickjs',
  title: 'QuickJS (quickjs-emscripten)',
  bundle: 'dist/es5/picowasm.js',
  wasi: true,
  missing() {
    try {
      require.resolve('quickjs-emscripten');
      return null;
    } catch {
      return 'the npm package quickjs-emscripten is not installed';
    }
  },
  async open() {
    const { getQuickJS } = await import('quickjs-emscripten');
    const QuickJS = await getQuickJS();
    let rt;
    let ctx;
    let lines = [];
    let deadline = Infinity;
    const start = () => {
      rt = QuickJS.newRuntime();
      rt.setMemoryLimit(-1);
      // QuickJS's own stack limit must hit before the host's: 512 KiB of QuickJS stack already
      // overflows Node's native stack (a crash of the whole runner); 256 KiB (about 1 300 nested
      // JS calls) ends with QuickJS's catchable "stack overflow" InternalError.
      rt.setMaxStackSize(256 * 1024);
      rt.setInterruptHandler(() => Date.now() > deadline);
      ctx = rt.newContext();
      const fn = ctx.newFunction('__qjsPrint', (h) => { lines.push(ctx.getString(h)); });
      ctx.setProp(ctx.global, '__qjsPrint', fn);
      fn.dispose();
      for (const s of [printGlue('__qjsPrint'), es5Bundle(), helpers()]) {
        const r = ctx.evalCode(s, 'prelude.js');
        if (r.error) { const e = ctx.dump(r.error); r.error.dispose(); throw new Error(`QuickJS prelude: ${JSON.stringify(e)}`); }
        r.value.dispose();
      }
    };
    start();
    return {
      async run(scripts, timeoutMs) {
        lines = [];
        deadline = Date.now() + timeoutMs;
        let error;
        for (const s of scripts) {
          const r = ctx.evalCode(s, 'job.js');
          if (r.error) {
            const e = ctx.dump(r.error);
            r.error.dispose();
            error = typeof e === 'object' && e ? `${e.name}: ${e.message}` : String(e);
            break;
          }
          r.value.dispose();
          // Run the promise job queue, as an event loop would (JSPI and async scenarios need it).
          for (;;) {
            const jobs = rt.executePendingJobs(-1);
            if (jobs.error) {
              const e = ctx.dump(jobs.error);
              jobs.error.dispose();
              error = typeof e === 'object' && e ? `${e.name}: ${e.message}` : String(e);
              break;
            }
            if (jobs.value === 0) break;
          }
          if (error) break;
        }
        deadline = Infinity;
        return { lines, error };
      },
      async close() {
        ctx.dispose();
        rt.dispose();
      },
    };
  },
};

// --- process engines: Duktape and Node --jitless ------------------------------------------

/**
 * Runs `cmd args... files...` where files are the prelude files plus the job's scripts written
 * to a temporary directory; collects stdout lines.
 */
function processEngine(cmd, preludeFiles, scriptArgs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-engines-'));
  let n = 0;
  return {
    run(scripts, timeoutMs) {
      const files = scripts.map((s) => {
        const f = path.join(dir, `job${n++}.js`);
        fs.writeFileSync(f, s);
        return f;
      });
      return new Promise((resolve) => {
        const proc = spawn(cmd, [...scriptArgs, ...preludeFiles, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        proc.stdout.on('data', (d) => { out += d.toString('latin1'); });
        proc.stderr.on('data', (d) => { err += d.toString('latin1'); });
        const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
        proc.on('close', (code, signal) => {
          clearTimeout(timer);
          for (const f of files) fs.rmSync(f, { force: true });
          const lines = out.split('\n').filter((l) => l !== '');
          const bad = code !== 0 || signal;
          resolve({ lines, error: bad ? `${path.basename(cmd)} ${signal ? `killed by ${signal}` : `exited with ${code}`}: ${(err || lines.slice(-3).join(' | ')).trim().slice(-400)}` : undefined, crashed: !!signal });
        });
      });
    },
    async close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function duk() {
  const r = spawnSync('sh', ['-c', 'command -v duk'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** @type {Engine} */
const duktape = {
  name: 'duktape',
  title: 'Duktape (duk)',
  bundle: 'dist/es5/picowasm.js',
  wasi: true,
  missing() {
    return duk() ? null : 'the `duk` command is not installed (Debian: apt-get install duktape)';
  },
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-duk-'));
    const prelude = path.join(dir, 'prelude.js');
    // duk runs each file as a program in the same global scope; duk's `print` writes a line.
    fs.writeFileSync(prelude, printGlue('print') + es5Bundle() + '\n' + helpers());
    const engine = processEngine(/** @type {string} */ (duk()), [prelude], []);
    return { run: engine.run, async close() { await engine.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  },
};

/** @type {Engine} */
const jitless = {
  name: 'jitless',
  title: 'Node --jitless',
  bundle: 'dist/node/picowasm.cjs',
  missing() {
    return fs.existsSync(path.join(root, 'dist', 'node', 'picowasm.cjs')) ? null : 'dist/node/picowasm.cjs is missing (npm run build)';
  },
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-jitless-'));
    const prelude = path.join(dir, 'prelude.js');
    fs.writeFileSync(prelude, printGlue('__nodePrint') + helpers());
    const engine = processEngine(process.execPath, [prelude], ['--jitless', path.join(here, 'node-child.cjs')]);
    return { run: engine.run, async close() { await engine.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  },
};

// --- the Espruino bundle on Duktape and on Node --------------------------------------------
// No Espruino runs here; its bundle (minified CommonJS) runs its smoke suite on two ES5-capable
// engines instead, loaded as a module body (espruinoBundle()). Its dialect is checked apart
// (test/unit/bundles.test.ts, test/engines/dialect.mjs --dialect espruino).

/** @type {Engine} */
const duktapeEspruino = {
  name: 'duktape-espruino',
  title: 'Duktape (Espruino bundle)',
  bundle: 'dist/espruino/picowasm.js',
  smokeOnly: true,
  missing() {
    return duk() ? null : 'the `duk` command is not installed (Debian: apt-get install duktape)';
  },
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-duk-espruino-'));
    const prelude = path.join(dir, 'prelude.js');
    fs.writeFileSync(prelude, printGlue('print') + espruinoBundle() + helpers());
    const engine = processEngine(/** @type {string} */ (duk()), [prelude], []);
    return { run: engine.run, async close() { await engine.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  },
};

/** @type {Engine} */
const nodeEspruino = {
  name: 'node-espruino',
  title: 'Node (Espruino bundle)',
  bundle: 'dist/espruino/picowasm.js',
  smokeOnly: true,
  missing() {
    return fs.existsSync(path.join(root, 'dist', 'espruino', 'picowasm.js')) ? null : 'dist/espruino/picowasm.js is missing (npm run build)';
  },
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-node-espruino-'));
    const prelude = path.join(dir, 'prelude.js');
    fs.writeFileSync(prelude, printGlue('__nodePrint') + espruinoBundle() + helpers());
    // Plain node; node-child.cjs --no-bundle leaves the global `picowasm` to the prelude.
    const engine = processEngine(process.execPath, [prelude], [path.join(here, 'node-child.cjs'), '--no-bundle']);
    return { run: engine.run, async close() { await engine.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  },
};

/** @type {Engine[]} */
export const ENGINES = [xs, xsTier, quickjs, duktape, jitless, duktapeEspruino, nodeEspruino];
