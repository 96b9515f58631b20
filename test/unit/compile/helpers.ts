// Test helpers for the function-body compiler: text -> binary with wabt, binary -> Module with
// the real decoder, and compiling every defined function.
import * as fs from 'node:fs';
import * as path from 'node:path';
import wabtInit from 'wabt';
import { decodeModule } from '../../../core/binary/decode';
import { compileFunction } from '../../../core/compile/compiler';
import type { CompiledFunc, Module } from '../../../core/module';

let wabt: any = null;

export async function loadWabt(): Promise<any> {
  if (wabt === null) wabt = await (wabtInit as any)();
  return wabt;
}

/** WAT text -> binary (wabt must have been loaded). Throws if wabt cannot parse it. */
export function watToBinary(text: string): Uint8Array {
  const mod = wabt.parseWat('test.wat', text, {
    multi_value: true, reference_types: true, bulk_memory: true, sat_float_to_int: true, sign_extension: true,
    mutable_globals: true,
  });
  try {
    mod.resolveNames();
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

export function decode(bytes: Uint8Array): Module {
  return decodeModule(bytes);
}

/** Decodes the module and compiles every defined function. */
export function compileAll(bytes: Uint8Array): Module {
  const m = decodeModule(bytes);
  for (let i = 0; i < m.codes.length; i++) compileFunction(m, i);
  return m;
}

/** Compiles the WAT module and returns the compiled defined function number `index`. */
export function compileWat(text: string, index: number): CompiledFunc {
  const m = compileAll(watToBinary(text));
  return m.compiled[index]!;
}

export const testsuiteDir = '/work/shared/testsuite';

export function wastFiles(): string[] {
  return fs.readdirSync(testsuiteDir).filter((f) => f.endsWith('.wast') && !f.startsWith('simd')).sort()
    .map((f) => path.join(testsuiteDir, f));
}

/** The top-level text modules `(module ...)` of a .wast file (binary and quote modules excluded). */
export function textModules(file: string): { text: string; line: number }[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: { text: string; line: number }[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let start = -1;
  let startLine = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ';' && src[i + 1] === ';') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '(' && src[i + 1] === ';') {
      let d = 0;
      do {
        if (src[i] === '(' && src[i + 1] === ';') { d++; i += 2; }
        else if (src[i] === ';' && src[i + 1] === ')') { d--; i += 2; }
        else { if (src[i] === '\n') line++; i++; }
      } while (d > 0 && i < src.length);
      continue;
    }
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') { if (src[i] === '\\') i++; else if (src[i] === '\n') line++; i++; }
      i++;
      continue;
    }
    if (c === '(') {
      if (depth === 0) { start = i; startLine = line; }
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      depth--;
      i++;
      if (depth === 0) {
        const text = src.slice(start, i);
        const head = /^\(module(\s+\$[^\s()]+)?\s*(\S*)/.exec(text);
        if (head && head[2] !== 'binary' && head[2] !== 'quote') out.push({ text, line: startLine });
      }
      continue;
    }
    i++;
  }
  return out;
}
