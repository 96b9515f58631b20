// Checks the built per-engine bundles (dist/, made by `npm run build`): each parses in its
// dialect (test/engines/dialect.mjs finds nothing), and each loads and runs a small module
// where its engine would: the ES5 script and the Espruino module in Node `vm` contexts stripped
// of what those engines lack (BigInt, Map, Symbol, Proxy, RangeError, Object.freeze,
// Math.imul, Array.from, TypedArray fill/copyWithin/slice, ...), the Moddable module with all
// its functions frozen as XS's preload leaves them. Results are compared with Node's own
// WebAssembly running the same bytes. Skips (with the reason printed) when dist/ is missing.
// Also checks that the dialect check catches planted violations.
import { describe, expect, test, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { loadWabt, wat } from './api/helpers';
// @ts-ignore: a plain .mjs script without types
import { checkDialect } from '../engines/dialect.mjs';

const root = path.resolve(__dirname, '../..');
const dist = (p: string) => path.join(root, 'dist', p);
const bundles = ['es5/picowasm.js', 'espruino/picowasm.js', 'moddable/picowasm.js', 'node/picowasm.mjs', 'node/polyfill.mjs'];
const missing = bundles.filter((b) => !fs.existsSync(dist(b)));
if (missing.length > 0) console.log(`bundles.test.ts: skipping the bundle checks: ${missing.map((m) => 'dist/' + m).join(', ')} missing (run npm run build)`);
const built = missing.length === 0;

const TEXT = `(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "mem") 1)
  (data (i32.const 16) "hello")
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
  (func (export "mulhi") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "sum") (param i32 i32) (result i32) (local $s i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 1)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br 0)))
    (local.get $s))
  (func (export "fillcopy") (result i32)
    (memory.fill (i32.const 100) (i32.const 0x41) (i32.const 10))
    (memory.copy (i32.const 105) (i32.const 98) (i32.const 10))
    (i32.add (i32.load8_u (i32.const 106)) (i32.load8_u (i32.const 114))))
  (func $rec (export "rec") (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "callLog") (param i32) (call $log (i32.mul (local.get 0) (i32.const 3)))))`;

// The calls every engine makes; i64 arguments are given as [lo, hi] and passed in the engine's
// representation (BigInt or the { lo, hi } pair).
const CALLS: [string, any[]][] = [
  ['add', [2, 40]], ['add', [0x7fffffff, 1]], ['mul64', [[0x12345678, 0x9abc], [0xfedcba98 | 0, 0x7654]]], ['mul64', [[-1, -1], [3, 0]]],
  ['clz', [1]], ['clz', [0]], ['mulhi', [0x7fffffff, 0x7fffffff]], ['trunc', [-3.75]], ['trunc', [1e300]],
  ['sum', [16, 5]], ['fillcopy', []], ['div', [7, -2]], ['div', [1, 0]], ['div', [-0x80000000, -1]], ['rec', [0]], ['callLog', [14]],
];

// Runs CALLS against an instance inside whatever realm `api` lives in; returns JSON-able results.
// This function is also sent as source text into the vm contexts, so it is plain ES5.
function driverSource(): string {
  return `function picowasmDriver(api, bytesArray, callsJSON, usePairs) {
  var bytes = new Uint8Array(bytesArray.length);
  for (var i = 0; i < bytesArray.length; i++) bytes[i] = bytesArray[i];
  var logged = [];
  var inst = new api.WebAssembly.Instance(new api.WebAssembly.Module(bytes), { env: { log: function (x) { logged.push(x); } } });
  var calls = JSON.parse(callsJSON);
  var out = [];
  function toI64(p) { return usePairs ? { lo: p[0], hi: p[1] } : (BigInt(p[1]) * BigInt(4294967296) + BigInt(p[0] >>> 0)); }
  function fromValue(v) {
    if (typeof v === 'bigint') { var u = BigInt.asUintN(64, v); return 'i64:' + u.toString(16); }
    if (v !== null && typeof v === 'object') return 'i64:' + ((v.hi >>> 0) * 4294967296 + (v.lo >>> 0) < Math.pow(2, 53) ? ((v.hi >>> 0) * 4294967296 + (v.lo >>> 0)).toString(16) : ((v.hi >>> 0).toString(16) + ('00000000' + (v.lo >>> 0).toString(16)).slice(-8)));
    return v;
  }
  for (var k = 0; k < calls.length; k++) {
    var name = calls[k][0], args = calls[k][1];
    var conv = [];
    for (var j = 0; j < args.length; j++) conv.push(Object.prototype.toString.call(args[j]) === '[object Array]' ? toI64(args[j]) : args[j]);
    try {
      out.push([name, fromValue(inst.exports[name].apply(null, conv))]);
    } catch (e) {
      out.push([name, 'threw ' + String(e && e.message).split(' @')[0]]);
    }
  }
  out.push(['logged', logged.join(',')]);
  out.push(['memory', String(inst.exports.mem.buffer.byteLength)]);
  return JSON.stringify(out);
}`;
}

// Node's own WebAssembly on the same bytes and calls: the expected results.
function oracle(bytes: Uint8Array): any[] {
  const g: any = {};
  vm.runInNewContext(driverSource() + '\nresult = picowasmDriver({ WebAssembly: WebAssembly }, bytes, callsJSON, false);', Object.assign(g, { bytes: Array.from(bytes), callsJSON: JSON.stringify(CALLS), result: '' }));
  return normalize(JSON.parse(g.result));
}

// Engines word traps differently (picowasm uses the spec's trap texts, checked below and in
// the spec suite): compare only that a call threw.
function normalize(rows: any[]): any[] {
  return rows.map(([n, v]) => (typeof v === 'string' && v.startsWith('threw') ? [n, 'threw'] : [n, v]));
}

// picowasm's own trap texts, in the results of one engine run.
function expectSpecTraps(rows: any[]): void {
  const div = rows.filter(([n]) => n === 'div').map(([, v]) => v);
  expect(div).toContain('threw integer divide by zero');
  expect(div).toContain('threw integer overflow');
  expect(rows.find(([n]) => n === 'rec')[1]).toBe('threw call stack exhausted');
}

// What each engine lacks, removed from a fresh vm context before the bundle runs.
const STRIP_COMMON = `(function (g) {
  var del = function (o, names) { for (var i = 0; i < names.length; i++) delete o[names[i]]; };
  del(g, ['BigInt', 'BigInt64Array', 'BigUint64Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy', 'Reflect', 'SharedArrayBuffer', 'Atomics']);
  del(Math, ['trunc', 'fround', 'imul', 'clz32', 'sign', 'log2', 'log10', 'hypot', 'cbrt', 'expm1', 'log1p']);
  del(Array, ['from', 'of']); del(Object, ['assign', 'is', 'entries', 'values']);
  var TA = Object.getPrototypeOf(Int8Array.prototype);
  del(TA, ['fill', 'copyWithin', 'slice', 'includes', 'find', 'findIndex', 'at']);
  del(ArrayBuffer.prototype, ['slice', 'transfer', 'resize']);
  var tas = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
  for (var i = 0; i < tas.length; i++) { delete tas[i].BYTES_PER_ELEMENT; delete tas[i].prototype.BYTES_PER_ELEMENT; delete tas[i].from; delete tas[i].of; }
})(this);`;
const STRIP_ES5 = STRIP_COMMON + `delete this.Promise; delete this.globalThis;`;
const STRIP_ESPRUINO = STRIP_COMMON + `delete this.RangeError; delete Object.freeze; delete Object.isFrozen; delete Object.seal; delete Object.preventExtensions; delete Error.captureStackTrace;`;

describe.skipIf(!built)('per-engine bundles', () => {
  let bytes: Uint8Array;
  let expected: any[];
  beforeAll(async () => {
    await loadWabt();
    bytes = wat(TEXT);
    expected = oracle(bytes);
  });

  test.each([
    ['es5/picowasm.js', 'es5'],
    ['es5/wasi.js', 'es5'],
    ['espruino/picowasm.js', 'espruino'],
    ['moddable/picowasm.js', 'moddable'],
  ])('dist/%s passes the %s dialect check', (file, dialect) => {
    const { findings } = checkDialect(fs.readFileSync(dist(file), 'utf8'), dialect, 'dist/' + file);
    expect(findings.map((f: any) => `${f.where}: ${f.what}`)).toEqual([]);
  });

  test('the Node bundle dispatches with one switch, the device bundles with the chain (dispatch.ts)', () => {
    const runOf = (file: string) => {
      const text = fs.readFileSync(dist(file), 'utf8');
      return text.slice(text.indexOf('function run('), text.indexOf('function ', text.indexOf('function run(') + 1));
    };
    for (const file of ['node/picowasm.mjs', 'node/picowasm.cjs']) {
      const run = runOf(file);
      expect([file, (run.match(/switch \(\(w = code\[pc\]\) & 511/g) || []).length, (run.match(/switch \(op\)/g) || []).length, /DispatchGroup/.test(run)]).toEqual([file, 1, 0, false]);
    }
    for (const file of ['es5/picowasm.js', 'moddable/picowasm.js']) {
      const run = runOf(file);
      expect([file, (run.match(/switch \(op\)/g) || []).length]).toEqual([file, 10]);
    }
  });

  test('the ES5 script runs in a context without BigInt, Map, Symbol, Promise, globalThis, ES2015 Math', () => {
    const ctx = vm.createContext({ bytes: Array.from(bytes), callsJSON: JSON.stringify(CALLS) });
    vm.runInContext(STRIP_ES5, ctx);
    expect(vm.runInContext('typeof BigInt + typeof Map + typeof Math.imul + typeof Object.getPrototypeOf(Int8Array.prototype).fill', ctx)).toBe('undefinedundefinedundefinedundefined');
    vm.runInContext(fs.readFileSync(dist('es5/picowasm.js'), 'utf8'), ctx, { filename: 'dist/es5/picowasm.js' });
    expect(vm.runInContext('typeof picowasm.WebAssembly.Module + typeof picowasm.invokeRaw + typeof picowasm.setI64Codec + typeof picowasm.CompileError', ctx)).toBe('functionfunctionfunctionfunction');
    const got = vm.runInContext(driverSource() + '\npicowasmDriver(picowasm, bytes, callsJSON, true);', ctx);
    expect(normalize(JSON.parse(got))).toEqual(expected);
    expectSpecTraps(JSON.parse(got));
    // Stack exhaustion is a RangeError where the engine has one.
    expect(vm.runInContext(`var e; try { new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(new Uint8Array(bytes)), { env: { log: function () {} } }).exports.rec(0); } catch (x) { e = x; } e instanceof RangeError && e.message`, ctx)).toBe('call stack exhausted');
  });

  test('the ES5 script installs the BigInt codec where the engine has BigInt', () => {
    const ctx = vm.createContext({ bytes: Array.from(bytes), callsJSON: JSON.stringify(CALLS) });
    vm.runInContext(fs.readFileSync(dist('es5/picowasm.js'), 'utf8'), ctx);
    const got = vm.runInContext(driverSource() + '\npicowasmDriver(picowasm, bytes, callsJSON, false);', ctx);
    expect(normalize(JSON.parse(got))).toEqual(expected);
    expect(vm.runInContext(`typeof new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(new Uint8Array(bytes)), { env: { log: function () {} } }).exports.mul64(2n, 3n)`, ctx)).toBe('bigint');
    // ToBigInt64 as the JS API says: strings and booleans convert; a number, also one that an
    // object's valueOf gives, is a TypeError
    const mul = `new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(new Uint8Array(bytes)), { env: { log: function () {} } }).exports.mul64`;
    expect(vm.runInContext(`String(${mul}("6", true))`, ctx)).toBe('6');
    expect(vm.runInContext(`var e; try { ${mul}({ valueOf: function () { return 5; } }, 1n); } catch (x) { e = x.constructor.name; } e`, ctx)).toBe('TypeError');
    expect(vm.runInContext(`var e; try { ${mul}(5, 1n); } catch (x) { e = x.constructor.name; } e`, ctx)).toBe('TypeError');
  });

  test('the Espruino module loads through require-style wrapping in a context shaped like Espruino', () => {
    const ctx = vm.createContext({ bytes: Array.from(bytes), callsJSON: JSON.stringify(CALLS) });
    vm.runInContext(STRIP_ESPRUINO, ctx);
    expect(vm.runInContext('typeof RangeError + typeof Object.freeze + typeof Array.from + typeof BigInt', ctx)).toBe('undefinedundefinedundefinedundefined');
    // What Modules.addCached / Storage modules amount to: the text run as a function of (exports, module).
    const code = fs.readFileSync(dist('espruino/picowasm.js'), 'utf8');
    vm.runInContext('var module = { exports: {} }; (function (exports, module) {\n' + code + '\n})(module.exports, module); var picowasm = module.exports;', ctx, { filename: 'dist/espruino/picowasm.js' });
    expect(vm.runInContext('Object.keys(picowasm).sort().join()', ctx)).toBe('Call,CompileError,LinkError,RuntimeError,SuspendError,WebAssembly,getI64Codec,getLimits,globalRaw,instantiate,invokeRaw,load,loadModule,memoryUsage,runSliced,setCopyModuleBytes,setDefaultYield,setI64Codec,setLimits,start,wasmBacktrace');
    const got = vm.runInContext(driverSource() + '\npicowasmDriver(picowasm, bytes, callsJSON, true);', ctx);
    expect(normalize(JSON.parse(got))).toEqual(expected);
    expectSpecTraps(JSON.parse(got));
    // Without RangeError, stack exhaustion is a plain Error with the same message.
    expect(vm.runInContext(`var e; try { new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(new Uint8Array(bytes)), { env: { log: function () {} } }).exports.rec(0); } catch (x) { e = x; } e.message`, ctx)).toBe('call stack exhausted');
    // A module from an ArrayBuffer (what Storage.readArrayBuffer returns) works too.
    expect(vm.runInContext(`var u = new Uint8Array(bytes); new picowasm.WebAssembly.Instance(new picowasm.WebAssembly.Module(u.buffer), { env: { log: function () {} } }).exports.add(20, 22)`, ctx)).toBe(42);
  });

  test('the Moddable module runs with every exported function frozen, as after XS preload', async () => {
    const m: any = await import(pathToFileURL(dist('moddable/picowasm.js')).href);
    // XS's linker freezes every function of a preloaded module (constructors included, so
    // their static properties become read-only); prototypes and other objects stay writable.
    const seen = new Set<any>();
    const freezeFns = (o: any) => {
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
      seen.add(o);
      for (const k of Object.getOwnPropertyNames(o)) {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (!d) continue;
        for (const v of [d.value, d.get, d.set]) {
          if (typeof v !== 'function') continue;
          freezeFns(v);
          if (v.prototype && v.prototype !== Function.prototype) freezeFns(v.prototype);
          Object.freeze(v);
        }
      }
    };
    freezeFns(m);
    freezeFns(m.WebAssembly);
    expect(Object.isFrozen(m.WebAssembly)).toBe(true);
    const got = JSON.parse(driverInRealm(m, bytes));
    expect(normalize(got)).toEqual(expected);
    expectSpecTraps(got);
  });

  test('the polyfill exports the same names and leaves a native WebAssembly alone', async () => {
    const p: any = await import(pathToFileURL(dist('node/polyfill.mjs')).href);
    const n: any = await import(pathToFileURL(dist('node/picowasm.mjs')).href);
    expect(p.installed).toBe(false);
    expect(globalThis.WebAssembly).not.toBe(n.WebAssembly);
    for (const k of ['WebAssembly', 'invokeRaw', 'globalRaw', 'setI64Codec', 'loadModule', 'CompileError', 'LinkError', 'RuntimeError']) expect(p[k]).toBe(n[k]);
  });

  test('the polyfill installs globalThis.WebAssembly where there is none', () => {
    // The CommonJS polyfill in a fresh context whose WebAssembly was removed.
    const ctx: any = vm.createContext({});
    vm.runInContext('delete this.WebAssembly', ctx);
    const files: Record<string, string> = { './picowasm.cjs': dist('node/picowasm.cjs'), './polyfill.cjs': dist('node/polyfill.cjs') };
    const cache: Record<string, any> = {};
    const req = (name: string): any => {
      if (cache[name]) return cache[name].exports;
      const module = { exports: {} };
      cache[name] = module;
      vm.runInContext('(function (exports, require, module) {' + fs.readFileSync(files[name], 'utf8') + '\n})', ctx)(module.exports, req, module);
      return module.exports;
    };
    const p = req('./polyfill.cjs');
    expect(p.installed).toBe(true);
    expect(vm.runInContext('WebAssembly', ctx)).toBe(p.WebAssembly);
    expect(vm.runInContext('typeof WebAssembly.instantiate', ctx)).toBe('function');
  });
});

// Runs the driver in this realm against `api` (a namespace imported into this realm).
function driverInRealm(api: any, bytes: Uint8Array): string {
  const f = new Function('BigInt', driverSource() + '\nreturn picowasmDriver;')(BigInt);
  return f(api, Array.from(bytes), JSON.stringify(CALLS), false);
}

describe('the dialect check', () => {
  const planted: [string, string, string][] = [
    ['let x = 1;', 'es5', 'let'],
    ['const x = 1;', 'es5', 'const'],
    ['var f = (a) => a;', 'es5', 'arrow function'],
    ['class A {}', 'es5', 'class'],
    ['var s = `t${1}`;', 'es5', 'template literal'],
    ['var o = {}; var { a } = o;', 'es5', 'destructuring'],
    ['f(...a);', 'es5', 'spread'],
    ['function f(a = 1) {}', 'es5', 'default parameter'],
    ['function f(...a) {}', 'es5', 'rest parameter'],
    ['for (var x of y) {}', 'es5', 'for..of'],
    ['var m = new Map();', 'es5', 'Map'],
    ['var n = 1n;', 'es5', 'BigInt literal'],
    ['var o = { f() {} };', 'es5', 'method shorthand'],
    ['var o = { [k]: 1 };', 'es5', 'computed property name'],
    ['var x = a ?? b;', 'es5', 'ES2020+ operator'],
    ['var x = a?.b;', 'es5', 'optional chaining'],
    ['var x = Array.from(a);', 'es5', 'Array.from'],
    ['u8.fill(0, 1, 2);', 'es5', '.fill()'],
    ['new Promise(function () {});', 'es5', 'Promise'],
    ['export var x = 1;', 'es5', 'module syntax'],
    ['a: for (;;) { break a; }', 'espruino', 'labeled statement'],
    ['Object.freeze(o);', 'espruino', 'Object.freeze'],
    ['var x = Math.imul(a, b);', 'espruino', 'Math.imul'],
    ['throw new RangeError("x");', 'espruino', 'RangeError'],
    ['u8.copyWithin(0, 1, 2);', 'espruino', '.copyWithin'],
    ['var n = Uint8Array.BYTES_PER_ELEMENT;', 'espruino', 'BYTES_PER_ELEMENT'],
    ['var o = { get x() { return 1; } };', 'espruino', 'accessor in an object literal'],
    ['var s = new Set();', 'espruino', 'Set'],
    ['var of = 1;', 'espruino', 'reserved word in Espruino'],
    ['function f(static) { return static; }', 'espruino', 'reserved word in Espruino'],
    ['var x = g(); function h() { return 1; } function g() { return h(); }', 'espruino', 'function g before its declaration'],
    ['var x = g(); function g() { return h(); } function h() { return 1; }', 'espruino', 'function h before its declaration'],
    ['var i = [1].lastIndexOf(1);', 'espruino', '.lastIndexOf()'],
    ['var o = Object.create(p, { x: { value: 1 } });', 'espruino', 'Object.create with a properties argument'],
    ['var x = 0x8000000000000000;', 'espruino', 'integer literal of 2^63 or more'],
    ['function f() { x = 1; var x; return x; }', 'espruino', 'vars not declared at the start of the function'],
    ['function f(c) { switch (c) { case 1: var y = 2; break; case 2: y = 3; } return y; }', 'espruino', 'vars not declared at the start of the function'],
    ['var t = new Int32Array(4); export function f() { return t; }', 'moddable', 'module-level typed array'],
    ['function E(m) { this.name = "E"; }', 'moddable', 'assigns this.name'],
  ];
  test.each(planted)('finds %s (%s)', (code, dialect, what) => {
    const { findings } = checkDialect(code, dialect, 'planted.js');
    expect(findings.map((f: any) => f.what).join('; ')).toContain(what);
    expect(findings[0].where).toMatch(/^planted\.js:1:\d+$/);
  });

  const clean: [string, string][] = [
    ['var imul = Math.imul || function (a, b) { return 0; };', 'espruino'],
    ['if (typeof Object.freeze === "function") Object.freeze(o);', 'espruino'],
    ['"function" == typeof u8.copyWithin ? u8.copyWithin(0, 1, 2) : move(u8);', 'espruino'],
    ['var from = Array.from; if (typeof from === "function") from.call(Array, v);', 'es5'],
    ['var e = typeof RangeError === "function" ? new RangeError(m) : new Error(m);', 'espruino'],
    ['function Map() {} var m = new Map();', 'es5'],
    ['var o = { get x() { return 1; } }; var k = Object.keys(o);', 'es5'],
    ['x: for (;;) { break x; }', 'es5'],
    ['var of = 1; function g() { return h(); } var x = 1; function h() { return 1; }', 'es5'],
    ['function g() { return h(); } function h() { return 1; } var x = g();', 'espruino'],
    ['var x = function () { return h(); }; function h() { return 1; } exports.x = x;', 'espruino'],
    ['function f() { function g() { return 1; } return g(); } var o = { of: 1, static: 2 }; o.of = f();', 'espruino'],
    ['function f(c) { var y, z; switch (c) { case 1: var y = 2; break; case 2: y = 3; } return y; }', 'espruino'],
    ['var o = Object.create(p); var n = 9007199254740992;', 'espruino'],
    ['let x = 1; class A {} export function f() { return new Int32Array(x); }', 'moddable'],
  ];
  test.each(clean)('accepts %s (%s)', (code, dialect) => {
    expect(checkDialect(code, dialect, 'ok.js').findings).toEqual([]);
  });

  test('the command line exits non-zero on findings and zero on clean files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialect-'));
    const bad = path.join(dir, 'bad.js');
    const good = path.join(dir, 'good.js');
    fs.writeFileSync(bad, 'var ok = 1;\nvar f = () => Object.freeze({});\n');
    fs.writeFileSync(good, 'var ok = 1;\n');
    const script = path.join(root, 'test/engines/dialect.mjs');
    const r1 = spawnSync(process.execPath, [script, bad, '--dialect', 'espruino'], { encoding: 'utf8' });
    expect(r1.status).toBe(1);
    expect(r1.stdout).toContain('bad.js:2:9: arrow function');
    expect(r1.stdout).toContain('bad.js:2:15: Object.freeze');
    const r2 = spawnSync(process.execPath, [script, good, '--dialect', 'espruino'], { encoding: 'utf8' });
    expect(r2.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60000);
});

// The Moddable glue (moddable/picowasm-loader.js, the hello example, moddable/tests/*.js) run in
// Node: import specifiers are pointed at the files the manifests name, `Resource` is a stand-in
// serving the example's data files as read-only-in-spirit buffers, and test262's `assert` and
// XS's `trace` are provided. What cannot be checked here: XS itself, preload, real flash.
describe.skipIf(!built)('Moddable glue in Node', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-moddable-'));
  const rewrite = (src: string, out: string) => {
    const map: Record<string, string> = {
      picowasm: pathToFileURL(dist('moddable/picowasm.js')).href,
      'picowasm-loader': pathToFileURL(path.join(tmp, 'picowasm-loader.mjs')).href,
      Resource: pathToFileURL(path.join(tmp, 'Resource.mjs')).href,
      timer: pathToFileURL(path.join(tmp, 'timer.mjs')).href,
    };
    const text = fs.readFileSync(src, 'utf8').replace(/from "([^"]+)"/g, (m, spec) => (map[spec] ? `from "${map[spec]}"` : m));
    fs.writeFileSync(path.join(tmp, out), text);
    return pathToFileURL(path.join(tmp, out)).href;
  };
  beforeAll(() => {
    fs.writeFileSync(path.join(tmp, 'Resource.mjs'), `import * as fs from 'node:fs';
      const dir = ${JSON.stringify(path.join(root, 'moddable/examples/hello'))};
      export default class Resource {
        constructor(p) { const b = fs.readFileSync(dir + '/' + p); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
        static exists(p) { return fs.existsSync(dir + '/' + p); }
      }`);
    // Moddable's Timer: set(callback, ms) over Node's setTimeout, counting the calls.
    fs.writeFileSync(path.join(tmp, 'timer.mjs'), `export default class Timer {
        static set(cb, ms) { Timer.sets = (Timer.sets || 0) + 1; return setTimeout(cb, ms); }
        static clear(t) { clearTimeout(t); }
      }`);
    rewrite(path.join(root, 'moddable/picowasm-loader.js'), 'picowasm-loader.mjs');
    const g: any = globalThis;
    const assert: any = (ok: any, msg?: string) => { if (!ok) throw new Error('assert failed: ' + msg); };
    assert.sameValue = (a: any, b: any, msg?: string) => { if (!Object.is(a, b)) throw new Error(`sameValue failed: ${String(a)} !== ${String(b)}: ${msg}`); };
    assert.throws = (ctor: any, fn: () => void, msg?: string) => {
      try { fn(); } catch (e) { if (!(e instanceof ctor)) throw new Error(`threw ${e} instead of ${ctor.name}: ${msg}`); return; }
      throw new Error(`did not throw ${ctor.name}: ${msg}`);
    };
    g.assert = assert;
  });

  test.each(fs.existsSync(path.join(root, 'moddable/tests')) ? fs.readdirSync(path.join(root, 'moddable/tests')).filter((f) => f.endsWith('.js')) : [])('moddable/tests/%s passes', async (file) => {
    const text = fs.readFileSync(path.join(root, 'moddable/tests', file), 'utf8');
    expect(text.startsWith('/*---')).toBe(true);
    expect(text).toMatch(/flags: \[module\]/);
    await import(rewrite(path.join(root, 'moddable/tests', file), 'test-' + file.replace(/\.js$/, '.mjs')));
  });

  test('the hello example prints its greeting and results', async () => {
    const lines: string[] = [];
    (globalThis as any).trace = (...parts: any[]) => { lines.push(parts.join('')); };
    const main = await import(rewrite(path.join(root, 'moddable/examples/hello/main.js'), 'hello-main.mjs'));
    main.default();
    const out = lines.join('');
    // Expected values from Node's own WebAssembly on the same file.
    let memory: any;
    let greeting = '';
    const bytes = fs.readFileSync(path.join(root, 'moddable/examples/hello/hello.wasm'));
    const native: any = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { print: (p: number, n: number) => { greeting = Buffer.from(memory.buffer, p, n).toString(); } } });
    memory = native.exports.memory;
    native.exports.hello();
    expect(out).toContain(greeting + '\n');
    expect(out).toContain(`fib(30) = ${native.exports.fib(30)}\n`);
    expect(out).toContain(`add64(2^40, 5) = ${native.exports.add64(1n << 40n, 5n)}\n`);
  });

  test('the loader runs long calls in Timer slices (runInSlices, and runSliced\'s default yield)', async () => {
    const loader: any = await import(pathToFileURL(path.join(tmp, 'picowasm-loader.mjs')).href);
    const Timer: any = (await import(pathToFileURL(path.join(tmp, 'timer.mjs')).href)).default;
    const pw: any = await import(pathToFileURL(dist('moddable/picowasm.js')).href);
    const bytes = fs.readFileSync(path.join(root, 'moddable/examples/hello/hello.wasm'));
    const native: any = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { print() {} } });
    const { exports } = new pw.WebAssembly.Instance(new pw.WebAssembly.Module(bytes), { env: { print() {} } });
    Timer.sets = 0;
    // hello.wasm's fib is a loop: fib(3000) (mod 2^32) takes about 3000 fuel, 30 slices of 100.
    expect(await loader.runInSlices(exports.fib, [3000], { fuel: 100 })).toBe(native.exports.fib(3000));
    const viaLoader = Timer.sets;
    expect(viaLoader).toBeGreaterThan(20);
    // The default yield of picowasm's own runSliced is the Timer too.
    expect(await pw.runSliced(exports.fib, [3000], { fuel: 100 })).toBe(native.exports.fib(3000));
    expect(Timer.sets).toBeGreaterThan(2 * viaLoader - 2);
    const got = await new Promise((resolve) => loader.runInSlices(exports.fib, [15], { fuel: 50, callback: (e: any, r: any) => resolve([e, r]) }));
    expect(got).toEqual([null, native.exports.fib(15)]);
  });

  test('the hello example\'s hello.wasm is what its .wat builds to', async () => {
    await loadWabt();
    const text = fs.readFileSync(path.join(root, 'moddable/examples/hello/src/hello.wat'), 'utf8');
    expect(Buffer.from(wat(text)).equals(fs.readFileSync(path.join(root, 'moddable/examples/hello/hello.wasm')))).toBe(true);
  });
});

// The Espruino glue (espruino/wasmfile.js, example.js, upload-snippet.mjs) in the Espruino-shaped
// context: `require` serves the bundle, the glue and a Storage stand-in whose files are the
// example's; `print` collects the output.
describe.skipIf(!built)('Espruino glue in Node', () => {
  const files: Record<string, string> = {
    picowasm: dist('espruino/picowasm.js'),
    wasmfile: path.join(root, 'espruino/wasmfile.js'),
  };
  const storageFiles: Record<string, string> = { 'hello.wasm': path.join(root, 'moddable/examples/hello/hello.wasm') };

  test.each(['espruino/wasmfile.js', 'espruino/example.js'])('%s passes the espruino dialect check', (file) => {
    const { findings } = checkDialect(fs.readFileSync(path.join(root, file), 'utf8'), 'espruino', file);
    expect(findings.map((f: any) => `${f.where}: ${f.what}`)).toEqual([]);
  });

  function espruinoContext(): any {
    const ctx = vm.createContext({ printed: [] as string[] });
    vm.runInContext(STRIP_ESPRUINO, ctx);
    vm.runInContext('var print = function (s) { printed.push(String(s)); }; var modules = {}; var sources = {}; var flash = {};', ctx);
    for (const [name, file] of Object.entries(files)) ctx.sources[name] = fs.readFileSync(file, 'utf8');
    for (const [name, file] of Object.entries(storageFiles)) ctx.flash[name] = Array.from(fs.readFileSync(file));
    vm.runInContext(`
      var Storage = {
        readArrayBuffer: function (name) {
          var b = flash[name]; if (b === undefined) return undefined;
          var u = new Uint8Array(b.length); for (var i = 0; i < b.length; i++) u[i] = b[i];
          return u.buffer;
        }
      };
      function require(name) {
        if (name === 'Storage') return Storage;
        if (!modules[name]) {
          var module = { exports: {} };
          modules[name] = module;
          (new Function('exports', 'module', 'require', sources[name]))(module.exports, module, require);
        }
        return modules[name].exports;
      }`, ctx);
    return ctx;
  }

  test('example.js runs hello.wasm from the Storage stand-in', () => {
    const ctx = espruinoContext();
    vm.runInContext(fs.readFileSync(path.join(root, 'espruino/example.js'), 'utf8'), ctx, { filename: 'espruino/example.js' });
    const printed: string[] = Array.from(ctx.printed);
    let memory: any;
    let greeting = '';
    const native: any = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(storageFiles['hello.wasm'])),
      { env: { print: (p: number, n: number) => { greeting = Buffer.from(memory.buffer, p, n).toString(); } } });
    memory = native.exports.memory;
    native.exports.hello();
    const sum = native.exports.add64(1n << 40n, 5n);
    expect(printed).toEqual([
      greeting,
      `fib(30) = ${native.exports.fib(30)}`,
      `add64(2^40, 5) = { lo: ${Number(BigInt.asIntN(32, sum))}, hi: ${Number(BigInt.asIntN(32, sum >> 32n))} }`,
    ]);
    expect(() => vm.runInContext('require("wasmfile").instantiate("missing.wasm", {})', ctx)).toThrow(/no file missing\.wasm/);
  });

  test('wasmfile.runSliced runs a long call in setTimeout slices', async () => {
    const ctx = espruinoContext();
    let timeouts = 0;
    ctx.setTimeout = (cb: () => void, ms: number) => { timeouts++; return setTimeout(cb, ms); };
    const got: any = await new Promise((resolve) => {
      ctx.done = (e: any, r: any) => resolve([e, r]);
      vm.runInContext('var wasmfile = require("wasmfile"); var inst = wasmfile.instantiate("hello.wasm", { env: { print: function () {} } }); wasmfile.runSliced(inst.exports.fib, [3000], 100, done);', ctx);
    });
    const native: any = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(storageFiles['hello.wasm'])), { env: { print() {} } });
    expect(got).toEqual([null, native.exports.fib(3000)]);
    expect(timeouts).toBeGreaterThan(20);
  });

  test('upload-snippet.mjs writes a file into Storage chunk by chunk', () => {
    const file = dist('espruino/picowasm.js');
    const r = spawnSync(process.execPath, [path.join(root, 'espruino/upload-snippet.mjs'), file, 'picowasm', '1000'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    // Espruino's Storage.write(name, data, offset, size): the first call sizes the file.
    const store: Record<string, Uint8Array> = {};
    const Storage = {
      erase(name: string) { delete store[name]; },
      write(name: string, data: string, offset?: number, size?: number) {
        if (size !== undefined) store[name] = new Uint8Array(size).fill(0xff);
        for (let i = 0; i < data.length; i++) store[name][(offset || 0) + i] = data.charCodeAt(i);
      },
      read(name: string) { return Buffer.from(store[name]).toString('latin1'); },
    };
    const printed: string[] = [];
    const atob = (s: string) => Buffer.from(s, 'base64').toString('latin1');
    new Function('require', 'atob', 'print', r.stdout)((n: string) => (n === 'Storage' ? Storage : null), atob, (s: string) => printed.push(s));
    expect(Buffer.from(store.picowasm).equals(fs.readFileSync(file))).toBe(true);
    expect(r.stdout.split('\n').filter((l) => l.includes('.write(')).length).toBe(Math.ceil(fs.statSync(file).size / 1000));
    expect(printed[0]).toBe(`picowasm: ${fs.statSync(file).size} bytes`);
  });
});
