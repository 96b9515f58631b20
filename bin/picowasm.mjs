#!/usr/bin/env node
// The picowasm command line (Node): runs WASI programs with picowasm's interpreter (never Node's
// own WebAssembly), validates and inspects modules. Uses the built bundles (dist/node, `npm run
// build`). Exit codes (also in the README, "Running WASI programs"):
//   the program's own exit code (proc_exit, or 0 when _start returns)
//   1    the module cannot be read, is invalid (CompileError) or cannot be linked (LinkError),
//        or `validate` found it invalid
//   2    usage errors (unknown option, missing file, no _start and no --invoke, ...)
//   124  --fuel ran out (like timeout(1))
//   134  a trap (128 + SIGABRT, as native runtimes report an abort); the message and the wasm
//        backtrace go to stderr
//   70   an internal error of picowasm (a bug: please report it with the module)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pico from '../dist/node/picowasm.mjs';
import { WASI, WASIExit } from '../dist/node/wasi.mjs';

const EXIT_LOAD = 1;
const EXIT_USAGE = 2;
const EXIT_FUEL = 124;
const EXIT_TRAP = 134;

const USAGE = `usage:
  picowasm run [options] prog.wasm [args...]   run a WASI command (its _start)
      --dir HOST[:GUEST]   preopen directory HOST as GUEST (default: the same name); repeatable
      --env NAME=VALUE     set an environment variable; repeatable
      --fuel N             stop with exit code 124 after N units of fuel (loop iterations and calls)
      --invoke NAME        call export NAME with the program arguments as its parameters instead
                           of _start, and print its results
  picowasm validate file.wasm                  exit 0 if valid, else 1 with the CompileError
  picowasm inspect file.wasm                   imports, exports, memory, section sizes, features
  picowasm --help | --version`;

class UsageError extends Error {}

function fail(code, message) {
  process.stderr.write(`picowasm: ${message}\n`);
  return code;
}

function readBytes(file) {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${file}: ${e.code || e.message}`), { exitCode: EXIT_LOAD });
  }
}

// ---------------------------------------------------------------------------------------------
// run

function parseRun(argv) {
  const o = { dirs: [], env: {}, fuel: null, invoke: null, file: null, args: [] };
  let i = 0;
  const value = (name) => {
    if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
    return argv[++i];
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (!a.startsWith('--')) break;
    if (a === '--dir') {
      const v = value(a);
      const colon = v.indexOf(':');
      const host = colon < 0 ? v : v.slice(0, colon);
      const guest = colon < 0 ? v : v.slice(colon + 1);
      if (host === '' || guest === '') throw new UsageError(`--dir ${v}: expected HOST[:GUEST]`);
      o.dirs.push({ host, guest });
    } else if (a === '--env') {
      const v = value(a);
      const eq = v.indexOf('=');
      if (eq <= 0) throw new UsageError(`--env ${v}: expected NAME=VALUE`);
      o.env[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (a === '--fuel') {
      const v = value(a);
      if (!/^\d+$/.test(v)) throw new UsageError(`--fuel ${v}: expected a whole number`);
      o.fuel = Number(v);
    } else if (a === '--invoke') {
      o.invoke = value(a);
    } else {
      throw new UsageError(`unknown option ${a}`);
    }
  }
  if (i >= argv.length) throw new UsageError('run: no .wasm file given');
  o.file = argv[i];
  o.args = argv.slice(i + 1);
  return o;
}

const VALTYPE = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x70: 'funcref', 0x6f: 'externref' };

function parseArg(text, type) {
  const t = VALTYPE[type];
  if (t === 'i64') {
    try { return BigInt(text); } catch { throw new UsageError(`--invoke: ${JSON.stringify(text)} is not an i64`); }
  }
  if (t === 'i32' || t === 'f32' || t === 'f64') {
    const lower = text.toLowerCase();
    const n = lower === 'nan' ? NaN : lower === 'inf' || lower === '+inf' ? Infinity : lower === '-inf' ? -Infinity : Number(text);
    if (text.trim() === '' || (Number.isNaN(n) && lower !== 'nan')) throw new UsageError(`--invoke: ${JSON.stringify(text)} is not a number`);
    return n;
  }
  throw new UsageError(`--invoke: cannot pass a ${t} from the command line`);
}

function showResult(value) {
  if (Array.isArray(value)) return value.map(showResult).join('\n');
  if (typeof value === 'bigint') return value.toString();
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

function cmdRun(argv) {
  const o = parseRun(argv);
  const bytes = readBytes(o.file);
  let module;
  try {
    module = new pico.WebAssembly.Module(bytes);
  } catch (e) {
    return fail(EXIT_LOAD, `${o.file}: ${e.name}: ${e.message}`);
  }
  const preopens = {};
  for (const d of o.dirs) {
    let st;
    try { st = fs.statSync(d.host); } catch (e) { return fail(EXIT_USAGE, `--dir ${d.host}: ${e.code || e.message}`); }
    if (!st.isDirectory()) return fail(EXIT_USAGE, `--dir ${d.host}: not a directory`);
    preopens[d.guest] = path.resolve(d.host);
  }
  const wasi = new WASI({ args: [o.file, ...o.args], env: o.env, preopens });
  let instance;
  try {
    instance = new pico.WebAssembly.Instance(module, wasi.getImportObject());
  } catch (e) {
    if (e instanceof WASIExit) return e.code; // proc_exit from a start function
    if (e instanceof pico.RuntimeError || e instanceof RangeError) return trap(e);
    return fail(EXIT_LOAD, `${o.file}: ${e.name}: ${e.message}`);
  }
  const exports = instance.exports;

  // The function to run and its arguments.
  let name = '_start';
  let args = [];
  if (o.invoke !== null) {
    name = o.invoke;
    const exp = module._module.exports.find((e) => e.name === name && e.kind === 0);
    if (!exp) return fail(EXIT_USAGE, `${o.file}: no exported function ${JSON.stringify(name)}`);
    const m = module._module;
    const type = m.types[m.funcTypes[exp.index]];
    if (o.args.length !== type.params.length) {
      return fail(EXIT_USAGE, `--invoke ${name}: expects ${type.params.length} argument(s), got ${o.args.length}`);
    }
    args = o.args.map((a, k) => parseArg(a, type.params[k]));
  } else if (typeof exports._start !== 'function') {
    return fail(EXIT_USAGE, `${o.file}: no _start export (a library?); use --invoke NAME to call a function`);
  }
  const fn = exports[name];

  // Runs fn (with the fuel budget if any); what it returns is printed for --invoke.
  const runIt = () => {
    if (o.fuel === null) return fn(...args);
    const call = pico.start(fn, args);
    if (!call.run(o.fuel)) {
      call.abandon();
      throw Object.assign(new Error(`out of fuel after ${o.fuel} units`), { outOfFuel: true });
    }
    return call.result;
  };

  let result;
  let code;
  try {
    // wasi.start runs a command and turns proc_exit into its code; for --invoke the WASI layer
    // still needs the memory, so it "starts" a stand-in whose _start is the invoked call.
    const hasMemory = exports.memory instanceof pico.WebAssembly.Memory;
    if (hasMemory) {
      const stand = { exports: { memory: exports.memory, _start: () => {
        if (o.invoke !== null && typeof exports._initialize === 'function') exports._initialize();
        result = runIt();
      } } };
      code = wasi.start(stand);
    } else {
      result = runIt();
      code = 0;
    }
  } catch (e) {
    if (e && e.outOfFuel) return fail(EXIT_FUEL, e.message);
    if (e instanceof WASIExit) return e.code;
    if (e instanceof pico.RuntimeError || e instanceof RangeError) return trap(e);
    throw e;
  }
  if (o.invoke !== null && result !== undefined) process.stdout.write(showResult(result) + '\n');
  return code;
}

function trap(e) {
  let text = `wasm trap: ${e.message}`;
  for (const f of pico.wasmBacktrace(e)) text += `\n    at ${f.name} (function ${f.index})`;
  return fail(EXIT_TRAP, text);
}

// ---------------------------------------------------------------------------------------------
// validate

function cmdValidate(argv) {
  if (argv.length !== 1) throw new UsageError('validate: expected one .wasm file');
  const bytes = readBytes(argv[0]);
  try {
    pico.loadModule(bytes);
  } catch (e) {
    if (e instanceof pico.CompileError) return fail(1, `${argv[0]}: CompileError: ${e.message}`);
    throw e;
  }
  process.stdout.write(`${argv[0]}: valid\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// inspect

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];

function leb(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos.i++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
}

function utf8(bytes, start, end) {
  return Buffer.from(bytes.subarray(start, end)).toString('utf8');
}

/** [{ id, name, size }] of the sections (the module is already known to be well formed). */
function sections(bytes) {
  const out = [];
  const pos = { i: 8 };
  while (pos.i < bytes.length) {
    const id = bytes[pos.i++];
    const size = leb(bytes, pos);
    let name = SECTION_NAMES[id] || `unknown ${id}`;
    if (id === 0) {
      const p = { i: pos.i };
      const len = leb(bytes, p);
      name = `custom "${utf8(bytes, p.i, p.i + len)}"`;
    }
    out.push({ id, name, size });
    pos.i += size;
  }
  return out;
}

function limitsText(l, unit) {
  return `min ${l.min}${l.max >= 0 ? `, max ${l.max}` : ''} ${unit}`;
}

function sigText(type) {
  const t = (list) => list.map((v) => VALTYPE[v] || `0x${v.toString(16)}`).join(', ');
  return `(${t(type.params)}) -> (${t(type.results)})`;
}

function globalText(g) {
  return `${g.mutable ? 'mut ' : ''}${VALTYPE[g.type]}`;
}

/** Features the module's structure shows (code bodies are not scanned), plus target_features. */
function features(m) {
  const found = new Set();
  for (const t of m.types) {
    if (t.results.length > 1) found.add('multi-value');
    if ([...t.params, ...t.results].some((v) => v === 0x70 || v === 0x6f)) found.add('reference-types');
  }
  if (m.tables.length > 1 || m.tables.some((t) => t.elem === 0x6f)) found.add('reference-types');
  if (m.globals.some((g) => g.type === 0x70 || g.type === 0x6f)) found.add('reference-types');
  if (m.dataCount >= 0 || m.datas.some((d) => d.mode === 0) || m.elems.some((e) => e.mode !== 1)) found.add('bulk-memory');
  const mutableImport = m.imports.some((i) => i.kind === 3 && i.global.mutable);
  const mutableExport = m.exports.some((e) => e.kind === 3 && m.globals[e.index].mutable);
  if (mutableImport || mutableExport) found.add('mutable-globals');
  // LLVM's target_features section: a vector of (prefix byte, name).
  const declared = [];
  for (const s of m.customSections) {
    if (s.name !== 'target_features') continue;
    const pos = { i: s.start };
    const n = leb(m.bytes, pos);
    for (let k = 0; k < n && pos.i < s.end; k++) {
      const prefix = String.fromCharCode(m.bytes[pos.i++]);
      const len = leb(m.bytes, pos);
      declared.push(prefix + utf8(m.bytes, pos.i, pos.i + len));
      pos.i += len;
    }
  }
  return { found: [...found], declared };
}

function cmdInspect(argv) {
  if (argv.length !== 1) throw new UsageError('inspect: expected one .wasm file');
  const bytes = readBytes(argv[0]);
  let m;
  try {
    m = pico.loadModule(bytes);
  } catch (e) {
    if (e instanceof pico.CompileError) return fail(1, `${argv[0]}: CompileError: ${e.message}`);
    throw e;
  }
  const lines = [];
  const say = (s) => lines.push(s);
  say(`${argv[0]}: ${bytes.length} bytes${m.moduleName ? `, module name "${m.moduleName}"` : ''}`);
  say('sections:');
  for (const s of sections(bytes)) say(`  ${s.name.padEnd(28)} ${String(s.size).padStart(8)} bytes`);
  say(`imports (${m.imports.length}):`);
  for (const i of m.imports) {
    let what;
    if (i.kind === 0) what = `func ${sigText(m.types[i.funcType])}`;
    else if (i.kind === 1) what = `table ${VALTYPE[i.table.elem]} ${limitsText(i.table.limits, 'elements')}`;
    else if (i.kind === 2) what = `memory ${limitsText(i.memory, 'pages')}`;
    else what = `global ${globalText(i.global)}`;
    say(`  ${i.module}.${i.name}: ${what}`);
  }
  say(`exports (${m.exports.length}):`);
  for (const e of m.exports) {
    let what;
    if (e.kind === 0) what = `func ${e.index} ${sigText(m.types[m.funcTypes[e.index]])}`;
    else if (e.kind === 1) what = `table ${e.index}`;
    else if (e.kind === 2) what = `memory ${e.index}`;
    else what = `global ${e.index} ${globalText(m.globals[e.index])}`;
    say(`  ${e.name}: ${what}`);
  }
  say('memory:');
  if (m.memories.length === 0) say('  none');
  m.memories.forEach((l, k) => say(`  memory ${k}${k < m.numImportedMemories ? ' (imported)' : ''}: ${limitsText(l, 'pages')} (${l.min * 64} KiB initially)`));
  m.tables.forEach((t, k) => say(`table ${k}${k < m.numImportedTables ? ' (imported)' : ''}: ${VALTYPE[t.elem]} ${limitsText(t.limits, 'elements')}`));
  const codeBytes = m.codes.reduce((n, c) => n + (c.end - c.start), 0);
  const dataBytes = m.datas.reduce((n, d) => n + (d.end - d.start), 0);
  say(`functions: ${m.numImportedFuncs} imported, ${m.codes.length} defined (${codeBytes} bytes of code); ${m.types.length} types`);
  say(`globals: ${m.numImportedGlobals} imported, ${m.globals.length - m.numImportedGlobals} defined`);
  say(`data: ${m.datas.length} segments, ${dataBytes} bytes; elements: ${m.elems.length} segments`);
  if (m.start >= 0) say(`start function: ${m.start}`);
  const f = features(m);
  say(`features used: ${f.found.length ? f.found.join(', ') : 'none beyond WebAssembly 1.0 (function bodies not scanned)'}`);
  if (f.declared.length) say(`target_features section: ${f.declared.join(' ')}`);
  const wasi = m.imports.filter((i) => i.module === 'wasi_snapshot_preview1').length;
  if (wasi) say(`WASI preview 1: ${wasi} imports; ${m.exports.some((e) => e.name === '_start') ? 'a command (_start)' : m.exports.some((e) => e.name === '_initialize') ? 'a reactor (_initialize)' : 'no _start'}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

// ---------------------------------------------------------------------------------------------

function main(argv) {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'run': return cmdRun(rest);
      case 'validate': return cmdValidate(rest);
      case 'inspect': return cmdInspect(rest);
      case '--version': {
        const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
        process.stdout.write(`picowasm ${pkg.version}\n`);
        return 0;
      }
      case '--help': case '-h': case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      default:
        process.stderr.write((cmd === undefined ? '' : `picowasm: unknown command ${cmd}\n`) + USAGE + '\n');
        return EXIT_USAGE;
    }
  } catch (e) {
    if (e instanceof UsageError) return fail(EXIT_USAGE, e.message);
    if (e && e.exitCode) return fail(e.exitCode, e.message);
    return fail(70, `internal error: ${e && e.stack ? e.stack : e}`);
  }
}

process.exitCode = main(process.argv.slice(2));
