// The benchmark programs: hand-written WAT files in bench/programs/, each with a metadata line
//   ;; bench: {"description": ..., "sizes": {"default": N, "small": M}, "checksums": {"N": c, ...}}
// and one export `run(size: i32) -> i32` returning a checksum. This module reads them, assembles
// them with wabt, and builds the instruction-counting variant used to measure how many wasm
// instructions a run executes (see countingBinary below and bench/README.md).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

export const programsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'programs');

/** The order of the report. */
export const programOrder = ['fib', 'loop', 'sieve', 'sha256', 'matmul', 'f32', 'memory', 'interp'];

let wabtPromise = null;
function wabt() {
  if (!wabtPromise) wabtPromise = wabtInit();
  return wabtPromise;
}

const features = { bulk_memory: true, reference_types: true, sat_float_to_int: true, sign_extension: true, multi_value: true, mutable_globals: true };

/** Reads a program's metadata line. */
export function readMeta(text, file) {
  const m = /^;;\s*bench:\s*(\{.*\})\s*$/m.exec(text);
  if (!m) throw new Error(file + ': no ";; bench: {...}" metadata line');
  return JSON.parse(m[1]);
}

/** Lists the programs: [{ name, file, text, meta }], in report order, filtered by `only` (names). */
export function listPrograms(only) {
  const names = readdirSync(programsDir).filter((f) => f.endsWith('.wat')).map((f) => f.slice(0, -4));
  names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const out = [];
  for (const name of names) {
    if (only && only.length && only.indexOf(name) < 0) continue;
    const file = join(programsDir, name + '.wat');
    const text = readFileSync(file, 'utf8');
    out.push({ name, file, text, meta: readMeta(text, file) });
  }
  return out;
}
function rank(name) {
  const i = programOrder.indexOf(name);
  return i < 0 ? programOrder.length : i;
}

/** Assembles WAT text to a wasm binary (Uint8Array). */
export async function assemble(text, file) {
  const w = await wabt();
  const mod = w.parseWat(file || 'program.wat', text, features);
  try {
    mod.resolveNames();
    mod.validate();
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/** Writes a new checksum into a program's metadata line (used by `run.mjs --record-checksums`). */
export function recordChecksum(program, size, checksum) {
  program.meta.checksums = program.meta.checksums || {};
  program.meta.checksums[String(size)] = checksum;
  const text = program.text.replace(/^(;;\s*bench:\s*)\{.*\}\s*$/m, (_, p) => p + JSON.stringify(program.meta));
  writeFileSync(program.file, text);
  program.text = text;
}

// ---- counting executed instructions ----
//
// The binary is disassembled by wabt into the flat text format (one instruction per line), then
// every function body is cut into straight-line segments that end at a control instruction
// (block, loop, if, else, end, br, br_if, br_table, return, unreachable). At the start of each
// segment we insert `global.get $n; i64.const k; i64.add; global.set $n`, k being the number of
// counted instructions of the segment. A segment is entered only at its first instruction and
// left only at its last one (calls return to the next instruction; the programs do not trap), so
// the global ends up as the exact number of executed counted instructions.
// Counted: every instruction except the structural markers block, loop, else and end (they emit
// no work in picowasm and most engines). The same rule gives the static count of a module.

const STRUCTURAL = { block: 1, loop: 1, else: 1, end: 1 };
const ENDS_SEGMENT = { br: 1, br_if: 1, br_table: 1, return: 1, unreachable: 1, if: 1 };

function stripComments(line) {
  return line.replace(/\(;.*?;\)/g, '').replace(/;;.*$/, '');
}
function parenBalance(line) {
  let b = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 40) b++;
    else if (c === 41) b--;
  }
  return b;
}

/** Flat text of a binary (wabt's disassembly, no folded expressions). */
async function flatText(bytes) {
  const w = await wabt();
  const mod = w.readWasm(bytes, { readDebugNames: false, ...features });
  try {
    return mod.toText({ foldExprs: false, inlineExport: false });
  } finally {
    mod.destroy();
  }
}

/**
 * Returns { binary, staticCount } where binary is `bytes` with an exported mutable i64 global
 * `__icount` counting the executed instructions, and staticCount the number of counted
 * instructions in all function bodies.
 */
export async function countingBinary(bytes) {
  const text = await flatText(bytes);
  const lines = text.split('\n');
  const out = [];
  let staticCount = 0;
  let depth = 0; // paren depth inside a func, 0 outside
  let pending = [];
  let pendingCount = 0;
  const flush = () => {
    if (pendingCount > 0) out.push('    global.get $__icount', '    i64.const ' + pendingCount, '    i64.add', '    global.set $__icount');
    for (const l of pending) out.push(l);
    pending = [];
    pendingCount = 0;
  };
  let moduleClose = -1;
  for (const line of lines) {
    const code = stripComments(line);
    if (depth === 0) {
      if (/^\s*\(func\b/.test(code)) {
        const b = parenBalance(code);
        out.push(line);
        if (b > 0) depth = b; // a body follows
        continue;
      }
      out.push(line);
      continue;
    }
    // inside a function body
    const trimmed = code.trim();
    const b = parenBalance(code);
    if (trimmed.startsWith('(')) {
      // (local ...) declarations, before any instruction
      out.push(line);
      depth += b;
      continue;
    }
    const op = trimmed.split(/\s+/)[0].replace(/\)+$/, '');
    if (op === '') { pending.push(line); depth += b; if (depth <= 0) { flush(); depth = 0; } continue; }
    if (STRUCTURAL[op]) {
      flush();
      out.push(line);
    } else {
      staticCount++;
      pending.push(line);
      pendingCount++;
      if (ENDS_SEGMENT[op]) flush();
    }
    depth += b;
    if (depth <= 0) {
      flush();
      depth = 0;
    }
  }
  // add the counter global before the module's closing paren
  for (let i = out.length - 1; i >= 0; i--) {
    const t = out[i].trimEnd();
    if (t.endsWith(')')) {
      out[i] = t.slice(0, -1);
      out.splice(i + 1, 0, '  (global $__icount (export "__icount") (mut i64) (i64.const 0)))');
      moduleClose = i;
      break;
    }
  }
  if (moduleClose < 0) throw new Error('countingBinary: no module close');
  const binary = await assemble(out.join('\n'), 'counting.wat');
  return { binary, staticCount, text: out.join('\n') };
}

/** Static count of counted instructions in a binary's function bodies. */
export async function staticInstructionCount(bytes) {
  return (await countingBinary(bytes)).staticCount;
}

/**
 * Executes `run(size)` of the counting variant on native WebAssembly; returns
 * { executed, staticCount, checksum }.
 */
export async function countExecuted(bytes, size) {
  const { binary, staticCount } = await countingBinary(bytes);
  const { instance } = await WebAssembly.instantiate(binary, {});
  const checksum = instance.exports.run(size) | 0;
  const executed = Number(instance.exports.__icount.value);
  return { executed, staticCount, checksum };
}
