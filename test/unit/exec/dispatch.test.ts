// Dispatch numbers (core/compile/dispatch.ts) and the interpreter's dispatch chain: the numbers are
// a permutation of the opcodes with names matching Op, the interpreter's cases appear in dispatch
// order, each inside the switch of its group, and the Node build's flattening
// (scripts/flat-dispatch.mjs) turns the chain into one switch with every case.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Op } from '../../../core/compile/ops';
import { Dispatch, DispatchGroup, dispatchOf, opOf } from '../../../core/compile/dispatch';
// @ts-expect-error: a plain ES module of the build, without types
import { flattenDispatch } from '../../../scripts/flat-dispatch.mjs';

// Under vitest the const enums are real objects (esbuild keeps them): name <-> number both ways.
const names = (e: Record<string, unknown>) => Object.keys(e).filter((k) => isNaN(Number(k)) && k !== 'COUNT');
const source = readFileSync(new URL('../../../core/exec/interpreter.ts', import.meta.url), 'utf8');

describe('dispatch numbers', () => {
  test('are a permutation of the opcodes, with the same names', () => {
    expect(Dispatch.COUNT as number).toBe(Op.COUNT as number);
    const ops = new Set<number>();
    for (let d = 0; d < Op.COUNT; d++) ops.add(opOf(d));
    expect(ops.size).toBe(Op.COUNT);
    expect([dispatchOf(-1), dispatchOf(Op.COUNT)]).toEqual([-1, -1]);
    expect(names(Dispatch as any).sort()).toEqual(names(Op as any).sort());
    for (const name of names(Op as any)) {
      const op = (Op as any)[name] as number;
      const d = (Dispatch as any)[name] as number;
      expect([name, opOf(d)]).toEqual([name, op]);
      expect([name, dispatchOf(op)]).toEqual([name, d]);
    }
  });

  test('the interpreter has every case once, in dispatch order, each in the switch of its group', () => {
    const ends = names(DispatchGroup as any).map((k) => (DispatchGroup as any)[k] as number).sort((a, b) => a - b);
    // The chain: `if (op < DispatchGroup.END_1) {`, `} else if (op < DispatchGroup.END_k) {`, `} else {`.
    const run = source.slice(source.indexOf('function run('));
    const tests = [...run.matchAll(/\n {4}(?:\} else )?if \(op < DispatchGroup\.(END_\d+)\) \{|\n {4}\} else \{/g)];
    expect(tests.length).toBe(ends.length + 1);
    const groups: string[][] = [];
    for (let g = 0; g < tests.length; g++) {
      if (g < ends.length) expect(tests[g][1]).toBe('END_' + (g + 1));
      const text = run.slice(tests[g].index, g + 1 < tests.length ? tests[g + 1].index : undefined);
      groups.push([...text.matchAll(/\n\s*case Dispatch\.([A-Z0-9_]+):/g)].map((m) => m[1]));
    }
    let expected = 0;
    for (let g = 0; g < groups.length; g++) {
      const hi = g < ends.length ? ends[g] : Op.COUNT;
      for (const name of groups[g]) {
        expect([name, (Dispatch as any)[name]]).toEqual([name, expected]);
        expected++;
      }
      expect(['group', g + 1, expected]).toEqual(['group', g + 1, hi]);
    }
    expect(expected).toBe(Op.COUNT);
  });

  test('the Node build flattens the chain into one switch with every case', () => {
    const { code, boundaries } = flattenDispatch(source);
    expect(boundaries).toBe(names(DispatchGroup as any).length);
    const run = code.slice(code.indexOf('function run('));
    expect(run.match(/switch \(op\)/g)).toBe(null);
    expect(run.match(/switch \(\(w = code\[pc\]\) & Packed\.OP_MASK\)/g)).toHaveLength(1);
    expect(run.match(/\n\s*case Dispatch\.[A-Z0-9_]+:/g)).toHaveLength(Op.COUNT);
    expect(run).not.toMatch(/DispatchGroup/);
    // the same on the TypeScript plugin's output form of a boundary (numbers, `}` and `else` apart)
    const compiled = source.replace(/\} else if \(op < DispatchGroup\.(END_\d+)\) \{/g, (_m: string, k: string) => '}\n    else if (op < ' + (DispatchGroup as any)[k] + ' /* DispatchGroup.' + k + ' */) {')
      .replace(/if \(op < DispatchGroup\.END_1\) \{/, 'if (op < 4 /* DispatchGroup.END_1 */) {').replace(/\} else \{\n(\s*\/\/ dispatch numbers)/, '}\n    else {\n$1');
    expect(flattenDispatch(compiled).code.slice(code.indexOf('function run(')).match(/switch \(\(w = code\[pc\]\)/g)).toHaveLength(1);
  });

  test('a chain of another shape fails the build', () => {
    expect(() => flattenDispatch(source.replace(/if \(op < DispatchGroup\.END_1\) \{/, 'if (op <= DispatchGroup.END_1) {'))).toThrow(/flat-dispatch/);
  });
});
