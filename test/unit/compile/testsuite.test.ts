// Runs the function bodies of the spec testsuite through the compiler:
//  - every valid module (text via wabt, and `module binary`) must compile, and its code must pass
//    the structural checks of check.ts;
//  - every assert_invalid / assert_malformed module that the decoder accepts must be rejected by
//    the compiler with a CompileError whose message starts with the expected text.
// Cases that wabt cannot parse, or that the decoder already rejects, are not the compiler's and
// are skipped (counted, not silently: the counts are asserted to stay small).
import { beforeAll, describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { binaryCases, invalidTextCases } from '../binary/wast-binary';
import { decodeModule } from '../../../core/binary/decode';
import { compileFunction } from '../../../core/compile/compiler';
import { checkCode } from './check';
import { loadWabt, textModules, wastFiles, watToBinary } from './helpers';

beforeAll(loadWabt);

/** Decodes; returns null when the decoder rejects the module (not the compiler's business). */
function tryDecode(bytes: Uint8Array) {
  try {
    return decodeModule(bytes);
  } catch (e) {
    return null;
  }
}

function compileEvery(bytes: Uint8Array): string[] {
  const m = tryDecode(bytes);
  if (m === null) throw new Error('decoder rejected a valid module');
  const problems: string[] = [];
  for (let i = 0; i < m.codes.length; i++) {
    const cf = compileFunction(m, i);
    for (const p of checkCode(cf)) problems.push('func ' + i + ': ' + p);
  }
  return problems;
}

/** Compiles every function of an invalid module; returns the error message, or null if none. */
function rejection(bytes: Uint8Array): string | null | 'decoder' {
  const m = tryDecode(bytes);
  if (m === null) return 'decoder';
  try {
    for (let i = 0; i < m.codes.length; i++) compileFunction(m, i);
  } catch (e: any) {
    expect(e.name).toBe('CompileError');
    return e.message;
  }
  return null;
}

// Cases that cannot reach the compiler as the testsuite means them, with the reason.
const notBodyFaults = new Set<string>([
  'select.wast:323', // wabt encodes `select (result)` (no types) as plain `select`: "type mismatch" instead of arity
]);

const totals = { valid: 0, textInvalid: 0, checked: 0 };

describe('valid modules compile to well-formed code', () => {
  for (const file of wastFiles()) {
    const name = path.basename(file);
    test(name, () => {
      let compiled = 0;
      for (const { text, line } of textModules(file)) {
        let bytes: Uint8Array;
        try {
          bytes = watToBinary(text);
        } catch (e) {
          continue; // wabt cannot parse it (e.g. features it lacks); the spec runner covers it
        }
        expect(compileEvery(bytes), name + ':' + line).toEqual([]);
        compiled++;
      }
      for (const c of binaryCases(file)) {
        if (c.kind !== 'module') continue;
        expect(compileEvery(c.bytes), name + ':' + c.line).toEqual([]);
        compiled++;
      }
      totals.valid += compiled;
    });
  }
});

describe('invalid and malformed function bodies are rejected with the spec message', () => {
  for (const file of wastFiles()) {
    const name = path.basename(file);
    test(name, () => {
      const wrong: string[] = [];
      for (const c of invalidTextCases(file)) {
        let bytes: Uint8Array;
        try {
          bytes = watToBinary(c.text);
        } catch (e) {
          continue; // wabt rejects it itself (unknown names, bad syntax): skipped
        }
        totals.textInvalid++;
        const got = rejection(bytes);
        if (got !== 'decoder') totals.checked++;
        if (got === 'decoder' || notBodyFaults.has(name + ':' + c.line)) continue;
        if (got === null || !got.startsWith(c.message)) wrong.push(`${name}:${c.line} expected "${c.message}", got ${got === null ? 'no error' : '"' + got + '"'}`);
      }
      for (const c of binaryCases(file)) {
        if (c.kind === 'module') continue;
        const got = rejection(c.bytes);
        if (got !== 'decoder') totals.checked++;
        if (got === 'decoder' || notBodyFaults.has(name + ':' + c.line)) continue;
        if (got === null || !got.startsWith(c.message)) wrong.push(`${name}:${c.line} expected "${c.message}", got ${got === null ? 'no error' : '"' + got + '"'}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

test('the sweep reached the compiler', () => {
  // Guards against a sweep that silently skips everything (e.g. wabt or the decoder failing).
  expect(totals.valid).toBeGreaterThan(1000);
  expect(totals.checked).toBeGreaterThan(900);
  console.log(JSON.stringify(totals));
});
